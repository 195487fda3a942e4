/** @module `deno task report <results folder>`: the report of a sweep (Markdown, HTML, CSV, JSON). */
import { Command } from "commander";
import { nonNegativeFlag, parseCommand } from "./flags.ts";
import { runMain } from "./run_main.ts";

/** Parses `deno task report` arguments and runs it; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const program = new Command("report")
    .description(
      "Turn a sweep's results folder into report.md, report.html, summary.csv and summary.json",
    )
    .argument("<results>", "the sweep's results folder (records.jsonl + summary.json)")
    .option("--out <dir>", "output folder (default: <results>/report)")
    .option("--baseline <dir>", "earlier results or report folder to compare with, run by run")
    .option("--fail-on-regression", "exit with code 3 when a metric regressed past the threshold")
    .option("--threshold <pct>", "regression threshold in percent", nonNegativeFlag, 10)
    .option(
      "--scraped <file>",
      "scraped.json of the scrape stage (default: <results>/scraped.json)",
    )
    .option("--title <text>", "report title")
    .addHelpText(
      "after",
      `
Exit codes: 0 written; 1 unreadable or invalid input; 2 bad arguments;
            3 a regression was found with --fail-on-regression (files are still written).

Examples:
  deno task report runs/today
  deno task report runs/today --baseline runs/yesterday --fail-on-regression --threshold 5`,
    );
  if (!parseCommand(program, args)) return 0;
  const o = program.opts<{
    out?: string;
    baseline?: string;
    failOnRegression?: boolean;
    threshold: number;
    scraped?: string;
    title?: string;
  }>();
  const { reportCommand } = await import("../report/command.ts");
  return await reportCommand({ results: program.args[0], ...o });
}

if (import.meta.main) await runMain(() => main(Deno.args));
