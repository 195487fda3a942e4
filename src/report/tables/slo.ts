/** @module Table of the SLO section: per run, attainment, goodput, each target's percentile, verdict. */
import { runKey, runLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { sloOf, sloScope } from "../model/slo.ts";
import { fixed, ms, NA, pct } from "./format.ts";
import type { Cell, Table } from "./table.ts";

const METRIC: Record<string, string> = {
  ttft_first: "first-turn TTFT",
  ttft_followup: "follow-up TTFT",
  itl: "ITL",
  tpot: "TPOT",
  e2e: "E2E",
};

/**
 * Per run with an SLO: attainment, goodput (req/s, output tok/s), session goodput, each target's
 * observed percentile against its limit, and whether the run met the SLO (and was not
 * saturated); for a capacity search, over each probe's steady window. Null without an SLO.
 */
export function sloTable(m: ReportModel): Table | null {
  const scope = sloScope(m.capacity);
  const runs = m.views.filter((v) => v.summary.slo);
  if (runs.length === 0) return null;
  const targets = sloOf(runs[0].summary, scope)!.targets;
  const runs0 = m.sweep.summary.runs;
  const probes = new Map(
    (m.capacity?.probes ?? []).filter((p) => p.run !== null && runs0[p.run])
      .map((p) => [runKey(runs0[p.run!]), p]),
  );
  return {
    headers: [
      "Run",
      "Attainment",
      "Goodput req/s",
      "Goodput tok/s",
      "Session goodput",
      ...targets.map((t) => `p${t.percentile} ${METRIC[t.metric]} ≤ ${t.ms} ms`),
      "Verdict",
    ],
    left: [0, 5 + targets.length],
    rows: runs.map((v) => {
      const s = sloOf(v.summary, scope)!;
      const saturated = v.summary.saturated === true;
      const verdict: Cell = saturated
        ? {
          text: v.summary.stopped_saturated ? "✗ saturated (stopped)" : "✗ saturated",
          tone: "bad",
        }
        : s.meets
        ? { text: "✓ meets", tone: "good" }
        : { text: "✗ fails", tone: "bad" };
      const probe = probes.get(runKey(v));
      return [
        probe ? `${runLabel(v)} (probe ${probe.index})` : runLabel(v),
        pct(s.attainment === null ? null : s.attainment * 100),
        fixed(s.goodput.requests_per_s, 2),
        fixed(s.goodput.output_tokens_per_s, 1),
        pct(s.sessions.share === null ? null : s.sessions.share * 100),
        ...targets.map((t): Cell => {
          const c = s.targets.find((x) => x.metric === t.metric);
          if (!c || c.met === null) return NA;
          const text = c.value_ms === null ? "failures" : ms(c.value_ms);
          return c.met ? text : { text, tone: "bad" };
        }),
        verdict,
      ];
    }),
  };
}
