/**
 * @module Seeded generators of big ShareGPT arrays for `deno task perf`: the "clean" file (long
 * mostly-ASCII turns) and the escape-heavy multilingual one (many short turns, `\\`, `\t`, `\"`,
 * CJK and emoji in most strings, some conversations `\uXXXX`-escaped as Python's
 * `ensure_ascii` writes them).
 */

const CLEAN_WORDS = ("the server cache prefix token latency model request batch attention memory " +
  'please explain why does this happen 请 解释 一下 这个 问题 为什么 会 这样 "quoted" ' +
  "line\nbreak tab\t code `x = 1` back\\slash path/to/file 🙂").split(" ");

const EN = ("the a of to and is in it that for you with on this be are as can not how what why " +
  "server cache token model prompt reply error file path code line value list string thanks")
  .split(" ");
const CJK = ("你好 世界 模型 缓存 请问 为什么 这个 问题 怎么 解决 谢谢 数据 服务器 " +
  "こんにちは ありがとう 質問 キャッシュ 설명 감사합니다 한국어 문제").split(" ");
const EMOJI = ["🙂", "🚀", "👍🏽", "🤖", "🎉", "❤️", "👨‍💻", "😂", "✅", "🔥"];
const ESCAPED = [
  "C:\\Users\\dev\\file.txt",
  "a\tb\tc",
  'he said "yes"',
  "line one\nline two",
  "\\n is a newline",
  "regex \\d+\\s*",
  "col1\tcol2\n",
  "end\\",
];

/** A small seeded generator (LCG), so every run writes the same bytes. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** `\uXXXX`-escapes every non-ASCII UTF-16 unit of a JSON text (as Python's `ensure_ascii`). */
function asciiOnly(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Writes pieces of text to `path` in large writes; returns the byte count. */
async function writeArray(
  path: string,
  bytes: number,
  item: (index: number) => string,
): Promise<number> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let size = 0, count = 0, parts: string[] = ["[\n"], chars = 0;
  const flush = async () => {
    const b = encoder.encode(parts.join(""));
    for (let off = 0; off < b.length;) off += await file.write(b.subarray(off));
    size += b.length;
    parts = [];
    chars = 0;
  };
  try {
    while (size + chars < bytes) {
      const piece = (count ? ",\n" : "") + item(count).replace(/^/gm, "  ");
      parts.push(piece);
      chars += piece.length;
      count++;
      if (chars > 1 << 22) await flush();
    }
    parts.push("\n]\n");
    await flush();
  } finally {
    file.close();
  }
  return size;
}

/**
 * Writes the project's "clean" ShareGPT-like array (indented like the real download) of about
 * `bytes` bytes: long turns of mostly ASCII words.
 *
 * @returns the bytes written
 */
export function generateClean(path: string, bytes: number): Promise<number> {
  const rnd = lcg(12345);
  const text = (n: number) =>
    Array.from({ length: n }, () => CLEAN_WORDS[(rnd() * CLEAN_WORDS.length) | 0]).join(" ");
  return writeArray(path, bytes, (count) => {
    const turns = Array.from({ length: 2 + ((rnd() * 10) | 0) }, (_, t) => ({
      from: t % 2 ? "gpt" : (rnd() < 0.1 ? "user" : "human"),
      value: text(t % 2 ? 50 + ((rnd() * 400) | 0) : 5 + ((rnd() * 60) | 0)),
    }));
    return JSON.stringify({ id: `perf${count}_0`, conversations: turns }, null, 2);
  });
}

/**
 * Writes an escape-heavy multilingual ShareGPT array of about `bytes` bytes: 4–40 short turns per
 * conversation, most strings with CJK words and emoji (some with ZWJ sequences and skin tones),
 * backslashes, tabs, quotes and newlines; one conversation in ten `\uXXXX`-escaped throughout.
 *
 * @returns the bytes written
 */
export function generateEscapeHeavy(path: string, bytes: number, seed = 20260): Promise<number> {
  const rnd = lcg(seed);
  const pick = <T>(list: readonly T[]) => list[(rnd() * list.length) | 0];
  const text = (n: number) => {
    const words: string[] = [];
    const multilingual = rnd() < 0.85;
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (multilingual && r < 0.3) words.push(pick(CJK));
      else if (multilingual && r < 0.4) words.push(pick(EMOJI));
      else if (r < 0.55) words.push(pick(ESCAPED));
      else words.push(pick(EN));
    }
    return words.join(rnd() < 0.5 ? " " : "");
  };
  return writeArray(path, bytes, (count) => {
    const turns = Array.from({ length: 4 + ((rnd() * 37) | 0) }, (_, t) => ({
      from: t % 2 ? "gpt" : (rnd() < 0.1 ? "user" : "human"),
      value: text(t % 2 ? 8 + ((rnd() * 40) | 0) : 3 + ((rnd() * 20) | 0)),
    }));
    const json = JSON.stringify(
      { id: `ml${count.toString(36)}_${count % 7}`, conversations: turns },
      null,
      2,
    );
    return rnd() < 0.1 ? asciiOnly(json) : json;
  });
}
