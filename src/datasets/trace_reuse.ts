/**
 * @module The cache hits a trace's hash ids imply, request by request, as a server with the
 * trace's block size would find them.
 *
 * Request r shares with an earlier request the tokens of their common leading blocks (same hash
 * ids in the same order; a block that is partial in either shares only the shorter length, and
 * ends the run). A prefix cache of full blocks (vLLM's, the mock's) finds
 *   cached(r) = B · ⌊min(offset + shared(r), P(r) − 1) / B⌋,   P(r) = offset + input + suffix,
 * the best `shared` over earlier requests, where `offset` and `suffix` are the prompt tokens the
 * server adds before and after the text (ChatML around one user message: 3 and 5, so the
 * framing moves the blocks by 3 tokens and a whole repeated request also shares its suffix).
 * With offset and suffix 0 this is the trace's own view: B × the leading blocks seen before.
 */
import type { TraceRequest } from "./mooncake.ts";

/** How the server frames the text, and how partial blocks were made. */
export interface ReuseModel {
  blockSize: number;
  /** Prompt tokens before the text (default 0; ChatML user message: 3). */
  offset?: number;
  /** Prompt tokens after the text (default 0; ChatML: 2 closing + 3 priming = 5). */
  suffix?: number;
  /**
   * Whether the partial block (id, tokens) is the start of block id's full text (default yes);
   * one that is not shares only with the same partial block (`BlockTexts.isPrefixCut`).
   */
  isPrefixCut?: (id: number, tokens: number) => boolean;
}

/** Chains a hash id onto the key of the blocks before it (a 53-bit FNV-style hash). */
function chainKey(parent: number, id: number): number {
  let a = Math.imul((parent % 2 ** 26) ^ 0x811c9dc5 ^ id, 0x01000193);
  let b = Math.imul(Math.floor(parent / 2 ** 26) ^ 0x1b873593 ^ (id * 31 + 7), 0x01000193);
  a = Math.imul(a ^ (a >>> 15), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) >>> 11);
}

/**
 * The expected cached tokens of each request, in trace order.
 *
 * @param requests the trace's requests in the order a replay sends them
 * @param model the block size and the server's framing
 * @returns one count per request
 * @example
 * ```ts
 * impliedCachedTokens([{ timestamp: 0, input_length: 600, output_length: 1, hash_ids: [1, 2] }], { blockSize: 512 }); // [0]
 * ```
 */
export function impliedCachedTokens(
  requests: Iterable<TraceRequest>,
  model: ReuseModel,
): number[] {
  const B = model.blockSize, offset = model.offset ?? 0, suffix = model.suffix ?? 0;
  const isPrefixCut = model.isPrefixCut ?? (() => true);
  /** Longest block seen under each chain of ids, of those that are a start of the full text. */
  const longest = new Map<number, number>();
  /** Partial blocks with a text of their own, by chain and length. */
  const own = new Set<string>();
  /** Whole requests seen: their chain and last block length. */
  const whole = new Set<string>();
  const out: number[] = [];
  for (const r of requests) {
    const n = r.hash_ids.length;
    const lengthOf = (i: number) => i < n - 1 ? B : r.input_length - (n - 1) * B;
    const chains: number[] = [];
    for (let i = 0, c = 0; i < n; i++) chains.push(c = chainKey(c, r.hash_ids[i]));
    const prefixLike = (i: number) => lengthOf(i) === B || isPrefixCut(r.hash_ids[i], lengthOf(i));
    let shared = 0;
    for (let i = 0; i < n; i++) {
      const len = lengthOf(i);
      const common = prefixLike(i)
        ? Math.min(longest.get(chains[i]) ?? 0, len)
        : own.has(`${chains[i]}:${len}`)
        ? len
        : 0;
      shared += common;
      if (common < B) break;
    }
    const wholeKey = `${chains[n - 1]}:${lengthOf(n - 1)}`;
    if (whole.has(wholeKey)) shared = r.input_length + suffix;
    const prompt = offset + r.input_length + suffix;
    out.push(B * Math.floor(Math.min(offset + shared, prompt - 1) / B));
    for (let i = 0; i < n; i++) {
      if (prefixLike(i)) longest.set(chains[i], Math.max(longest.get(chains[i]) ?? 0, lengthOf(i)));
      else own.add(`${chains[i]}:${lengthOf(i)}`);
    }
    whole.add(wholeKey);
  }
  return out;
}
