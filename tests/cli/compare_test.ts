/** @module `deno task compare` as a user runs it: files written, exit codes of bad input. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../e2e/_helpers.ts";
import { withTempDir } from "../report/helpers.ts";
import { writeTrialSweep } from "../report/_trial_sweeps.ts";

const CLI = "src/cli/compare.ts";

Deno.test("compare writes compare.md, .html and .json and prints the verdicts", async () => {
  await withTempDir(async (dir) => {
    const a = await writeTrialSweep(join(dir, "a"), { trials: [1, 1, 1] });
    const b = await writeTrialSweep(join(dir, "b"), { trials: [1.3, 1.3, 1.3], seed: 2 });
    const out = join(dir, "out");
    const r = await runCli(CLI, [
      a,
      b,
      "--label",
      "old",
      "--label",
      "new",
      "--out",
      out,
      "--iterations",
      "500",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout.trim().split("\n"),
      ["compare.md", "compare.html", "compare.json"].map((f) => join(out, f)),
    );
    assert.match(r.stderr, /^new against old: \d+ worse \(TTFT p50, first turn R1 c=4/m);
    const json = JSON.parse(await Deno.readTextFile(join(out, "compare.json")));
    assert.equal(json.made.iterations, 500);
  });
});

Deno.test("compare exits 2 on bad arguments and 1 on an unreadable folder, with one line", async () => {
  await withTempDir(async (dir) => {
    const a = await writeTrialSweep(join(dir, "a"), { trials: [1] });
    const cases: Array<[string[], number, RegExp]> = [
      [[a], 2, /^error: Cannot compare 1 sweep\(s\): give two or more$/],
      [
        [a, a, "--confidence", "2"],
        2,
        /^error: Cannot use --confidence "2": expected a number between 0 and 1$/,
      ],
      [
        [a, a, "--iterations", "0"],
        2,
        /^error: Cannot use --iterations "0": expected a whole number ≥ 1$/,
      ],
      [
        [a, a, "--label", "x"],
        2,
        /^error: Cannot use 1 label\(s\) for 2 sweeps: give one per sweep$/,
      ],
      [
        [a, join(dir, "nope"), "--out", join(dir, "o")],
        1,
        /^error: Cannot read results folder ".*nope": not found$/,
      ],
      [[a, a, "--out", a], 2, /^error: Cannot write the comparison into the results folder/],
    ];
    for (const [args, code, line] of cases) {
      const r = await runCli(CLI, args);
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr.trim(), line);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });
});
