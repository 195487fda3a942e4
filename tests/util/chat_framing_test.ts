/** @module The one chat framing: its token costs, counted over the ChatML text with gpt-tokenizer. */
import assert from "node:assert/strict";
import { countTokens, encode } from "gpt-tokenizer";
import {
  IM_END,
  IM_START,
  MESSAGE_FRAMING_TOKENS,
  renderChat,
  REPLY_PRIMING_TOKENS,
} from "../../src/util/chat_framing.ts";

/** Tokens of ChatML text as a server's template has them: the two markers one special token each. */
function chatTokens(text: string): number {
  const special = new Set([IM_START, IM_END]);
  return text.split(/(<\|im_start\|>|<\|im_end\|>)/).filter(Boolean)
    .reduce((n, part) => n + (special.has(part) ? 1 : encode(part).length), 0);
}

Deno.test("chat framing costs 5 tokens per message and 3 to prime the reply, for every role", () => {
  const texts = ["Hello, how are you today?", "x", "What is 2+2?", "Be brief.", "trailing\n"];
  for (const role of ["system", "user", "assistant", "tool"]) {
    for (const text of texts) {
      const framing = chatTokens(renderChat([{ role, text }])) - countTokens(text);
      assert.equal(framing, MESSAGE_FRAMING_TOKENS + REPLY_PRIMING_TOKENS, `${role} ${text}`);
    }
  }
  assert.equal(chatTokens(renderChat([])), REPLY_PRIMING_TOKENS);
});

Deno.test("chat framing of a longer chat is the sum of its messages'", () => {
  const chat = [
    { role: "system", text: "Be brief." },
    { role: "user", text: "What is the capital of France?" },
    { role: "assistant", text: "Paris." },
    { role: "user", text: "And of Italy?" },
  ];
  const content = chat.reduce((n, m) => n + countTokens(m.text), 0);
  assert.equal(
    chatTokens(renderChat(chat)),
    content + chat.length * MESSAGE_FRAMING_TOKENS + REPLY_PRIMING_TOKENS,
  );
});
