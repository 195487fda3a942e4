/**
 * @module Prompt token counts and block hashes for the prefix cache: short prompts on the main
 * thread, long ones in a worker so tokenizing them never delays other streams' tokens.
 */
import { StreamAborted } from "./api_error.ts";
import { blockHashes } from "./prefix_cache.ts";
import { type PromptPart, renderTokens } from "./prompt.ts";
import type { PromptJob } from "./prompt_worker.ts";

/** Prompts with fewer characters than this are tokenized inline (well under a millisecond). */
const INLINE_CHARS = 8192;
/** The worker stops after this long without work. */
const IDLE_MS = 5000;

/** A prompt's token count and the chained hashes of its full blocks. */
export interface PromptMeasure {
  count: number;
  hashes: ArrayLike<number>;
}

/** Counts prompt tokens, in a worker for long prompts (started on demand, stopped when idle). */
export class PromptCounter {
  #worker: Worker | undefined;
  #pending = new Map<number, { resolve(m: PromptMeasure): void; reject(e: unknown): void }>();
  #seq = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly blockSize: number) {}

  /**
   * Measures a prompt.
   *
   * @example
   * ```ts
   * const { count } = await counter.measure([{ role: "user", text: "Hello" }]); // 9
   * ```
   */
  measure(parts: PromptPart[]): Promise<PromptMeasure> {
    const chars = parts.reduce((n, p) => n + p.text.length, 0);
    if (chars < INLINE_CHARS) return Promise.resolve(this.#inline(parts));
    let worker: Worker;
    try {
      worker = this.#start();
    } catch {
      return Promise.resolve(this.#inline(parts));
    }
    clearTimeout(this.#idle);
    this.#idle = undefined;
    const id = ++this.#seq;
    const job: PromptJob = { id, parts, blockSize: this.blockSize };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(job);
    });
  }

  /** Stops the worker; pending measures reject. */
  close(): void {
    clearTimeout(this.#idle);
    this.#idle = undefined;
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const { reject } of this.#pending.values()) reject(new StreamAborted("Mock closed"));
    this.#pending.clear();
  }

  #inline(parts: PromptPart[]): PromptMeasure {
    const tokens = renderTokens(parts);
    return { count: tokens.length, hashes: blockHashes(tokens, this.blockSize) };
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./prompt_worker.ts", import.meta.url).href, {
      type: "module",
    });
    worker.onmessage = (e: MessageEvent<PromptMeasure & { id: number }>) => {
      this.#pending.get(e.data.id)?.resolve({ count: e.data.count, hashes: e.data.hashes });
      this.#pending.delete(e.data.id);
      if (this.#pending.size === 0) {
        clearTimeout(this.#idle);
        this.#idle = setTimeout(() => this.close(), IDLE_MS);
      }
    };
    this.#worker = worker;
    return worker;
  }
}
