/**
 * @module Perf: the capacity search against an exhaustive grid over the same range, on the mock
 * whose capacity under the SLO is known (5 users; see tests/capacity/run_capacity_test.ts).
 * Target: the search within ±10% of the grid's answer, using at most a third of its requests.
 */
import { startMockServer } from "../../mock/server.ts";
import { CapacityOptions } from "../../src/capacity/options.ts";
import { runCapacity } from "../../src/capacity/run_capacity.ts";
import type {
  Probe,
  ProbeRecord,
  ProbeResult,
  SearchOptions,
  SearchResult,
} from "../../src/capacity/search.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import type { SweepSummary } from "../../src/results/summary.ts";
import type { PerfRow } from "./row.ts";

const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };
const MIN = 1;
const MAX = 32;

/** Probes every load of the range once; the answer is the last good load before the first bad. */
async function gridSearch<R extends ProbeResult>(
  probe: Probe<R>,
  o: SearchOptions,
): Promise<SearchResult<R>> {
  const t0 = performance.now();
  const probes: ProbeRecord<R>[] = [];
  for (let load = o.min; load <= o.max; load++) {
    const started = performance.now();
    const result = await probe(load, { index: probes.length, trial: 0, phase: "bracket" });
    const good = result.meets && !result.saturated;
    probes.push({
      index: probes.length,
      trial: 0,
      phase: "bracket",
      load,
      good,
      result,
      started_ms: started,
      ended_ms: performance.now(),
    });
  }
  const firstBad = probes.find((p) => !p.good)?.load ?? null;
  const good = probes.filter((p) => p.good && (firstBad === null || p.load < firstBad)).at(-1);
  return {
    status: good ? (firstBad === null ? "above_range" : "found") : "fails_at_min",
    stop: "range",
    capacity: good?.load ?? null,
    bracket: { good: good?.load ?? null, bad: firstBad },
    probes,
    trials: [],
    interval: null,
    elapsed_ms: performance.now() - t0,
  };
}

const requests = (s: SweepSummary) => s.runs.reduce((n, r) => n + r.requests.total, 0);

/** Runs both strategies against the same mock and compares answers and requests. */
export default async function (): Promise<PerfRow[]> {
  const mock = await startMockServer({
    preset: "zero",
    config: {
      seed: 1,
      latency: { ttft_ms: 10, itl_ms: 20, load_factor: 0.25, max_running: 64, jitter_ms: 0 },
      output: { distribution: "fixed", mean: 6, min: 1, max: 6 },
    },
  });
  const dir = await Deno.makeTempDir({ prefix: "turnbench-capacity-perf-" });
  try {
    const options = CapacityOptions.parse({
      dataset: "examples/example_dataset.json",
      endpoint: `${mock.url}/v1/chat/completions`,
      max_output_tokens: 64,
      seed: 1,
      slo: { itl_ms: { ms: 42.5, percentile: 50 } },
      load: "users",
      min: MIN,
      max: MAX,
      start: 2,
      trials: 2,
      probe_s: 2,
    });
    const t0 = performance.now();
    const search = await runCapacity(options, { outDir: `${dir}/search`, progress: quiet });
    const searchS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const grid = await runCapacity(options, { outDir: `${dir}/grid`, progress: quiet }, gridSearch);
    const gridS = (performance.now() - t1) / 1000;
    const found = search.capacity?.capacity ?? NaN;
    const truth = grid.capacity?.capacity ?? NaN;
    const off = Math.abs(found - truth) / truth * 100;
    const share = requests(search) / requests(grid) * 100;
    return [
      {
        figure: `capacity search (users ${MIN}–${MAX}, 2 trials): answer`,
        value: found,
        unit: "users",
        target: `grid ${truth} ± 10%`,
        pass: off <= 10,
      },
      {
        figure: "capacity grid (every load): answer",
        value: truth,
        unit: "users",
        target: "5 (computed)",
        pass: truth === 5,
      },
      {
        figure: "capacity search: requests",
        value: requests(search),
        unit: "requests",
        target: "",
        pass: undefined,
      },
      {
        figure: "capacity grid: requests",
        value: requests(grid),
        unit: "requests",
        target: "",
        pass: undefined,
      },
      {
        figure: "capacity search requests / grid's",
        value: share,
        unit: "%",
        target: "≤ 33.3",
        pass: share <= 100 / 3,
      },
      {
        figure: `capacity search: probes / time`,
        value: search.runs.length,
        unit: "probes",
        target: `${searchS.toFixed(0)} s (grid ${grid.runs.length}, ${gridS.toFixed(0)} s)`,
        pass: undefined,
      },
    ];
  } finally {
    await mock.stop();
    await Deno.remove(dir, { recursive: true });
  }
}
