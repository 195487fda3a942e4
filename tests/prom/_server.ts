/** @module Test helper: a throwaway HTTP server on 127.0.0.1, port 0, that records its requests. */

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every request URL received, in order. */
  requests: URL[];
  /** Stops the server and waits for it to finish. */
  close(): Promise<void>;
}

/**
 * Starts a server answering with `handler`; call `close()` when done.
 *
 * @example
 * ```ts
 * const server = startServer(() => new Response("up 1\n"));
 * await (await fetch(server.url)).text();
 * await server.close();
 * ```
 */
export function startServer(
  handler: (req: Request, url: URL) => Response | Promise<Response>,
): TestServer {
  const requests: URL[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    requests.push(url);
    return handler(req, url);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}

/** Runs `fn` with a server started from `handler`, closing it afterwards. */
export async function withServer(
  handler: (req: Request, url: URL) => Response | Promise<Response>,
  fn: (server: TestServer) => Promise<void>,
): Promise<void> {
  const server = startServer(handler);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/** Returns a port on 127.0.0.1 that nothing listens on (bound, then released). */
export function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Reads a fixture from tests/testdata/prom/. */
export function fixture(name: string): string {
  return Deno.readTextFileSync(new URL(`../testdata/prom/${name}`, import.meta.url));
}

/**
 * Runs `fn` with a server that holds every request until `fn` is done, then answers it; for
 * timeouts and aborts.
 */
export async function withHangingServer(fn: (server: TestServer) => Promise<void>): Promise<void> {
  const { promise: released, resolve: release } = Promise.withResolvers<void>();
  await withServer(async () => {
    await released;
    return new Response("late 1\n");
  }, async (server) => {
    try {
      await fn(server);
    } finally {
      release();
    }
  });
}

/** Returns what `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
