/** @module The report of a repeated sweep: one row per trial, labelled, scraped metrics per trial. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runLabel } from "../../../src/report/load/run_key.ts";
import { buildModel } from "../../../src/report/model/model.ts";
import { renderCsv } from "../../../src/report/render/tabular.ts";
import { withTempDir } from "../helpers.ts";
import { writeTrialSweep } from "../_trial_sweeps.ts";

Deno.test("a repeated sweep's report has a row per trial, t1/t2 labels, and says how to compare", async () => {
  await withTempDir(async (dir) => {
    const results = await writeTrialSweep(join(dir, "r"), { trials: [1, 1.5, 2] });
    const metric = (v: number) => ({ "x_total": { before: 0, after: v, delta: v } });
    await Deno.writeTextFile(
      join(results, "scraped.json"),
      JSON.stringify({
        format: 1,
        source: "http://127.0.0.1:9090",
        runs: [0, 1, 2].map((trial) => ({
          round: 1,
          concurrency: 4,
          trial,
          metrics: metric(trial),
        })),
      }),
    );
    const m = await buildModel({ results });
    assert.deepEqual(m.views.map(runLabel), ["R1 c=4", "R1 c=4 t1", "R1 c=4 t2"]);
    assert.deepEqual(m.rows.map((r) => r.trial), [null, 1, 2]);
    const p50 = m.rows.map((r) => r.ttft_ms_p50!);
    assert.ok(p50[0] < p50[1] && p50[1] < p50[2], "each trial keeps its own numbers");
    assert.deepEqual(m.views.map((v) => v.metrics.x_total.after), [0, 1, 2], "scraped per trial");
    assert.ok(m.notes.some((n) => /^Repeated sweep: 3 trials of every run/.test(n)));
    const csv = renderCsv(m.rows).trim().split("\n");
    const col = csv[0].split(",").indexOf("trial");
    assert.deepEqual(csv.slice(1).map((l) => l.split(",")[col]), ["", "1", "2"]);
  });
});
