/** @module Tests of exact percentiles over samples kept on disk: the same summary as in memory. */
import assert from "node:assert/strict";
import { summarize } from "../../src/stats/distribution.ts";
import { SpilledSamples } from "../../src/stats/spilled_samples.ts";
import { seededRandom } from "../../src/io/random.ts";

function spilled(dir: string, values: readonly number[]) {
  const s = new SpilledSamples(dir);
  try {
    for (const v of values) s.push(v);
    return s.distribution();
  } finally {
    s.close();
  }
}

Deno.test("spilled samples summarize exactly as summarize does in memory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rand = seededRandom(3);
    const cases: Record<string, number[]> = {
      uniform: Array.from({ length: 30_000 }, () => rand() * 1000),
      "heavy tail": Array.from({ length: 40_000 }, () => Math.exp(2 + 3 * rand() ** 4)),
      "four gaps repeated (an ITL column)": Array.from(
        { length: 90_000 },
        (_, i) => [9.5, 10.25, 11, 9.75][i % 4],
      ),
      // More values than one bucket collects: the search splits it by the next bits, to the last.
      "one narrow bucket": Array.from({ length: 80_000 }, () => 100 + rand() * 1e-9),
      "all equal": Array.from({ length: 70_000 }, () => 42.125),
      "signs and zeros": [3, -0, 0, -2.5, 1e-300, -1e300, 7],
      "one value": [12],
      "zeros of both signs": [0, -0, 0],
      "negative zero then zero": [-0, 0],
    };
    for (const [name, values] of Object.entries(cases)) {
      assert.deepEqual(spilled(dir, values), summarize(values), name);
    }
    assert.equal(spilled(dir, []), null);
    assert.deepEqual([...Deno.readDirSync(dir)], [], "close removed every spill file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("spilled samples do not depend on the order they arrive in", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rand = seededRandom(11);
    const values = Array.from({ length: 20_001 }, () => 20 + rand() * rand() * 500);
    const shuffled = [...values].sort(() => rand() - 0.5);
    assert.deepEqual(spilled(dir, shuffled), spilled(dir, values));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
