/** @module Stage `scrape`: read series back from a Prometheus server over each run of a sweep. */
import { join } from "node:path";
import { z } from "zod";
import { defineJob } from "../src/pipeline/task.ts";
import { SCRAPED_FILE, SUMMARY_FILE } from "../src/results/layout.ts";
import { readSweepSummary } from "../src/results/summary.ts";
import { writeScraped } from "../src/results/scraped.ts";

/** The `with:` block of a `scrape` stage. */
export const ScrapeParams = z.object({
  /** The sweep's results folder, usually `${{ sweep.dir }}`. */
  sweep: z.string().min(1),
  /** The Prometheus server's base URL, e.g. `http://127.0.0.1:9090`. */
  prometheus_url: z.url({ protocol: /^https?$/ }),
  /** Metric names or PromQL expressions (instant vectors or scalars); one string is one query. */
  queries: z.union([z.string().min(1).transform((q) => [q]), z.array(z.string().min(1)).min(1)]),
  /** Seconds added to each run's end before querying; about the scrape interval. */
  offset_s: z.coerce.number().min(0).default(0),
  /**
   * How long to wait, at most, for the server to scrape past the last run's end + `offset_s`
   * before reading (0: read at once).
   */
  wait_s: z.coerce.number().min(0).default(60),
  /** Deadline of each query, in ms. */
  timeout_ms: z.coerce.number().int().positive().default(10_000),
});

/** The `with:` block of a `scrape` stage. */
export type ScrapeParams = z.infer<typeof ScrapeParams>;

export default defineJob({
  name: "scrape",
  description: "Read metrics from a Prometheus server over each run's window of a sweep",
  kind: "job",
  schema: ScrapeParams,
  inputs: (params) => [join(params.sweep, SUMMARY_FILE)],
  outputs: { scraped: "file" },
  async run(params, ctx) {
    const { scrapeRunWindows } = await import("../src/prom/scraped.ts");
    const summary = await readSweepSummary(params.sweep);
    ctx.progress.total(summary.runs.length, "runs");
    const scraped = await scrapeRunWindows(params.prometheus_url, params.queries, summary, {
      offsetS: params.offset_s,
      waitS: params.wait_s,
      timeoutMs: params.timeout_ms,
      signal: ctx.signal,
      onRun: (run) =>
        ctx.progress.advance(1, `round ${run.round}, ${Object.keys(run.metrics).length} series`),
    });
    await writeScraped(join(ctx.outDir, SCRAPED_FILE), scraped);
    ctx.log(`read ${params.queries.length} queries over ${scraped.runs.length} runs`);
    return { outputs: { scraped: SCRAPED_FILE } };
  },
});
