/** @module Perf helper: reads a ShareGPT array with stream-json's streamArray (the comparison point). */
import { createReadStream } from "node:fs";
import { streamArray } from "stream-json/streamers/stream-array.js";

/** Reads every element of the array in `path` and counts the human turns (so nothing is skipped). */
export async function countHumanTurns(path: string): Promise<number> {
  let humans = 0;
  for await (const { value } of createReadStream(path).pipe(streamArray.withParserAsStream())) {
    for (const t of (value as { conversations: { from: string }[] }).conversations) {
      if (t.from === "human") humans++;
    }
  }
  return humans;
}

if (import.meta.main) {
  const humans = await countHumanTurns(Deno.args[0]);
  if (humans === 0) throw new Error("stream-json read no human turns");
}
