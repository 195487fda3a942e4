/** @module Tests of the wait for fresh scrapes before run windows are read, on a fake query API. */
import assert from "node:assert/strict";
import { freshnessProbes, scrapeRunWindows, waitForScrapesPast } from "../../src/prom/scraped.ts";
import { UserError } from "../../src/util/errors.ts";
import { rejection, withServer } from "./_server.ts";
import { sweepSummary } from "./_sweep.ts";

/** A fake `/api/v1/query` whose newest sample time is `newest()`; other queries get `empty`. */
function fakeApi(newest: () => number, empty = false) {
  return (_req: Request, url: URL) => {
    const query = url.searchParams.get("query") ?? "";
    const value = query.startsWith("min(timestamp(") ? newest() : 1;
    const result = empty && !query.startsWith("min(")
      ? []
      : [{ metric: {}, value: [0, String(value)] }];
    return Response.json({ status: "success", data: { resultType: "vector", result } });
  };
}

const probes = (urls: URL[]) =>
  urls.map((u) => u.searchParams.get("query")).filter((q) => q?.startsWith("min("));

Deno.test("freshnessProbes watches the plain selectors, or every target's up when there is none", () => {
  assert.deepEqual(freshnessProbes(["vllm:x_total", 'y{job="a"}', "sum(rate(z[1m]))"]), [
    "min(timestamp(vllm:x_total))",
    'min(timestamp(y{job="a"}))',
  ]);
  assert.deepEqual(freshnessProbes(["sum(z)"]), ["min(timestamp(up))"]);
});

Deno.test("waitForScrapesPast polls until the newest sample reaches the instant", async () => {
  const untilS = Math.round(Date.now() / 1000) + 2;
  let newest = untilS - 2;
  await withServer(fakeApi(() => newest += 0.5), async (server) => {
    await waitForScrapesPast(server.url, ["a_total"], untilS, { maxWaitS: 30, pollMs: 1 });
    assert.equal(newest, untilS);
    assert.deepEqual(probes(server.requests), Array(4).fill("min(timestamp(a_total))"));
  });
});

Deno.test("waitForScrapesPast gives up with a UserError when the server stays behind", async () => {
  await withServer(fakeApi(() => 50), async (server) => {
    const error = await rejection(
      waitForScrapesPast(server.url, ["a_total"], Date.now() / 1000, { maxWaitS: 0.2, pollMs: 20 }),
    );
    assert.ok(error instanceof UserError);
    assert.match(error.message, /^Cannot read run windows from Prometheus ".*": newest sample of /);
  });
});

Deno.test("waitForScrapesPast does not ask about a window that ended long ago", async () => {
  await withServer(fakeApi(() => 0), async (server) => {
    await waitForScrapesPast(server.url, ["a_total"], 1000, { maxWaitS: 60 });
    assert.deepEqual(server.requests, []);
  });
});

Deno.test("scrapeRunWindows waits for a scrape past the last run's end plus offset", async () => {
  const endedAt = Date.now();
  let newest = endedAt / 1000 - 1;
  await withServer(fakeApi(() => newest += 0.25), async (server) => {
    const runs = [{ round: 1, concurrency: 1, started_at: endedAt - 5000, ended_at: endedAt }];
    const waits: number[] = [];
    await scrapeRunWindows(server.url, ["a_total"], sweepSummary(runs), {
      offsetS: 1,
      onWait: (s) => waits.push(s),
    });
    assert.deepEqual(waits, [endedAt / 1000 + 1]);
    assert.ok(newest >= endedAt / 1000 + 1, `stopped polling at ${newest}`);
    assert.equal(server.requests.at(-1)?.searchParams.get("query"), "a_total");
  });
});

Deno.test("scrapeRunWindows fails when no query has a series in any run's window", async () => {
  await withServer(fakeApi(() => 0, true), async (server) => {
    const runs = [{ round: 1, concurrency: 1, started_at: 1_000_000, ended_at: 1_010_000 }];
    const error = await rejection(scrapeRunWindows(server.url, ["a_total"], sweepSummary(runs)));
    assert.ok(error instanceof UserError);
    assert.match(error.message, /no query has a series in any run's window/);
  });
});
