/** @module Table of the Errors section: failed requests per run by kind. */
import { runLabel } from "../load/run_key.ts";
import { ERROR_KINDS, errorCounts } from "../model/errors.ts";
import type { ReportModel } from "../model/model.ts";
import type { Table } from "./table.ts";

/** Failed requests by kind per run; null when nothing failed. */
export function errorsTable(m: ReportModel): Table | null {
  const kinds = ERROR_KINDS.filter((k) =>
    m.views.some((v) => errorCounts(v.summary).some(([e]) => e === k))
  );
  if (kinds.length === 0) return null;
  return {
    headers: ["Run", "Failed", ...kinds],
    left: [0],
    rows: m.views.map((v) => {
      const counts = new Map(errorCounts(v.summary));
      return [
        runLabel(v),
        String(v.summary.requests.failed),
        ...kinds.map((k) => String(counts.get(k) ?? 0)),
      ];
    }),
  };
}
