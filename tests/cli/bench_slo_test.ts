/**
 * @module Tests of bench's SLO, users and capacity flags: bad input is one line with exit 2 and
 * nothing measured; users mode and a capacity search run against the built-in mock.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { main as bench } from "../../src/cli/bench.ts";
import { thinkTimeFlag } from "../../src/cli/bench_slo.ts";
import { exitCodeOf } from "../../src/cli/run_main.ts";
import { SweepSummary } from "../../src/results/summary.ts";

const EXAMPLE = new URL("../../examples/example_dataset.json", import.meta.url).pathname;

/** Runs bench in-process in a temp folder; the exit code, error lines, printed text, files. */
async function run(args: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-bench-slo-" });
  const errors: string[] = [];
  const printed: string[] = [];
  const log = console.log;
  console.log = (t: unknown) => void printed.push(String(t));
  try {
    const code = await exitCodeOf(
      () => bench(["--dataset", EXAMPLE, "--output-dir", join(dir, "out"), ...args]),
      (e) => void errors.push(String(e)),
    );
    const files = [...Deno.readDirSync(dir)].map((e) => e.name);
    const summary = files.includes("out")
      ? SweepSummary.parse(JSON.parse(await Deno.readTextFile(join(dir, "out", "summary.json"))))
      : null;
    return { code, errors, printed: printed.join("\n"), summary, files };
  } finally {
    console.log = log;
    await Deno.remove(dir, { recursive: true });
  }
}

async function assertBadFlag(args: string[], line: RegExp) {
  const r = await run(["--mock-server", ...args]);
  assert.equal(r.code, 2, r.errors.join("\n"));
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], line);
  assert.deepEqual(r.files, [], "nothing measured, nothing written");
}

Deno.test("bad SLO and capacity flags are one line, exit 2, and nothing is measured", async () => {
  await assertBadFlag(["--slo", "ttft<2000"], /^error: Cannot parse --slo "ttft<2000": expected/);
  await assertBadFlag(
    ["--slo", "itl:p120<=50"],
    /^error: Cannot parse --slo "itl:p120<=50": percentile "120" not in \(0, 100\]$/,
  );
  await assertBadFlag(
    ["--slo-percentile", "90"],
    /^error: Cannot use SLO field "slo": names no target/,
  );
  await assertBadFlag(
    ["--slo", "itl<=50", "--slo-percentile", "101"],
    /^error: Cannot use SLO field "slo.percentile": must be in \(0, 100\], got 101$/,
  );
  await assertBadFlag(
    ["--capacity", "users", "--capacity-max", "8"],
    /^error: Cannot use --capacity without --slo/,
  );
  await assertBadFlag(
    ["--capacity", "users", "--slo", "itl<=50", "--capacity-min", "8", "--capacity-max", "8"],
    /^error: Cannot use --capacity-max "8": must be above min \(8\): the range cannot bracket a capacity$/,
  );
  await assertBadFlag(
    ["--capacity", "users", "--slo", "itl<=50", "--capacity-max", "8", "--concurrency", "2"],
    /^error: Cannot use --concurrency "2": the capacity search sets the load itself/,
  );
  await assertBadFlag(
    ["--capacity", "queue"],
    /^error: Cannot use --capacity "queue": expected one of/,
  );
  await assertBadFlag(["--think-time", "exp:-3"], /^error: Cannot use --think-time "exp:-3": /);
});

Deno.test("--think-time takes a number of ms as before, or a distribution", () => {
  assert.equal(thinkTimeFlag("250"), 250);
  assert.deepEqual(thinkTimeFlag("exp:3000,9000"), {
    distribution: "exponential",
    mean_ms: 3000,
    max_ms: 9000,
  });
});

Deno.test("bench --users with --slo runs users mode and judges every request and run", async () => {
  const r = await run([
    "--mock-server",
    "--users",
    "2",
    "--rounds",
    "1",
    "--duration",
    "0.5",
    "--think-time",
    "exp:20",
    "--slo",
    "ttft<=1000",
    "--slo",
    "itl:p99<=1000",
  ]);
  assert.equal(r.code, 0, r.errors.join("\n"));
  const run0 = r.summary!.runs[0];
  assert.deepEqual([run0.users, run0.concurrency, run0.request_rate], [2, null, null]);
  assert.equal(run0.slo?.attainment, 1);
  assert.equal(run0.goodput?.session_share, 1);
  assert.equal(run0.saturated, false);
  assert.deepEqual(r.summary!.config.think_time, { distribution: "exponential", mean_ms: 20 });
  assert.match(r.printed, /users 2/);
});

Deno.test("bench --capacity searches against the mock and prints the headline", async () => {
  const r = await run([
    "--mock-server",
    "--capacity",
    "users",
    "--capacity-max",
    "2",
    "--capacity-trials",
    "0",
    "--probe",
    "0.3",
    "--slo",
    "e2e<=60s",
  ]);
  assert.equal(r.code, 0, r.errors.join("\n"));
  const c = r.summary!.capacity!;
  // What the search decided follows from the probes it recorded. A 0.3 s probe on a machine
  // busy enough can miss its steady window or look saturated; the answer then moves down, and
  // these checks hold all the same.
  const probes = c.probes.map((p) =>
    `${p.load}: ${p.good ? "good" : "bad"} (meets ${p.meets}, saturated ${p.saturated})`
  );
  assert.ok(c.probes.length >= 1 && c.probes.length <= 2, probes.join("; "));
  assert.ok(c.probes.every((p) => p.load >= 1 && p.load <= 2), probes.join("; "));
  const good = c.probes.filter((p) => p.good).map((p) => p.load);
  assert.equal(c.capacity, good.length ? Math.max(...good) : null, probes.join("; "));
  assert.equal(c.status === "above_range", good.includes(2), probes.join("; "));
  assert.ok(r.printed.includes(c.headline), "the headline is printed");
  if (c.status === "above_range") {
    assert.match(
      c.headline,
      /capacity: at least 2 concurrent conversations \(the top of the range\) at p95 E2E ≤ 60000 ms/,
    );
  }
});
