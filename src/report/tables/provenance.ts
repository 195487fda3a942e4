/** @module Table of the provenance section: where the numbers come from. */
import type { ReportModel } from "../model/model.ts";
import { isoTime, NA, redactUrl } from "./format.ts";
import type { Table } from "./table.ts";

/** Issue 13's config rows, only when set: users levels, think time, the SLO, the search range. */
function sloProvenance(m: ReportModel): Array<[string, string]> {
  const c = m.sweep.summary.config;
  const rows: Array<[string, string]> = [];
  if (c.users?.length) rows.push(["Users levels", c.users.join(", ")]);
  if (c.think_time) rows.push(["Think time", JSON.stringify(c.think_time)]);
  if (c.duration_s != null) rows.push(["Users run length (s)", String(c.duration_s)]);
  if (c.slo?.length) {
    rows.push(["SLO", c.slo.map((t) => `p${t.percentile} ${t.metric} ≤ ${t.ms} ms`).join(", ")]);
  }
  const cap = m.capacity;
  if (cap) {
    const range = cap.range ? `${cap.range.min}–${cap.range.max} ` : "";
    rows.push([
      "Capacity search",
      `${cap.load} ${range}(${cap.status}, ${cap.probes.length} probes)`,
    ]);
  }
  return rows;
}

/** Where the numbers come from: sweep config, versions, times, report parameters. */
export function provenanceTable(m: ReportModel): Table {
  const s = m.sweep.summary;
  const c = s.config;
  const sources = [...new Set(m.views.map((v) => v.summary.tokens.output_source))].join(", ");
  const rows: Array<[string, string]> = [
    ["Pipeline", m.made.pipeline ?? "command line (deno task report)"],
    ["Results folder", m.sweep.dir],
    ["Sweep complete", s.complete ? "yes" : "no (interrupted)"],
    ["Started", isoTime(s.started_at)],
    ["Ended", isoTime(s.ended_at)],
    ["Endpoint", redactUrl(c.endpoint)],
    ["Model", c.model],
    ["Dataset", c.dataset],
    ["Dataset digest (sha256)", c.dataset_digest],
    ["Samples", c.num_samples === null ? "all" : String(c.num_samples)],
    ["Concurrency levels", c.concurrency.join(", ") || NA],
    ["Request rates (req/s)", c.request_rates.join(", ") || NA],
    ...sloProvenance(m),
    ["Rounds", String(c.rounds)],
    ["Max context tokens", String(c.max_context_tokens)],
    ["Max output tokens", String(c.max_output_tokens)],
    ["Prefix cache reset between rounds", c.reset_cache_between_rounds ? "yes" : "no"],
    ["Seed", c.seed === null ? NA : String(c.seed)],
    ["Output tokens from", sources || NA],
    [
      "Scraped metrics",
      m.sweep.scrapedPath ??
        (m.views.some((v) => Object.keys(v.metrics).length) ? "summary.json" : "none"),
    ],
    ["turnbench version (sweep)", s.turnbench_version],
    ["turnbench version (report)", m.made.report_version],
    ["Git commit", s.git_commit ?? NA],
    ["Baseline", m.baseline ? m.baseline.source : "none"],
    ["Regression threshold", `${m.made.threshold_pct}%`],
  ];
  return { headers: ["Item", "Value"], left: [0, 1], rows };
}
