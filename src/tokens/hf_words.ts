/**
 * @module Cutting a normalized section into words that tokenize independently (see hf_encoder.ts
 * for why each cut is exact): byte-level regex pieces, or SentencePiece text cut before `▁` runs.
 */
import { FastBpe } from "./bpe.ts";
import { type Internals, toIds } from "./_hf_internals.ts";

/** How a normalized section is cut into words, and how one word becomes token strings. */
export interface WordPath {
  kind: "byte-level" | "sentencepiece";
  fast: boolean;
  split(section: string, sectionIndex: number): string[];
  /** Appends one word's ids. */
  word(piece: string, out: number[]): void;
}

const SPM_CUT = /(?<=[^\u2581])(?=\u2581)/u;

type Json = Record<string, unknown>;

/** The word path for this tokenizer, or null when words cannot be cut safely. */
export function wordPath(t: Internals, json: Json): WordPath | null {
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
