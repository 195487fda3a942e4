/** @module End to end: a pipeline survives server errors, cut and stalled streams, refused connections. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  countBy,
  failedDirs,
  list,
  manifestOf,
  readJsonl,
  reportRuns,
  statuses,
  turnsIn,
} from "./_artifacts.ts";
import {
  assertNoStack,
  dirFlags,
  type Dirs,
  fixture,
  runCli,
  runPipelineCli,
  startMockCli,
  withDirs,
} from "./_helpers.ts";
import { startProxy } from "./_proxy.ts";

const DATASET = "examples/example_dataset.json";

interface Rec {
  round: number;
  session_id: string;
  turn_index: number;
  started_at: number;
  ok: boolean;
  http_status: number | null;
  error: string | null;
  error_kind: string | null;
}

/** Records, summary and report of a finished pipeline agree on every failure, run by run. */
async function assertFailuresAccounted(d: Dirs, pipeline: string, records: Rec[]) {
  for (const r of records) {
    assert.equal(r.ok, r.error_kind === null, `ok and error_kind disagree: ${JSON.stringify(r)}`);
    if (!r.ok) {
      assert.ok(r.error && r.error.length > 0, `failure without error text: ${JSON.stringify(r)}`);
    }
  }
  const rounds = [...new Set(records.map((r) => r.round))].sort();
  const summary = JSON.parse(
    await Deno.readTextFile(join(d.results, pipeline, "sweep", "summary.json")),
  );
  assert.equal(summary.complete, true);
  const md = await Deno.readTextFile(join(d.results, pipeline, "report", "report.md"));
  const table = reportRuns(md);
  assert.deepEqual(table.map((t) => t.round), rounds);
  for (const round of rounds) {
    const mine = records.filter((r) => r.round === round);
    const errors = countBy(mine, (r) => r.error_kind);
    const ok = mine.filter((r) => r.ok).length;
    const run = summary.runs.find((x: { round: number }) => x.round === round);
    assert.deepEqual(run.errors, errors, `summary.json errors of round ${round}`);
    assert.deepEqual(run.requests, { total: mine.length, ok, failed: mine.length - ok });
    const row = table.find((t) => t.round === round)!;
    assert.deepEqual(
      row,
      { round, ok, total: mine.length, errors },
      `report.md row of round ${round}`,
    );
  }
  const failed = records.filter((r) => !r.ok).length;
  assert.match(md, new RegExp(`\\b${records.length} requests, ${failed} failed\\b`));
}

Deno.test("pipeline survives 429/500/503 answers, cut streams and stalls past the timeout, recording each", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli(fixture("faults.yaml"), d);
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r.stderr);
    const m = await manifestOf(r);
    assert.deepEqual(statuses(m), { mock: "ran", sweep: "ran", report: "ran" });
    const records = await readJsonl<Rec>(join(d.results, "e2e-faults", "sweep", "records.jsonl"));
    assert.equal(records.length, 3 * await turnsIn(DATASET), "every turn of every round recorded");
    const byKind = countBy(records, (r) => r.error_kind);
    assert.deepEqual(Object.keys(byKind).sort(), ["http_429", "http_5xx", "stream", "timeout"]);
    const statusOf = (kind: string) =>
      new Set(records.filter((r) => r.error_kind === kind).map((r) => r.http_status));
    assert.deepEqual(statusOf("http_429"), new Set([429]));
    assert.deepEqual(statusOf("http_5xx"), new Set([500, 503]));
    assert.deepEqual(statusOf("stream"), new Set([200]));
    assert.ok(records.some((r) => r.ok), "some requests succeed");
    // A stalled stream (30 s) is cut at the request timeout (0.4 s): the session's next turn
    // starts before the stall would have ended (by an order of magnitude: slowness cannot pass
    // for it).
    const next = (t: Rec) =>
      records.find((x) =>
        x.round === t.round && x.session_id === t.session_id && x.turn_index === t.turn_index + 1
      );
    const gaps = records.filter((x) => x.error_kind === "timeout").flatMap((t) => {
      const n = next(t);
      return n ? [n.started_at - t.started_at] : [];
    });
    assert.ok(gaps.length > 0, "a timed-out turn was followed by its next turn");
    for (const g of gaps) {
      assert.ok(g >= 400 && g < 30_000, `next turn ${g} ms after a timed-out one`);
    }
    await assertFailuresAccounted(d, "e2e-faults", records);
  });
});

Deno.test("pipeline survives the server refusing connections mid-sweep, recording connection errors", async () => {
  const mock = await startMockCli(
    "--preset fast --itl-ms 5 --output-dist fixed --output-tokens 16".split(" "),
  );
  // The proxy forwards ten chat requests, then closes at the eleventh: mid-way through round 1
  // (37 requests) whatever the machine's speed, so round 2 finds the server gone.
  const proxy = startProxy(mock.port, { cutAfter: 10 });
  try {
    await withDirs(async (d) => {
      const endpoint = `sweep.endpoint=http://127.0.0.1:${proxy.port}/v1/chat/completions`;
      const r = await runPipelineCli(fixture("refused.yaml"), d, ["--set", endpoint], 60_000);
      assert.equal(r.code, 0, r.stderr);
      assertNoStack(r.stderr);
      assert.deepEqual(statuses(await manifestOf(r)), { sweep: "ran", report: "ran" });
      const records = await readJsonl<Rec>(
        join(d.results, "e2e-refused", "sweep", "records.jsonl"),
      );
      assert.equal(
        records.length,
        2 * await turnsIn(DATASET),
        "every turn of every round recorded",
      );
      const timings = await (await fetch(`${mock.url}/mock/timings`)).json();
      assert.equal(timings.length, 10, "exactly ten requests reached the server");
      // Concurrency 2: when the eleventh is cut, at most one of the ten is still streaming.
      const ok = records.filter((r) => r.ok);
      assert.ok(ok.length === 9 || ok.length === 10, `${ok.length} requests succeeded`);
      assert.ok(ok.every((r) => r.round === 1));
      const byKind = countBy(records, (r) => r.error_kind);
      assert.ok(
        (byKind.connection ?? 0) > 0,
        `connection errors recorded: ${JSON.stringify(byKind)}`,
      );
      for (const kind of Object.keys(byKind)) {
        assert.ok(["connection", "stream"].includes(kind), kind);
      }
      assert.ok(records.filter((r) => r.round === 2).every((r) => r.error_kind === "connection"));
      await assertFailuresAccounted(d, "e2e-refused", records);
    });
  } finally {
    await proxy.close();
    const stopped = await mock.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
  }
});

Deno.test("a sweep where every request fails fails its stage and is not cached", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = closed.addr.port;
  closed.close();
  await withDirs(async (d) => {
    const args = [fixture("refused.yaml"), ...dirFlags(d), "--set"];
    const endpoint = `sweep.endpoint=http://127.0.0.1:${port}/v1/chat/completions`;
    const r = await runCli("src/cli/pipeline.ts", [...args, endpoint], 60_000);
    assert.equal(r.code, 1, r.stderr);
    assertNoStack(r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `✗ sweep failed .*Every request failed \\(connection \\d+\\): check endpoint "http://127\\.0\\.0\\.1:${port}/`,
      ),
    );
    assert.deepEqual(statuses(await manifestOf(r)), { sweep: "failed", report: "skipped" });
    assert.deepEqual(await list(join(d.cache, "cache")), []);
    const [kept] = await failedDirs(d.cache, "sweep");
    const records = await readJsonl<Rec>(join(kept, "records.jsonl"));
    assert.ok(records.length > 0 && records.every((x) => x.error_kind === "connection"));
  });
});
