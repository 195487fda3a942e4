/**
 * @module The mock's Prometheus metrics: vLLM's names and labels (`model_name`, `engine`),
 * LMCache's (`model_name`, `worker_id`), and the two plain names the seed scripts scraped
 * (`lmcache_hit_rate`, `memory_usage_bytes`). Text exposition format 0.0.4.
 */
import { Histogram, labelText, sampleValue } from "./histogram.ts";

/** The content type of `GET /metrics`. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

// deno-fmt-ignore
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];
// deno-fmt-ignore
const ITL_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80];
// deno-fmt-ignore
const E2E_BUCKETS = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680];

/** Why a request finished, as vLLM's `finished_reason` label. */
export type FinishReason = "stop" | "length" | "abort";

/** Values read from the app's live state when the metrics are rendered. */
export interface LiveGauges {
  running: number;
  waiting: number;
  /** Share of the KV capacity held by running requests (0–1). */
  kvUsage: number;
  /** Bytes of KV held by the prefix cache's blocks. */
  cacheBytes: number;
}

/** Counters and histograms, updated as requests progress. Counters only ever grow. */
export class MockMetrics {
  prefixQueries = 0;
  prefixHits = 0;
  promptTokens = 0;
  generationTokens = 0;
  readonly success: Record<FinishReason, number> = { stop: 0, length: 0, abort: 0 };
  readonly ttft = new Histogram(TTFT_BUCKETS);
  readonly itl = new Histogram(ITL_BUCKETS);
  readonly e2e = new Histogram(E2E_BUCKETS);

  constructor(readonly modelName: string) {}

  /** Counts a prompt's cache lookup (in tokens, as vLLM and LMCache count). */
  recordPrompt(promptTokens: number, cachedTokens: number): void {
    this.prefixQueries += promptTokens;
    this.prefixHits += cachedTokens;
    this.promptTokens += promptTokens;
  }

  /** The whole `/metrics` text. */
  render(live: LiveGauges): string {
    const vllm = { model_name: this.modelName, engine: "0" };
    const lm = { model_name: this.modelName, worker_id: "0" };
    const hitRate = this.prefixQueries === 0 ? 0 : this.prefixHits / this.prefixQueries;
    const success = (Object.keys(this.success) as FinishReason[]).map((r) =>
      `vllm:request_success_total${labelText({ ...vllm, finished_reason: r })} ${this.success[r]}`
    );
    const one = (labels: Record<string, string>, v: number) => (name: string) => [
      `${name}${labelText(labels)} ${sampleValue(v)}`,
    ];
    const hist = (h: Histogram) => (name: string) => h.lines(name, vllm);
    // deno-fmt-ignore
    const families: [string, string, string, (name: string) => string[]][] = [
      ["vllm:num_requests_running", "gauge", "Number of requests in model execution batches.", one(vllm, live.running)],
      ["vllm:num_requests_waiting", "gauge", "Number of requests waiting to be processed.", one(vllm, live.waiting)],
      ["vllm:kv_cache_usage_perc", "gauge", "KV-cache usage. 1 means 100 percent usage.", one(vllm, live.kvUsage)],
      ["vllm:prefix_cache_queries_total", "counter", "Prefix cache queries, in terms of number of queried tokens.", one(vllm, this.prefixQueries)],
      ["vllm:prefix_cache_hits_total", "counter", "Prefix cache hits, in terms of number of cached tokens.", one(vllm, this.prefixHits)],
      ["vllm:prompt_tokens_total", "counter", "Number of prefill tokens processed.", one(vllm, this.promptTokens)],
      ["vllm:generation_tokens_total", "counter", "Number of generation tokens processed.", one(vllm, this.generationTokens)],
      ["vllm:request_success_total", "counter", "Count of successfully processed requests.", () => success],
      ["vllm:time_to_first_token_seconds", "histogram", "Histogram of time to first token in seconds.", hist(this.ttft)],
      ["vllm:time_per_output_token_seconds", "histogram", "Histogram of time per output token in seconds.", hist(this.itl)],
      ["vllm:e2e_request_latency_seconds", "histogram", "Histogram of e2e request latency in seconds.", hist(this.e2e)],
      ["lmcache:num_requested_tokens_total", "counter", "Total number of tokens requested from LMCache.", one(lm, this.prefixQueries)],
      ["lmcache:num_hit_tokens_total", "counter", "Total number of tokens hit in LMCache.", one(lm, this.prefixHits)],
      ["lmcache:retrieve_hit_rate", "gauge", "Hit rate of lmcache retrieve requests (hit over requested tokens since start).", one(lm, hitRate)],
      ["lmcache:local_cache_usage", "gauge", "Local cache usage (bytes) of lmcache.", one(lm, live.cacheBytes)],
      ["lmcache_hit_rate", "gauge", "Prefix cache hit rate in tokens since start (seed-compatible name).", one({}, hitRate)],
      ["memory_usage_bytes", "gauge", "Bytes of simulated KV held by the prefix cache (seed-compatible name).", one({}, live.cacheBytes)],
    ];
    const out: string[] = [];
    for (const [name, type, help, lines] of families) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines(name));
    }
    return out.join("\n") + "\n";
  }
}
