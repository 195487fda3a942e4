/**
 * @module Child of the merge benchmark: merges a shard folder and prints, as one JSON line, the
 * merge's time and the process's peak resident memory (VmHWM), so the parent measures a clean
 * process.
 */
import { mergeShards } from "../../src/shard/merge.ts";

const t0 = performance.now();
const { records } = await mergeShards(Deno.args[0]);
const seconds = (performance.now() - t0) / 1000;
const status = await Deno.readTextFile("/proc/self/status").catch(() => "");
const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
console.log(JSON.stringify({ records, seconds, peakMiB: hwmKb / 1024 }));
