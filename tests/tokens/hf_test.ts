/** @module Tests of hf:<path>: reading local tokenizer files, rendering chat templates, counting prompts exactly and incrementally. */
import assert from "node:assert/strict";
import { HfPromptCounter, HfTokenizer } from "../../src/tokens/hf.ts";
import { readHfFiles } from "../../src/tokens/hf_files.ts";
import type { ChatMessage } from "../../src/tokens/tokenizer.ts";
import { UserError } from "../../src/util/errors.ts";
import { LLAMA2_DIR, LLAMA2_TEMPLATE, multilingual, QWEN3_DIR, seeded } from "./_files.ts";

const qwen = new HfTokenizer(await readHfFiles(QWEN3_DIR));
const llama = new HfTokenizer(await readHfFiles(LLAMA2_DIR, LLAMA2_TEMPLATE));

/** A conversation of `turns` user turns with answers between them, ending with a user message. */
function conversation(turns: number, seed = 3): ChatMessage[] {
  const rand = seeded(seed);
  const messages: ChatMessage[] = [{
    role: "system",
    content: "You are a careful assistant. " + multilingual(rand, 20),
  }];
  for (let i = 0; i < turns; i++) {
    if (i > 0) messages.push({ role: "assistant", content: multilingual(rand, 40) });
    messages.push({ role: "user", content: multilingual(rand, 50) });
  }
  return messages;
}

/** The library's count of the whole rendered prompt: the reference. */
const whole = (tok: HfTokenizer, text: string) =>
  tok.encoder.library.encode(text, { add_special_tokens: false }).ids;

Deno.test("readHfFiles takes the chat template from tokenizer_config.json", async () => {
  const files = await readHfFiles(QWEN3_DIR);
  assert.equal(files.templateFrom, "tokenizer_config.json");
  assert.match(files.chatTemplate!, /<\|im_start\|>/);
});

Deno.test("readHfFiles accepts the tokenizer.json path itself and a template file", async () => {
  const files = await readHfFiles(`${LLAMA2_DIR}/tokenizer.json`, LLAMA2_TEMPLATE);
  assert.equal(files.templateFrom, LLAMA2_TEMPLATE);
  assert.equal(files.config.tokenizer_class, "LlamaTokenizer");
});

Deno.test("readHfFiles names the missing path in one line", async () => {
  await assert.rejects(
    () => readHfFiles("/no/such/tokenizer"),
    (e: unknown) =>
      e instanceof UserError && e.exitCode === 2 &&
      e.message === `Cannot read tokenizer "hf:/no/such/tokenizer": no such file or folder`,
  );
});

Deno.test("readHfFiles names a tokenizer.json that is not JSON", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/tokenizer.json`, "{oops");
    await assert.rejects(
      () => readHfFiles(dir),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.startsWith(`Cannot read tokenizer file "${dir}/tokenizer.json": `),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("HfPromptCounter refuses a tokenizer without chat template in one line", async () => {
  const tok = new HfTokenizer(await readHfFiles(LLAMA2_DIR));
  assert.throws(
    () => new HfPromptCounter(tok),
    (e: unknown) =>
      e instanceof UserError && e.exitCode === 2 &&
      e.message ===
        `Cannot count prompts with "hf:${LLAMA2_DIR}": it has no chat template (give a template file)`,
  );
});

for (const [name, tok] of [["Qwen3", qwen], ["LLaMA-2", llama]] as const) {
  Deno.test(`HfPromptCounter counts a ${name} prompt as the whole rendered text tokenizes`, async () => {
    const counter = new HfPromptCounter(tok);
    for (let turns = 1; turns <= 6; turns++) {
      const messages = conversation(turns);
      const prompt = await counter.prepare(messages);
      const want = whole(tok, counter.render(messages));
      assert.deepEqual(prompt.ids, want, `${turns} turns`);
      assert.equal(prompt.tokens, want.length);
    }
  });

  Deno.test(`HfPromptCounter gives a ${name} turn's count independent of what it counted before`, () => {
    const warm = new HfPromptCounter(tok);
    for (let turns = 1; turns < 8; turns++) warm.prepareSync(conversation(turns, 9));
    const cold = new HfPromptCounter(new HfTokenizer(tok.files));
    assert.deepEqual(
      warm.prepareSync(conversation(8, 9)).ids,
      cold.prepareSync(conversation(8, 9)).ids,
    );
  });
}

Deno.test("HfPromptCounter tokenizes only a Qwen3 turn's new messages", () => {
  const tok = new HfTokenizer(qwen.files);
  const counter = new HfPromptCounter(tok);
  counter.prepareSync(conversation(4));
  const before = { ...tok.encoder.misses };
  const next = conversation(5);
  counter.prepareSync(next);
  const newText = next.slice(-2).reduce((n, m) => n + m.content.length + m.role.length + 1, 0);
  // Only the new answer and question: every other section (system, earlier turns, the
  // generation prompt "assistant\n") was counted at an earlier turn.
  assert.equal(tok.encoder.misses.sections - before.sections, 2);
  assert.equal(tok.encoder.misses.chars - before.chars, newText);
});

Deno.test("HfPromptCounter renders Qwen3's generation prompt and LLaMA-2's BOS per turn", () => {
  const q = new HfPromptCounter(qwen).render([{ role: "user", content: "hi" }]);
  assert.equal(q, "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
  const l = new HfPromptCounter(llama).render([
    { role: "user", content: "a" },
    { role: "assistant", content: "b" },
    { role: "user", content: "c" },
  ]);
  assert.equal(l, "<s>[INST] a [/INST] b </s><s>[INST] c [/INST]");
});

Deno.test("HfPromptCounter passes template variables (Qwen3 enable_thinking)", () => {
  const off = new HfPromptCounter(qwen, { templateVars: { enable_thinking: false } });
  assert.match(off.render([{ role: "user", content: "hi" }]), /<think>\n\n<\/think>\n\n$/);
});

Deno.test("HfPromptCounter puts BOS first when asked and the template has none", async () => {
  const files = await readHfFiles(LLAMA2_DIR);
  files.chatTemplate = "{% for m in messages %}{{ m.content }}{% endfor %}";
  files.templateFrom = "test";
  const tok = new HfTokenizer(files);
  const plain = new HfPromptCounter(tok).prepareSync([{ role: "user", content: "hi" }]);
  const bos = new HfPromptCounter(tok, { ensureBos: true }).prepareSync([{
    role: "user",
    content: "hi",
  }]);
  assert.deepEqual(bos.ids, [1, ...plain.ids]);
});

Deno.test("HfPromptCounter reports a template that raises in one line", async () => {
  const counter = new HfPromptCounter(llama);
  await assert.rejects(
    () => counter.prepare([{ role: "assistant", content: "first" }]),
    (e: unknown) =>
      e instanceof UserError && e.message.startsWith(`Cannot render the chat template of "hf:`) &&
      !e.message.includes("\n"),
  );
});

Deno.test("HfTokenizer decodes what it encodes", () => {
  const text = "Grüße aus München, 你好世界";
  assert.equal(qwen.decode(qwen.encode(text)), text);
  assert.equal(llama.decode(llama.encode(text)), text);
});

Deno.test("hf: the template sees a request's tools and a call's arguments parsed, as servers pass them", async () => {
  const counter = new HfPromptCounter(qwen);
  const tools = [{
    type: "function",
    function: {
      name: "search_docs",
      description: "Search the documentation",
      parameters: { type: "object", properties: { query: { type: "string" } } },
    },
  }];
  const messages: ChatMessage[] = [
    { role: "user", content: "find the cache docs" },
    {
      role: "assistant",
      content: "",
      tool_calls: [{ function: { name: "search_docs", arguments: '{"query":"prefix cache"}' } }],
    },
    { role: "tool", tool_call_id: "call_0", content: "Prefix caching reuses KV blocks." },
  ];
  const without = counter.render(messages);
  const rendered = counter.render(messages, tools);
  assert.ok(!without.includes("Search the documentation"));
  assert.ok(rendered.includes('"description": "Search the documentation"'), "tools in the prompt");
  // llama.cpp and vLLM parse the arguments; the template's tojson re-spaces them.
  assert.ok(rendered.includes('"arguments": {"query": "prefix cache"}'), rendered);
  const counted = await counter.prepare(messages, tools);
  assert.ok(counted.tokens > (await counter.prepare(messages)).tokens + 20);
  // Arguments that are not a JSON object are rendered as the string they are.
  const odd = counter.render([{
    role: "assistant",
    content: "",
    tool_calls: [{ function: { name: "f", arguments: "not json" } }],
  }]);
  assert.ok(odd.includes('"arguments": not json'), odd);
});
