/** @module Stage `prometheus`: a throwaway local Prometheus server scraping chosen targets. */
import { z } from "zod";
import { defineService } from "../src/pipeline/task.ts";

/** The `with:` block of a `prometheus` stage. */
export const PrometheusParams = z.object({
  /** What to scrape: base URLs (path `/metrics`) or `host:port`, e.g. `["${{ mock.url }}"]`. */
  targets: z.union([
    z.string().min(1).transform((t) => [t]),
    z.array(z.string().min(1)).min(1),
  ]),
  /** Scrape interval, seconds; set the scrape stage's `offset_s` to about 1.2 × this. */
  scrape_interval_s: z.coerce.number().positive().default(1),
  /** The binary (a name on PATH or in /usr/bin, or a path); Debian: `apt-get install prometheus`. */
  binary: z.string().min(1).optional(),
});

/** The `with:` block of a `prometheus` stage. */
export type PrometheusParams = z.infer<typeof PrometheusParams>;

/** The `prometheus` service stage. */
export default defineService({
  name: "prometheus",
  description: "Run a local Prometheus server that scrapes the given targets while dependents run",
  kind: "service",
  schema: PrometheusParams,
  outputs: { url: "string" },
  async start(params, ctx) {
    const { startPrometheus } = await import("../src/prom/server.ts");
    const server = await startPrometheus({
      targets: params.targets,
      scrapeIntervalS: params.scrape_interval_s,
      binary: params.binary,
      dir: ctx.outDir,
      signal: ctx.signal,
    });
    ctx.log(
      `prometheus on ${server.url} (pid ${server.pid}) scraping ${params.targets.join(", ")}`,
    );
    return {
      exports: { url: server.url },
      healthUrl: `${server.url}/-/ready`,
      stop: () => server.stop(),
    };
  },
});
