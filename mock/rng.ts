/** @module A small seeded random source and the output-length draw. */
import type { OutputConfig } from "./config.ts";
import type { z } from "zod";
import { mulberry32 } from "../src/io/random.ts";

/**
 * A seeded uniform source in [0, 1) (src/io/random.ts's mulberry32, started from the raw seed):
 * the same seed gives the same sequence.
 */
export class Rng {
  readonly #random: () => number;

  constructor(seed: number = Math.floor(Math.random() * 2 ** 32)) {
    this.#random = mulberry32(seed);
  }

  /** The next uniform number in [0, 1). */
  next(): number {
    return this.#random();
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** A uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

/**
 * Draws an output length from the configured distribution, rounded and clamped to [min, max]
 * (`fixed` is exactly `mean`, unclamped).
 * `lognormal` takes `mean`/`stddev` of the length itself (not of its log).
 *
 * @example
 * ```ts
 * drawLength({ distribution: "fixed", mean: 64, stddev: 0, min: 1, max: 1024 }, new Rng(1)); // 64
 * ```
 */
export function drawLength(cfg: z.infer<typeof OutputConfig>, rng: Rng): number {
  let x: number;
  switch (cfg.distribution) {
    case "fixed":
      return Math.max(1, Math.round(cfg.mean));
    case "uniform":
      x = rng.int(cfg.min, Math.max(cfg.min, cfg.max));
      break;
    case "normal":
      x = cfg.mean + cfg.stddev * rng.normal();
      break;
    case "lognormal": {
      const s2 = Math.log(1 + (cfg.stddev / cfg.mean) ** 2);
      x = Math.exp(Math.log(cfg.mean) - s2 / 2 + Math.sqrt(s2) * rng.normal());
      break;
    }
    case "exponential":
      x = -cfg.mean * Math.log(1 - rng.next());
      break;
  }
  return Math.min(Math.max(Math.round(x), cfg.min), Math.max(cfg.min, cfg.max));
}
