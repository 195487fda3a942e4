/**
 * @module End to end: pipelines/prometheus.yaml runs the mock, a real Prometheus server (Debian's
 * `prometheus`) scraping it, the sweep, and `scrape` reading each run's window back; the deltas
 * agree with the sweep's own token counts and no Prometheus process is left behind.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { manifestOf, readJsonl, statuses } from "./_artifacts.ts";
import { assertNoStack, runPipelineCli, withDirs } from "./_helpers.ts";
import { ensurePrometheus } from "../prom/_prometheus.ts";
import { ScrapedMetrics } from "../../src/results/scraped.ts";
import { SweepSummary } from "../../src/results/summary.ts";

const binary = await ensurePrometheus();
const PIPELINE = "pipelines/prometheus.yaml";
/** The pipeline's offset_s. */
const OFFSET_S = 1.2;

interface Rec {
  round: number;
  concurrency: number | null;
  started_at: number;
  prompt_tokens: number;
  cached_tokens: number | null;
}

/** Σ of a token field over the records sent within (fromS, toS]. */
function sentWithin(records: Rec[], fromS: number, toS: number, field: "prompt" | "cached") {
  return records.filter((r) => r.started_at / 1000 > fromS && r.started_at / 1000 <= toS)
    .reduce((n, r) => n + (field === "prompt" ? r.prompt_tokens : r.cached_tokens ?? 0), 0);
}

/** The one series of a counter in a run's metrics. */
function counter(metrics: ScrapedMetrics["runs"][number]["metrics"], name: string) {
  const keys = Object.keys(metrics).filter((k) => k.startsWith(`${name}{`));
  assert.equal(keys.length, 1, `one ${name} series in ${Object.keys(metrics).join(", ")}`);
  const value = metrics[keys[0]];
  assert.ok(value.before !== null && value.after !== null && value.delta !== null, keys[0]);
  return { before: value.before, after: value.after, delta: value.delta };
}

/** Whether any process's command line mentions `text` (pgrep -f). */
async function processesWith(text: string): Promise<string> {
  const r = await new Deno.Command("pgrep", { args: ["-af", text], stdout: "piped" }).output();
  return new TextDecoder().decode(r.stdout).trim();
}

Deno.test({
  name: "prometheus pipeline reads each run's counters back from a real Prometheus server" +
    (binary.ok ? "" : ` (ignored: ${binary.reason})`),
  ignore: !binary.ok,
  async fn() {
    await withDirs(async (d) => {
      const r = await runPipelineCli(PIPELINE, d, [], 180_000);
      assert.equal(r.code, 0, r.stderr);
      assertNoStack(r.stderr);
      const m = await manifestOf(r);
      assert.deepEqual(statuses(m), {
        mock: "ran",
        prometheus: "ran",
        sweep: "ran",
        scrape: "ran",
        report: "ran",
      });
      const pid = Number(r.stderr.match(/prometheus on \S+ \(pid (\d+)\)/)?.[1]);
      assert.ok(pid > 0, r.stderr);
      assert.equal(await processesWith(d.root), "", "no process left that uses the temp dirs");
      await assert.rejects(Deno.stat(`/proc/${pid}`), Deno.errors.NotFound, "prometheus exited");
      assert.ok(
        r.stderr.indexOf("■ prometheus stopped") < r.stderr.indexOf("■ mock stopped"),
        "the mock outlives the Prometheus server that scrapes it",
      );

      const dir = join(d.results, "prometheus");
      const scraped = ScrapedMetrics.parse(
        JSON.parse(await Deno.readTextFile(join(dir, "scrape", "scraped.json"))),
      );
      const summary = SweepSummary.parse(
        JSON.parse(await Deno.readTextFile(join(dir, "sweep", "summary.json"))),
      );
      const records = await readJsonl<Rec>(join(dir, "sweep", "records.jsonl"));
      assert.equal(scraped.offset_s, OFFSET_S);
      assert.deepEqual(
        scraped.runs.map((x) => [x.round, x.concurrency]),
        summary.runs.map((x) => [x.round, x.concurrency]),
      );
      const hits = scraped.runs.map((x) => counter(x.metrics, "vllm:prefix_cache_hits_total"));
      const queries = scraped.runs.map((x) =>
        counter(x.metrics, "vllm:prefix_cache_queries_total")
      );
      // Over the whole sweep the counters add up to the sweep's own sums exactly.
      const total = (field: "prompt" | "cached") => sentWithin(records, 0, Infinity, field);
      assert.ok(total("cached") > 0, "the sessions reuse their prefixes");
      assert.equal(hits.at(-1)!.after - hits[0].before, total("cached"));
      assert.equal(queries.at(-1)!.after - queries[0].before, total("prompt"));
      // Per run: the sweep idles longer than one interval + offset_s between runs, so the
      // before-value is a scrape after the previous run and the after-value a scrape after this
      // run's end and before the next: each delta is exactly this run's own requests.
      summary.runs.forEach((run, i) => {
        const [s, e] = [run.started_at / 1000, run.ended_at / 1000];
        for (const [field, c] of [["cached", hits[i]], ["prompt", queries[i]]] as const) {
          assert.ok(c.delta > 0, `run ${i} ${field}: delta ${c.delta}`);
          assert.equal(c.delta, c.after - c.before);
          assert.equal(c.delta, sentWithin(records, s - 0.001, e, field), `run ${i} ${field}`);
        }
      });

      const md = await Deno.readTextFile(join(dir, "report", "report.md"));
      assert.match(md, /^## Scraped metrics/m);
      const row = (name: string) =>
        md.split("\n").find((l) => l.startsWith(`| ${name}{`))?.split("|").map((c) => c.trim());
      assert.equal(row("vllm:prefix_cache_hits_total")?.[2], String(hits[0].delta), md);
      assert.equal(row("vllm:prefix_cache_queries_total")?.[2], String(queries[0].delta), md);
      assert.ok(row("lmcache_hit_rate"), md);
    });
  },
});
