/** @module Tests of HTTP with a deadline and poll-until-2xx, against servers on 127.0.0.1:0. */
import assert from "node:assert/strict";
import { fetchWithDeadline, pollUntilOk } from "../../src/io/http.ts";
import { UserError } from "../../src/util/errors.ts";

/** Serves `handler` on a random port for the length of `fn`. */
async function withServer<T>(
  handler: (req: Request) => Response | Promise<Response>,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  try {
    return await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** A port that was free a moment ago (nothing listens there). */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("fetchWithDeadline sends the method and headers and hands the response to use", async () => {
  await withServer(
    (req) => new Response(`${req.method} ${req.headers.get("x-k")}`),
    async (url) => {
      const text = await fetchWithDeadline(url, "Cannot", {
        method: "POST",
        headers: { "x-k": "v" },
      }, (r) => r.text());
      assert.equal(text, "POST v");
    },
  );
});

Deno.test("fetchWithDeadline turns a refused connection into one line naming the call", async () => {
  const url = `http://127.0.0.1:${closedPort()}/x`;
  await assert.rejects(
    () => fetchWithDeadline(url, `Cannot read "${url}"`, {}, (r) => r.text()),
    (e: Error) =>
      e instanceof UserError && e.message === `Cannot read "${url}": connection refused`,
  );
});

Deno.test("fetchWithDeadline gives up at the deadline when the body never ends", async () => {
  let hung: ReadableStreamDefaultController<Uint8Array> | undefined;
  await withServer(
    () => new Response(new ReadableStream({ start: (c) => void (hung = c) })),
    async (url) => {
      await assert.rejects(
        () => fetchWithDeadline(url, "Cannot read", { timeoutMs: 200 }, (r) => r.text()),
        (e: Error) => e.message === "Cannot read: no complete response within 200 ms",
      );
      hung?.close();
    },
  );
});

Deno.test("pollUntilOk polls until the server answers 2xx", async () => {
  let calls = 0;
  await withServer(() => new Response(null, { status: ++calls < 3 ? 503 : 200 }), async (url) => {
    assert.deepEqual(await pollUntilOk(url, { tries: 10, intervalMs: 1 }), { ok: true, tries: 3 });
  });
});

Deno.test("pollUntilOk reports the last failure once its tries are used up", async () => {
  await withServer(() => new Response("no", { status: 503 }), async (url) => {
    assert.deepEqual(await pollUntilOk(url, { tries: 2, intervalMs: 1 }), {
      ok: false,
      tries: 2,
      last: "HTTP 503",
    });
  });
  const url = `http://127.0.0.1:${closedPort()}/`;
  const refused = await pollUntilOk(url, { tries: 1 });
  assert.deepEqual(refused, { ok: false, tries: 1, last: "connection refused" });
});

Deno.test("pollUntilOk stops at the deadline of its clock and at a failing beforeEach", async () => {
  await withServer(() => new Response(null, { status: 500 }), async (url) => {
    let t = 0;
    const r = await pollUntilOk(url, { deadline: 3, now: () => t++, intervalMs: 1 });
    assert.equal(r.ok, false);
    assert.equal(r.tries, 2, "attempts at t=0 and t=2; the pause check at t=3 ends it");
    let n = 0;
    await assert.rejects(
      () =>
        pollUntilOk(url, {
          tries: 10,
          intervalMs: 1,
          beforeEach: () => {
            if (++n === 2) throw new Error("process exited");
          },
        }),
      /process exited/,
    );
    assert.equal(n, 2);
  });
});

Deno.test("pollUntilOk cuts its pause short and throws when the signal aborts", async () => {
  const controller = new AbortController();
  let clock = 0;
  await withServer(() => new Response(null, { status: 503 }), async (url) => {
    // The clock is read once before the attempt and once before the pause; on that second read
    // the abort is queued, so it lands while the hour-long pause has begun.
    const now = () => {
      if (++clock === 2) queueMicrotask(() => controller.abort(new Error("stop")));
      return 0;
    };
    await assert.rejects(
      () =>
        pollUntilOk(url, { deadline: 1, now, intervalMs: 3_600_000, signal: controller.signal }),
      /stop/,
    );
    assert.equal(clock, 3, "one attempt, one pause, then the loop ends on the abort");
  });
});

Deno.test("pollUntilOk needs a bound", async () => {
  await assert.rejects(() => pollUntilOk("http://127.0.0.1:1/", {}), RangeError);
});
