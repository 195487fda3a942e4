/** @module Tests of whole sweeps against small dedicated servers: files, rounds, resets, aborts, secrets. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { countTokens } from "gpt-tokenizer";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { RequestRecord } from "../../src/results/record.ts";
import { SweepSummary } from "../../src/results/summary.ts";
import { writeReport } from "../../src/report/write.ts";
import { UserError } from "../../src/util/errors.ts";
import { sseResponse, startTestServer, type TestServer, wordsAnswer } from "./servers.ts";

const DATASET = new URL("../testdata/client/sessions.jsonl", import.meta.url).pathname;
const TURNS = 6; // 3 + 2 + 1 user messages in the fixture

/** A progress sink that keeps the log lines. */
function quietProgress(logs: string[] = []): SweepProgress {
  return { runStart() {}, update() {}, runEnd() {}, log: (m) => void logs.push(m) };
}

/** Runs a sweep into a temp dir; returns the summary, the records and the dir's files' text. */
async function sweep(server: TestServer, opts: Partial<SweepOptionsInput>, signal?: AbortSignal) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-sweep-" });
  try {
    const summary = await runSweep(
      SweepOptions.parse({ dataset: DATASET, endpoint: server.endpoint, ...opts }),
      { outDir: dir, signal, progress: quietProgress() },
    );
    const text = await Deno.readTextFile(join(dir, "records.jsonl"));
    const records = text.trim().split("\n").filter(Boolean).map((l) =>
      RequestRecord.parse(JSON.parse(l))
    );
    const onDisk = SweepSummary.parse(
      JSON.parse(await Deno.readTextFile(join(dir, "summary.json"))),
    );
    const files: Record<string, string> = {};
    for await (const e of walk(dir)) files[e.slice(dir.length + 1)] = await Deno.readTextFile(e);
    return { summary, onDisk, records, files };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* walk(path);
    else yield path;
  }
}

const userCount = (body: Record<string, unknown>) =>
  (body.messages as { role: string }[]).filter((m) => m.role === "user").length;

Deno.test("sweep runs every concurrency level × round and writes records and summary", async () => {
  const server = startTestServer((body) =>
    sseResponse(wordsAnswer(["answer", " to", ` turn ${userCount(body)}`], true, 50))
  );
  try {
    const { summary, onDisk, records } = await sweep(server, { concurrency: [1, 2] });
    assert.equal(summary.complete, true);
    assert.deepEqual(onDisk, summary);
    assert.deepEqual(summary.runs.map((r) => [r.concurrency, r.round]), [[1, 1], [1, 2], [2, 1], [
      2,
      2,
    ]]);
    assert.equal(records.length, 4 * TURNS);
    assert.ok(summary.runs.every((r) => r.requests.ok === TURNS && r.complete));
    assert.equal(summary.config.model, "test-model", "model taken from /v1/models");
    const digest = createHash("sha256").update(await Deno.readFile(DATASET)).digest("hex");
    assert.equal(summary.config.dataset_digest, digest);
    const a = records.filter((r) => r.session_id === "a" && r.round === 1 && r.concurrency === 1);
    assert.deepEqual(a.map((r) => r.turn_index), [0, 1, 2]);
    assert.ok(a.every((r) => r.output_tokens === 3 && r.output_tokens_source === "usage"));
    assert.ok(a.every((r) => r.prompt_tokens === 50 && r.cached_tokens === 0));
    // The third request of session "a" carries both earlier pairs with the server's answers.
    const third = server.received.map((r) => r.body).find((b) =>
      (b.messages as { content: string }[]).some((m) => m.content === "Tell me a short joke")
    )!;
    assert.deepEqual((third.messages as { content: string }[]).map((m) => m.content), [
      "Hello there",
      "answer to turn 1",
      "How are you today?",
      "answer to turn 2",
      "Tell me a short joke",
    ]);
    assert.equal(third.max_tokens, 512);
    assert.deepEqual(third.stream_options, { include_usage: true });
    assert.equal(third.model, "test-model");
  } finally {
    await server.close();
  }
});

Deno.test("sweep counts output tokens with gpt-tokenizer when the server has no usage", async () => {
  const words = ["Counting", " these", " words", " locally"];
  const server = startTestServer(() => sseResponse(wordsAnswer(words, false)));
  try {
    const { records, summary } = await sweep(server, { concurrency: [3], rounds: 1, model: "m" });
    assert.equal(records.length, TURNS);
    for (const r of records) {
      assert.equal(r.output_tokens_source, "counted");
      assert.equal(r.output_tokens, countTokens(words.join("")));
      assert.equal(r.prompt_tokens_source, "counted");
      assert.equal(r.prompt_tokens, r.context_tokens);
      assert.equal(r.cached_tokens, null);
    }
    assert.equal(summary.runs[0].tokens.output_source, "counted");
    assert.equal(summary.runs[0].cache_hit_rate, null);
  } finally {
    await server.close();
  }
});

Deno.test("sweep records a failed turn and goes on with the session, appending nothing", async () => {
  const server = startTestServer((body) =>
    userCount(body) === 2 && JSON.stringify(body).includes("How are you today?")
      ? new Response("overloaded", { status: 503 })
      : sseResponse(wordsAnswer(["fine"], true))
  );
  try {
    const { records, summary } = await sweep(server, { concurrency: [1], rounds: 1, model: "m" });
    const a = records.filter((r) => r.session_id === "a");
    assert.deepEqual(a.map((r) => [r.turn_index, r.ok, r.error_kind]), [
      [0, true, null],
      [1, false, "http_5xx"],
      [2, true, null],
    ]);
    const last = server.received.map((r) => r.body).find((b) =>
      JSON.stringify(b).includes("Tell me a short joke")
    )!;
    assert.deepEqual(
      (last.messages as { content: string }[]).map((m) => m.content),
      ["Hello there", "fine", "Tell me a short joke"],
    );
    assert.deepEqual(summary.runs[0].errors, { http_5xx: 1 });
  } finally {
    await server.close();
  }
});

Deno.test("sweep resets the cache before each level, and between rounds only when asked", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["x"], true)));
  try {
    const base = { concurrency: [1, 2], model: "m", reset_cache_url: `${server.url}/reset` };
    await sweep(server, base);
    // GET /metrics: the server's kind detected from its metrics page (none here: generic).
    assert.deepEqual(server.calls, ["GET /metrics", "POST /reset", "POST /reset"]);
    server.calls.length = 0;
    await sweep(server, {
      ...base,
      rounds: 3,
      reset_cache_url: `PUT ${server.url}/reset_prefix_cache`,
      reset_cache_between_rounds: true,
    });
    assert.deepEqual(server.calls, ["GET /metrics", ...Array(6).fill("PUT /reset_prefix_cache")]);
  } finally {
    await server.close();
  }
});

Deno.test("sweep stops with a clear error when the cache reset fails", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["x"], true)));
  try {
    await assert.rejects(
      sweep(server, { model: "m", reset_cache_url: `${server.url}/fail/reset` }),
      (e: Error) =>
        e instanceof UserError &&
        /^Cannot reset the server cache with POST ".*\/fail\/reset": HTTP 500 no such thing$/.test(
          e.message,
        ),
    );
  } finally {
    await server.close();
  }
});

Deno.test("sweep never writes the API key into records, summary, saved requests or debug logs", async () => {
  const key = "sk-SECRET-do-not-write-4711";
  const server = startTestServer(() => sseResponse(wordsAnswer(["ok"], true)));
  try {
    const { files, records } = await sweep(server, {
      concurrency: [2],
      rounds: 1,
      api_key: key,
      save_requests: true,
      debug: true,
    });
    assert.ok(server.received.every((r) => r.headers.get("authorization") === `Bearer ${key}`));
    const names = Object.keys(files).sort();
    assert.equal(names.length, 4, names.join(", "));
    assert.ok(names.some((n) => /^requests\/requests_round1_conc2_\d{8}_\d{6}\.jsonl$/.test(n)));
    assert.ok(names.some((n) => /^debug\/debug_round1_conc2_\d{8}_\d{6}\.jsonl$/.test(n)));
    for (const [name, text] of Object.entries(files)) assert.ok(!text.includes(key), name);
    const saved = files[names.find((n) => n.startsWith("requests/"))!].trim().split("\n");
    assert.equal(saved.length, TURNS);
    assert.deepEqual(
      saved.map((l) => JSON.parse(l)).sort(byContent),
      server.received.map((r) => r.body).sort(byContent),
    );
    const debug = files[names.find((n) => n.startsWith("debug/"))!].trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    // Each debug line says what its record says, and the messages are the ones actually sent.
    assert.equal(debug.length, records.length);
    const byId = new Map(records.map((r) => [r.request_id, r]));
    const sent = new Map(server.received.map((r) => [
      r.headers.get("x-request-id"),
      r.body.messages,
    ]));
    for (const d of debug) {
      const r = byId.get(d.request_id)!;
      assert.ok(r, `debug line of an unknown request ${d.request_id}`);
      for (const k of ["session_id", "turn_index", "round", "concurrency", "ok", "http_status"]) {
        assert.deepEqual(d[k], r[k as keyof typeof r], `${k} of ${d.request_id}`);
      }
      for (
        const k of ["context_tokens", "history_truncated", "dropped_turns", "message_truncated"]
      ) {
        assert.deepEqual(d[k], r[k as keyof typeof r], `${k} of ${d.request_id}`);
      }
      assert.deepEqual(d.messages, sent.get(d.request_id), `messages of ${d.request_id}`);
      assert.equal(d.response, "ok");
    }
  } finally {
    await server.close();
  }
});

function byContent(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

Deno.test("sweep keeps finished records and marks the run incomplete when aborted", async () => {
  const abort = new AbortController();
  let chats = 0;
  // The third request never ends on its own; the sweep is aborted the moment it arrives.
  const server = startTestServer(() => {
    if (++chats !== 3) return sseResponse(wordsAnswer(["done"], true));
    queueMicrotask(() => abort.abort());
    return sseResponse(wordsAnswer(["stuck"], false), "hang");
  });
  try {
    const { summary, onDisk, records } = await sweep(server, { model: "m" }, abort.signal);
    assert.equal(summary.complete, false);
    assert.equal(onDisk.complete, false);
    assert.equal(summary.runs.length, 1, "no run starts after the abort");
    assert.equal(summary.runs[0].complete, false);
    // No new turn is sent after the abort. (Deno 2.9.6 may resend the aborted POST itself on its
    // kept-alive connection, denoland/deno#36786: a copy of the third body, not a new turn.)
    const bodies = server.received.map((r) => JSON.stringify(r.body));
    assert.ok(bodies.length >= 3 && bodies.slice(3).every((b) => b === bodies[2]), "no new turn");
    assert.equal(records.length, summary.runs[0].requests.total);
    assert.deepEqual(records.slice(0, 2).map((r) => r.ok), [true, true], "finished ones kept");
    assert.ok(records.length <= 3 && records.slice(2).every((r) => !r.ok));
  } finally {
    await server.close();
  }
});

Deno.test("sweep at a Poisson request rate runs every turn and records the queue wait", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["r"], true)));
  try {
    const { records, summary } = await sweep(server, {
      request_rates: [200],
      rounds: 1,
      model: "m",
      seed: 3,
    });
    assert.equal(records.length, TURNS);
    assert.ok(records.every((r) => r.request_rate === 200 && r.concurrency === null));
    assert.ok(records.every((r) => r.queue_wait_ms !== null && r.queue_wait_ms >= 0));
    for (const id of ["a", "b", "c"]) {
      const turns = records.filter((r) => r.session_id === id).map((r) => r.turn_index);
      assert.deepEqual(turns, [...turns].sort(), "a session's turns go in order");
    }
    assert.equal(summary.runs[0].request_rate, 200);
  } finally {
    await server.close();
  }
});

Deno.test("sweep scrapes Prometheus metrics before and after each run", async () => {
  let scrapes = 0;
  const server = startTestServer(() => sseResponse(wordsAnswer(["m"], true)));
  // The metrics page lives on its own server; the counter grows by 10 per scrape.
  const page = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    scrapes++;
    return new Response(
      `# TYPE lmcache_hit_rate gauge\nlmcache_hit_rate 0.5\n` +
        `# TYPE vllm:prompt_tokens_total counter\nvllm:prompt_tokens_total{model="m"} ${
          scrapes * 10
        }\n`,
    );
  });
  try {
    const { summary } = await sweep(server, {
      rounds: 1,
      model: "m",
      prometheus_url: `http://127.0.0.1:${page.addr.port}/metrics`,
      prometheus_metrics: ["lmcache_hit_rate", "vllm:prompt_tokens_total"],
      server: "generic", // no detection, which would read the page once more
    });
    assert.deepEqual(summary.runs[0].metrics, {
      "lmcache_hit_rate": { before: 0.5, after: 0.5, delta: 0, type: "gauge" },
      'vllm:prompt_tokens_total{model="m"}': { before: 10, after: 20, delta: 10, type: "counter" },
    });
  } finally {
    await page.shutdown();
    await server.close();
  }
});

Deno.test("sweep at a request rate keeps its schedule when the server is slow (no coordinated omission)", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["late"], true, 10, 80)));
  try {
    // Six requests due about every 10 ms, but a session's next turn waits for its last answer:
    // the later turns of session "a" must show the time they waited past their due time.
    const { records } = await sweep(server, {
      request_rates: [100],
      rounds: 1,
      model: "m",
      seed: 1,
    });
    assert.equal(records.length, TURNS);
    const a = records.filter((r) => r.session_id === "a").sort((x, y) =>
      x.turn_index - y.turn_index
    );
    assert.equal(a.length, 3);
    assert.ok(a[2].queue_wait_ms! > 40, `third turn waited ${a[2].queue_wait_ms} ms`);
    assert.ok(a[2].started_at >= a[1].started_at + a[1].e2e_ms!, "turns go one after another");
  } finally {
    await server.close();
  }
});

Deno.test("sweep keeps every finished record and an incomplete summary when it crashes", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["x"], true)));
  const dir = await Deno.makeTempDir({ prefix: "turnbench-crash-" });
  try {
    const progress: SweepProgress = {
      ...quietProgress(),
      update(c) {
        if (c.done === 3) throw new Error("simulated crash");
      },
    };
    await assert.rejects(
      runSweep(SweepOptions.parse({ dataset: DATASET, endpoint: server.endpoint, model: "m" }), {
        outDir: dir,
        progress,
      }),
      /simulated crash/,
    );
    const summary = SweepSummary.parse(
      JSON.parse(await Deno.readTextFile(join(dir, "summary.json"))),
    );
    assert.equal(summary.complete, false);
    assert.equal(summary.runs.length, 1);
    assert.equal(summary.runs[0].complete, false);
    const lines = (await Deno.readTextFile(join(dir, "records.jsonl"))).trim().split("\n");
    assert.equal(lines.length, 3);
    assert.equal(summary.runs[0].requests.total, 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await server.close();
  }
});

Deno.test("sweep pauses the think time between a session's turns", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["t"], true)));
  try {
    const { records } = await sweep(server, {
      concurrency: [3],
      rounds: 1,
      model: "m",
      think_time_ms: 60,
    });
    const a = records.filter((r) => r.session_id === "a");
    for (let i = 1; i < a.length; i++) {
      const gap = a[i].started_at - (a[i - 1].started_at + a[i - 1].e2e_ms!);
      assert.ok(gap >= 55, `gap before turn ${i}: ${gap} ms`);
    }
  } finally {
    await server.close();
  }
});

Deno.test("sweep idles between runs when asked, so a scraper can tell the runs apart", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["p"], true)));
  try {
    const { summary } = await sweep(server, {
      concurrency: [1, 2],
      rounds: 2,
      model: "m",
      pause_between_runs_s: 0.15,
    });
    assert.equal(summary.runs.length, 4);
    for (let i = 1; i < summary.runs.length; i++) {
      const idle = summary.runs[i].started_at - summary.runs[i - 1].ended_at;
      assert.ok(idle >= 145, `idle before run ${i + 1}: ${idle} ms`);
    }
  } finally {
    await server.close();
  }
});

Deno.test("sweep fits a small context window by dropping old turns; records and report count it", async () => {
  const answer = Array.from({ length: 30 }, (_, i) => ` word${i}`);
  const server = startTestServer(() => sseResponse(wordsAnswer(answer, true)));
  const dir = await Deno.makeTempDir({ prefix: "turnbench-window-" });
  try {
    const limits = { max_context_tokens: 80, max_output_tokens: 16 };
    const summary = await runSweep(
      SweepOptions.parse({
        dataset: DATASET,
        endpoint: server.endpoint,
        model: "m",
        rounds: 1,
        ...limits,
      }),
      { outDir: join(dir, "sweep"), progress: quietProgress() },
    );
    const records = (await Deno.readTextFile(join(dir, "sweep", "records.jsonl"))).trim()
      .split("\n").map((l) => RequestRecord.parse(JSON.parse(l)));
    assert.equal(records.length, TURNS);
    // What was dropped is read off the bodies the server received, not off the client's plan.
    const sent = new Map(server.received.map((r) => [
      r.headers.get("x-request-id"),
      (r.body.messages as { role: string }[]).filter((m) => m.role !== "system").length,
    ]));
    for (const r of records) {
      const full = 2 * r.turn_index + 1;
      const dropped = (full - sent.get(r.request_id)!) / 2;
      assert.equal(r.dropped_turns, dropped, `dropped turns of ${r.session_id}#${r.turn_index}`);
      assert.equal(r.history_truncated, dropped > 0);
      assert.equal(r.message_truncated, false);
      assert.ok(r.context_tokens + limits.max_output_tokens <= limits.max_context_tokens);
    }
    const truncated = records.filter((r) => r.history_truncated);
    const droppedTurns = records.reduce((n, r) => n + r.dropped_turns, 0);
    // Sessions a (3 turns) and b (2): every later turn drops the 30-word answer before it.
    assert.deepEqual(truncated.map((r) => `${r.session_id}#${r.turn_index}`).sort(), [
      "a#1",
      "a#2",
      "b#1",
    ]);
    assert.equal(summary.runs[0].truncated_requests, 3);

    const { files } = await writeReport({ results: join(dir, "sweep") }, join(dir, "report"));
    const report = JSON.parse(await Deno.readTextFile(files.json));
    assert.equal(report.runs[0].truncated_requests, truncated.length);
    assert.equal(report.runs[0].dropped_turns, droppedTurns);
    const md = await Deno.readTextFile(files.markdown);
    const runs = md.split(/^## /m).find((x) => x.startsWith("Runs\n"))!;
    const [head, , row] = runs.split("\n").filter((l) => l.startsWith("|")).map((l) =>
      l.split("|").slice(1, -1).map((c) => c.trim())
    );
    assert.equal(row[head.indexOf("Truncated")], String(truncated.length), "report.md Runs row");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await server.close();
  }
});
