/** @module Tests of the comparison model against sweeps of in-process mocks (127.0.0.1, port 0). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildCompareModel, defaultLabels } from "../../src/compare/model.ts";
import type { MockConfigInput } from "../../mock/config.ts";
import { UserError } from "../../src/util/errors.ts";
import { sweepMocks } from "./_mock_sweeps.ts";

/** A mock whose TTFT is `ttft` ms, with a little jitter and fixed-length answers. */
const mock = (ttft: number): MockConfigInput => ({
  seed: 7,
  latency: { ttft_ms: ttft, itl_ms: 2, jitter_ms: 1 },
  output: { distribution: "fixed", mean: 16, min: 16, max: 16 },
});

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-compare-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a mock 20% slower to first token is worse, its interval excluding zero; the faster one better", async () => {
  await withDir(async (dir) => {
    // 200 against 240 ms: the 40 ms apart stay far above what a loaded machine adds to a TTFT
    // (`deno task test:stress` runs this with both cores busy), so the verdict is the mocks'.
    const [fast, slow] = await sweepMocks(dir, {
      mocks: [mock(200), mock(240)],
      sweep: { repeat: 3, concurrency: [8] },
    });
    const m = await buildCompareModel({ results: [fast, slow], labels: ["fast", "slow"] });
    assert.equal(m.groups.length, 1);
    const [against] = m.groups[0].against;
    assert.equal(against.comparison.method, "trials");
    assert.deepEqual(against.comparison.trials, { a: 3, b: 3 });
    assert.equal(against.comparison.sessions.paired, 16);
    for (const id of ["ttft_first_p50", "ttft_followup_p50"]) {
      const f = against.figures.find((x) => x.id === id)!;
      assert.equal(f.verdict, "worse", `${id}: ${f.change} [${f.low}, ${f.high}]`);
      assert.ok(f.low! > 0, `${id}: interval [${f.low}, ${f.high}] excludes zero`);
      assert.ok(f.change! > 10 && f.change! < 30, `${id}: change ${f.change}% near +20%`);
    }
    const back = await buildCompareModel({
      results: [fast, slow],
      labels: ["fast", "slow"],
      reference: "slow",
    });
    const first = back.groups[0].against[0].figures.find((x) => x.id === "ttft_first_p50")!;
    assert.equal(back.reference.label, "slow");
    assert.equal(first.verdict, "better", "direction-aware: the faster mock is better");
    assert.ok(first.high! < 0);
  });
});

Deno.test("a sweep compared with itself changes by zero everywhere, with no difference called", async () => {
  await withDir(async (dir) => {
    const [a] = await sweepMocks(dir, { mocks: [mock(20)], sweep: { repeat: 3 } });
    const m = await buildCompareModel({ results: [a, a], labels: ["a", "again"], seed: 5 });
    const figures = m.groups[0].against[0].figures;
    assert.ok(figures.length >= 8);
    for (const f of figures) {
      assert.equal(f.change, 0, f.id);
      assert.ok(f.verdict === "same" || f.verdict === "unknown", `${f.id}: ${f.verdict}`);
    }
    assert.deepEqual(m.warnings, [], "same settings, same sessions");
    const again = await buildCompareModel({ results: [a, a], labels: ["a", "again"], seed: 5 });
    assert.deepEqual(
      again.groups[0].against[0].figures.map((f) => [f.low, f.high]),
      figures.map((f) => [f.low, f.high]),
      "deterministic for a seed",
    );
  });
});

Deno.test("comparing sweeps of other settings warns with each difference, and one trial says so", async () => {
  await withDir(async (dir) => {
    const [a] = await sweepMocks(join(dir), { mocks: [mock(20)], sessions: 8 });
    await Deno.mkdir(join(dir, "b"));
    const [b] = await sweepMocks(join(dir, "b"), {
      mocks: [mock(20)],
      sessions: 10,
      sweep: { max_output_tokens: 12 },
    });
    const m = await buildCompareModel({ results: [a, b], labels: ["a", "b"] });
    const settings = m.warnings.find((w) => w.startsWith("b differs from a in settings"))!;
    assert.match(settings, /dataset_digest "[0-9a-f]{12}…" \(a: "[0-9a-f]{12}…"\)/);
    assert.match(settings, /max_output_tokens "12" \(a: "16"\)/);
    assert.match(settings, /the sessions may not be the same/);
    assert.doesNotMatch(settings, /endpoint/, "the endpoint is what an A/B varies");
    assert.ok(m.warnings.some((w) => /share 8 session\(s\); 0 only in a and 2 only in b/.test(w)));
    assert.ok(m.warnings.some((w) => /without repeat ≥ 2 on both/.test(w)));
    assert.equal(m.groups[0].against[0].comparison.method, "sessions");
    assert.equal(m.groups[0].against[0].comparison.sessions.paired, 8);
  });
});

Deno.test("compare options are checked before anything is read", async () => {
  const bad = async (o: Parameters<typeof buildCompareModel>[0], re: RegExp) =>
    await assert.rejects(
      buildCompareModel(o),
      (e: Error) => e instanceof UserError && re.test(e.message),
    );
  await bad({ results: ["a"] }, /^Cannot compare 1 sweep\(s\): give two or more$/);
  await bad({ results: ["a", "b"], labels: ["x"] }, /give one per sweep/);
  await bad({ results: ["a", "b"], labels: ["x", "x"] }, /^Cannot use label "x" twice/);
  await bad(
    { results: ["a", "b"], reference: "c" },
    /^Cannot use reference "c": no sweep has that label \(a, b\)$/,
  );
  assert.deepEqual(defaultLabels(["runs/x/", "y/x", "z"]), ["x#1", "x#2", "z"]);
});
