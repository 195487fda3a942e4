/** @module Tests of repeated sweeps (`repeat: N`): trials recorded apart, each after a reset. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { formatRunTable } from "../../src/client/table.ts";
import { RequestRecord } from "../../src/results/record.ts";
import { SweepSummary } from "../../src/results/summary.ts";
import { sseResponse, startTestServer, type TestServer, wordsAnswer } from "./servers.ts";

const DATASET = new URL("../testdata/client/sessions.jsonl", import.meta.url).pathname;
const TURNS = 6; // 3 + 2 + 1 user messages in the fixture

const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };

async function sweep(server: TestServer, opts: Partial<SweepOptionsInput>) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-repeat-" });
  try {
    const summary = await runSweep(
      SweepOptions.parse({ dataset: DATASET, endpoint: server.endpoint, model: "m", ...opts }),
      { outDir: dir, progress: quiet },
    );
    const text = await Deno.readTextFile(join(dir, "records.jsonl"));
    const records = text.trim().split("\n").map((l) => RequestRecord.parse(JSON.parse(l)));
    const onDisk = SweepSummary.parse(
      JSON.parse(await Deno.readTextFile(join(dir, "summary.json"))),
    );
    return { summary, onDisk, records };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("repeat runs every level × round once per trial, trial after trial, each after a reset", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["x", "y"], true)));
  try {
    const { summary, onDisk, records } = await sweep(server, {
      concurrency: [1, 2],
      repeat: 3,
      reset_cache_url: `${server.url}/reset`,
    });
    assert.equal(summary.complete, true);
    assert.deepEqual(onDisk, summary);
    assert.equal(summary.config.repeat, 3);
    assert.deepEqual(
      summary.runs.map((r) => [r.trial, r.concurrency, r.round]),
      [undefined, 1, 2].flatMap((t) => [[t, 1, 1], [t, 1, 2], [t, 2, 1], [t, 2, 2]]),
    );
    // A reset before every level of every trial: 3 trials × 2 levels.
    assert.deepEqual(
      server.calls.filter((c) => c.includes("/reset")),
      Array(6).fill("POST /reset"),
    );
    assert.equal(records.length, 3 * 4 * TURNS);
    for (const t of [0, 1, 2]) {
      const mine = records.filter((r) => r.trial === t);
      assert.equal(mine.length, 4 * TURNS, `trial ${t}`);
      // The same sessions and turns in every trial.
      const turns = (rs: RequestRecord[]) =>
        rs.map((r) => `${r.round}|${r.concurrency}|${r.session_id}|${r.turn_index}`).sort();
      assert.deepEqual(turns(mine), turns(records.filter((r) => r.trial === 0)));
    }
    // Trials run one after another: trial 1's first send follows trial 0's last answer.
    const end = (t: number) =>
      Math.max(...records.filter((r) => r.trial === t).map((r) => r.started_at + r.e2e_ms!));
    const start = (t: number) =>
      Math.min(...records.filter((r) => r.trial === t).map((r) => r.started_at));
    assert.ok(start(1) >= end(0) - 1 && start(2) >= end(1) - 1);
    assert.match(formatRunTable(summary.runs), /conc 2 t2/);
  } finally {
    await server.close();
  }
});

Deno.test("a sweep without repeat is trial 1, and older files without the fields read as trial 1", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["x"], true)));
  try {
    const { summary, records } = await sweep(server, { concurrency: [1], rounds: 1 });
    assert.equal(summary.config.repeat, 1);
    assert.deepEqual(summary.runs.map((r) => r.trial), [undefined]);
    assert.ok(records.every((r) => r.trial === 0));
    assert.doesNotMatch(formatRunTable(summary.runs), / t\d/);
    const old = { ...records[0] } as Record<string, unknown>;
    delete old.trial;
    assert.equal(RequestRecord.parse(old).trial, 0);
    const oldConfig = { ...summary.config } as Record<string, unknown>;
    delete oldConfig.repeat;
    assert.equal(
      SweepSummary.shape.config.parse(oldConfig).repeat,
      undefined,
      "still reads (absent = 1)",
    );
  } finally {
    await server.close();
  }
});
