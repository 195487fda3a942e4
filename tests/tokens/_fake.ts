/** @module Test helper: a fake server on 127.0.0.1, port 0, answering JSON by `METHOD /path` and logging every call. */

/** A running fake. */
export interface Fake {
  origin: string;
  /** Every call as `METHOD /path?query`, in order, with its JSON body (null when none). */
  calls: { call: string; body: unknown }[];
  close(): Promise<void>;
}

/** Handler of one route: returns the JSON to answer (status 200), or a Response. */
export type Route = (body: unknown, url: URL) => unknown;

/** Starts a fake answering `routes["POST /tokenize"]` and the like; other paths answer 404. */
export function startFake(routes: Record<string, Route>): Fake {
  const calls: Fake["calls"] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const text = await req.text();
    const body = text ? JSON.parse(text) : null;
    calls.push({ call: `${req.method} ${url.pathname}${url.search}`, body });
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return new Response("Not Found", { status: 404 });
    const out = await route(body, url);
    return out instanceof Response ? out : Response.json(out);
  });
  return { origin: `http://127.0.0.1:${server.addr.port}`, calls, close: () => server.shutdown() };
}
