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
import { type Internals, toIds, trieWords } from "./_hf_internals.ts";
import { type WordPath, wordPath } from "./hf_words.ts";
import { TextCache, WordCache } from "./text_cache.ts";

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
