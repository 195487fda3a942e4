/**
 * @module The sweep options of issue 12 (tokens and cache truth), spread at the end of
 * `SweepOptions` (options.ts): `tokenizer`, `chat_template`, `server`, `cache_block_size`,
 * `require_cold`.
 */
import { z } from "zod";
import { SERVER_KINDS, type ServerKind } from "../servers/profiles.ts";

const TOKENIZER = /^(gpt|server|hf:.+)$/;

/** The fields, to spread into a zod object: `z.object({ …, ...TRUTH_OPTIONS })`. */
export const TRUTH_OPTIONS = {
  /**
   * How prompts are counted for truncation and the records: `gpt` (gpt-tokenizer, ChatML as the
   * mock renders it), `hf:<path>` (a local tokenizer.json with its chat template), `server` (the
   * server's own `/tokenize`, or llama.cpp's `/apply-template` + `/tokenize`).
   */
  tokenizer: z.string().trim().regex(TOKENIZER, 'expected "gpt", "hf:<path>" or "server"')
    .default("gpt"),
  /** A chat template file for `hf:` (when tokenizer_config.json has none, or to override it). */
  chat_template: z.string().min(1).optional(),
  /** The server's kind (its profile: reset call, block size, metric names); detected when omitted. */
  server: z.enum(SERVER_KINDS as [ServerKind, ...ServerKind[]]).optional(),
  /** Tokens per prefix-cache block for `expected_cached_tokens`; default: the server profile's. */
  cache_block_size: z.coerce.number().int().positive().optional(),
  /** Fail the sweep when a cache reset did not clear the cache (first turns hit more than shared). */
  require_cold: z.boolean().default(false),
};
