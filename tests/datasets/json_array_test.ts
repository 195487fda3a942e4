/** @module Tests for the streaming JSON array splitter. */
import assert from "node:assert/strict";
import { splitJsonArray } from "../../src/datasets/json_array.ts";
import { InputError } from "../../src/util/errors.ts";

const encoder = new TextEncoder();

/** Feeds `text` in chunks of `size` bytes, so element and escape boundaries fall mid-chunk. */
async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = encoder.encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function split(text: string, size = 1 << 20) {
  const out = [];
  for await (const el of splitJsonArray(chunked(text, size), "t.json")) out.push(el);
  return out;
}

async function failure(text: string, size = 1 << 20): Promise<InputError> {
  try {
    await split(text, size);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${error}`);
    return error;
  }
  assert.fail("expected an error");
}

const tricky = [
  { id: "a", text: 'quote " and backslash \\ and \\" both', n: [1, 2, { d: "]}" }] },
  "plain string with \\\\",
  12.5e3,
  true,
  null,
  ["x", { y: "\u4f60\u597d \ud83d\ude00" }],
  { end: "ends with backslash \\" },
];

Deno.test("splitJsonArray yields every element whatever the chunk size", async () => {
  const text = JSON.stringify(tricky, null, 2);
  for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
    const parsed = (await split(text, size)).map((el) => JSON.parse(el.text));
    assert.deepEqual(parsed, tricky, `chunk size ${size}`);
  }
});

Deno.test("splitJsonArray reports each element's index, byte offset and line", async () => {
  const text = '[\n  {"a": 1},\n  "two",\n  3\n]';
  const els = await split(text, 5);
  const starts = ['{"a"', '"two"', "3\n"].map((s) => text.indexOf(s));
  assert.deepEqual(els.map((e) => [e.index, e.offset, e.line]), [
    [0, starts[0], 2],
    [1, starts[1], 3],
    [2, starts[2], 4],
  ]);
});

Deno.test("splitJsonArray accepts empty arrays, a BOM and surrounding whitespace", async () => {
  assert.deepEqual(await split(" \n[ ]\n"), []);
  assert.deepEqual((await split('\ufeff[{"a":1}]')).map((e) => e.text), ['{"a":1}']);
});

Deno.test("splitJsonArray names the byte and line of a truncated array", async () => {
  const text = '[\n  {"a": 1},\n  {"b": "cut';
  const error = await failure(text, 4);
  assert.equal(new TextEncoder().encode(text).length, 26);
  assert.equal(error.file, "t.json");
  assert.match(error.message, /^t\.json:3: truncated JSON array: file ends at byte 26/);
  assert.match(error.message, /inside element 2, which starts at byte 16 \(line 3\)/);
  const after = await failure('[{"a": 1},');
  assert.match(after.message, /truncated JSON array: file ends at byte 10 after 1 element/);
});

Deno.test("splitJsonArray rejects a missing comma, a trailing comma and data after the array", async () => {
  const missing = await failure('[\n{"a": 1}\n{"b": 2}]');
  assert.equal(
    missing.message,
    't.json:3: malformed JSON array at byte 11: expected "," or "]" after element 1, found "{"',
  );
  const trailing = await failure('[{"a": 1},]');
  assert.match(trailing.message, /byte 10: expected element 2, found "\]"/);
  const extra = await failure("[1]\nx");
  assert.match(extra.message, /^t\.json:2: .* unexpected "x" after the closing "\]"/);
});

Deno.test("splitJsonArray refuses input that is not an array", async () => {
  assert.match((await failure('{"a": 1}')).message, /expected "\[" to open the array, found "\{"/);
  assert.match((await failure("   ")).message, /expected a JSON array, file is empty/);
});
