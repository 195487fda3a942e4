/** @module One turn of a session: build the prompt, send it, measure it, grow the history. */
import type { RequestRecord } from "../results/record.ts";
import { type ChatResult, sendChat } from "./chat_request.ts";
import type { CacheObserver } from "./cache_observer.ts";
import type { Conversation, PromptPlan } from "./conversation.ts";
import { countText } from "./tokens.ts";
import {
  type ExactOutputFields,
  lengthFields,
  requestedOutputTokens,
  stoppedEarly,
} from "./output_lengths.ts"; // issue 14

/** What every request of a run shares. */
export interface TurnSettings {
  endpoint: string;
  model: string;
  apiKey?: string;
  maxOutputTokens: number;
  timeoutMs: number;
  round: number;
  concurrency: number | null;
  requestRate: number | null;
  /** Prefix of the `x-request-id` of this run's requests. */
  requestIdPrefix: string;
  signal?: AbortSignal;
  /** Users mode: the run's concurrent conversations (recorded as `users`). */
  users?: number | null;
  /** A capacity search's trial, or a repeated sweep's (recorded as `trial`); default 0. */
  trial?: number;
  /** Expected-cache bookkeeping of the sweep (issue 12); none: no expected_cached_tokens. */
  cache?: CacheObserver;
  /** Issue 14: the fields that ask for an exact answer length (src/client/output_lengths.ts). */
  exactOutput?: ExactOutputFields;
}

/** One finished request with what produced it (for saved bodies and debug logs). */
export interface TurnOutcome {
  record: RequestRecord;
  body: string;
  plan: PromptPlan;
  result: ChatResult;
}

let sequence = 0;

/**
 * Runs user message `turn` of a conversation: builds the prompt (history cut to fit), sends it
 * streamed with usage requested, and on success appends the answer to the history. A failed turn
 * appends nothing; the caller goes on with the next turn. A turn with tool steps is several
 * requests (src/client/turn_requests.ts): only the last one's answer is appended.
 *
 * @param queueWaitMs time the request waited past its scheduled send time (rate mode), else null
 * @param step issue 14: the request's place in its turn, after `step` replayed tool steps
 * @returns the request record and what produced it
 * @example
 * ```ts
 * const { record } = await runTurn(settings, conv, "sess-1", 0, null);
 * ```
 */
export async function runTurn(
  s: TurnSettings,
  conv: Conversation,
  sessionId: string,
  turn: number,
  queueWaitMs: number | null,
  step = 0,
): Promise<TurnOutcome> {
  // Counting (and the expected cache) happen here, before sendChat starts the request's clock.
  const plan = await conv.prompt(turn, step);
  const expected = s.cache ? s.cache.beforeSend(sessionId, plan.ids) : null;
  const prepared = conv.prepared;
  const last = step >= prepared.toolSteps.count(turn); // issue 14: the turn's answer
  const requested = requestedOutputTokens(prepared, turn, step, s.maxOutputTokens);
  const exact = s.exactOutput ?? "none";
  const body = JSON.stringify({
    model: s.model,
    messages: plan.messages,
    ...(prepared.session.tools ? { tools: prepared.session.tools } : {}),
    ...lengthFields(requested, exact),
    stream: true,
    stream_options: { include_usage: true },
  });
  const requestId = `${s.requestIdPrefix}-${++sequence}`;
  const result = await sendChat({
    endpoint: s.endpoint,
    body,
    requestId,
    apiKey: s.apiKey,
    timeoutMs: s.timeoutMs,
    signal: s.signal,
  });
  const usage = result.usage;
  const usedOutput = usage?.completionTokens ?? null;
  const outputTokens = usedOutput ?? countText(result.text);
  if (result.ok && last) conv.append(turn, result.text);
  s.cache?.afterAnswer({
    sessionId,
    turnIndex: turn,
    toolStep: step,
    ids: plan.ids,
    ok: result.ok,
    clientPromptTokens: plan.contextTokens,
    serverPromptTokens: usage?.promptTokens ?? null,
    cachedTokens: usage?.cachedTokens ?? null,
  });
  const record: RequestRecord = {
    round: s.round,
    concurrency: s.concurrency,
    request_rate: s.requestRate,
    session_id: sessionId,
    turn_index: turn,
    request_id: requestId,
    started_at: ms(result.startedAt),
    queue_wait_ms: queueWaitMs === null ? null : ms(queueWaitMs),
    ttft_ms: result.ttftMs === null ? null : ms(result.ttftMs),
    e2e_ms: result.e2eMs === null ? null : ms(result.e2eMs),
    itl_ms: result.itlMs.map(ms),
    tpot_ms: result.ok && result.ttftMs !== null && result.e2eMs !== null && outputTokens > 1
      ? ms((result.e2eMs - result.ttftMs) / (outputTokens - 1))
      : null,
    output_tokens: outputTokens,
    output_tokens_source: usedOutput === null ? "counted" : "usage",
    prompt_tokens: usage?.promptTokens ?? plan.contextTokens,
    prompt_tokens_source: usage?.promptTokens == null ? "counted" : "usage",
    cached_tokens: usage?.cachedTokens ?? null,
    context_tokens: plan.contextTokens,
    history_truncated: plan.droppedTurns > 0,
    dropped_turns: plan.droppedTurns,
    message_truncated: plan.messageTruncated,
    finish_reason: result.finishReason,
    ok: result.ok,
    http_status: result.httpStatus,
    error: result.error,
    error_kind: result.errorKind,
    shard: null,
    users: s.users ?? null,
    replay: 0,
    trial: s.trial ?? 0,
    slo_met: null,
    token_source: conv.tokenSource,
    client_prompt_tokens: plan.contextTokens,
    expected_cached_tokens: expected,
    // ── issue 14 ──
    tool_step: step,
    tool_calls_sent: prepared.toolSteps.callsBefore(turn, step),
    tool_calls: result.toolCalls,
    requested_output_tokens: requested,
    stopped_early: stoppedEarly(exact, result.ok, outputTokens, requested),
    trace_speed: null,
    due_at: null,
  };
  return { record, body, plan, result };
}

/** Rounds a time to microseconds, keeping records short. */
function ms(x: number): number {
  return Math.round(x * 1000) / 1000;
}
