/**
 * @module The sweep options of issue 14 (`exact_output_tokens`, `replay`) turned into what every
 * request takes and what the summary's config records, checked before anything is sent.
 */
import type { SweepConfig } from "../results/summary.ts";
import { detectServer } from "../servers/detect.ts";
import type { ServerKind } from "../servers/profiles.ts";
import type { PreparedSession } from "./conversation.ts";
import type { SweepOptions } from "./options.ts";
import { type ExactOutputFields, exactOutputFields } from "./output_lengths.ts";
import { traceOrigin } from "./run_replay.ts";

/** The parts of the options read here. */
export type WorkloadOptions = Pick<
  SweepOptions,
  "exact_output_tokens" | "replay" | "endpoint" | "api_key"
>;

/** What each request takes from them. */
export interface WorkloadSettings {
  exactOutput: ExactOutputFields;
}

/**
 * Resolves the options: `exact_output_tokens: "auto"` uses the server's kind (`kind`, the sweep's
 * server profile, else detected from `/v1/models` and `/metrics`); with `replay`, every session
 * must have a trace time.
 *
 * @throws {UserError} (exit 2) naming a session without `turns[0].timestamp_ms` under `replay`
 * @example
 * ```ts
 * const { exactOutput } = await workloadSettings(options, sessions);
 * ```
 */
export async function workloadSettings(
  o: WorkloadOptions,
  sessions: readonly PreparedSession[],
  kind?: ServerKind,
): Promise<WorkloadSettings> {
  if (o.replay) traceOrigin(sessions); // every session has a trace time
  if (o.exact_output_tokens === "auto" && kind === undefined) {
    kind = (await detectServer(o.endpoint, { apiKey: o.api_key })).kind;
  }
  return { exactOutput: exactOutputFields(o.exact_output_tokens, kind) };
}

/**
 * The config fields a summary records for them; none for a sweep that uses neither, so its
 * summary.json stays as it was.
 */
export function workloadConfig(o: WorkloadOptions, w: WorkloadSettings): Partial<SweepConfig> {
  return {
    ...(w.exactOutput !== "none" ? { exact_output: w.exactOutput } : {}),
    ...(o.replay ? { replay_speeds: o.replay.speed } : {}),
  };
}
