/** @module A converter's byte progress drawn on the one progress interface. */
import assert from "node:assert/strict";
import { byteProgress } from "../../src/datasets/progress.ts";

Deno.test("byte progress sets the total once per change and advances by bytes read", () => {
  const calls: string[] = [];
  const onProgress = byteProgress({
    total: (n, unit) => void calls.push(`total ${n} ${unit}`),
    advance: (n, status) => void calls.push(`advance ${n} ${status}`),
    status: () => {},
  });
  onProgress({ file: "a.json", bytesRead: 100, totalBytes: 1000, sessions: 2 });
  onProgress({ file: "a.json", bytesRead: 600, totalBytes: 1000, sessions: 1500 });
  onProgress({ file: "b.json", bytesRead: 1000, totalBytes: 1000, sessions: 2100 });
  assert.deepEqual(calls, [
    "total 1000 B",
    "advance 100 2 sessions",
    "advance 500 1,500 sessions",
    "advance 400 2,100 sessions",
  ]);
});
