/**
 * @module End-to-end test against a real `prometheus` binary (Debian's package): it scrapes a small
 * exposition endpoint every second, and scrapeRunWindows must read the run deltas back.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { instantValues, queryInstant } from "../../src/prom/query_api.ts";
import { scrapeRunWindows } from "../../src/prom/scraped.ts";
import { closedPort, startServer } from "./_server.ts";
import { sweepSummary } from "./_sweep.ts";

function prometheusInstalled(): boolean {
  try {
    return new Deno.Command("prometheus", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const hasPrometheus = prometheusInstalled();
const METRIC = "turnbench_test_requests_total";
const WAIT_MS = 60_000;

/** Polls `check` every 200 ms until it returns a value, at most WAIT_MS. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `Gave up waiting for ${what} after ${WAIT_MS} ms (last error: ${last})\n${log()}`,
  );
}

Deno.test({
  name: "scrapeRunWindows reads run deltas back from a real Prometheus server" +
    (hasPrometheus ? "" : " (ignored: no prometheus binary; apt-get install prometheus)"),
  ignore: !hasPrometheus,
  async fn() {
    let count = 100;
    const target = startServer(() =>
      new Response(
        `# HELP ${METRIC} Requests.\n# TYPE ${METRIC} counter\n${METRIC}{kind="chat"} ${count}\n`,
        {
          headers: { "content-type": "text/plain; version=0.0.4" },
        },
      )
    );
    const dir = await Deno.makeTempDir({ prefix: "turnbench-prometheus-" });
    const port = closedPort();
    const promUrl = `http://127.0.0.1:${port}`;
    await Deno.writeTextFile(
      join(dir, "prometheus.yml"),
      [
        "global:",
        "  scrape_interval: 1s",
        "scrape_configs:",
        "  - job_name: turnbench",
        "    static_configs:",
        `      - targets: ["${new URL(target.url).host}"]`,
      ].join("\n") + "\n",
    );
    const child = new Deno.Command("prometheus", {
      args: [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let stderr = "";
    const drained = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (text) => void (stderr = (stderr + text).slice(-4000)) }),
    );
    const log = () => `prometheus stderr:\n${stderr}`;
    const valueNow = async () => {
      const values = instantValues(
        await queryInstant(promUrl, METRIC, { timeoutMs: 2000 }),
        METRIC,
      );
      return values.size === 1 ? [...values.values()][0] : undefined;
    };
    try {
      await waitFor("the first scrape", valueNow, log);
      const runs = [];
      for (const [round, added] of [[1, 7], [2, 3]]) {
        const started_at = Date.now();
        // A scrape stamped before started_at may read the page a little later; give it time, so
        // the value at started_at is surely the old one.
        await new Promise((resolve) => setTimeout(resolve, 500));
        count += added;
        await waitFor(
          `a scrape showing ${count}`,
          async () => (await valueNow()) === count ? true : undefined,
          log,
        );
        runs.push({ round, concurrency: 1, started_at, ended_at: Date.now() });
      }
      const scraped = await scrapeRunWindows(
        promUrl,
        [METRIC, `sum(${METRIC})`],
        sweepSummary(runs),
      );
      const key = `${METRIC}{instance="${new URL(target.url).host}",job="turnbench",kind="chat"}`;
      assert.deepEqual(scraped.runs.map((r) => r.metrics[key]), [
        { before: 100, after: 107, delta: 7 },
        { before: 107, after: 110, delta: 3 },
      ]);
      assert.deepEqual(scraped.runs.map((r) => r.metrics[`sum(${METRIC})`]?.delta), [7, 3]);
    } finally {
      child.kill("SIGTERM");
      await child.status;
      await drained.catch(() => {});
      await target.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
