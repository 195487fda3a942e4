/** @module Tests of the text an assistant tool-call message stands for in a ChatML prompt. */
import assert from "node:assert/strict";
import { toolCallsText } from "../../src/util/tool_framing.ts";

Deno.test("toolCallsText writes each call as a <tool_call> block after the content", () => {
  const calls = [
    { name: "get_weather", arguments: '{"place": "Paris"}' },
    { name: "get_weather", arguments: '{"place": "Oslo"}' },
  ];
  assert.equal(
    toolCallsText("Checking both.", calls),
    'Checking both.\n<tool_call>\n{"name": "get_weather", "arguments": {"place": "Paris"}}\n' +
      '</tool_call>\n<tool_call>\n{"name": "get_weather", "arguments": {"place": "Oslo"}}\n' +
      "</tool_call>",
  );
});

Deno.test("toolCallsText without content starts at the first call; empty arguments are {}", () => {
  assert.equal(
    toolCallsText(null, [{ name: "list_files", arguments: " " }]),
    '<tool_call>\n{"name": "list_files", "arguments": {}}\n</tool_call>',
  );
  assert.equal(
    toolCallsText("", [{ name: "f", arguments: "{}" }]),
    toolCallsText(null, [{
      name: "f",
      arguments: "{}",
    }]),
  );
});
