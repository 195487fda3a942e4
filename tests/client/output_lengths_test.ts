/** @module Tests of the answer length each request asks for and the stopped-early verdict. */
import assert from "node:assert/strict";
import { PreparedSession } from "../../src/client/conversation.ts";
import {
  EXACT_OUTPUT_BY_SERVER,
  exactOutputFields,
  lengthFields,
  requestedOutputTokens,
  stoppedEarly,
} from "../../src/client/output_lengths.ts";
import { stepCallTokens } from "../../src/client/tool_steps.ts";
import type { Session } from "../../src/datasets/session.ts";

const step = {
  calls: [{ id: "c1", name: "read_file", arguments: '{"path": "src/main.ts"}', result: "code" }],
};
const session: Session = {
  session_id: "s",
  user_messages: ["a", "b", "c"],
  turns: [{ output_tokens: 120, tool_steps: [step] }, { output_tokens: 900 }, {}],
};

Deno.test("max_tokens is the turn's output_tokens, a step's recorded call, else max_output_tokens", () => {
  const p = new PreparedSession(session);
  assert.equal(requestedOutputTokens(p, 0, 0, 512), stepCallTokens(step), "the step's call");
  assert.equal(requestedOutputTokens(p, 0, 1, 512), 120, "the turn's answer");
  assert.equal(requestedOutputTokens(p, 1, 0, 512), 512, "capped at max_output_tokens");
  assert.equal(requestedOutputTokens(p, 2, 0, 512), 512, "no length given");
  const plain = new PreparedSession({ session_id: "p", user_messages: ["q"] });
  assert.equal(requestedOutputTokens(plain, 0, 0, 64), 64);
});

Deno.test("exact lengths add min_tokens and ignore_eos, or what the server kind takes", () => {
  assert.deepEqual(lengthFields(120, exactOutputFields(true)), {
    max_tokens: 120,
    min_tokens: 120,
    ignore_eos: true,
  });
  assert.deepEqual(lengthFields(120, exactOutputFields(false, "vllm")), { max_tokens: 120 });
  assert.deepEqual(lengthFields(7, exactOutputFields("auto", "llamacpp")), {
    max_tokens: 7,
    ignore_eos: true,
  });
  assert.equal(exactOutputFields("auto", "generic"), "none");
  assert.equal(exactOutputFields("auto"), "none", "an undetected server gets max_tokens only");
  for (const kind of ["vllm", "sglang", "lmcache", "mock"] as const) {
    assert.equal(EXACT_OUTPUT_BY_SERVER[kind], "min_tokens+ignore_eos", kind);
  }
});

Deno.test("stopped_early flags a short answer only when an exact length was asked", () => {
  assert.equal(stoppedEarly("min_tokens+ignore_eos", true, 40, 120), true);
  assert.equal(stoppedEarly("ignore_eos", true, 120, 120), false);
  assert.equal(stoppedEarly("none", true, 40, 120), null, "a short answer is the model's choice");
  assert.equal(stoppedEarly("min_tokens+ignore_eos", false, 3, 120), null, "a failed request");
});
