/** @module `deno task bench --repeat`: passed to the sweep, refused with a capacity search. */
import assert from "node:assert/strict";
import { bench } from "../../src/cli/bench_run.ts";
import { UserError } from "../../src/util/errors.ts";

Deno.test("bench refuses --repeat with --capacity, which repeats itself with --capacity-trials", async () => {
  await assert.rejects(
    bench({
      dataset: "examples/example_dataset.json",
      endpoint: "http://127.0.0.1:1/v1/chat/completions",
      repeat: 2,
      capacity: { max: 8 },
      output_dir: "unused",
      debug_log_dir: "unused",
    }),
    (e: Error) =>
      e instanceof UserError && e.exitCode === 2 &&
      e.message ===
        'Cannot use --repeat "2": a capacity search repeats itself: use --capacity-trials',
  );
});

Deno.test("bench checks --repeat like every sweep option before anything runs", async () => {
  await assert.rejects(
    bench({
      dataset: "examples/example_dataset.json",
      endpoint: "http://127.0.0.1:1/v1/chat/completions",
      repeat: 0,
      output_dir: "unused",
      debug_log_dir: "unused",
    }),
    (e: Error) =>
      e instanceof UserError && e.exitCode === 2 && /^Cannot use --repeat "0"/.test(e.message),
  );
});
