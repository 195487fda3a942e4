/** @module Table of the cache-truth section: the server's prompt tokens against the client's count. */
import { runLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { fixed } from "./format.ts";
import type { Cell, Table } from "./table.ts";

/** Client and server prompt tokens per run and their ratio; null when no run has both counts. */
export function tokensTable(m: ReportModel): Table | null {
  const rows = m.views.flatMap((v, i): Cell[][] => {
    const t = m.truth.runs[i].tokenCheck;
    if (!t) return [];
    const ratio = fixed(t.ratio, 3);
    return [[
      runLabel(v),
      t.source ?? "—",
      String(t.requests),
      String(t.client_prompt_tokens),
      String(t.server_prompt_tokens),
      t.disagrees ? { text: `${ratio} ⚠`, tone: "bad" } : ratio,
    ]];
  });
  if (rows.length === 0) return null;
  return {
    headers: [
      "Run",
      "Tokenizer",
      "Requests",
      "Prompt tokens (client)",
      "Prompt tokens (server)",
      "Server / client",
    ],
    left: [0, 1],
    rows,
  };
}
