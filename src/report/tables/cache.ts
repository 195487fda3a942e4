/** @module Table of the cache section: hit rates per run, the server's and each scraped cache's. */
import { runLabel } from "../load/run_key.ts";
import { CACHE_PAIRS, cacheHitPct } from "../model/cache_metrics.ts";
import type { ReportModel } from "../model/model.ts";
import { NA, pct } from "./format.ts";
import type { Table } from "./table.ts";

/** Cache hit rates per run: server cached_tokens and each scraped cache found. */
export function cacheTable(m: ReportModel): Table {
  const pairs = CACHE_PAIRS.filter((p) => m.views.some((v) => cacheHitPct(v.metrics, p) !== null));
  return {
    headers: [
      "Run",
      "Prompt tokens",
      "Cached tokens (server)",
      "Hit (server)",
      ...pairs.map((p) => `Hit (${p.label})`),
    ],
    left: [0],
    rows: m.views.map((v) => [
      runLabel(v),
      String(v.summary.tokens.prompt),
      v.summary.tokens.cached === null ? NA : String(v.summary.tokens.cached),
      pct(v.summary.cache_hit_rate === null ? null : v.summary.cache_hit_rate * 100),
      ...pairs.map((p) => pct(cacheHitPct(v.metrics, p))),
    ]),
  };
}
