/**
 * @module End-to-end test against a real `prometheus` binary (Debian's package): it scrapes a small
 * exposition endpoint every second, and scrapeRunWindows must read the run deltas back.
 */
import assert from "node:assert/strict";
import { instantValues, queryInstant } from "../../src/prom/query_api.ts";
import { scrapeRunWindows } from "../../src/prom/scraped.ts";
import { startPrometheus } from "../../src/prom/server.ts";
import { ensurePrometheus } from "./_prometheus.ts";
import { startServer } from "./_server.ts";
import { sweepSummary } from "./_sweep.ts";

const binary = await ensurePrometheus();
const METRIC = "turnbench_test_requests_total";
const LATE = "turnbench_test_late_total";
const WAIT_MS = 60_000;

/** Polls `check` every 200 ms until it returns a value, at most WAIT_MS. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
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
  throw new Error(`Gave up waiting for ${what} after ${WAIT_MS} ms (last error: ${last})`);
}

/** Whether a process with this pid is still running. */
function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: "startPrometheus serves a real Prometheus server that scrapeRunWindows reads back" +
    (binary.ok ? "" : ` (ignored: ${binary.reason})`),
  ignore: !binary.ok,
  async fn(t) {
    let count = 100;
    let late = 0;
    // A change waits for the first scrape that arrives after `after` and is made once that scrape
    // has its (old) page. Prometheus scrapes a target one scrape after another, each stamped when
    // it starts: so every scrape stamped before `after` reads the old value, however late it runs.
    let pending: { after: number; change: () => void; done: () => void } | null = null;
    const changeAfterNextScrape = (after: number, change: () => void) =>
      new Promise<void>((done) => pending = { after, change, done });
    const target = startServer(() => {
      const page = new Response(
        `# HELP ${METRIC} Requests.\n# TYPE ${METRIC} counter\n${METRIC}{kind="chat"} ${count}\n` +
          `# TYPE ${LATE} counter\n${LATE} ${late}\n`,
        { headers: { "content-type": "text/plain; version=0.0.4" } },
      );
      if (pending && Date.now() > pending.after) {
        pending.change();
        pending.done();
        pending = null;
      }
      return page;
    });
    const prom = await startPrometheus({ targets: [target.url], scrapeIntervalS: 1 })
      .catch(async (error) => {
        await target.close();
        throw error;
      });
    const promUrl = prom.url;
    const valueNow = async () => {
      const values = instantValues(
        await queryInstant(promUrl, METRIC, { timeoutMs: 2000 }),
        METRIC,
      );
      return values.size === 1 ? [...values.values()][0] : undefined;
    };
    try {
      assert.equal(await valueNow(), 100, "startPrometheus returns after the first scrape");
      await t.step("scrapeRunWindows reads each run's delta", async () => {
        const runs = [];
        for (const [round, added] of [[1, 7], [2, 3]]) {
          const started_at = Date.now();
          await changeAfterNextScrape(started_at, () => count += added);
          await waitFor(
            `a scrape showing ${count}`,
            async () => (await valueNow()) === count ? true : undefined,
          );
          runs.push({ round, concurrency: 1, started_at, ended_at: Date.now() });
        }
        const scraped = await scrapeRunWindows(
          promUrl,
          [METRIC, `sum(${METRIC})`],
          sweepSummary(runs),
        );
        const host = new URL(target.url).host;
        const key = `${METRIC}{instance="${host}",job="turnbench",kind="chat"}`;
        assert.deepEqual(scraped.runs.map((r) => r.metrics[key]), [
          { before: 100, after: 107, delta: 7 },
          { before: 107, after: 110, delta: 3 },
        ]);
        assert.deepEqual(scraped.runs.map((r) => r.metrics[`sum(${METRIC})`]?.delta), [7, 3]);
      });
      await t.step(
        "scrapeRunWindows waits until a scrape past end + offset is stored",
        async () => {
          const started_at = Date.now();
          // The run's work, just before its end: no scrape has seen it yet.
          await changeAfterNextScrape(started_at, () => late = 5);
          const ended_at = Date.now();
          const run = { round: 1, concurrency: 1, started_at, ended_at };
          const waits: number[] = [];
          const scraped = await scrapeRunWindows(promUrl, [LATE], sweepSummary([run]), {
            offsetS: 1.2,
            onWait: (untilS) => waits.push(untilS),
          });
          assert.deepEqual(waits, [ended_at / 1000 + 1.2]);
          assert.ok(Date.now() >= ended_at + 1200, "read only after the window's end had passed");
          assert.deepEqual(scraped.runs.map((r) => Object.values(r.metrics)), [
            [{ before: 0, after: 5, delta: 5 }],
          ]);
        },
      );
    } finally {
      await prom.stop();
      await target.close();
    }
    assert.equal(alive(prom.pid), false, "stop() leaves no prometheus process");
    await assert.rejects(Deno.stat(prom.dir), Deno.errors.NotFound, "stop() removes its folder");
  },
});

Deno.test({
  name: "startPrometheus aborted while starting leaves no process and no files" +
    (binary.ok ? "" : ` (ignored: ${binary.reason})`),
  ignore: !binary.ok,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "turnbench-prometheus-abort-" });
    try {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new Error("stop now")), 300);
      await assert.rejects(
        startPrometheus({ targets: ["127.0.0.1:1"], dir, signal: abort.signal }),
        { message: "stop now" },
      );
      clearTimeout(timer);
      assert.deepEqual([...Deno.readDirSync(dir)], []);
      const r = await new Deno.Command("pgrep", { args: ["-f", dir], stdout: "piped" }).output();
      assert.equal(new TextDecoder().decode(r.stdout), "", "no prometheus process left");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
