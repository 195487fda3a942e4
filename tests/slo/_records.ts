/** @module A request record builder for the SLO and capacity tests. */
import { RequestRecord } from "../../src/results/record.ts";

/** A successful record with sensible defaults (the schema's for fields not named), overridden by `over`. */
export function record(over: Partial<RequestRecord> = {}): RequestRecord {
  return RequestRecord.parse({
    round: 1,
    concurrency: 2,
    request_rate: null,
    session_id: "s",
    turn_index: 1,
    request_id: null,
    started_at: 0,
    queue_wait_ms: null,
    ttft_ms: 100,
    e2e_ms: 500,
    itl_ms: [10, 20],
    tpot_ms: 20,
    output_tokens: 21,
    output_tokens_source: "usage",
    prompt_tokens: 100,
    prompt_tokens_source: "usage",
    cached_tokens: null,
    context_tokens: 100,
    history_truncated: false,
    dropped_turns: 0,
    message_truncated: false,
    finish_reason: "stop",
    ok: true,
    http_status: 200,
    error: null,
    error_kind: null,
    users: null,
    replay: 0,
    trial: 0,
    slo_met: null,
    token_source: null,
    client_prompt_tokens: null,
    expected_cached_tokens: null,
    ...over,
  });
}

/** A failed record (HTTP 500, nothing measured). */
export function failed(over: Partial<RequestRecord> = {}): RequestRecord {
  return record({
    ok: false,
    ttft_ms: null,
    e2e_ms: null,
    itl_ms: [],
    tpot_ms: null,
    output_tokens: 0,
    http_status: 500,
    error: "HTTP 500",
    error_kind: "http_5xx",
    ...over,
  });
}
