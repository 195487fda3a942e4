/**
 * @module Fast, exact encoding with a Hugging Face `tokenizer.json`: the library's own pipeline,
 * cached by section and by word.
 *
 * `@huggingface/tokenizers` encodes a text in four steps: split off added (special) tokens,
 * normalize each section, pre-tokenize it into words, run the model (BPE) on each word. This
 * class runs the same steps with the library's own objects, in the same order, and adds two
 * caches: whole sections (a chat prompt is mostly sections counted at an earlier turn) and words.
 *
 * Words are where the speed is. Two shapes are cut into words here, with a proof each that
 * cutting does not change the result:
 * - **Byte-level BPE** (GPT-2, Qwen, Llama 3, DeepSeek): the pre-tokenizer is a regex split
 *   (`Split`, `Isolated`) followed by a byte-to-unicode map (`ByteLevel`), or `ByteLevel` with its
 *   own regex. The regex pieces are found with the library's compiled regex; each new piece goes
 *   through the byte map and the model alone, exactly as the library does it piece by piece.
 * - **SentencePiece BPE** (LLaMA-2, Mistral): no pre-tokenizer, so the library runs BPE over a
 *   whole section as one "word" (slow, uncached). When no vocabulary token and no merge has a `▁`
 *   after another character, no merge can cross the start of a `▁` run, so a section cut before
 *   each `▁` run encodes to the same tokens piece by piece. The vocabulary is checked on load
 *   (and every byte token must exist, so `fuse_unk` never joins unknowns across a cut).
 * Other models (WordPiece, Unigram, unusual pre-tokenizers) keep the section cache only.
 */
import { Tokenizer as HfLibrary } from "@huggingface/tokenizers";
import { FastBpe } from "./bpe.ts";
import { TextCache, WordCache } from "./text_cache.ts";

/** The parts of the library's Tokenizer this class uses (private in its types, stable in 0.2). */
interface Internals {
  splitter_unnormalized: { split(text: string): string[]; trie: Trie };
  splitter_normalized: { split(text: string): string[] };
  added_tokens_map: Map<string, { id: number; lstrip: boolean; rstrip: boolean }>;
  remove_space?: boolean;
  do_lowercase_and_remove_accent: boolean;
  normalizer: ((text: string) => string) | null;
  pre_tokenizer:
    | ((text: string | string[], options?: { section_index?: number }) => string[])
    | null;
  model: ((tokens: string[]) => string[]) & {
    tokens_to_ids: Map<string, number>;
    unk_token_id?: number;
  };
}

/** The library's DictionarySplitter trie: a node per character, `end` holding a whole word. */
interface Trie {
  end?: string;
  [char: string]: Trie | string | undefined;
}

/** Every word in a trie. */
function trieWords(node: Trie, out: string[] = []): string[] {
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (key === "end") out.push(v as string);
    else trieWords(v as Trie, out);
  }
  return out;
}

/** How a normalized section is cut into words, and how one word becomes token strings. */
interface WordPath {
  kind: "byte-level" | "sentencepiece";
  fast: boolean;
  split(section: string, sectionIndex: number): string[];
  /** Appends one word's ids. */
  word(piece: string, out: number[]): void;
}

const SPM_CUT = /(?<=[^\u2581])(?=\u2581)/u;

/**
 * Encodes texts with a loaded tokenizer.json, exactly as `@huggingface/tokenizers` does with
 * `add_special_tokens: false`, but cached.
 *
 * @example
 * ```ts
 * const enc = new HfEncoder(tokenizerJson, tokenizerConfig);
 * enc.encode("Hello world"); // same ids as the library
 * ```
 */
export class HfEncoder {
  /** The library's tokenizer (for decoding and as the reference). */
  readonly library: HfLibrary;
  /** "byte-level", "sentencepiece" or "sections only": how words are cached. */
  readonly path: string;
  /** True when new words go through FastBpe rather than the library's BPE model. */
  readonly fastBpe: boolean;
  /** Sections and words tokenized so far (cache misses), for tests and benchmarks. */
  readonly misses = { sections: 0, words: 0, chars: 0 };
  readonly #t: Internals;
  readonly #splitAdded: (text: string) => string[];
  readonly #words: WordPath | null;
  readonly #wordIds = new WordCache<number[]>(1 << 17);
  readonly #sections = [new TextCache<number[]>(8 * 2 ** 20), new TextCache<number[]>(8 * 2 ** 20)];

  constructor(tokenizerJson: Record<string, unknown>, tokenizerConfig: Record<string, unknown>) {
    this.library = new HfLibrary(tokenizerJson, tokenizerConfig);
    this.#t = this.library as unknown as Internals;
    this.#words = wordPath(this.#t, tokenizerJson);
    this.#splitAdded = addedSplitter(this.#t);
    this.path = this.#words?.kind ?? "sections only";
    this.fastBpe = this.#words?.fast ?? false;
  }

  /** Token ids of `text` (no special tokens added; added-token text in it is parsed). */
  encode(text: string): number[] {
    const out: number[] = [];
    this.#encode(text, out);
    return out;
  }

  /** Token count of `text`. */
  count(text: string): number {
    return this.#encode(text, null);
  }

  /** The library's `encode_text`, with a section cache around normalize → pre-tokenize → model. */
  #encode(text: string, out: number[] | null): number {
    const t = this.#t;
    const sections = this.#splitAdded(text);
    strip(sections, t.added_tokens_map);
    let n = 0;
    for (let i = 0; i < sections.length; i++) {
      const section = sections[i];
      if (section.length === 0) continue;
      const added = t.added_tokens_map.get(section);
      if (added) {
        out?.push(added.id);
        n++;
        continue;
      }
      const cache = this.#sections[i === 0 ? 0 : 1];
      let ids = cache.get(section);
      if (ids === undefined) {
        ids = this.#section(section, i);
        cache.set(section, ids);
        this.misses.sections++;
        this.misses.chars += section.length;
      }
      if (out) { for (const id of ids) out.push(id); }
      n += ids.length;
    }
    return n;
  }

  #section(section: string, index: number): number[] {
    const t = this.#t;
    let text = section;
    if (t.remove_space === true) text = text.trim().split(/\s+/).join(" ");
    if (t.do_lowercase_and_remove_accent) text = text.toLowerCase().replace(/\p{M}/gu, "");
    if (t.normalizer !== null) text = t.normalizer(text);
    const ids: number[] = [];
    if (text.length === 0) return ids;
    const subsections = t.splitter_normalized.split(text);
    strip(subsections, t.added_tokens_map);
    for (const sub of subsections) {
      if (sub.length === 0) continue;
      const added = t.added_tokens_map.get(sub);
      if (added) ids.push(added.id);
      else if (this.#words) this.#byWords(sub, index, ids);
      else {
        const pieces = t.pre_tokenizer ? t.pre_tokenizer(sub, { section_index: index }) : [sub];
        this.#toIds(t.model(pieces), ids);
      }
    }
    return ids;
  }

  #byWords(sub: string, index: number, ids: number[]): void {
    const words = this.#words!;
    for (const piece of words.split(sub, index)) {
      let wordIds = this.#wordIds.get(piece);
      if (wordIds === undefined) {
        wordIds = [];
        this.misses.words++;
        words.word(piece, wordIds);
        this.#wordIds.set(piece, wordIds);
      }
      for (const id of wordIds) ids.push(id);
    }
  }

  #toIds(tokens: string[], ids: number[]): void {
    toIds(this.#t, tokens, ids);
  }
}

/** Token strings to ids, as the library's `encode` maps them. */
function toIds(t: Internals, tokens: string[], ids: number[]): void {
  const added = t.added_tokens_map;
  const vocab = t.model.tokens_to_ids;
  for (const tok of tokens) {
    ids.push(added.get(tok)?.id ?? vocab.get(tok) ?? t.model.unk_token_id ?? 0);
  }
}

/**
 * The library's split at (unnormalized) added tokens: leftmost, longest match first. A regex of
 * the tokens, longest first, finds the same matches much faster than its trie walk per character.
 */
function addedSplitter(t: Internals): (text: string) => string[] {
  const tokens = trieWords(t.splitter_unnormalized.trie);
  if (tokens.length === 0) return (text) => [text];
  tokens.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(
    tokens.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
    "g",
  );
  return (text) => {
    const out: string[] = [];
    let prev = 0;
    for (const m of text.matchAll(pattern)) {
      if (m.index > prev) out.push(text.slice(prev, m.index));
      out.push(m[0]);
      prev = m.index + m[0].length;
    }
    if (prev < text.length) out.push(text.slice(prev));
    return out;
  };
}

/** Trims around added tokens that strip their neighbours (the library's lstrip/rstrip). */
function strip(parts: string[], added: Internals["added_tokens_map"]): void {
  for (let i = 0; i < parts.length; i++) {
    const a = added.get(parts[i]);
    if (!a) continue;
    if (a.lstrip && i > 0) parts[i - 1] = parts[i - 1].trimEnd();
    if (a.rstrip && i < parts.length - 1) parts[i + 1] = parts[i + 1].trimStart();
  }
}

type Json = Record<string, unknown>;

/** The word path for this tokenizer, or null when words cannot be cut safely. */
function wordPath(t: Internals, json: Json): WordPath | null {
  const model = json.model as Json | undefined;
  if (model?.type !== "BPE") return null;
  const pre = (json.pre_tokenizer ?? null) as Json | null;
  const lib = t.pre_tokenizer as unknown as {
    pattern?: RegExp;
    tokenizers?: { pattern?: RegExp }[];
  };
  const fast = FastBpe.from(model, t.model.tokens_to_ids);
  const bpe = fast
    ? (piece: string, out: number[]) => fast.encode(piece, out)
    : (piece: string, out: number[]) => toIds(t, t.model([piece]), out);
  if (pre === null) return spmPath(model, t) ? spmWords(null, bpe, !!fast) : null;
  if (pre.type === "Metaspace" && pre.split === false && spmPath(model, t)) {
    return spmWords(t.pre_tokenizer, bpe, !!fast);
  }
  const byteLevel = (piece: string, out: number[]) => bpe(toByteLevel(piece), out);
  if (pre.type === "ByteLevel" && pre.use_regex !== false && pre.add_prefix_space !== true) {
    const pattern = lib.pattern!;
    return {
      kind: "byte-level",
      fast: !!fast,
      split: (s) => s.match(pattern) ?? [],
      word: byteLevel,
    };
  }
  const [split, bytes] = (pre.pretokenizers ?? []) as Json[];
  if (
    pre.type === "Sequence" && (pre.pretokenizers as Json[]).length === 2 &&
    split.type === "Split" && String(split.behavior).toLowerCase() === "isolated" &&
    split.invert !== true && (split.pattern as Json)?.Regex !== undefined &&
    bytes.type === "ByteLevel" && bytes.use_regex === false && bytes.add_prefix_space !== true
  ) {
    const pattern = lib.tokenizers![0].pattern!;
    return {
      kind: "byte-level",
      fast: !!fast,
      split: (s) => regexSplit(s, pattern),
      word: byteLevel,
    };
  }
  return null;
}

function spmWords(
  pre: Internals["pre_tokenizer"],
  bpe: (piece: string, out: number[]) => void,
  fast: boolean,
): WordPath {
  return {
    kind: "sentencepiece",
    fast,
    split(section, index) {
      const pieces = pre ? pre(section, { section_index: index }) : [section];
      return pieces.length === 1
        ? pieces[0].split(SPM_CUT)
        : pieces.flatMap((p) => p.split(SPM_CUT));
    },
    word: bpe,
  };
}

/** GPT-2's byte-to-unicode map: printable bytes stand for themselves, the rest shift past 255. */
const BYTE_CHARS: string[] = (() => {
  const chars: string[] = new Array(256);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) ||
      (b >= 0xae && b <= 0xff);
    chars[b] = String.fromCharCode(printable ? b : 256 + shifted++);
  }
  return chars;
})();
const UTF8 = new TextEncoder();

/** A piece's UTF-8 bytes as byte-level characters (what `ByteLevel` does to each piece). */
function toByteLevel(piece: string): string {
  let ascii = true;
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      ascii = false;
      break;
    }
  }
  if (ascii) return piece;
  let out = "";
  for (const b of UTF8.encode(piece)) out += BYTE_CHARS[b];
  return out;
}

/** True when a SentencePiece BPE can be cut before `▁` runs (see the module comment). */
function spmPath(model: Record<string, unknown>, t: Internals): boolean {
  if (model.byte_fallback !== true) return false;
  const vocab = t.model.tokens_to_ids;
  for (let b = 0; b < 256; b++) {
    if (!vocab.has(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`)) return false;
  }
  const inner = /[^\u2581]\u2581/u;
  for (const token of vocab.keys()) if (inner.test(token)) return false;
  for (const m of model.merges as (string | string[])[]) {
    const joined = typeof m === "string" ? m.replace(" ", "") : m.join("");
    if (inner.test(joined)) return false;
  }
  return true;
}

/** The library's `regex_split`: matches and the gaps between them, empty ones dropped. */
function regexSplit(text: string, regex: RegExp): string[] {
  const out: string[] = [];
  let prev = 0;
  for (const m of text.matchAll(regex)) {
    if (prev < m.index) out.push(text.slice(prev, m.index));
    if (m[0].length > 0) out.push(m[0]);
    prev = m.index + m[0].length;
  }
  if (prev < text.length) out.push(text.slice(prev));
  return out;
}
