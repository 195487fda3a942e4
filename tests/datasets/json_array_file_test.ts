/** @module Tests for scanning a JSON array file in a WebAssembly window, cut at every byte. */
import assert from "node:assert/strict";
import { ByteWindow } from "../../src/datasets/byte_window.ts";
import { splitJsonArray } from "../../src/datasets/json_array.ts";
import { scanJsonArrayFile } from "../../src/datasets/json_array_file.ts";
import { seededRandom } from "../../src/io/random.ts";
import { conversationScanner } from "../../src/datasets/sharegpt_scan.ts";
import { extractTurns } from "../../src/datasets/shapes.ts";
import { withTempDir } from "./helpers.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Each element as the plain splitter sees it, with the user turns JSON.parse + extractTurns find. */
async function reference(bytes: Uint8Array) {
  const out = [];
  for await (const el of splitJsonArray(once(bytes), "t.json")) {
    const turns = extractTurns(JSON.parse(el.text));
    out.push({
      text: el.text,
      offset: el.offset,
      line: el.line,
      user: typeof turns === "string" ? undefined : turns.user,
    });
  }
  return out;
}

/** The same, from the window scanner reading `readBytes` at a time. */
async function windowed(path: string, readBytes: number) {
  const out = [];
  for await (const batch of scanJsonArrayFile(path, conversationScanner, { readBytes })) {
    for (const el of batch) {
      out.push({
        text: el.text,
        offset: el.offset,
        line: el.line,
        user: el.scanned
          ? el.scanned.user.map((raw) => JSON.parse(decoder.decode(raw)) as string)
          : (extractTurns(JSON.parse(el.text)) as { user: string[] }).user,
      });
    }
  }
  return out;
}

const tricky = [
  { id: "a", conversations: [{ from: "human", value: 'quote " and \\ and \\" and \t\n' }] },
  { conversations: [{ from: "human", value: "你好，世界 🙂👨‍💻👍🏽 \ud83d\ude00 é \u0001" }] },
  "a string element with \\\\ and 你好",
  12.5e3,
  {
    messages: [{ role: "user", content: "ends with a backslash \\" }, {
      role: "assistant",
      content: "ok",
    }],
  },
  {
    conversations: [{ from: "human", value: "\u2028\u00a0 x" }, {
      from: "gpt",
      value: "🙂".repeat(40),
    }],
  },
  null,
  { id: 7, conversations: [{ from: "Human", value: "passed over: capital role" }] },
];

Deno.test("scanJsonArrayFile yields what splitJsonArray does, cut at every byte", async () => {
  await withTempDir(async (dir) => {
    const text = JSON.stringify(tricky, null, 2) + "\n";
    const bytes = encoder.encode(text);
    const path = `${dir}/t.json`;
    await Deno.writeFile(path, bytes);
    const expected = await reference(bytes);
    assert.equal(expected.length, tricky.length);
    for (let readBytes = 1; readBytes <= bytes.length + 1; readBytes++) {
      assert.deepEqual(await windowed(path, readBytes), expected, `reads of ${readBytes} bytes`);
    }
  });
});

Deno.test("scanJsonArrayFile words a truncated or malformed array as splitJsonArray does", async () => {
  await withTempDir(async (dir) => {
    const texts = [
      '[\n  {"a": 1},\n  {"b": "cut 你',
      '[{"conversations": [{"from": "human", "value": "x"}]},',
      '[\n{"a": 1}\n{"b": 2}]',
      "[1]\nx",
      "   ",
    ];
    for (const text of texts) {
      const path = `${dir}/t.json`;
      await Deno.writeTextFile(path, text);
      const message = await (async () => {
        try {
          for await (const _ of splitJsonArray(once(encoder.encode(text)), path)) { /* drain */ }
        } catch (error) {
          return (error as Error).message;
        }
        assert.fail(`expected ${JSON.stringify(text)} to fail`);
      })();
      for (const readBytes of [1, 3, 1 << 20]) {
        await assert.rejects(
          async () => {
            for await (const _ of scanJsonArrayFile(path, conversationScanner, { readBytes })) {
              /* drain */
            }
          },
          (e: Error) => e.message === message,
          `${JSON.stringify(text)} read ${readBytes} at a time`,
        );
      }
    }
  });
});

/** A file-like reader over `bytes`, `step` bytes per read. */
function memoryFile(bytes: Uint8Array, step = Infinity): Deno.FsFile {
  let at = 0;
  return {
    read(into: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(into.length, step, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  } as unknown as Deno.FsFile;
}

Deno.test("ByteWindow.find stops at the first quote, backslash or control byte", async () => {
  const win = ByteWindow.create();
  if (win === undefined) throw new Error("WebAssembly SIMD is not available");
  const random = seededRandom(3);
  const special = (c: number) => c === 0x22 || c === 0x5c || c < 0x20;
  for (let t = 0; t < 500; t++) {
    const length = Math.floor(random() * 80);
    const bytes = Uint8Array.from(
      { length },
      () =>
        random() < 0.04
          ? [0x22, 0x5c, 0x00, 0x1f][Math.floor(random() * 4)]
          : 0x20 + Math.floor(random() * 224),
    );
    const data: Uint8Array = (await win.fill(memoryFile(bytes), undefined, length)).data;
    assert.deepEqual(data, bytes);
    const start = Math.floor(random() * (length + 1));
    let expected = length;
    for (let i = start; i < length; i++) {
      if (special(bytes[i])) {
        expected = i;
        break;
      }
    }
    assert.equal(win.find(start, length), expected, `from ${start} in ${[...bytes]}`);
  }
});

Deno.test("ByteWindow.fill moves the kept bytes to the front and reads after them, growing", async () => {
  const win = ByteWindow.create()!;
  const first = encoder.encode("0123456789");
  const { data, read } = await win.fill(memoryFile(first, 3), undefined, 10);
  assert.equal(read, 10);
  const big = new Uint8Array(200_000).fill(0x61);
  const next = await win.fill(memoryFile(big), data.subarray(6), big.length);
  assert.equal(next.read, big.length);
  assert.equal(decoder.decode(next.data.subarray(0, 6)), "6789aa");
  assert.equal(next.data.length, 4 + big.length);
  const end = await win.fill(
    memoryFile(new Uint8Array(0)),
    next.data.subarray(next.data.length - 2),
    8,
  );
  assert.deepEqual([end.read, decoder.decode(end.data)], [0, "aa"]);
});
