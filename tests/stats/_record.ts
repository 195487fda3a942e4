/** @module A request record for stats tests, with issue 12's fields set. */
import { RequestRecord } from "../../src/results/record.ts";

/** An ok record of 100 prompt tokens (usage), counted 100 by gpt, overridable (other fields: defaults). */
export function rec(over: Partial<RequestRecord>): RequestRecord {
  return RequestRecord.parse({
    round: 1,
    concurrency: 2,
    request_rate: null,
    session_id: "s",
    turn_index: 0,
    request_id: null,
    started_at: 0,
    queue_wait_ms: null,
    ttft_ms: 100,
    e2e_ms: 500,
    itl_ms: [],
    tpot_ms: null,
    output_tokens: 10,
    output_tokens_source: "usage",
    prompt_tokens: 100,
    prompt_tokens_source: "usage",
    cached_tokens: 0,
    context_tokens: 100,
    history_truncated: false,
    dropped_turns: 0,
    message_truncated: false,
    finish_reason: "stop",
    ok: true,
    http_status: 200,
    error: null,
    error_kind: null,
    token_source: "gpt",
    client_prompt_tokens: 100,
    expected_cached_tokens: 0,
    ...over,
  });
}
