/**
 * @module The worker behind `PromptCounter`: tokenizes long prompts and hashes their blocks off
 * the main thread, so a 100k-token prompt does not stall other streams' tokens.
 */

/// <reference lib="deno.worker" />
import { blockHashes } from "./prefix_cache.ts";
import { type PromptPart, renderTokens } from "./prompt.ts";

/** A request to the worker. */
export interface PromptJob {
  id: number;
  parts: PromptPart[];
  blockSize: number;
}

self.onmessage = (event: MessageEvent<PromptJob>) => {
  const { id, parts, blockSize } = event.data;
  const tokens = renderTokens(parts);
  const hashes = Float64Array.from(blockHashes(tokens, blockSize));
  self.postMessage({ id, count: tokens.length, hashes }, [hashes.buffer]);
};
