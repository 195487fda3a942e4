/**
 * @module The figures a comparison reports, each a bootstrap figure (src/stats/bootstrap.ts) with
 * its name, unit and when it applies. TTFT is split by turn kind: a session's first turn (a cold
 * prompt) and its follow-ups (the history the prefix cache can serve), as the issue asks.
 */
import type { FigureSpec } from "../stats/bootstrap.ts";
import type { SampleRequest } from "../stats/paired_samples.ts";

/** A figure of the compare report. */
export interface CompareFigure extends FigureSpec {
  /** As tables show it, e.g. `TTFT p50, first turn`. */
  name: string;
  unit: "ms" | "tok/s" | "req/s" | "%";
  /**
   * Whether the figure is shown for a comparison: some figures need what not every server gives
   * (cached_tokens, SLOs, goodput). Run-level values are keyed by figure id.
   */
  applies(requests: readonly SampleRequest[], trialValues: TrialValues): boolean;
}

/** Run-level values per figure id, per trial. */
export type TrialValues = Readonly<Record<string, ReadonlyMap<number, number | null>>>;

const always = () => true;
const first = (r: SampleRequest) => (r.turn === 0 ? r.ttft : null);
const followUp = (r: SampleRequest) => (r.turn > 0 ? r.ttft : null);
const gaps = (r: SampleRequest) => r.itl;
const hasFollowUps = (rs: readonly SampleRequest[]) => rs.some((r) => r.turn > 0);
const known = (id: string) => (_: readonly SampleRequest[], t: TrialValues) =>
  [...(t[id]?.values() ?? [])].some((v) => v !== null);

function latency(
  id: string,
  name: string,
  q: number,
  values: (r: SampleRequest) => number | readonly number[] | null,
  applies: CompareFigure["applies"] = always,
): CompareFigure {
  return {
    id,
    name,
    unit: "ms",
    better: "lower",
    change: "relative",
    stat: { kind: "percentile", q, values },
    applies,
  };
}

/** Every figure, in table order. */
export const FIGURES: readonly CompareFigure[] = [
  latency("ttft_first_p50", "TTFT p50, first turn", 50, first),
  latency("ttft_first_p99", "TTFT p99, first turn", 99, first),
  latency("ttft_followup_p50", "TTFT p50, follow-ups", 50, followUp, hasFollowUps),
  latency("ttft_followup_p99", "TTFT p99, follow-ups", 99, followUp, hasFollowUps),
  latency("itl_p50", "ITL p50", 50, gaps),
  latency("itl_p99", "ITL p99", 99, gaps),
  latency("e2e_p50", "E2E p50", 50, (r) => r.e2e),
  {
    id: "output_tokens_per_s",
    name: "Output tokens/s",
    unit: "tok/s",
    better: "higher",
    change: "relative",
    stat: { kind: "trial" },
    applies: always,
  },
  {
    id: "goodput_rps",
    name: "Goodput (req/s meeting SLOs)",
    unit: "req/s",
    better: "higher",
    change: "relative",
    stat: { kind: "trial" },
    applies: known("goodput_rps"),
  },
  {
    id: "slo_attainment_pct",
    name: "SLO attainment",
    unit: "%",
    better: "higher",
    change: "points",
    stat: {
      kind: "ratio",
      num: (r) => (r.slo === null ? null : r.slo ? 1 : 0),
      den: (r) => (r.slo === null ? null : 1),
      scale: 100,
    },
    applies: (rs) => rs.some((r) => r.slo !== null),
  },
  {
    id: "cache_hit_pct",
    name: "Cache hit (server)",
    unit: "%",
    better: "higher",
    change: "points",
    stat: {
      kind: "ratio",
      num: (r) => (r.ok && r.cached !== null ? r.cached : null),
      den: (r) => (r.ok && r.cached !== null ? r.prompt : null),
      scale: 100,
    },
    applies: (rs) => rs.some((r) => r.ok && r.cached !== null),
  },
  {
    id: "error_pct",
    name: "Errors",
    unit: "%",
    better: "lower",
    change: "points",
    stat: { kind: "ratio", num: (r) => (r.ok ? 0 : 1), den: () => 1, scale: 100 },
    applies: always,
  },
];

/** The figure of an id. @throws {RangeError} for an unknown id (a programming error) */
export function figureById(id: string): CompareFigure {
  const f = FIGURES.find((x) => x.id === id);
  if (!f) throw new RangeError(`Cannot find compare figure "${id}"`);
  return f;
}
