/**
 * @module Distributions a spec draws numbers from (message lengths, turns, think times): a fixed
 * value, uniform, normal or lognormal, each optionally clamped to `[min, max]`; sampled with an
 * injected seeded random source.
 */
import { z } from "zod";

const bound = z.number().nonnegative();

/**
 * A distribution: a plain number (fixed), or `{dist: "fixed", value}`,
 * `{dist: "uniform", min, max}` (inclusive), `{dist: "normal", mean, stddev}` or
 * `{dist: "lognormal", median, sigma}` (sigma of the log), the last two optionally clamped with
 * `min`/`max`.
 */
export const Distribution = z.union([
  bound,
  z.discriminatedUnion("dist", [
    z.strictObject({ dist: z.literal("fixed"), value: bound }),
    z.strictObject({ dist: z.literal("uniform"), min: bound, max: bound }),
    z.strictObject({
      dist: z.literal("normal"),
      mean: bound,
      stddev: bound,
      min: bound.optional(),
      max: bound.optional(),
    }),
    z.strictObject({
      dist: z.literal("lognormal"),
      median: z.number().positive(),
      sigma: bound,
      min: bound.optional(),
      max: bound.optional(),
    }),
  ]).check((ctx) => {
    const { min, max } = ctx.value as { min?: number; max?: number };
    if (min !== undefined && max !== undefined && min > max) {
      ctx.issues.push({
        code: "custom",
        message: `must be at least min (${min}), got ${max}`,
        input: max,
        path: ["max"],
      });
    }
  }),
]);
/** A distribution of non-negative numbers. */
export type Distribution = z.infer<typeof Distribution>;

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random(); // in (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Draws one number.
 *
 * @param dist the distribution
 * @param random a seeded source of numbers in [0, 1)
 * @param integer draw whole numbers (uniform over the integers of `[min, max]`, others rounded)
 * @returns a number ≥ 0, within the distribution's `min`/`max`
 * @example
 * ```ts
 * sample({ dist: "uniform", min: 2, max: 5 }, seededRandom(1), true); // 2, 3, 4 or 5
 * ```
 */
export function sample(dist: Distribution, random: () => number, integer = true): number {
  if (typeof dist === "number") return integer ? Math.round(dist) : dist;
  let x: number;
  switch (dist.dist) {
    case "fixed":
      return integer ? Math.round(dist.value) : dist.value;
    case "uniform": {
      if (integer) {
        const lo = Math.ceil(dist.min), hi = Math.floor(dist.max);
        return hi < lo ? Math.round(dist.min) : lo + Math.floor(random() * (hi - lo + 1));
      }
      return dist.min + random() * (dist.max - dist.min);
    }
    case "normal":
      x = dist.mean + dist.stddev * gaussian(random);
      break;
    case "lognormal":
      x = dist.median * Math.exp(dist.sigma * gaussian(random));
      break;
  }
  if (integer) x = Math.round(x);
  return Math.min(dist.max ?? Infinity, Math.max(dist.min ?? 0, x));
}

/** The distribution's mean, for summaries (clamping ignored). */
export function meanOf(dist: Distribution): number {
  if (typeof dist === "number") return dist;
  switch (dist.dist) {
    case "fixed":
      return dist.value;
    case "uniform":
      return (dist.min + dist.max) / 2;
    case "normal":
      return dist.mean;
    case "lognormal":
      return dist.median * Math.exp((dist.sigma * dist.sigma) / 2);
  }
}
