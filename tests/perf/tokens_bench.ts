/**
 * @module Perf: tokenizer speed (gpt, hf Qwen3, hf LLaMA-2) on 400-word multilingual messages
 * counted message by message, prompt counting per turn, and expected-cache bookkeeping per request.
 *
 * Every figure starts from fresh caches. "Words repeat" draws from a fixed multilingual word list
 * (natural text repeats its words too); "every word new" gives each word a random suffix, the
 * worst case for the word cache. The pure library (`@huggingface/tokenizers` unmodified) is shown
 * beside it for comparison.
 */
import type { PerfRow } from "./row.ts";
import { HfEncoder } from "../../src/tokens/hf_encoder.ts";
import { HfPromptCounter, HfTokenizer } from "../../src/tokens/hf.ts";
import { readHfFiles } from "../../src/tokens/hf_files.ts";
import { GptPromptCounter, GptTokenizer } from "../../src/tokens/gpt.ts";
import type { ChatMessage } from "../../src/tokens/tokenizer.ts";
import { ExpectedCache } from "../../src/cache/expected.ts";
import { LLAMA2_DIR, LLAMA2_TEMPLATE, multilingual, QWEN3_DIR, seeded } from "../tokens/_files.ts";

const MESSAGES = 300;
const WORDS = 400;

/** Tokens per second counting `messages` one by one with `count`, best of 3 runs. */
function rate(messages: string[], fresh: () => (text: string) => number): number {
  let best = 0;
  for (let rep = 0; rep < 3; rep++) {
    const count = fresh();
    const t0 = performance.now();
    let n = 0;
    for (const m of messages) n += count(m);
    best = Math.max(best, n / ((performance.now() - t0) / 1000));
  }
  return best;
}

/** Microseconds per call of `fn` over `n` calls, best of 3. */
function micros(n: number, fn: (i: number) => void): number {
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    best = Math.min(best, ((performance.now() - t0) * 1000) / n);
  }
  return best;
}

export default async function (): Promise<PerfRow[]> {
  const rand = seeded(400);
  const repeat = Array.from({ length: MESSAGES }, () => multilingual(rand, WORDS));
  const fresh = Array.from({ length: MESSAGES }, () => multilingual(rand, WORDS, true));
  const read = (dir: string) => ({
    json: JSON.parse(Deno.readTextFileSync(`${dir}/tokenizer.json`)),
    config: JSON.parse(Deno.readTextFileSync(`${dir}/tokenizer_config.json`)),
  });
  const qwen = read(QWEN3_DIR);
  const llama = read(LLAMA2_DIR);
  const rows: PerfRow[] = [];
  const row = (figure: string, value: number, target?: number): PerfRow => ({
    figure,
    value: value / 1e6,
    unit: "M tok/s",
    target: target === undefined ? "" : `≥ ${target}`,
    pass: target === undefined ? undefined : value / 1e6 >= target,
  });

  const gpt = () => {
    const t = new GptTokenizer();
    return (s: string) => t.count(s);
  };
  rows.push(row("tokens: gpt (o200k), 400-word messages", rate(repeat, gpt)));
  for (const [name, files, target] of [["Qwen3", qwen, 1], ["LLaMA-2", llama, 0.5]] as const) {
    const hf = () => {
      const e = new HfEncoder(files.json, files.config);
      return (s: string) => e.count(s);
    };
    const lib = new HfEncoder(files.json, files.config).library;
    const pure = () => (s: string) => lib.encode(s, { add_special_tokens: false }).ids.length;
    rows.push(row(`tokens: hf ${name}, words repeat`, rate(repeat, hf), target));
    rows.push(row(`tokens: hf ${name}, every word new`, rate(fresh, hf), target));
    rows.push(
      row(`tokens: pure @huggingface/tokenizers ${name}`, rate(repeat.slice(0, 100), pure)),
    );
  }

  // Prompt counting per turn: a 20-turn conversation, each turn re-counted as the runner would.
  const conv: ChatMessage[][] = [];
  const history: ChatMessage[] = [{ role: "system", content: multilingual(rand, 60) }];
  for (let t = 0; t < 20; t++) {
    history.push({ role: "user", content: multilingual(rand, 100, true) });
    conv.push([...history]);
    history.push({ role: "assistant", content: multilingual(rand, 100, true) });
  }
  const qwenFiles = await readHfFiles(QWEN3_DIR);
  const llamaFiles = await readHfFiles(LLAMA2_DIR, LLAMA2_TEMPLATE);
  for (
    const [name, make] of [
      ["gpt", () => new GptPromptCounter()],
      ["hf Qwen3", () => new HfPromptCounter(new HfTokenizer(qwenFiles))],
      ["hf LLaMA-2", () => new HfPromptCounter(new HfTokenizer(llamaFiles))],
    ] as const
  ) {
    let us = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const counter = make(); // fresh caches, built before the clock starts
      const t0 = performance.now();
      for (const messages of conv) counter.prepareSync(messages);
      us = Math.min(us, ((performance.now() - t0) * 1000) / conv.length);
    }
    rows.push({
      figure: `prompt: ${name}, per turn of 20 (new text only)`,
      value: us,
      unit: "µs",
      target: "",
    });
  }

  // Expected cache: one observe per request of a ~4k-token prompt, 64 sessions sharing a
  // 100-token system prompt, at vLLM's block size and at llama.cpp's (every token a block).
  const prompt = Array.from({ length: 4096 }, (_, i) => (i * 7919) % 150_000);
  for (const block of [16, 1]) {
    const cache = new ExpectedCache(block);
    const us = micros(1000, (i) => {
      const ids = prompt.slice();
      ids[100 + (i % 64)] = i;
      cache.observe(ids, `s${i % 64}`);
    });
    rows.push({
      figure: `expected cache: observe a 4096-token prompt, block ${block}`,
      value: us,
      unit: "µs",
      target: "",
    });
  }
  return rows;
}
