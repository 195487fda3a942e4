/** @module Tests of the shard identity: flags, a Job's index, a Slurm array, and bad values. */
import assert from "node:assert/strict";
import { parseShardLabel, resolveShard, shardLabel } from "../../src/shard/identity.ts";
import { UserError } from "../../src/util/errors.ts";

Deno.test("resolveShard takes flags first, then JOB_COMPLETION_INDEX, then the Slurm array", () => {
  const env = {
    JOB_COMPLETION_INDEX: "2",
    TURNBENCH_SHARD_COUNT: "4",
    SLURM_ARRAY_TASK_ID: "1",
    SLURM_ARRAY_TASK_COUNT: "3",
  };
  assert.deepEqual(resolveShard({ index: 0, count: 2 }, env), { index: 0, count: 2 });
  assert.deepEqual(resolveShard({}, env), { index: 2, count: 4 });
  assert.deepEqual(resolveShard({ count: 8 }, env), { index: 2, count: 8 });
  assert.deepEqual(
    resolveShard({}, { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "3" }),
    { index: 1, count: 3 },
  );
  assert.deepEqual(
    resolveShard({}, {
      SLURM_ARRAY_TASK_ID: "11",
      SLURM_ARRAY_TASK_MIN: "10",
      SLURM_ARRAY_TASK_COUNT: "2",
    }),
    { index: 1, count: 2 },
    "an array that starts at 10",
  );
  assert.equal(resolveShard({}, {}), null);
});

Deno.test("resolveShard refuses an index without a count, past the count, or not whole", () => {
  const bad = (
    flags: { index?: number; count?: number },
    env: Record<string, string>,
    re: RegExp,
  ) =>
    assert.throws(
      () => resolveShard(flags, env),
      (e) => e instanceof UserError && e.exitCode === 2 && re.test(e.message),
    );
  bad({}, { JOB_COMPLETION_INDEX: "1" }, /"JOB_COMPLETION_INDEX" gives an index but no count/);
  bad({ index: 4, count: 4 }, {}, /Cannot be shard "4" of "4"/);
  bad(
    {},
    { JOB_COMPLETION_INDEX: "x", TURNBENCH_SHARD_COUNT: "2" },
    /"JOB_COMPLETION_INDEX" "x": not a whole number/,
  );
});

Deno.test("shard labels read back, and only well-formed ones", () => {
  assert.equal(shardLabel({ index: 2, count: 4 }), "2-of-4");
  assert.deepEqual(parseShardLabel("2-of-4"), { index: 2, count: 4 });
  assert.equal(parseShardLabel("4-of-4"), null);
  assert.equal(parseShardLabel("sync"), null);
});
