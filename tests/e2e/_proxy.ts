/** @module A tiny TCP proxy for the e2e tests that can stop accepting connections mid-run. */

/** A running proxy in front of one upstream port. */
export interface Proxy {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Closes the listener and every open connection (once); later connects are refused. */
  close(): Promise<void>;
}

async function pump(from: Deno.Conn, to: Deno.Conn): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  try {
    while (true) {
      const n = await from.read(buf);
      if (n === null) break;
      for (let off = 0; off < n;) off += await to.write(buf.subarray(off, n));
    }
    await to.closeWrite();
  } catch { /* either side closed */ }
}

/**
 * Forwards every connection on a free 127.0.0.1 port to `127.0.0.1:upstreamPort`, byte for byte.
 *
 * @example
 * ```ts
 * const proxy = startProxy(8001);
 * // … point a client at proxy.port, then:
 * await proxy.close();
 * ```
 */
export function startProxy(upstreamPort: number): Proxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  const tasks: Promise<void>[] = [];
  let accepted = 0;
  let closing: Promise<void> | undefined;
  const closeConn = (c: Deno.Conn) => {
    open.delete(c);
    try {
      c.close();
    } catch { /* already closed */ }
  };
  const serve = async (client: Deno.Conn) => {
    let upstream: Deno.Conn;
    try {
      upstream = await Deno.connect({ hostname: "127.0.0.1", port: upstreamPort });
    } catch {
      closeConn(client);
      return;
    }
    open.add(upstream);
    await Promise.all([pump(client, upstream), pump(upstream, client)]);
    closeConn(client);
    closeConn(upstream);
  };
  const accepting = (async () => {
    try {
      for await (const conn of listener) {
        accepted++;
        open.add(conn);
        tasks.push(serve(conn));
      }
    } catch { /* listener closed */ }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    accepted: () => accepted,
    close() {
      closing ??= (async () => {
        listener.close();
        await accepting;
        for (const c of [...open]) closeConn(c);
        await Promise.all(tasks);
      })();
      return closing;
    },
  };
}
