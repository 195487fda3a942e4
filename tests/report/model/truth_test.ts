/**
 * @module The report's tokens and cache truth: from a real sweep against the mock (a reset that
 * clears nothing, and a gpt count against a server that counts differently), the report shows the
 * warnings at the top, the expected / reported / scraped table, the server-to-client ratio and the
 * per-turn chart; rebuilt from records, the same numbers.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepOptions } from "../../../src/client/options.ts";
import type { SweepProgress } from "../../../src/client/progress.ts";
import { runSweep } from "../../../src/client/sweep.ts";
import { chartSpecs } from "../../../src/report/charts/registry.ts";
import { buildModel } from "../../../src/report/model/model.ts";
import { renderMarkdown } from "../../../src/report/render/markdown.ts";
import { startMockServer } from "../../../mock/server.ts";
import { withTempDir } from "../helpers.ts";

const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };

async function sweepWithFakeReset(dir: string, url: string): Promise<string> {
  const dataset = join(dir, "sessions.jsonl");
  const words = "prefix cache block token answer".split(" ");
  await Deno.writeTextFile(
    dataset,
    Array.from({ length: 3 }, (_, s) =>
      JSON.stringify({
        session_id: `s${s}`,
        user_messages: Array.from({ length: 3 }, (_, t) =>
          Array.from({ length: 60 }, (_, i) => words[(s + t * 2 + i) % 5]).join(" ")),
      })).join("\n") + "\n",
  );
  const out = join(dir, "sweep");
  await runSweep(
    SweepOptions.parse({
      dataset,
      endpoint: `${url}/v1/chat/completions`,
      concurrency: [1],
      rounds: 2,
      max_output_tokens: 16,
      reset_cache_url: `GET ${url}/v1/models`,
      reset_cache_between_rounds: true,
      prometheus_url: `${url}/metrics`,
    }),
    { outDir: out, progress: quiet },
  );
  return out;
}

Deno.test("report shows cache truth, the reset warning naming its URL, and the per-turn chart", async () => {
  const server = await startMockServer({ preset: "fast", config: { seed: 5 } });
  try {
    await withTempDir(async (dir) => {
      const results = await sweepWithFakeReset(dir, server.url);
      const m = await buildModel({ results });
      assert.equal(m.truth.warnings.length, 1);
      assert.match(m.truth.warnings[0], new RegExp(`after "GET ${server.url}/v1/models"`));
      const md = renderMarkdown(m);
      const top = md.split("## Runs")[0];
      assert.match(top, /> \*\*⚠ The cache reset did not clear the cache: after "GET /);
      assert.match(md, /## Cache truth: expected, reported, scraped/);
      // The client reset its expectation with the reset; the server kept its cache: "above".
      assert.match(
        md,
        /\| R2 c=1 \| \d+ \| \d+ \| \d+ \| [\d.]+% \| [\d.]+% \| above: a cache the client did not know of \| not cleared \([\d.]+% cached\) \|/,
      );
      assert.match(
        md,
        /\| R1 c=1 \| \d+ \| \d+ \| \d+ \| [\d.]+% \| 100\.0% \| agree \| cleared \|/,
      );
      assert.match(
        md,
        /\| R1 c=1 \| gpt \| 9 \| (\d+) \| \1 \| 1\.000 \|/,
        "gpt counts as the mock",
      );
      assert.match(
        md,
        /Server: turnbench mock \(detected: owned_by "turnbench"\), cache blocks of 16 tokens/,
      );
      assert.ok(chartSpecs(m).some((c) => c.id === "chart-per-turn"));
      for (const [i, row] of m.rows.entries()) {
        assert.equal(row.reset_cleared, i === 0, `run ${i}`);
        assert.equal(row.server_client_prompt_ratio, 1);
        const efficiency = row.cache_efficiency_pct!;
        assert.ok(i === 0 ? efficiency === 100 : efficiency > 110, `${efficiency}`);
      }

      // The same folder without the summary's issue-12 fields (an older sweep) rebuilds them.
      const path = join(results, "summary.json");
      const summary = JSON.parse(await Deno.readTextFile(path));
      for (const run of summary.runs) {
        delete run.cache_truth, delete run.per_turn, delete run.token_check;
      }
      delete summary.warnings;
      await Deno.writeTextFile(path, JSON.stringify(summary));
      const old = await buildModel({ results });
      for (const [i, row] of old.rows.entries()) {
        for (
          const f of [
            "server_client_prompt_ratio",
            "expected_cached_tokens",
            "cache_efficiency_pct",
            "follow_up_cached_pct",
            "first_turn_ttft_ms_p50",
          ] as const
        ) {
          assert.equal(row[f], m.rows[i][f], `${f} rebuilt from records`);
        }
        assert.equal(row.reset_cleared, null, "the reset check needs the sweep");
      }
    });
  } finally {
    await server.stop();
  }
});
