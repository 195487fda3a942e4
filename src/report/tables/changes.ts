/** @module Table of the round-change section: what round 2 (and later) saved against round 1. */
import type { ReportModel } from "../model/model.ts";
import { fixed, ms, pct, signedMs, signedPct } from "./format.ts";
import type { Cell, Table } from "./table.ts";

/** What round 2 (and later) saved against round 1 at the same load. */
export function changeTable(m: ReportModel): Table | null {
  if (m.changes.length === 0) return null;
  const arrow = (a: number | null, b: number | null, f: (x: number | null) => string) =>
    `${f(a)} → ${f(b)}`;
  const tone = (better: boolean | null, text: string): Cell =>
    better === null ? text : { text, tone: better ? "good" : "bad" };
  return {
    headers: [
      "Load",
      "Round",
      "TTFT p50 (ms)",
      "TTFT p50 change",
      "TTFT p99 (ms)",
      "TTFT p99 change",
      "Output tok/s",
      "Output tok/s change",
      "Requests/s change",
      "Cache hit (server)",
    ],
    left: [0, 1],
    rows: m.changes.map((c) => [
      c.load,
      `R1 → R${c.round}`,
      arrow(c.ttftP50.from, c.ttftP50.to, ms),
      tone(
        c.ttftP50.diff === null ? null : c.ttftP50.diff <= 0,
        `${signedMs(c.ttftP50.diff)} (${signedPct(c.ttftP50.pct)})`,
      ),
      arrow(c.ttftP99.from, c.ttftP99.to, ms),
      tone(
        c.ttftP99.diff === null ? null : c.ttftP99.diff <= 0,
        `${signedMs(c.ttftP99.diff)} (${signedPct(c.ttftP99.pct)})`,
      ),
      arrow(c.outputTokensPerS.from, c.outputTokensPerS.to, (x) => fixed(x, 1)),
      tone(
        c.outputTokensPerS.pct === null ? null : c.outputTokensPerS.pct >= 0,
        signedPct(c.outputTokensPerS.pct),
      ),
      signedPct(c.requestsPerS.pct),
      arrow(c.cacheHitPct.from, c.cacheHitPct.to, pct),
    ]),
  };
}
