/** @module `--set stage.key=value` overrides of stage parameters. */
import { parse } from "yaml";
import { NAME_PATTERN } from "./spec.ts";

/** One parsed `--set` flag. */
export interface Override {
  stage: string;
  /** Key path inside the stage's `with:` block. */
  path: string[];
  value: unknown;
  /** The flag text, for messages. */
  flag: string;
}

/**
 * Parses `stage.key=value`; the value is read as a YAML scalar or flow collection
 * (`[1,2]`, `{a: 1}`, `true`, `3`, `text`). An empty value is the empty string.
 *
 * @returns the override, or an error message
 * @example
 * ```ts
 * parseOverride("sweep.concurrency=[1,2]"); // { stage: "sweep", path: ["concurrency"], value: [1, 2], … }
 * ```
 */
export function parseOverride(flag: string): Override | string {
  const eq = flag.indexOf("=");
  if (eq < 0) return `--set ${flag}: expected stage.key=value`;
  const [stage, ...path] = flag.slice(0, eq).trim().split(".");
  if (!NAME_PATTERN.test(stage) || path.length === 0 || path.some((p) => p === "")) {
    return `--set ${flag}: expected stage.key=value`;
  }
  const text = flag.slice(eq + 1);
  try {
    return { stage, path, value: text.trim() === "" ? "" : parse(text), flag };
  } catch (error) {
    const msg = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return `--set ${flag}: cannot parse value: ${msg.replace(/ at line \d+, column \d+:?$/, "")}`;
  }
}
