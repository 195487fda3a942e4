/** @module A report table as plain data (header texts, rows of cells), rendered as Markdown and HTML. */

/** A table cell: text, optionally toned for the HTML (`bad` for regressions and failures). */
export type Cell = string | { text: string; tone: "bad" | "good" | "warn" };

/** A table: header texts, rows of cells; numeric columns are right-aligned. */
export interface Table {
  headers: string[];
  rows: Cell[][];
  /** Columns (by index) to left-align; others are right-aligned. */
  left: number[];
}

/** The text of a cell. */
export function cellText(cell: Cell): string {
  return typeof cell === "string" ? cell : cell.text;
}
