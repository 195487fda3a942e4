/** @module End to end: pipelines/ab.yaml compares the mock with its prefix cache on and off. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { manifestOf, statuses } from "./_artifacts.ts";
import { assertNoStack, runPipelineCli, withDirs } from "./_helpers.ts";

interface Figure {
  id: string;
  verdict: string;
  low: number | null;
  high: number | null;
  method: string;
}

Deno.test("ab pipeline: matrixed mocks and sweeps with 3 trials each end in a compare stage that finds what the cache saves", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli("pipelines/ab.yaml", d, [], 120_000);
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r.stderr);
    const m = await manifestOf(r);
    assert.deepEqual(statuses(m), {
      "mock[cache_tokens=on]": "ran",
      "mock[cache_tokens=off]": "ran",
      "sweep[cache_tokens=on]": "ran",
      "sweep[cache_tokens=off]": "ran",
      compare: "ran",
    });
    const json = JSON.parse(
      await Deno.readTextFile(join(d.results, "ab", "compare", "compare.json")),
    );
    assert.equal(json.reference, "cache_tokens=on");
    assert.deepEqual(json.sweeps.map((s: { label: string }) => s.label), [
      "cache_tokens=on",
      "cache_tokens=off",
    ]);
    assert.deepEqual(json.sweeps.map((s: { config: { repeat: number } }) => s.config.repeat), [
      3,
      3,
    ]);
    assert.equal(json.groups.length, 2, "round 1 and round 2 at concurrency 4");
    for (const g of json.groups) {
      const [off] = g.against;
      assert.equal(off.method, "trials");
      const fig = (id: string) => off.figures.find((f: Figure) => f.id === id) as Figure;
      // Without a cache the mock serves no prefix: fewer hits and slower follow-ups, surely.
      assert.equal(fig("cache_hit_pct").verdict, "worse", JSON.stringify(fig("cache_hit_pct")));
      assert.ok(fig("cache_hit_pct").high! < 0);
      assert.equal(
        fig("ttft_followup_p50").verdict,
        "worse",
        JSON.stringify(fig("ttft_followup_p50")),
      );
      assert.ok(fig("ttft_followup_p50").low! > 0);
    }
    const md = await Deno.readTextFile(join(d.results, "ab", "compare", "compare.md"));
    assert.match(md, /^# turnbench A\/B: prefix cache on vs off \(mock\)$/m);
    assert.match(r.stderr, /\[compare\] cache_tokens=off against cache_tokens=on: \d+ worse/);
  });
});
