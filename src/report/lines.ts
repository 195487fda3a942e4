/** @module The report's JSON Lines reader: src/io/jsonl.ts (kept so report imports stay). */
export { readJsonLines } from "../io/jsonl.ts";
export type { JsonLine, ReadJsonLinesOptions } from "../io/jsonl.ts";
