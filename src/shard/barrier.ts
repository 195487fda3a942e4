/**
 * @module The start barrier that makes the shards of a run overlap in time, agreed through the
 * shared folder alone (no server, no network between shards).
 *
 * For each run every shard writes `ready-<index>.json` (atomically: temp file + rename) holding
 * its wall-clock time, then polls the folder until all N files are there or the timeout passes;
 * the run starts at `max(ready times) + margin`, which every shard computes alike from the same
 * files, so they start together up to their clocks' skew. A given `startAt` replaces the barrier
 * for the first run. A shard that arrives after the others left starts alone (the merge reports
 * the run as not overlapping).
 *
 * A cache reset must happen once, after every shard finished the previous run and before any
 * starts the next: shard 0 waits for the others' ready files first, resets, and only then writes
 * its own, so the common start (≥ its ready time + margin) comes after the reset.
 */
import { join } from "node:path";
import { readJsonFile } from "../io/json_file.ts";
import { writeTextAtomically } from "../io/atomic_write.ts";
import { sleep as abortableSleep } from "../io/sleep.ts";
import { z } from "zod";
import type { ShardId } from "./identity.ts";

const Ready = z.object({ index: z.number().int(), ready_at: z.number(), host: z.string() });

/** What a barrier needs; clock and sleep are injectable for tests. */
export interface BarrierOptions {
  /** The attempt's sync folder (`syncFolder(out, syncId)`). */
  dir: string;
  shard: ShardId;
  timeoutMs: number;
  marginMs: number;
  /** The first run's start (epoch ms), instead of the barrier. */
  startAt?: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/** How one run's start was agreed. */
export interface BarrierResult {
  /** The agreed start, epoch ms. */
  start: number;
  /** Shards whose ready file was seen. */
  seen: number[];
  /** True when the timeout passed before every shard was ready. */
  timedOut: boolean;
}

/** One shard's side of the start barrier, run after run. */
export class StartBarrier {
  #runs = 0;
  readonly #o: Required<Omit<BarrierOptions, "startAt" | "signal" | "log">> & BarrierOptions;

  constructor(o: BarrierOptions) {
    this.#o = { pollMs: 50, now: Date.now, sleep: abortableSleep, ...o };
  }

  /**
   * Waits until run `label` may start, then returns how the start was agreed.
   *
   * @param beforeReady called (shard 0 only) once every other shard is ready, before shard 0
   *   says it is: the run's cache reset
   */
  async wait(label: string, beforeReady?: (() => Promise<void>) | null): Promise<BarrierResult> {
    const o = this.#o;
    const dir = join(o.dir, label);
    await Deno.mkdir(dir, { recursive: true });
    const first = this.#runs++ === 0;
    const deadline = o.now() + o.timeoutMs;
    const others = [...Array(o.shard.count).keys()].filter((i) => i !== o.shard.index);
    let timedOut = false;
    if (beforeReady && o.shard.index === 0) {
      timedOut = !(await this.#poll(dir, others, deadline)).complete;
      await beforeReady();
    }
    await writeTextAtomically(
      join(dir, `ready-${o.shard.index}.json`),
      JSON.stringify({ index: o.shard.index, ready_at: o.now(), host: hostname() }) + "\n",
    );
    if (first && o.startAt !== undefined) {
      await o.sleep(o.startAt - o.now(), o.signal);
      return { start: o.startAt, seen: [o.shard.index], timedOut: false };
    }
    const polled = await this.#poll(dir, [...Array(o.shard.count).keys()], deadline);
    timedOut ||= !polled.complete;
    if (!polled.complete) {
      const missing = others.filter((i) => !polled.times.has(i));
      o.log?.(
        `${label}: shards ${missing.join(", ")} not ready after ${
          o.timeoutMs / 1000
        } s; starting without them`,
      );
    }
    const start = Math.max(...polled.times.values()) + o.marginMs;
    // Every ready time is in the past on synchronized clocks, so the wait is at most the margin;
    // a longer one would only be another machine's clock running ahead.
    await o.sleep(Math.min(start - o.now(), o.marginMs), o.signal);
    return { start, seen: [...polled.times.keys()].sort((a, b) => a - b), timedOut };
  }

  /** Polls until the ready files of `want` all exist, the deadline passes or the signal aborts. */
  async #poll(dir: string, want: number[], deadline: number) {
    const o = this.#o;
    const times = new Map<number, number>();
    while (true) {
      for (const i of want) {
        if (times.has(i)) continue;
        const ready = await readReady(join(dir, `ready-${i}.json`));
        if (ready) times.set(i, ready.ready_at);
      }
      const complete = want.every((i) => times.has(i));
      if (complete || o.now() >= deadline || o.signal?.aborted) return { times, complete };
      await o.sleep(Math.min(o.pollMs, deadline - o.now()), o.signal);
    }
  }
}

async function readReady(path: string): Promise<z.infer<typeof Ready> | null> {
  try {
    return await readJsonFile(path, Ready, "ready file");
  } catch {
    return null;
  }
}

function hostname(): string {
  try {
    return Deno.hostname();
  } catch {
    return "unknown";
  }
}
