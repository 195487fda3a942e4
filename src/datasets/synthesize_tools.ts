/**
 * @module The tools synthesized agentic sessions call: a fixed catalog of plausible function
 * definitions, and the tool steps of one turn (calls with corpus-text arguments and results of
 * exact token lengths).
 */
import { type Distribution, sample } from "./distribution.ts";
import type { ToolDefinition, ToolStep } from "./session.ts";
import type { TextSource } from "./text_source.ts";

/** Name, purpose and the one string parameter of each tool. */
export const TOOL_CATALOG: readonly { name: string; description: string; parameter: string }[] = [
  { name: "search_docs", description: "Search the documentation", parameter: "query" },
  { name: "read_file", description: "Read a file of the repository", parameter: "path" },
  { name: "run_sql", description: "Run a read-only SQL query", parameter: "query" },
  { name: "fetch_url", description: "Fetch a web page as text", parameter: "url" },
  { name: "list_files", description: "List the files of a folder", parameter: "folder" },
  { name: "get_weather", description: "Current weather for a place", parameter: "place" },
  { name: "calculator", description: "Evaluate an arithmetic expression", parameter: "expression" },
  { name: "send_message", description: "Send a message to a colleague", parameter: "text" },
];

/** The first `count` tools of the catalog, as OpenAI's `tools` array holds them. */
export function toolDefinitions(count: number): ToolDefinition[] {
  return TOOL_CATALOG.slice(0, count).map((t) => ({
    type: "function",
    function: {
      name: t.name,
      description: t.description,
      parameters: {
        type: "object",
        properties: { [t.parameter]: { type: "string" } },
        required: [t.parameter],
      },
    },
  }));
}

/** What a turn's tool use is drawn from. */
export interface ToolDraw {
  definitions: number;
  calls_per_turn: Distribution;
  calls_per_step: Distribution;
  result_tokens: Distribution;
  argument_tokens: Distribution;
}

/**
 * The tool steps after one user message: `calls_per_turn` calls, grouped `calls_per_step` to an
 * assistant message, each with an argument text and a result of drawn token lengths.
 *
 * @param draw the spec's tool settings
 * @param idPrefix makes call ids unique in the session (`call_<turn>_<n>`)
 * @param shape draws counts and lengths; `text` draws the texts (separate streams)
 * @returns the steps, or undefined when the turn calls no tool
 */
export function toolSteps(
  draw: ToolDraw,
  idPrefix: string,
  source: TextSource,
  shape: () => number,
  text: () => number,
): ToolStep[] | undefined {
  let calls = sample(draw.calls_per_turn, shape);
  if (calls <= 0) return undefined;
  const steps: ToolStep[] = [];
  let n = 0;
  while (calls > 0) {
    const together = Math.min(calls, Math.max(1, sample(draw.calls_per_step, shape)));
    const step: ToolStep = { calls: [] };
    for (let k = 0; k < together; k++) {
      const tool = TOOL_CATALOG[Math.floor(shape() * draw.definitions)];
      const argTokens = Math.max(1, sample(draw.argument_tokens, shape));
      const resultTokens = Math.max(1, sample(draw.result_tokens, shape));
      step.calls.push({
        id: `call_${idPrefix}_${n++}`,
        name: tool.name,
        arguments: JSON.stringify({ [tool.parameter]: source.text(argTokens, text) }),
        result: source.text(resultTokens, text),
      });
    }
    steps.push(step);
    calls -= together;
  }
  return steps;
}
