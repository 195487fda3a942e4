/** @module Tests for the ShareGPT byte scanner: it reads exactly what JSON.parse + extractTurns read. */
import assert from "node:assert/strict";
import { INCOMPLETE, PASS, type ScanOut } from "../../src/datasets/json_array.ts";
import { seededRandom } from "../../src/io/random.ts";
import { scanConversation, type ScannedConversation } from "../../src/datasets/sharegpt_scan.ts";
import { extractTurns, recordId } from "../../src/datasets/shapes.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What both paths agree on: the user turns as text, the system prompt, blanks and the id. */
interface Reading {
  user: string[];
  system?: string;
  blank: number;
  id?: string;
  /** Tool steps or tools found (the scanner never reads those: it must pass such records over). */
  tools?: true;
}

/** The scanner's reading of `bytes` (an element from byte 0), or the code it returned. */
function fast(bytes: Uint8Array): Reading | number {
  const out: ScanOut<ScannedConversation> = { newlines: 0, value: undefined };
  const end = scanConversation(bytes, 0, out);
  if (end < 0) return end;
  assert.equal(end, bytes.length, "the element ends where the bytes end");
  const c = out.value!;
  const reading: Reading = {
    user: c.user.map((raw) => JSON.parse(decoder.decode(raw))),
    blank: c.blank,
  };
  if (c.system !== undefined) reading.system = c.system;
  if (c.id !== undefined) reading.id = c.id;
  return reading;
}

/** The general path's reading of the same bytes, or undefined where it fails. */
function slow(bytes: Uint8Array): Reading | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
  const turns = extractTurns(value);
  if (typeof turns === "string") return undefined;
  const reading: Reading = { user: turns.user, blank: turns.blank };
  if (turns.system !== undefined) reading.system = turns.system;
  const id = recordId(value as Record<string, unknown>);
  if (id !== undefined) reading.id = id;
  if (turns.turns !== undefined || turns.tools !== undefined) reading.tools = true;
  return reading;
}

const PIECES = [
  "hello",
  " world",
  "\\",
  '"',
  "\t",
  "\n",
  "\r\n",
  "\u0001",
  "\u001f",
  "/",
  "你好",
  "世界",
  "キャッシュ",
  "🙂",
  "👨‍💻",
  "👍🏽",
  "\ud83d", // a lone surrogate (JSON.stringify writes it as \ud83d)
  "\u00e9",
  "\u2028",
  "é",
  "\u00a0",
  "\u3000",
  "\ufeff",
  " ",
];
const BLANKS = ["", " ", "\t\n", "\u00a0", "\u3000 ", "\ufeff", " \r\n\t "];

/** A random ShareGPT-ish conversation built from tricky pieces. */
function randomConversation(random: () => number): Record<string, unknown> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const text = () =>
    random() < 0.15
      ? pick(BLANKS)
      : Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(PIECES)).join("");
  const turns = Array.from({ length: Math.floor(random() * 8) }, (_, t) => {
    const role = random() < 0.1 ? "system" : t % 2 ? pick(["gpt", "assistant", "bing"]) : pick([
      "human",
      "user",
    ]);
    const turn: Record<string, unknown> = random() < 0.5
      ? { from: role, value: text() }
      : { role, content: text() };
    if (random() < 0.1) turn.extra = { n: [1, -0.5e+10, true, null, "x"], s: text() };
    if (random() < 0.05) delete turn.value;
    if (random() < 0.03) turn.tool_calls = [{ id: "c", function: { name: "f", arguments: "{}" } }];
    if (random() < 0.02) turn.function_call = { name: "f", arguments: "{}" };
    if (random() < 0.03) {
      turn[turn.from ? "from" : "role"] = pick(["tool", "observation", "function_call"]);
    }
    return turn;
  });
  const conv: Record<string, unknown> = {};
  const idKind = random();
  if (idKind < 0.5) conv.id = `c${Math.floor(random() * 1e6)}_${text().slice(0, 3)}`;
  else if (idKind < 0.6) conv.id = Math.floor(random() * 1000);
  else if (idKind < 0.7) conv.id = "  ";
  else if (idKind < 0.8) conv.session_id = text();
  if (random() < 0.2) conv.model = "gpt-4";
  if (random() < 0.03) conv.tools = [{ type: "function", function: { name: "f" } }];
  conv[random() < 0.8 ? "conversations" : "messages"] = turns;
  return conv;
}

/** Serializes like JSON.stringify, indented or not, sometimes `\uXXXX`-escaped throughout. */
function serialize(value: unknown, random: () => number): Uint8Array {
  let text = JSON.stringify(value, null, random() < 0.5 ? 2 : undefined);
  if (random() < 0.3) {
    text = text.replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  return encoder.encode(text);
}

Deno.test("scanConversation reads every generated conversation as JSON.parse and extractTurns do", () => {
  const random = seededRandom(14);
  let scanned = 0;
  for (let i = 0; i < 3000; i++) {
    const bytes = serialize(randomConversation(random), random);
    const got = fast(bytes);
    if (got === PASS) continue;
    scanned++;
    assert.deepEqual(got, slow(bytes), decoder.decode(bytes));
  }
  assert.ok(scanned > 2000, `the scanner read ${scanned} of 3000 itself`);
});

Deno.test("scanConversation accepts a mutated conversation only when it reads it as the general path does", () => {
  const random = seededRandom(15);
  const bytesOf = (s: string) => s.charCodeAt(0);
  const noise = [...'"\\,:{}[]0-e.tfn \t\n'].map(bytesOf).concat([0x01, 0x80, 0xc3, 0xe4, 0xff]);
  let accepted = 0, rejected = 0;
  for (let i = 0; i < 4000; i++) {
    const clean = serialize(randomConversation(random), random);
    const bytes = Array.from(clean);
    for (let m = 1 + Math.floor(random() * 3); m > 0; m--) {
      const at = Math.floor(random() * bytes.length);
      const r = random();
      if (r < 0.4) bytes[at] = noise[Math.floor(random() * noise.length)];
      else if (r < 0.7) bytes.splice(at, 1);
      else bytes.splice(at, 0, noise[Math.floor(random() * noise.length)]);
    }
    const mutated = Uint8Array.from(bytes);
    const out: ScanOut<ScannedConversation> = { newlines: 0, value: undefined };
    const end = scanConversation(mutated, 0, out);
    if (end < 0) {
      rejected++;
      continue;
    }
    accepted++;
    const element = mutated.subarray(0, end);
    const expected = slow(element);
    assert.ok(
      expected !== undefined,
      `accepted what JSON.parse refuses: ${decoder.decode(element)}`,
    );
    assert.deepEqual(fast(element), expected, decoder.decode(element));
  }
  assert.ok(accepted > 100 && rejected > 100, `accepted ${accepted}, rejected ${rejected}`);
});

Deno.test("scanConversation passes over records the general path must read or word", () => {
  const cases = [
    '{"user_messages": ["a"]}',
    '{"tools": [], "messages": [{"role": "user", "content": "a"}]}',
    '{"conversations": [{"from": "Human", "value": "a"}]}',
    '{"conversations": [{"from": " human", "value": "a"}]}',
    '{"messages": [{"role": "user", "content": [{"type": "text", "text": "a"}]}]}',
    '{"conversations": [{"from": "human", "value": null}]}',
    '{"conversations": [{"from": "human", "from": "gpt", "value": "a"}]}',
    '{"conversations": [], "conversations": []}',
    '{"conversations": [], "messages": []}',
    '{"id": "a", "id": "b", "conversations": []}',
    '{"messages": [{"role": "tool", "content": "r"}]}',
    '{"messages": [{"role": "assistant", "tool_calls": []}]}',
    '{"messages": [{"role": "assistant", "function_call": {"name": "f"}}]}',
    '{"conversations": [{"from": "function_call", "value": "{}"}]}',
    '{"conversations": [{"from": "gpt", "value": "raw\ttab"}]}',
    '{"conversations": [{"from": "gpt", "value": "bad \\x escape"}]}',
    '{"conversations": [{"from": "gpt", "value": "\\u12g4"}]}',
    '{"conversations": [{"from": "gpt", "value": "a"},]}',
    '{"n": 01, "conversations": []}',
    '{"n": 1., "conversations": []}',
    '{"n": -, "conversations": []}',
    '{"n": tru, "conversations": []}',
    '{"conversations": {"from": "human"}}',
    '{"no": "list"}',
    '["not", "an", "object"]',
  ];
  for (const text of cases) assert.equal(fast(encoder.encode(text)), PASS, text);
});

Deno.test("scanConversation passes over bad UTF-8 in a kept turn and ignores it elsewhere", () => {
  const bad = [
    [0xc3, 0x28], // a lead byte without its continuation
    [0x80], // a stray continuation byte
    [0xc0, 0xaf], // overlong "/"
    [0xe0, 0x80, 0xaf], // overlong, three bytes
    [0xed, 0xa0, 0x80], // a surrogate
    [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
    [0xf5, 0x80, 0x80, 0x80],
    [0xe4, 0xbd], // cut before the closing quote
  ];
  const element = (role: string, bytes: number[]) =>
    Uint8Array.from([
      ...encoder.encode(
        `{"conversations": [{"from": "human", "value": "q"}, {"from": "${role}", "value": "a`,
      ),
      ...bytes,
      ...encoder.encode('"}]}'),
    ]);
  for (const bytes of bad) {
    assert.equal(fast(element("human", bytes)), PASS, `kept: ${bytes}`);
    const ignored = element("gpt", bytes);
    assert.deepEqual(fast(ignored), slow(ignored), `ignored: ${bytes}`);
    assert.deepEqual(fast(ignored), { user: ["q"], blank: 0 });
  }
  for (
    const good of [[0xc3, 0xa9], [0xe4, 0xbd, 0xa0], [0xf0, 0x9f, 0x99, 0x82], [0xef, 0xbb, 0xbf]]
  ) {
    assert.deepEqual(fast(element("human", good)), slow(element("human", good)), `valid: ${good}`);
  }
});

Deno.test("scanConversation says INCOMPLETE wherever the bytes stop inside the element", () => {
  const bytes = encoder.encode(
    JSON.stringify(
      { id: "x", conversations: [{ from: "human", value: 'a\\"b 你好 🙂 \u0001' }] },
      null,
      2,
    ),
  );
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.equal(fast(bytes.subarray(0, cut)), INCOMPLETE, `cut at ${cut}`);
  }
  assert.deepEqual(fast(bytes), { user: ['a\\"b 你好 🙂 \u0001'], blank: 0, id: "x" });
});
