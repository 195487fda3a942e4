/** @module Tests of how runs are keyed and named: trace replay runs by their speed factor. */
import assert from "node:assert/strict";
import {
  compareLoads,
  loadKey,
  loadLabel,
  runIdOf,
  runKey,
} from "../../../src/report/load/run_key.ts";

Deno.test("a trace replay run is keyed and labelled by its speed, after the other modes", () => {
  const replay2 = { round: 1, concurrency: null, request_rate: null, trace_speed: 2 };
  const replay5 = { ...replay2, trace_speed: 5 };
  const conc = { round: 1, concurrency: 4, request_rate: null };
  const rate = { round: 1, concurrency: null, request_rate: 3 };
  assert.equal(loadLabel(replay2), "replay ×2");
  assert.notEqual(loadKey(replay2), loadKey(replay5));
  assert.notEqual(runKey(replay2), runKey({ ...replay2, round: 2 }));
  assert.deepEqual(runIdOf({ ...replay2, users: null }), replay2, "the speed is part of the id");
  assert.deepEqual(runIdOf(conc), conc, "other runs carry no trace_speed");
  assert.deepEqual(
    [replay5, rate, replay2, conc].sort(compareLoads).map(loadLabel),
    ["c=4", "3 req/s", "replay ×2", "replay ×5"],
  );
});
