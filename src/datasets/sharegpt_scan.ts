/**
 * @module Read a ShareGPT conversation straight from its bytes: one validating pass that finds
 * the user turns, the system prompt and the id, without building a string per character.
 *
 * Converting a big dump is mostly copying: a user turn's JSON string literal goes to the output
 * byte for byte (escapes and all), so nothing is decoded, unescaped or re-escaped. The scanner
 * checks the whole element as strictly as `JSON.parse` (string escapes, control characters,
 * numbers, literals, commas) and the UTF-8 of every literal it copies (elsewhere a bad byte
 * would only have become U+FFFD in text nobody reads), so what it accepts is exactly what the
 * general path (`TextDecoder` + `JSON.parse` + `extractTurns`) reads, with the same result.
 * Anything it does not handle the same way — another shape, a role spelled unusually, a
 * non-string turn, a duplicate key, tool turns, invalid JSON — returns {@linkcode PASS}, and the
 * caller takes the general path, which also words the error.
 */
import type { ByteWindow } from "./byte_window.ts";
import { type ElementScanner, INCOMPLETE, PASS, type ScanOut } from "./json_array.ts";

/** What the scanner read from one conversation. */
export interface ScannedConversation {
  /** The non-blank user turns as JSON string literals, quotes included, as in the input. */
  user: Uint8Array[];
  /** The system turns' texts joined by a blank line, when there are any. */
  system?: string;
  /** User turns passed over because they were blank. */
  blank: number;
  /** The record's id (as `recordId` reads it), when it has one. */
  id?: string;
}

const QUOTE = 0x22, BACKSLASH = 0x5c, COLON = 0x3a, COMMA = 0x2c;
const OPEN_ARR = 0x5b, CLOSE_ARR = 0x5d, OPEN_OBJ = 0x7b, CLOSE_OBJ = 0x7d;
const MAX_DEPTH = 200;

/** String bytes: 0 ordinary, 1 quote, 2 backslash, 3 control character (invalid raw). */
const STR = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STR[c] = 3;
STR[QUOTE] = 1;
STR[BACKSLASH] = 2;
/** Characters allowed after a backslash (besides `u`). */
const ESC = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESC[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;

const bytesOf = (s: string) => new TextEncoder().encode(s);
const KEY = {
  conversations: bytesOf("conversations"),
  messages: bytesOf("messages"),
  user_messages: bytesOf("user_messages"),
  tools: bytesOf("tools"),
  session_id: bytesOf("session_id"),
  id: bytesOf("id"),
  conversation_id: bytesOf("conversation_id"),
  from: bytesOf("from"),
  role: bytesOf("role"),
  value: bytesOf("value"),
  content: bytesOf("content"),
  text: bytesOf("text"),
  tool_calls: bytesOf("tool_calls"),
  function_call: bytesOf("function_call"),
};
const LITERALS = [bytesOf("true"), bytesOf("false"), bytesOf("null")];
const decoder = new TextDecoder();

/** Newlines seen between tokens of the element being scanned. */
let newlines = 0;

/** Whether bytes [s, e) of `b` spell `word`. */
function spells(b: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[s + k] !== word[k]) return false;
  return true;
}

function skipSpace(b: Uint8Array, i: number, n: number): number {
  for (; i < n; i++) {
    const c = b[i];
    if (c === 0x0a) newlines++;
    else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
  }
  return i;
}

/** The SIMD search of the window the element sits in, when it sits in one. */
let find: ((start: number, end: number) => number) | undefined;

/** `b[i]` is a quote: returns the index past the closing quote. */
function skipString(b: Uint8Array, i: number, n: number): number {
  i++;
  for (;;) {
    if (find !== undefined) i = find(i, n);
    if (i >= n) return INCOMPLETE;
    const k = STR[b[i]];
    if (k === 0) {
      i++;
      continue;
    }
    if (k === 1) return i + 1;
    if (k === 3) return PASS;
    if (i + 1 >= n) return INCOMPLETE;
    const e = b[i + 1];
    if (e === 0x75) {
      if (i + 6 > n) return INCOMPLETE;
      if (!(HEX[b[i + 2]] & HEX[b[i + 3]] & HEX[b[i + 4]] & HEX[b[i + 5]])) return PASS;
      i += 6;
    } else if (ESC[e]) i += 2;
    else return PASS;
  }
}

function skipDigits(b: Uint8Array, i: number, n: number): number {
  while (i < n && b[i] >= 0x30 && b[i] <= 0x39) i++;
  return i;
}

/** A JSON number starting at `b[i]`. */
function skipNumber(b: Uint8Array, i: number, n: number): number {
  if (b[i] === 0x2d) i++;
  if (i >= n) return INCOMPLETE;
  if (b[i] === 0x30) i++;
  else if (b[i] >= 0x31 && b[i] <= 0x39) i = skipDigits(b, i + 1, n);
  else return PASS;
  if (i < n && b[i] === 0x2e) {
    const j = skipDigits(b, i + 1, n);
    if (j === i + 1) return j >= n ? INCOMPLETE : PASS;
    i = j;
  }
  if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < n && (b[i] === 0x2b || b[i] === 0x2d)) i++;
    const j = skipDigits(b, i, n);
    if (j === i) return j >= n ? INCOMPLETE : PASS;
    i = j;
  }
  return i >= n ? INCOMPLETE : i;
}

/** Any JSON value starting at `b[i]` (not whitespace). */
function skipValue(b: Uint8Array, i: number, n: number, depth: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i, n);
  if (c === OPEN_OBJ || c === OPEN_ARR) {
    if (depth > MAX_DEPTH) return PASS;
    const close = c === OPEN_OBJ ? CLOSE_OBJ : CLOSE_ARR;
    i = skipSpace(b, i + 1, n);
    if (i >= n) return INCOMPLETE;
    if (b[i] === close) return i + 1;
    for (;;) {
      if (c === OPEN_OBJ) {
        if (b[i] !== QUOTE) return PASS;
        i = skipString(b, i, n);
        if (i < 0) return i;
        i = skipSpace(b, i, n);
        if (i >= n) return INCOMPLETE;
        if (b[i] !== COLON) return PASS;
        i = skipSpace(b, i + 1, n);
        if (i >= n) return INCOMPLETE;
      }
      i = skipValue(b, i, n, depth + 1);
      if (i < 0) return i;
      i = skipSpace(b, i, n);
      if (i >= n) return INCOMPLETE;
      if (b[i] === close) return i + 1;
      if (b[i] !== COMMA) return PASS;
      i = skipSpace(b, i + 1, n);
      if (i >= n) return INCOMPLETE;
    }
  }
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return skipNumber(b, i, n);
  for (const word of LITERALS) {
    if (c !== word[0]) continue;
    for (let k = 1; k < word.length; k++) {
      if (i + k >= n) return INCOMPLETE;
      if (b[i + k] !== word[k]) return PASS;
    }
    return i + word.length;
  }
  return PASS;
}

/** Bytes of the key read last by {@linkcode readKey}: `b[keyStart … keyEnd)`, between the quotes. */
let keyStart = 0, keyEnd = 0;
/** Whether {@linkcode afterMember} found a `,` (another member follows). */
let more = false;

/** At `b[i]`, a member's `"key"`, then `:`: returns the index of the value's first byte. */
function readKey(b: Uint8Array, i: number, n: number): number {
  if (b[i] !== QUOTE) return PASS;
  const end = skipString(b, i, n);
  if (end < 0) return end;
  keyStart = i + 1;
  keyEnd = end - 1;
  i = skipSpace(b, end, n);
  if (i >= n) return INCOMPLETE;
  if (b[i] !== COLON) return PASS;
  i = skipSpace(b, i + 1, n);
  return i >= n ? INCOMPLETE : i;
}

/** After a member's value: `,` and the next key's index (`more`), or the index past `close`. */
function afterMember(b: Uint8Array, i: number, n: number, close: number): number {
  i = skipSpace(b, i, n);
  if (i >= n) return INCOMPLETE;
  if (b[i] === close) {
    more = false;
    return i + 1;
  }
  if (b[i] !== COMMA) return PASS;
  more = true;
  i = skipSpace(b, i + 1, n);
  return i >= n ? INCOMPLETE : i;
}

/** After `{` or `[` at `b[i - 1]`: the first member's index (`more`), or the index past `close`. */
function openContainer(b: Uint8Array, i: number, n: number, close: number): number {
  i = skipSpace(b, i, n);
  if (i >= n) return INCOMPLETE;
  more = b[i] !== close;
  return more ? i : i + 1;
}

/** A JS whitespace code point (what `String.prototype.trim` removes). */
function isJsSpace(cp: number): boolean {
  return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0xa0 || cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f ||
    cp === 0x205f || cp === 0x3000 || cp === 0xfeff;
}

/** Whether the (valid) string literal `b[s … e)`, quotes included, trims to "". */
function isBlank(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s + 1; i < e - 1;) {
    const c = b[i];
    if (c === 0x20) i++;
    else if (c === BACKSLASH) {
      const x = b[i + 1];
      if (x === 0x6e || x === 0x74 || x === 0x72 || x === 0x66) i += 2;
      else if (x !== 0x75) return false;
      else {
        const cp = parseInt(String.fromCharCode(b[i + 2], b[i + 3], b[i + 4], b[i + 5]), 16);
        if (!isJsSpace(cp)) return false;
        i += 6;
      }
    } else if (c < 0x80) return false;
    else {
      // A multi-byte UTF-8 character: decode its code point.
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      let cp = c & (len === 4 ? 0x07 : len === 3 ? 0x0f : 0x1f);
      for (let k = 1; k < len; k++) cp = (cp << 6) | (b[i + k] & 0x3f);
      if (!isJsSpace(cp)) return false;
      i += len;
    }
  }
  return true;
}

/**
 * Whether `b[s … e)` is well-formed UTF-8 (what `TextDecoder` reads without replacing anything):
 * no stray continuation byte, no overlong form, no surrogate, nothing past U+10FFFF.
 */
function isUtf8(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e;) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c < 0xc2 || c > 0xf4) return false;
    const len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (i + len > e) return false;
    const c1 = b[i + 1];
    if ((c1 & 0xc0) !== 0x80) return false;
    if (len >= 3) {
      if ((b[i + 2] & 0xc0) !== 0x80) return false;
      if (c === 0xe0 && c1 < 0xa0) return false; // overlong
      if (c === 0xed && c1 >= 0xa0) return false; // surrogate
      if (len === 4) {
        if ((b[i + 3] & 0xc0) !== 0x80) return false;
        if (c === 0xf0 && c1 < 0x90) return false; // overlong
        if (c === 0xf4 && c1 >= 0x90) return false; // past U+10FFFF
      }
    }
    i += len;
  }
  return true;
}

/** The text of the string literal `b[s … e)`. */
function stringAt(b: Uint8Array, s: number, e: number): string {
  return JSON.parse(decoder.decode(b.subarray(s, e)));
}

/** How a turn's role counts. */
const enum Role {
  Other,
  User,
  System,
}

const ROLE_WORDS: [Uint8Array, Role | typeof PASS][] = [
  [bytesOf("human"), Role.User],
  [bytesOf("gpt"), Role.Other],
  [bytesOf("user"), Role.User],
  [bytesOf("assistant"), Role.Other],
  [bytesOf("system"), Role.System],
  [bytesOf("tool"), PASS],
  [bytesOf("function"), PASS],
  [bytesOf("function_call"), PASS],
  [bytesOf("observation"), PASS],
];

/** The role spelled by string literal `b[s … e)`; PASS for tool roles and unusual spellings. */
function roleOf(b: Uint8Array, s: number, e: number): Role | typeof PASS {
  for (const [word, role] of ROLE_WORDS) if (spells(b, s + 1, e - 1, word)) return role;
  for (let i = s + 1; i < e - 1; i++) {
    const c = b[i];
    // Lower-case ASCII words are other speakers (`gpt`, `bing`, `chatgpt`); else decode and trim.
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x5f)) return PASS;
  }
  return Role.Other;
}

/** One turn object at `b[i]`; adds to `conv`. */
function scanTurn(b: Uint8Array, i: number, n: number, conv: ScannedConversation): number {
  let from = -1, fromEnd = 0, role = -1, roleEnd = 0;
  let text = -1, textEnd = 0, textRank = 9;
  let seen = 0;
  i = openContainer(b, i + 1, n, CLOSE_OBJ);
  if (i < 0) return i;
  while (more) {
    i = readKey(b, i, n);
    if (i < 0) return i;
    const ks = keyStart, ke = keyEnd;
    const start = i;
    i = skipValue(b, i, n, 2);
    if (i < 0) return i;
    let bit = 0, rank = 9;
    if (spells(b, ks, ke, KEY.from)) bit = 1;
    else if (spells(b, ks, ke, KEY.role)) bit = 2;
    else if (spells(b, ks, ke, KEY.value)) {
      bit = 4;
      rank = 0;
    } else if (spells(b, ks, ke, KEY.content)) {
      bit = 8;
      rank = 1;
    } else if (spells(b, ks, ke, KEY.text)) {
      bit = 16;
      rank = 2;
    } else if (spells(b, ks, ke, KEY.tool_calls) || spells(b, ks, ke, KEY.function_call)) {
      return PASS; // tool use: the general path makes it a tool step
    }
    if (bit !== 0) {
      if ((seen & bit) !== 0 || b[start] !== QUOTE) return PASS; // duplicate, or not a string
      seen |= bit;
      if (bit === 1) {
        from = start;
        fromEnd = i;
      } else if (bit === 2) {
        role = start;
        roleEnd = i;
      } else if (rank < textRank) {
        text = start;
        textEnd = i;
        textRank = rank;
      }
    }
    i = afterMember(b, i, n, CLOSE_OBJ);
    if (i < 0) return i;
  }
  const who = from >= 0
    ? roleOf(b, from, fromEnd)
    : role >= 0
    ? roleOf(b, role, roleEnd)
    : Role.Other;
  if (who === PASS) return PASS;
  if (who === Role.User) {
    // The literal is copied to the output as it is, so its UTF-8 must be what a decoder reads.
    if (text >= 0 && !isUtf8(b, text, textEnd)) return PASS;
    if (text < 0 || isBlank(b, text, textEnd)) conv.blank++;
    else conv.user.push(b.subarray(text, textEnd));
  } else if (who === Role.System && text >= 0) {
    const t = stringAt(b, text, textEnd);
    if (t.trim() !== "") conv.system = conv.system === undefined ? t : `${conv.system}\n\n${t}`;
  }
  return i;
}

/** The turn list (an array) at `b[i]`. */
function scanTurns(b: Uint8Array, i: number, n: number, conv: ScannedConversation): number {
  i = openContainer(b, i + 1, n, CLOSE_ARR);
  if (i < 0) return i;
  while (more) {
    i = b[i] === OPEN_OBJ ? scanTurn(b, i, n, conv) : skipValue(b, i, n, 2);
    if (i < 0) return i;
    i = afterMember(b, i, n, CLOSE_ARR);
    if (i < 0) return i;
  }
  return i;
}

/** The id value at `b[s … e)` as `recordId` reads it, or undefined. */
function idAt(b: Uint8Array, s: number, e: number): string | undefined {
  const v: unknown = JSON.parse(decoder.decode(b.subarray(s, e)));
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

const ID_KEYS = [KEY.session_id, KEY.id, KEY.conversation_id];

/**
 * The scanner of ShareGPT conversations for `scanJsonArray`, searching strings with the SIMD of
 * `window` when the bytes sit in it (see {@linkcode scanConversation}).
 *
 * @example
 * ```ts
 * const w = ByteWindow.create();
 * for await (const b of scanJsonArrayBatches(chunks, path, conversationScanner(w), w)) b;
 * ```
 */
export function conversationScanner(window?: ByteWindow): ElementScanner<ScannedConversation> {
  return (data, start, out) => {
    find = window !== undefined && window.holds(data) ? window.find : undefined;
    try {
      return scanConversation(data, start, out);
    } finally {
      find = undefined;
    }
  };
}

/**
 * Scans one ShareGPT conversation (`{"id": …, "conversations": [{"from": …, "value": …}, …]}`,
 * or with `messages` of role/content) starting at `data[start]`, for `scanJsonArray`.
 *
 * @param data bytes holding the element from `start`
 * @param start index of the element's first byte
 * @param out receives the newlines and the {@linkcode ScannedConversation}
 * @returns the index past the element, `INCOMPLETE` when `data` ends inside it, or `PASS`
 * @example
 * ```ts
 * for await (const el of scanJsonArray(readChunks(path), path, scanConversation)) el.scanned;
 * ```
 */
export function scanConversation(
  data: Uint8Array,
  start: number,
  out: ScanOut<ScannedConversation>,
): number {
  const b = data, n = data.length;
  if (b[start] !== OPEN_OBJ) return PASS;
  newlines = 0;
  const conv: ScannedConversation = { user: [], blank: 0 };
  const ids: number[] = [-1, 0, -1, 0, -1, 0];
  let list = 0; // 1 conversations, 2 messages
  let i = openContainer(b, start + 1, n, CLOSE_OBJ);
  if (i < 0) return i;
  while (more) {
    i = readKey(b, i, n);
    if (i < 0) return i;
    const ks = keyStart, ke = keyEnd;
    const vs = i;
    const which = spells(b, ks, ke, KEY.conversations)
      ? 1
      : spells(b, ks, ke, KEY.messages)
      ? 2
      : 0;
    if (which !== 0) {
      if (list !== 0 || b[vs] !== OPEN_ARR) return PASS; // both lists, a duplicate, or not a list
      list = which;
      i = scanTurns(b, i, n, conv);
    } else {
      if (spells(b, ks, ke, KEY.user_messages) || spells(b, ks, ke, KEY.tools)) return PASS;
      i = skipValue(b, i, n, 1);
      for (let k = 0; k < 3; k++) {
        if (!spells(b, ks, ke, ID_KEYS[k])) continue;
        if (ids[2 * k] >= 0) return PASS; // duplicate
        ids[2 * k] = vs;
        ids[2 * k + 1] = i;
      }
    }
    if (i < 0) return i;
    i = afterMember(b, i, n, CLOSE_OBJ);
    if (i < 0) return i;
  }
  if (list === 0) return PASS;
  for (let k = 0; k < 3 && conv.id === undefined; k++) {
    if (ids[2 * k] >= 0) conv.id = idAt(b, ids[2 * k], ids[2 * k + 1]);
  }
  out.newlines = newlines;
  out.value = conv;
  return i;
}
