/**
 * @module The answer length each request asks for (`max_tokens`, and the fields that make a
 * server keep to it), and whether the server kept to it (`stopped_early`).
 *
 * `max_tokens` is the session's `turns[i].output_tokens` when it has one (synthesized sessions,
 * Mooncake traces), else `max_output_tokens`; a tool step's request (src/client/tool_steps.ts)
 * asks for the length of the assistant message the recording had there (its calls as the prompt
 * renders them). Always capped at `max_output_tokens`, which the context budget reserves.
 *
 * A model stops at its end-of-sequence token whenever it likes, so `max_tokens` alone is only a
 * ceiling. vLLM takes `min_tokens` (no EOS before it) and `ignore_eos`; with `min_tokens` =
 * `max_tokens` the answer is exactly that long. `exact_output_tokens` chooses: `false` (the
 * default) sends `max_tokens` only, which every OpenAI-compatible server takes; `true` adds
 * `min_tokens` and `ignore_eos`; `"auto"` asks the server what it is (src/servers/detect.ts) and
 * sends what that kind takes ({@linkcode EXACT_OUTPUT_BY_SERVER}). With an exact length asked,
 * a successful answer shorter than it is flagged `stopped_early` (a server that ignored the
 * fields, or a stop string); without, `stopped_early` is null: a short answer is the model's
 * choice.
 */
import type { ServerKind } from "../servers/profiles.ts";
import type { PreparedSession } from "./conversation.ts";

/** Which length fields go with `max_tokens`. */
export type ExactOutputFields = "min_tokens+ignore_eos" | "ignore_eos" | "none";

/** The `exact_output_tokens` setting. */
export type ExactOutputSetting = boolean | "auto";

/**
 * What each server kind takes: vLLM (and LMCache on it), SGLang and the mock take both fields;
 * llama.cpp's server takes `ignore_eos` (with `max_tokens` as `n_predict` that is exact); an
 * unknown server gets none (OpenAI's API refuses unknown fields).
 */
export const EXACT_OUTPUT_BY_SERVER: Readonly<Record<ServerKind, ExactOutputFields>> = {
  vllm: "min_tokens+ignore_eos",
  lmcache: "min_tokens+ignore_eos",
  sglang: "min_tokens+ignore_eos",
  mock: "min_tokens+ignore_eos",
  llamacpp: "ignore_eos",
  generic: "none",
};

/**
 * The fields a setting sends.
 *
 * @param kind the detected server kind, for `"auto"`
 * @example
 * ```ts
 * exactOutputFields("auto", "llamacpp"); // "ignore_eos"
 * ```
 */
export function exactOutputFields(
  setting: ExactOutputSetting,
  kind: ServerKind = "generic",
): ExactOutputFields {
  if (setting === true) return "min_tokens+ignore_eos";
  if (setting === false) return "none";
  return EXACT_OUTPUT_BY_SERVER[kind];
}

/**
 * The `max_tokens` of request `step` of user message `turn` (see the module comment).
 *
 * @example
 * ```ts
 * requestedOutputTokens(prepared, 0, 0, 512); // turns[0].output_tokens, at most 512
 * ```
 */
export function requestedOutputTokens(
  prepared: PreparedSession,
  turn: number,
  step: number,
  maxOutputTokens: number,
): number {
  const wanted = prepared.toolSteps.recordedCallTokens(turn, step) ??
    prepared.session.turns?.[turn]?.output_tokens ?? maxOutputTokens;
  return Math.max(1, Math.min(wanted, maxOutputTokens));
}

/**
 * The body fields asking for `tokens` output tokens.
 *
 * @example
 * ```ts
 * lengthFields(120, "min_tokens+ignore_eos"); // { max_tokens: 120, min_tokens: 120, ignore_eos: true }
 * ```
 */
export function lengthFields(tokens: number, fields: ExactOutputFields): Record<string, unknown> {
  switch (fields) {
    case "min_tokens+ignore_eos":
      return { max_tokens: tokens, min_tokens: tokens, ignore_eos: true };
    case "ignore_eos":
      return { max_tokens: tokens, ignore_eos: true };
    case "none":
      return { max_tokens: tokens };
  }
}

/**
 * Whether a server stopped before the exact length asked: null when none was asked or the
 * request failed; else whether it answered fewer tokens (finish `stop`, `length` or
 * `tool_calls` alike).
 *
 * @example
 * ```ts
 * stoppedEarly("ignore_eos", true, 40, 120); // true
 * ```
 */
export function stoppedEarly(
  fields: ExactOutputFields,
  ok: boolean,
  outputTokens: number,
  requested: number,
): boolean | null {
  if (fields === "none" || !ok) return null;
  return outputTokens < requested;
}
