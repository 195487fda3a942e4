/** @module A request record for stats tests, with issue 12's fields set. */
import type { RequestRecord } from "../../src/results/record.ts";
import { record } from "../slo/_records.ts";

/** An ok record of 100 prompt tokens (usage), counted 100 by gpt, overridable (other fields: defaults). */
export function rec(over: Partial<RequestRecord>): RequestRecord {
  return record({
    turn_index: 0,
    itl_ms: [],
    tpot_ms: null,
    output_tokens: 10,
    cached_tokens: 0,
    token_source: "gpt",
    client_prompt_tokens: 100,
    expected_cached_tokens: 0,
    ...over,
  });
}
