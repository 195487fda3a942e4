/** @module Tests that the cached hf encoder gives exactly the library's ids (Qwen3 byte-level, LLaMA-2 SentencePiece). */
import assert from "node:assert/strict";
import { HfEncoder } from "../../src/tokens/hf_encoder.ts";
import { LLAMA2_DIR, multilingual, QWEN3_DIR, seeded } from "./_files.ts";

const load = (dir: string) =>
  new HfEncoder(
    JSON.parse(Deno.readTextFileSync(`${dir}/tokenizer.json`)),
    JSON.parse(Deno.readTextFileSync(`${dir}/tokenizer_config.json`)),
  );
const qwen = load(QWEN3_DIR);
const llama = load(LLAMA2_DIR);

const texts = (() => {
  const rand = seeded(12);
  const out = [
    "",
    " ",
    "Hello world",
    "  leading, trailing  ",
    "a\n\n\nb\r\nc\t\td",
    "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
    "<s>[INST] hi [/INST] ok </s><s>[INST] again [/INST]",
    "e\u0301 vs é, ﬁ ligature, ２０２６ full-width",
  ];
  for (let i = 0; i < 30; i++) out.push(multilingual(rand, 60, i % 2 === 0));
  return out;
})();

for (
  const [name, enc, path] of [["Qwen3", qwen, "byte-level"], [
    "LLaMA-2",
    llama,
    "sentencepiece",
  ]] as const
) {
  Deno.test(`HfEncoder cuts ${name} text into cached words (${path})`, () => {
    assert.deepEqual(enc.path, path);
    assert.equal(enc.fastBpe, true);
  });

  Deno.test(`HfEncoder gives the library's ids on ${name} multilingual text`, () => {
    for (const text of texts) {
      const want = text.length === 0
        ? []
        : enc.library.encode(text, { add_special_tokens: false }).ids;
      assert.deepEqual(enc.encode(text), want, JSON.stringify(text.slice(0, 80)));
      assert.deepEqual(enc.count(text), want.length);
    }
  });

  Deno.test(`HfEncoder answers ${name} the same from its caches`, () => {
    const first = texts.map((t) => enc.encode(t));
    assert.deepEqual(texts.map((t) => enc.encode(t)), first);
  });
}

Deno.test("HfEncoder keeps SentencePiece whole when a token has ▁ inside (cutting would be wrong)", () => {
  const json = JSON.parse(Deno.readTextFileSync(`${LLAMA2_DIR}/tokenizer.json`));
  const config = JSON.parse(Deno.readTextFileSync(`${LLAMA2_DIR}/tokenizer_config.json`));
  json.model.vocab["o\u2581w"] = 32000;
  json.model.merges.unshift("o \u2581w");
  const enc = new HfEncoder(json, config);
  assert.deepEqual(enc.path, "sections only");
  const text = "hello world, two words";
  assert.deepEqual(enc.encode(text), enc.library.encode(text, { add_special_tokens: false }).ids);
});

Deno.test("HfEncoder parses special-token text as special, as servers do", () => {
  const ids = qwen.encode("<|im_start|>user");
  assert.deepEqual(ids[0], qwen.library.token_to_id("<|im_start|>"));
  assert.deepEqual(llama.encode("a </s> b").includes(2), true);
});

Deno.test("HfEncoder's fast BPE equals the library on random code points (byte fallback too)", () => {
  const rand = seeded(77);
  const ranges = [
    [0x20, 0x7e],
    [0xa0, 0x24f],
    [0x400, 0x4ff],
    [0x4e00, 0x9fff],
    [0x1f300, 0x1f64f],
    [0x3040, 0x30ff],
  ];
  for (let i = 0; i < 200; i++) {
    let text = "";
    for (let j = 0; j < 40; j++) {
      const [lo, hi] = ranges[Math.floor(rand() * ranges.length)];
      text += rand() < 0.2 ? " " : String.fromCodePoint(lo + Math.floor(rand() * (hi - lo)));
    }
    for (const enc of [qwen, llama]) {
      assert.deepEqual(
        enc.encode(text),
        enc.library.encode(text, { add_special_tokens: false }).ids,
        JSON.stringify(text),
      );
    }
  }
});
