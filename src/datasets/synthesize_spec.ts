/**
 * @module The `synthesize` spec: how many sessions, their shape as distributions, shared system
 * prompts and tool use; read from a YAML or JSON file (or a stage's `with.spec`), with one error
 * line naming the field when it is wrong.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { UserError } from "../util/errors.ts";
import { Distribution } from "./distribution.ts";
import { TOOL_CATALOG } from "./synthesize_tools.ts";

/** Shared system prompts: `groups` prefixes of `shared_tokens` tokens each. */
export const SystemPromptSpec = z.strictObject({
  /** G: how many different shared prefixes. */
  groups: z.number().int().min(1).default(1),
  /** L: tokens in each group's prefix. */
  shared_tokens: z.number().int().min(0),
  /**
   * Fraction of the sessions that start with their group's prefix; the others get a prefix of the
   * same length of their own, so only the sharing changes, not the lengths.
   */
  share: z.number().min(0).max(1).default(1),
  /** Tokens after the prefix, different for every session. */
  unique_tokens: Distribution.default(0),
});
/** Shared system prompts. */
export type SystemPromptSpec = z.infer<typeof SystemPromptSpec>;

/** Agentic sessions: tool calls after user messages, with results of the given lengths. */
export const ToolsSpec = z.strictObject({
  /** Function definitions sent with every request (the first N of a fixed catalog). */
  definitions: z.number().int().min(1).max(TOOL_CATALOG.length).default(3),
  /** Tool calls the assistant makes after each user message, before answering. */
  calls_per_turn: Distribution.default(1),
  /** Calls made together in one assistant message (parallel calls); at least 1. */
  calls_per_step: Distribution.default(1),
  /** Tokens of each tool result. */
  result_tokens: Distribution.default(512),
  /** Tokens of each call's argument text. */
  argument_tokens: Distribution.default(8),
});
/** Agentic sessions. */
export type ToolsSpec = z.infer<typeof ToolsSpec>;

/** The whole spec; every field has a default but `system_prompt.shared_tokens`. */
export const SynthesizeSpec = z.strictObject({
  /** The same seed and spec give the same sessions, byte for byte. */
  seed: z.number().int().default(0),
  sessions: z.number().int().min(1).max(1_000_000).default(100),
  /** The tokenizer lengths are exact for (the mock and the client count with "gpt"). */
  tokenizer: z.literal("gpt").default("gpt"),
  /** Session ids are `<id_prefix>-<n>`. */
  id_prefix: z.string().regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, _ . -").default("synth"),
  /** User turns per session (at least 1). */
  turns: Distribution.default(4),
  /** Tokens of each user message (at least 1). */
  user_tokens: Distribution.default(128),
  /** Requested answer length of each turn (at least 1), sent as `max_tokens`. */
  output_tokens: Distribution.default(256),
  /** Pause before each turn after the first, in ms. */
  think_time_ms: Distribution.default(0),
  system_prompt: SystemPromptSpec.optional(),
  tools: ToolsSpec.optional(),
});
/** A validated spec, defaults filled in. */
export type SynthesizeSpec = z.infer<typeof SynthesizeSpec>;

/** Parameters of the `synthesize` stage: the spec, as a file or inline. */
export const SynthesizeParams = z.object({
  /** A spec file (YAML or JSON), or the spec's fields themselves. */
  spec: z.union([z.string().min(1), SynthesizeSpec]),
});
/** Parameters of the `synthesize` stage. */
export type SynthesizeParams = z.infer<typeof SynthesizeParams>;

/** The spec the params name: the file read and checked, or the inline one as it is. */
export function specOf(params: SynthesizeParams): Promise<SynthesizeSpec> {
  return typeof params.spec === "string" ? loadSpec(params.spec) : Promise.resolve(params.spec);
}

/** A zod issue path as written in the spec: `system_prompt.groups`, `turns.max`. */
function dotted(path: readonly PropertyKey[]): string {
  return path.map((p) => typeof p === "number" ? `[${p}]` : String(p)).join(".").replace(
    /\.\[/g,
    "[",
  );
}

/** `line:col` of the node at `path` in the YAML document (or its nearest parent). */
function position(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: readonly PropertyKey[],
  key: boolean,
): string {
  const start = (n: unknown) => (n as { range?: number[] } | null | undefined)?.range?.[0];
  let node: unknown = doc.contents, at = start(node), keyAt: number | undefined;
  for (const step of path) {
    keyAt = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) =>
        isPair(p) && isScalar(p.key) && String(p.key.value) === String(step)
      );
      if (!pair) break;
      keyAt = start(pair.key);
      node = pair.value;
    } else if (isSeq(node) && typeof step === "number" && node.items[step]) node = node.items[step];
    else break;
    at = start(node) ?? keyAt ?? at;
  }
  if (key && keyAt !== undefined) at = keyAt;
  if (at === undefined) return "";
  const { line, col } = counter.linePos(at);
  return `:${line}:${col}`;
}

/** A zod issue reduced to a field path and a one-line message. */
interface Problem {
  path: PropertyKey[];
  message: string;
  /** Locate the key (an unknown field) or the parent (a missing one) rather than the value. */
  at: "value" | "key" | "parent";
}

/**
 * Phrases the first issue. A union (a distribution: a number or a `{dist: …}` mapping) reports
 * the alternative that came closest, so `turns.max: must be at least min` is named, not
 * "invalid input".
 */
function problemOf(issue: z.core.$ZodIssue, base: PropertyKey[] = []): Problem {
  const path = [...base, ...issue.path];
  if (issue.code === "invalid_union") {
    const closest = issue.errors.find((list) =>
      list.length > 0 && !(list[0].code === "invalid_type" && list[0].path.length === 0)
    );
    if (closest) return problemOf(closest[0], path);
    const options = (issue as { options?: unknown[] }).options;
    if (options) return { path, message: `expected one of ${options.join(", ")}`, at: "value" };
    return {
      path,
      message: "expected a number, or a mapping with dist: fixed, uniform, normal or lognormal",
      at: "value",
    };
  }
  if (issue.code === "unrecognized_keys") {
    return {
      path: [...path, issue.keys[0]],
      message: `unknown field "${issue.keys[0]}"`,
      at: "key",
    };
  }
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
    return { path, message: `missing, expected a ${issue.expected}`, at: "parent" };
  }
  return { path, message: issue.message.replace(/^Invalid input: /, ""), at: "value" };
}

/**
 * Checks a spec given as a value (a stage's inline `with.spec`, or a parsed file).
 *
 * @param value the spec
 * @param where names the spec in the error (`spec.yaml`, `with.spec`)
 * @param locate `:line:col` of a field (of its key with `key`), when the spec came from a file
 * @throws {UserError} one line, exit code 2: `spec.yaml:4:11 system_prompt.groups: …`
 */
export function checkSpec(
  value: unknown,
  where: string,
  locate: (path: readonly PropertyKey[], key: boolean) => string = () => "",
): SynthesizeSpec {
  const result = SynthesizeSpec.safeParse(value ?? {});
  if (result.success) return result.data;
  const problem = problemOf(result.error.issues[0]);
  const field = problem.path.length > 0 ? ` ${dotted(problem.path)}` : "";
  const at = problem.at === "parent"
    ? locate(problem.path.slice(0, -1), true)
    : locate(problem.path, problem.at === "key");
  throw new UserError(`${where}${at}${field}: ${problem.message}`, { exitCode: 2 });
}

/**
 * Reads a spec file (YAML, or JSON, which is YAML too).
 *
 * @param path the file
 * @throws {UserError} exit code 2, one line: a missing file, a syntax error at `file:line:col`,
 *   or the first wrong field with its path
 * @example
 * ```ts
 * const spec = await loadSpec("examples/synthesize/shared_prefix.yaml");
 * ```
 */
export async function loadSpec(path: string): Promise<SynthesizeSpec> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : String(error);
    throw new UserError(`Cannot read spec "${path}": ${why}`, { exitCode: 2, cause: error });
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const bad = doc.errors[0];
  if (bad) {
    const { line, col } = counter.linePos(bad.pos[0]);
    const what = bad.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new UserError(`${path}:${line}:${col}: ${what}`, { exitCode: 2 });
  }
  return checkSpec(doc.toJS(), path, (p, key) => position(doc, counter, p, key));
}
