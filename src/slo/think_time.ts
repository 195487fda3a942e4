/**
 * @module Think time between a conversation's turns: fixed, exponential or lognormal, seeded.
 *
 * A draw depends only on (seed, session key, turn), never on the order the runner asks in, so
 * every probe of a capacity search and every load level of a sweep gives the same conversation
 * the same pauses. The lognormal is given by its median and 90th percentile (what one reads off
 * a trace of user reply times: "half reply within 5 s, nine in ten within 20 s"); then
 * σ = ln(p90 / median) / z₀.₉ with z₀.₉ = 1.2816, and its mean is median · e^(σ²/2).
 * An optional `max_ms` caps the random shapes' long tails.
 */
import { z } from "zod";
import { seededRandom } from "../io/random.ts";
import { UserError } from "../util/errors.ts";

const ms = z.number().min(0);
const positive = z.number().positive();

/** The 90th percentile of the standard normal distribution. */
export const Z90 = 1.2815515655446004;

/** A think-time distribution; a bare number is a fixed pause in ms. */
export const ThinkTime = z.preprocess(
  (v) => (typeof v === "number" ? { distribution: "fixed", ms: v } : v),
  z.discriminatedUnion("distribution", [
    z.strictObject({ distribution: z.literal("fixed"), ms }),
    z.strictObject({
      distribution: z.literal("exponential"),
      mean_ms: positive,
      max_ms: ms.optional(),
    }),
    z.strictObject({
      distribution: z.literal("lognormal"),
      median_ms: positive,
      p90_ms: positive,
      max_ms: ms.optional(),
    }).refine((l) => l.p90_ms >= l.median_ms, {
      path: ["p90_ms"],
      message: "must be at least median_ms",
    }),
  ]),
);

/** A validated think-time distribution. */
export type ThinkTime = z.infer<typeof ThinkTime>;

/** The mean pause of a distribution, ms (before any `max_ms` cap). */
export function meanThinkTimeMs(t: ThinkTime): number {
  if (t.distribution === "fixed") return t.ms;
  if (t.distribution === "exponential") return t.mean_ms;
  const sigma = Math.log(t.p90_ms / t.median_ms) / Z90;
  return t.median_ms * Math.exp((sigma * sigma) / 2);
}

/** 32-bit FNV-1a of a string, mixed with a seed. */
function hash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ Math.imul(Math.trunc(seed) | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Draws think times: the same (seed, key, turn) always gives the same pause.
 *
 * @example
 * ```ts
 * const think = new ThinkTimeSampler(ThinkTime.parse({ distribution: "exponential", mean_ms: 3000 }), 7);
 * think.draw("sharegpt-42", 1); // ms to wait before turn 1 of that session
 * ```
 */
export class ThinkTimeSampler {
  constructor(readonly spec: ThinkTime, readonly seed = 0) {}

  /** The pause before turn `turn` (≥ 1) of the conversation `key`, ms. */
  draw(key: string, turn: number): number {
    const t = this.spec;
    if (t.distribution === "fixed") return t.ms;
    const rand = seededRandom(hash(this.seed, `${key}\u0000${turn}`));
    let value: number;
    if (t.distribution === "exponential") value = -t.mean_ms * Math.log(1 - rand());
    else {
      // Box–Muller: one standard normal from two uniforms (1 − u keeps the log finite).
      const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      value = t.median_ms * Math.exp((Math.log(t.p90_ms / t.median_ms) / Z90) * z);
    }
    return t.max_ms === undefined ? value : Math.min(value, t.max_ms);
  }
}

/**
 * Parses a `--think-time` value: `2000` or `fixed:2000`, `exponential:<mean>[,<max>]` (or
 * `exp:`), `lognormal:<median>,<p90>[,<max>]`, all in ms.
 *
 * @throws {UserError} exit code 2: `Cannot parse --think-time "x": expected …`
 * @example
 * ```ts
 * thinkTimeFromFlag("lognormal:2000,8000"); // { distribution: "lognormal", median_ms: 2000, p90_ms: 8000 }
 * ```
 */
export function thinkTimeFromFlag(value: string): ThinkTime {
  const fail = (detail: string) =>
    new UserError(`Cannot parse --think-time "${value}": ${detail}`, { exitCode: 2 });
  const [kind, args = ""] = value.includes(":") ? value.split(":", 2) : ["fixed", value];
  const nums = args.split(",").map((a) => a.trim() === "" ? NaN : Number(a));
  if (nums.some((n) => !Number.isFinite(n))) {
    throw fail(
      "expected fixed:<ms>, exponential:<mean>[,<max>] or lognormal:<median>,<p90>[,<max>]",
    );
  }
  const shape = (n: number) => {
    if (nums.length < n || nums.length > n + 1) {
      throw fail(`"${kind}" takes ${n} or ${n + 1} numbers`);
    }
  };
  let input: Record<string, unknown>;
  if (kind === "fixed") {
    if (nums.length !== 1) throw fail(`"fixed" takes one number`);
    input = { distribution: "fixed", ms: nums[0] };
  } else if (kind === "exponential" || kind === "exp") {
    shape(1);
    input = { distribution: "exponential", mean_ms: nums[0], max_ms: nums[1] };
  } else if (kind === "lognormal") {
    shape(2);
    input = { distribution: "lognormal", median_ms: nums[0], p90_ms: nums[1], max_ms: nums[2] };
  } else throw fail(`unknown distribution "${kind}" (fixed, exponential, lognormal)`);
  const parsed = ThinkTime.safeParse(
    Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  );
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw fail(
    `${issue.path.join(".")} ${
      issue.message.replace(/^Too small: expected number to be /, "must be ")
    }`,
  );
}
