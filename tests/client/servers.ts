/** @module Small dedicated chat servers for the client's protocol corner cases (tests only). */

/** A running test server. */
export interface TestServer {
  url: string;
  endpoint: string;
  /** Bodies and headers of the chat requests received, in order. */
  received: { body: Record<string, unknown>; headers: Headers }[];
  /** Other requests received, as `METHOD /path`. */
  calls: string[];
  close(): Promise<void>;
}

/** Writes SSE events (objects as JSON, strings as is) into a stream, with optional pauses. */
export type Script = (
  send: (data: unknown) => void,
  sleep: (ms: number) => Promise<void>,
) => Promise<void> | void;

const enc = new TextEncoder();

/** One chat completion chunk with the given delta (and extra choice fields). */
export function chunk(delta: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta, ...extra }] };
}

/**
 * Starts a chat server on 127.0.0.1, port 0. `answer` decides the response to each chat request;
 * `/v1/models` lists `test-model`; any other path is logged in `calls` and answers 200 (500 for
 * paths starting with `/fail`).
 */
export function startTestServer(
  answer: (body: Record<string, unknown>, req: Request) => Response | Promise<Response>,
): TestServer {
  const received: TestServer["received"] = [];
  const calls: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/v1/chat/completions") {
      const body = await req.json();
      received.push({ body, headers: req.headers });
      return answer(body, req);
    }
    if (path === "/v1/models") return Response.json({ data: [{ id: "test-model" }] });
    calls.push(`${req.method} ${path}`);
    return path.startsWith("/fail")
      ? new Response("no such thing", { status: 500 })
      : new Response("ok");
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    endpoint: `${url}/v1/chat/completions`,
    received,
    calls,
    close: () => server.shutdown(),
  };
}

/**
 * A streamed SSE response played by `script`. When the client goes away, pending pauses end and
 * the stream closes. `ending: "done"` closes with `data: [DONE]`, `"hang"` never ends it (until
 * the client aborts).
 */
export function sseResponse(script: Script, ending: "done" | "hang" = "done"): Response {
  const timers = new Set<{ id?: ReturnType<typeof setTimeout>; resolve: () => void }>();
  let closed = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      const t: { id?: ReturnType<typeof setTimeout>; resolve: () => void } = { resolve };
      t.id = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const stop = () => {
    closed = true;
    for (const t of timers) {
      clearTimeout(t.id);
      t.resolve();
    }
    timers.clear();
  };
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown) => {
        if (closed) return;
        const text = typeof data === "string" ? data : JSON.stringify(data);
        controller.enqueue(enc.encode(`data: ${text}\n\n`));
      };
      await script(send, sleep);
      if (closed) return;
      if (ending === "done") {
        send("[DONE]");
        controller.close();
      } else {
        await new Promise<void>((resolve) => timers.add({ resolve }));
      }
    },
    cancel: stop,
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

/**
 * An answer of `words` streamed one word per chunk after `delayMs`, with usage when `usage` is
 * true.
 */
export function wordsAnswer(
  words: string[],
  usage: boolean,
  promptTokens = 10,
  delayMs = 0,
): Script {
  return async (send, sleep) => {
    if (delayMs > 0) await sleep(delayMs);
    send(chunk({ role: "assistant", content: "" }));
    for (const w of words) send(chunk({ content: w }));
    send(chunk({}, { finish_reason: "stop" }));
    if (usage) {
      send({
        id: "c1",
        choices: [],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: words.length,
          prompt_tokens_details: { cached_tokens: 0 },
        },
      });
    }
  };
}

/**
 * A bare TCP server that answers each connection's first request with `raw` bytes and then
 * drops the connection (a server dying mid-stream). Returns its chat URL and a close function.
 */
export function startRawServer(raw: string): { endpoint: string; close(): Promise<void> } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const serving = (async () => {
    for await (const conn of listener) {
      conns.add(conn);
      (async () => {
        const buf = new Uint8Array(65_536);
        await conn.read(buf).catch(() => null);
        await conn.write(enc.encode(raw)).catch(() => 0);
        await new Promise((r) => setTimeout(r, 20));
        conn.close();
        conns.delete(conn);
      })();
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/chat/completions`,
    async close() {
      listener.close();
      await serving.catch(() => {});
      for (const c of conns) c.close();
    },
  };
}
