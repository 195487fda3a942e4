/** @module The mock's shared state: config, clock, cache, slots, metrics and the timing log. */
import { StreamAborted } from "./api_error.ts";
import type { MockConfig } from "./config.ts";
import { MockMetrics } from "./metrics.ts";
import { PrefixCache } from "./prefix_cache.ts";
import { PromptCounter } from "./prompt_counter.ts";
import { Rng } from "./rng.ts";
import { Slots } from "./slots.ts";
import { Ticker } from "./ticker.ts";
import { TimingLog } from "./timings.ts";
import { ToolCaller } from "./tool_calls.ts";

/** Everything the request handlers share; one per `createMockApp`. */
export class MockEngine {
  readonly rng: Rng;
  readonly cache: PrefixCache;
  readonly prompts: PromptCounter;
  readonly slots: Slots;
  readonly ticker: Ticker;
  readonly metrics: MockMetrics;
  readonly log: TimingLog;
  /** Which answers call a tool (`tool_call_rate`). */
  readonly tools: ToolCaller;
  /** Prompt plus generated tokens of the running requests (for `vllm:kv_cache_usage_perc`). */
  kvTokens = 0;
  readonly #closer = new AbortController();
  #seq = 0;

  constructor(readonly config: MockConfig) {
    this.rng = new Rng(config.seed);
    this.ticker = new Ticker(config.latency.timer);
    this.cache = new PrefixCache(config.cache.block_size, config.cache.capacity_tokens);
    this.prompts = new PromptCounter(config.cache.block_size);
    this.slots = new Slots(config.latency.max_running);
    this.metrics = new MockMetrics(config.models[0]);
    this.log = new TimingLog(config.timings_capacity);
    this.tools = new ToolCaller(config.tool_call_rate, config.seed);
  }

  /** Aborts when the engine closes: every in-flight request listens to it. */
  get signal(): AbortSignal {
    return this.#closer.signal;
  }

  /** A fresh completion id. */
  nextId(): string {
    return `chatcmpl-mock-${(++this.#seq).toString(36)}-${
      Math.floor(Math.random() * 2 ** 32).toString(36)
    }`;
  }

  /** The `/metrics` text. */
  metricsText(): string {
    const { capacity_tokens, bytes_per_token, block_size } = this.config.cache;
    return this.metrics.render({
      running: this.slots.running,
      waiting: this.slots.waiting,
      kvUsage: capacity_tokens === 0 ? 0 : Math.min(1, this.kvTokens / capacity_tokens),
      cacheBytes: this.cache.size * block_size * bytes_per_token,
    });
  }

  /** Ends every in-flight request and stops the clock. */
  close(): void {
    this.#closer.abort(new StreamAborted("Mock closed"));
    this.slots.close(this.#closer.signal.reason);
    this.ticker.close();
    this.prompts.close();
  }
}
