/**
 * @module A tiny TCP proxy for the e2e tests that can stop accepting connections mid-run: on its
 * own after a set number of chat requests (an event, however fast or slow the machine), or when
 * told to.
 */

/** A running proxy in front of one upstream port. */
export interface Proxy {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Chat requests forwarded so far. */
  forwarded(): number;
  /** Closes the listener and every open connection (once); later connects are refused. */
  close(): Promise<void>;
}

/** Whether a chunk may be forwarded (false: stop, the proxy is being closed). */
type Gate = (chunk: Uint8Array) => boolean;

async function pump(from: Deno.Conn, to: Deno.Conn, gate: Gate = () => true): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  try {
    while (true) {
      const n = await from.read(buf);
      if (n === null) break;
      if (!gate(buf.subarray(0, n))) return;
      for (let off = 0; off < n;) off += await to.write(buf.subarray(off, n));
    }
    await to.closeWrite();
  } catch { /* either side closed */ }
}

const REQUEST_LINE = "POST /v1/chat/completions ";

/**
 * Counts chat request lines in one connection's client-to-server bytes (a line split across two
 * reads is found through the kept tail of the previous read).
 */
function requestCounter(onRequest: () => boolean): Gate {
  const dec = new TextDecoder("latin1");
  let tail = "";
  return (chunk) => {
    const text = tail + dec.decode(chunk);
    let at = text.indexOf(REQUEST_LINE);
    while (at >= 0) {
      if (!onRequest()) return false;
      at = text.indexOf(REQUEST_LINE, at + REQUEST_LINE.length);
    }
    tail = text.slice(-(REQUEST_LINE.length - 1));
    return true;
  };
}

/**
 * Forwards every connection on a free 127.0.0.1 port to `127.0.0.1:upstreamPort`, byte for byte.
 * With `cutAfter: N`, the (N+1)-th chat request is not forwarded: the proxy closes instead, so
 * exactly N requests reach the server and every later one is refused.
 *
 * @example
 * ```ts
 * const proxy = startProxy(8001, { cutAfter: 10 });
 * // … point a client at proxy.port; requests 11 and later fail. Finally:
 * await proxy.close();
 * ```
 */
export function startProxy(upstreamPort: number, opts: { cutAfter?: number } = {}): Proxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  const tasks: Promise<void>[] = [];
  let accepted = 0;
  let forwarded = 0;
  let closing: Promise<void> | undefined;
  const onRequest = () => {
    if (closing || (opts.cutAfter !== undefined && forwarded >= opts.cutAfter)) {
      void proxy.close();
      return false;
    }
    forwarded++;
    return true;
  };
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
    await Promise.all([pump(client, upstream, requestCounter(onRequest)), pump(upstream, client)]);
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
  const proxy: Proxy = {
    port: (listener.addr as Deno.NetAddr).port,
    accepted: () => accepted,
    forwarded: () => forwarded,
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
  return proxy;
}
