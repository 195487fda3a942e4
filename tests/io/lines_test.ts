/** @module Tests of line splitting: streamed bytes and strings follow one CRLF rule. */
import assert from "node:assert/strict";
import { splitLines, splitTextLines } from "../../src/io/lines.ts";

async function* chunksOf(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

Deno.test("splitLines and splitTextLines give the same lines, dropping one CR before LF", async () => {
  const text = "a\r\nb\n\r\nc\r\r\nd é\r\n\nlast\r";
  const fromString = [...splitTextLines(text)];
  assert.deepEqual(fromString, ["a", "b", "", "c\r", "d é", "", "last"]);
  for (const size of [1, 2, 3, 64]) {
    const streamed: string[] = [];
    for await (const { text: t } of splitLines(chunksOf(text, size), "x")) streamed.push(t);
    assert.deepEqual(streamed, fromString, `chunks of ${size}`);
  }
});

Deno.test("a final newline ends the last line and adds no empty one, in both splitters", async () => {
  for (
    const [text, want] of [["x\ny\n", ["x", "y"]], ["", []], ["\n", [""]], ["z", ["z"]]] as const
  ) {
    assert.deepEqual([...splitTextLines(text)], want, JSON.stringify(text));
    const streamed: string[] = [];
    for await (const { text: t } of splitLines(chunksOf(text, 1), "x")) streamed.push(t);
    assert.deepEqual(streamed, want, `streamed ${JSON.stringify(text)}`);
  }
});
