/**
 * @module Which server is this: read from `/v1/models` (`owned_by`) and the metric names on
 * `/metrics`, with the block size vLLM publishes in `vllm:cache_config_info`.
 */
import { PROFILES, type ServerKind } from "./profiles.ts";

/** What detection found, and why. */
export interface Detection {
  kind: ServerKind;
  /** The profile's block size, or the one the server published. */
  blockSize: number;
  /** One line saying what decided it, e.g. `owned_by "llamacpp"`. */
  evidence: string;
}

const OWNERS: Record<string, ServerKind> = {
  vllm: "vllm",
  sglang: "sglang",
  llamacpp: "llamacpp",
  turnbench: "mock",
};

/** The kind named by a `/v1/models` answer's `owned_by`, or null. */
export function kindFromModels(body: unknown): ServerKind | null {
  const data = (body as { data?: { owned_by?: unknown }[] } | null)?.data;
  if (!Array.isArray(data)) return null;
  for (const m of data) {
    const kind = typeof m?.owned_by === "string" ? OWNERS[m.owned_by.toLowerCase()] : undefined;
    if (kind) return kind;
  }
  return null;
}

/** What a `/metrics` page says: the engine prefixes present, and vLLM's block size. */
export interface MetricsClues {
  prefixes: Set<string>;
  blockSize: number | null;
}

/**
 * Scans a `/metrics` page for engine prefixes (`vllm:`, `sglang:`, `llamacpp:`, `lmcache:`) and
 * `vllm:cache_config_info{block_size="…"}`.
 *
 * @example
 * ```ts
 * metricsClues("llamacpp:prompt_tokens_total 5\n").prefixes.has("llamacpp"); // true
 * ```
 */
export function metricsClues(text: string): MetricsClues {
  const prefixes = new Set<string>();
  let blockSize: number | null = null;
  for (const m of text.matchAll(/^(vllm|sglang|llamacpp|lmcache):([A-Za-z0-9_]+)(\{[^\n]*)?/gm)) {
    prefixes.add(m[1]);
    if (m[1] === "vllm" && m[2] === "cache_config_info" && m[3]) {
      const size = /[{,]\s*block_size="(\d+)"/.exec(m[3]);
      if (size) blockSize = Number(size[1]);
    }
  }
  return { prefixes, blockSize };
}

/**
 * Decides the kind from both clues: `owned_by` first (the mock says "turnbench"), LMCache when a
 * vLLM also shows `lmcache:` series, then the metric prefixes; generic when nothing matches.
 *
 * @example
 * ```ts
 * decideKind("vllm", metricsClues("lmcache:num_hit_tokens_total 1\n")).kind; // "lmcache"
 * ```
 */
export function decideKind(owner: ServerKind | null, clues: MetricsClues | null): Detection {
  const has = (p: string) => clues?.prefixes.has(p) ?? false;
  let kind: ServerKind = "generic";
  let evidence = "no known owned_by or metric names";
  if (owner === "vllm" && has("lmcache")) {
    kind = "lmcache";
    evidence = `owned_by "vllm" and lmcache: metrics`;
  } else if (owner !== null) {
    kind = owner;
    evidence = `owned_by "${owner === "mock" ? "turnbench" : owner}"`;
  } else {
    const byPrefix = (["llamacpp", "sglang", "vllm"] as const).find(has);
    if (byPrefix) {
      kind = byPrefix === "vllm" && has("lmcache") ? "lmcache" : byPrefix;
      evidence = `${byPrefix}: metric names`;
    }
  }
  const published = kind === "vllm" ? clues?.blockSize ?? null : null;
  return { kind, blockSize: published ?? PROFILES[kind].blockSize, evidence };
}

/**
 * Asks the server at `base` (its origin) for `/v1/models` and `/metrics` (or `metricsUrl`, the
 * page the sweep scrapes) and decides its kind. An endpoint that fails is just no clue.
 *
 * @example
 * ```ts
 * (await detectServer("http://127.0.0.1:8080")).kind; // "llamacpp"
 * ```
 */
export async function detectServer(
  base: string,
  options: { apiKey?: string; timeoutMs?: number; metricsUrl?: string } = {},
): Promise<Detection> {
  const origin = new URL(base).origin;
  const get = async (path: string): Promise<Response | null> => {
    try {
      const res = await fetch(path.startsWith("/") ? origin + path : path, {
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (res.ok) return res;
      await res.body?.cancel();
    } catch {
      // no clue from this endpoint
    }
    return null;
  };
  const [models, metrics] = await Promise.all([
    get("/v1/models"),
    get(options.metricsUrl ?? "/metrics"),
  ]);
  const owner = models ? kindFromModels(await models.json().catch(() => null)) : null;
  const clues = metrics ? metricsClues(await metrics.text().catch(() => "")) : null;
  return decideKind(owner, clues);
}
