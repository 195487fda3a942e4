/**
 * @module The report's sections in order, shared by the Markdown and HTML renderers: each with
 * its tables (tables/) and text. Charts name their own section (charts/registry.ts); the HTML
 * draws them there.
 */
import { loadLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { isBucket, scrapedSeries } from "../model/scraped_series.ts";
import { baselineTable, baselineVerdict } from "../tables/baseline.ts";
import { cacheTable } from "../tables/cache.ts";
import { cacheTruthTable } from "../tables/cache_truth.ts";
import { perTurnTable } from "../tables/per_turn.ts";
import { tokensTable } from "../tables/tokens.ts";
import { changeTable } from "../tables/changes.ts";
import { errorsTable } from "../tables/errors.ts";
import { provenanceTable } from "../tables/provenance.ts";
import { runsTable } from "../tables/runs.ts";
import { scrapedTable } from "../tables/scraped.ts";
import type { Table } from "../tables/table.ts";
import { sloSection } from "./slo_section.ts";

/** One section of the report. A renderer skips a section with nothing it can show. */
export interface Section {
  /** Anchor id (HTML); the charts whose `section` is this id are drawn in it. */
  id: string;
  title: string;
  /** A sentence shown in bold before the tables. */
  lead?: string;
  tables: Table[];
  /** Explanation under the tables. */
  note?: string;
  /** Bullet points. */
  items?: string[];
  /** When set, the HTML folds `tables` away under this summary line (the Markdown shows them). */
  foldTables?: string;
  /** A long table only the HTML shows, folded away (the Markdown leaves it to summary.json). */
  more?: { summary: string; table: Table };
}

/** The warning shown at the top of a report on a partial sweep; null when complete. */
export function partialWarning(m: ReportModel): string | null {
  if (m.complete) return null;
  const parts = [];
  if (!m.sweep.summary.complete) {
    parts.push("The sweep stopped before it finished (summary.json says complete: false).");
  }
  if (m.incompleteRuns.length) parts.push(`Incomplete runs: ${m.incompleteRuns.join(", ")}.`);
  parts.push("Numbers cover only the requests that finished.");
  return `Partial results. ${parts.join(" ")}`;
}

/**
 * The warnings of tokens and cache truth shown at the top of a report (counts that disagree with
 * the server's, resets that did not clear the cache); empty when there are none.
 */
export function truthBanners(m: ReportModel): string[] {
  return m.truth.warnings;
}

/** One sentence on what was measured. */
export function overview(m: ReportModel): string {
  const total = m.views.reduce((a, v) => a + v.summary.requests.total, 0);
  const failed = m.views.reduce((a, v) => a + v.summary.requests.failed, 0);
  const rounds = new Set(m.views.map((v) => v.round)).size;
  const loads = [...new Set(m.views.map(loadLabel))].join(", ");
  return `Model ${m.sweep.summary.config.model}: ${m.views.length} runs ` +
    `(${rounds} round(s) × ${loads}), ${total} requests, ${failed} failed.` +
    (m.capacity ? ` ${m.capacity.headline}.` : "");
}

const only = (t: Table | null): Table[] => (t ? [t] : []);

/**
 * The sections of a report, in order.
 *
 * @example
 * ```ts
 * for (const s of reportSections(model)) console.log(s.title);
 * ```
 */
export function reportSections(m: ReportModel): Section[] {
  const worse = baselineTable(m, "worse");
  const buckets = scrapedSeries(m).filter(isBucket).length;
  return [
    {
      id: "runs",
      title: "Runs",
      tables: [runsTable(m)],
      note: "Latency columns are p50 / p90 / p99 over successful requests, in ms. TTFT: request " +
        "sent → first content chunk; ITL: gap between content chunks; TPOT: (E2E − TTFT) / " +
        "(output tokens − 1).",
    },
    sloSection(m),
    {
      id: "round-change",
      title: "Round 2 against round 1: what the cache saved",
      tables: only(changeTable(m)),
      note: m.sweep.summary.config.reset_cache_between_rounds
        ? "The cache was reset before every round, so each round started cold: this compares two " +
          "cold rounds (a control); the savings within a round show as cache hits on later turns."
        : "Same sessions coming back: a lower TTFT in later rounds is what the prefix/KV cache " +
          "saved.",
    },
    {
      id: "turns",
      title: "First turn against follow-ups",
      tables: only(perTurnTable(m)),
      note: "A session's first turn computes its whole prompt; a follow-up resends the history, " +
        "which a prefix cache serves: TTFT p50 and the share of prompt tokens the server " +
        "reported cached, by turn. Expected cached: what an ideal cache would serve.",
    },
    {
      id: "latency",
      title: "Latency against load",
      tables: [],
    },
    {
      id: "ttft",
      title: "Time to first token",
      tables: [],
    },
    {
      id: "cache",
      title: "Throughput and cache hit rate",
      tables: [cacheTable(m)],
      note: "Server: Σ cached_tokens / Σ prompt_tokens of requests that reported cached_tokens. " +
        "Scraped: each server's counters over each run, with its own formula (llama.cpp counts " +
        "only the prompt tokens it processed: Δ cached / (Δ cached + Δ processed)).",
    },
    {
      id: "cache-truth",
      title: "Cache truth: expected, reported, scraped",
      ...(m.truth.warnings.length ? { items: m.truth.warnings.map((w) => `⚠ ${w}`) } : {}),
      tables: [...only(cacheTruthTable(m)), ...only(tokensTable(m))],
      note: cacheTruthNote(m),
    },
    { id: "errors", title: "Errors by kind", tables: only(errorsTable(m)) },
    {
      id: "scraped",
      title: "Scraped metrics (change over each run; gauges: value at its end)",
      tables: only(scrapedTable(m)),
      foldTables: "Table of all series",
      ...(buckets
        ? {
          note:
            `${buckets} histogram bucket series are left out here; the sweep's summary.json or scraped.json has them.`,
        }
        : {}),
    },
    ...(worse
      ? [{
        id: "baseline",
        title: "Against the baseline",
        lead: baselineVerdict(m)!,
        tables: worse.rows.length ? [worse] : [],
        note:
          `${
            m.baseline!.comparisons.length + (m.baseline!.capacity ? 1 : 0) - worse.rows.length
          } other comparison(s) are ` +
          "unchanged or better; all are in summary.json.",
        more: { summary: "All comparisons", table: baselineTable(m)! },
      }]
      : []),
    { id: "notes", title: "Notes", tables: [], items: m.notes },
    { id: "provenance", title: "Provenance", tables: [provenanceTable(m)] },
  ];
}

/** What the cache-truth tables mean, and which server profile and tokenizer made them. */
function cacheTruthNote(m: ReportModel): string {
  const { server, tokenizer } = m.truth;
  const made = [
    server
      ? `Server: ${server.label} (${server.evidence}), cache blocks of ${server.block_size} tokens`
      : null,
    server?.hit_rate_formula ? `hit rate ${server.hit_rate_formula}` : null,
    tokenizer ? `prompts counted with ${tokenizer.name} (${tokenizer.rendering})` : null,
  ].filter(Boolean).join("; ");
  return "Expected: the longest prefix each prompt shares with an earlier one since the last reset, " +
    "in whole cache blocks (an ideal cache that never evicts), in server tokens. Reported: the " +
    "server's cached_tokens; scraped: its counter. Efficiency = reported / expected: below 100% " +
    "means eviction or a missed hit, above a cache the client did not know of (an engine that " +
    "keeps generated tokens may exceed it by the earlier answers). After a reset, first turns may " +
    "hit only what other sessions sent." + (made ? ` ${made}.` : "");
}
