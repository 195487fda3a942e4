/**
 * @module Tool use in a conversation's turn list: assistant tool calls and their results become
 * the `tool_steps` of the user turn they follow.
 *
 * Two spellings are read. OpenAI's messages: an assistant message with `tool_calls`
 * (`{id, type: "function", function: {name, arguments}}`, `arguments` a JSON text) followed by
 * `tool` messages whose `tool_call_id` names the call (the older `function_call` and `function`
 * role too). And the ShareGPT spelling of LLaMA-Factory-style datasets: a `function_call` turn
 * whose value is `{"name": …, "arguments": …}` as JSON text, followed by an `observation` turn
 * with the result. Either way the assistant's final answer is not kept (the replay uses the
 * server's own answers); the calls and results are, since they are what makes an agent's context
 * grow.
 */
import type { ToolCall, ToolDefinition, ToolStep } from "./session.ts";

/** Roles (`role` or `from`) that carry a tool result. */
export const RESULT_ROLES = new Set(["tool", "function", "observation"]);

/** What a tool call looks like before its result is known. */
type PendingCall = ToolCall & { answered: boolean };

/** Collects the tool steps of one conversation, turn by turn. */
export class ToolSteps {
  /** Steps per user turn (index into the user turns), only for turns that have some. */
  readonly byTurn = new Map<number, ToolStep[]>();
  #pending: PendingCall[] = [];
  #count = 0;

  /**
   * Adds an assistant message's calls as a step of user turn `turn`.
   *
   * @param turn index of the user turn the calls follow (-1 before the first)
   * @param calls the message's calls, in order
   * @param content text sent along with the calls, if any
   * @returns undefined, or why the calls cannot be placed
   */
  addCalls(
    turn: number,
    calls: { id?: string; name: string; arguments: string }[],
    content: string,
  ) {
    if (turn < 0) return "tool call before the first user message";
    const step: ToolStep = { calls: [] };
    if (content.trim() !== "") step.content = content;
    this.#pending = calls.map((c) => {
      const call = {
        id: c.id ?? `call_${this.#count}`,
        name: c.name,
        arguments: c.arguments,
        result: "",
        answered: false,
      };
      this.#count++;
      return call;
    });
    step.calls = this.#pending;
    const steps = this.byTurn.get(turn) ?? [];
    steps.push(step);
    this.byTurn.set(turn, steps);
    return undefined;
  }

  /**
   * Records a tool result: for the call named by `id`, else the first unanswered call of the
   * last step.
   *
   * @returns undefined, or why the result matches no call
   */
  addResult(id: string | undefined, result: string): string | undefined {
    const call = id === undefined
      ? this.#pending.find((c) => !c.answered)
      : this.#pending.find((c) => c.id === id);
    if (call === undefined) {
      return id === undefined
        ? "tool result without a tool call before it"
        : `tool result for "${id}" matches no tool call before it`;
    }
    call.result = result;
    call.answered = true;
    return undefined;
  }

  /** The steps, with the bookkeeping removed. */
  steps(turn: number): ToolStep[] | undefined {
    return this.byTurn.get(turn)?.map((s) => ({
      ...s,
      calls: s.calls.map(({ id, name, arguments: args, result }) => ({
        id,
        name,
        arguments: args,
        result,
      })),
    }));
  }
}

/** Arguments as JSON text: kept when already text, serialized when an object. */
function argumentsText(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined ? "{}" : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The calls of an OpenAI assistant message (`tool_calls`, or the older `function_call`).
 *
 * @returns the calls, an empty list when the message calls nothing, or why they are unreadable
 */
export function openAiCalls(
  message: Record<string, unknown>,
): { id?: string; name: string; arguments: string }[] | string {
  const list = message.tool_calls ??
    (message.function_call ? [{ function: message.function_call }] : []);
  if (!Array.isArray(list)) return `"tool_calls" is not an array`;
  const calls = [];
  for (const [k, c] of list.entries()) {
    const fn = isObject(c) ? c.function : undefined;
    if (!isObject(fn) || typeof fn.name !== "string" || fn.name === "") {
      return `"tool_calls"[${k}].function.name is not a string`;
    }
    const id = isObject(c) && typeof c.id === "string" && c.id !== "" ? c.id : undefined;
    calls.push({ id, name: fn.name, arguments: argumentsText(fn.arguments) });
  }
  return calls;
}

/**
 * The call of a ShareGPT `function_call` turn: its value is `{"name": …, "arguments": …}` as
 * JSON text (or already an object).
 *
 * @returns the call, or why it is unreadable
 */
export function shareGptCall(value: unknown): { name: string; arguments: string } | string {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return `"function_call" value is not JSON`;
    }
  }
  if (!isObject(parsed) || typeof parsed.name !== "string" || parsed.name === "") {
    return `"function_call" value has no "name"`;
  }
  return { name: parsed.name, arguments: argumentsText(parsed.arguments) };
}

/**
 * A record's tool definitions as OpenAI's `tools` array: a list of `{type: "function", function}`
 * entries, or of bare function schemas `{name, description, parameters}` (wrapped here), or the
 * same as JSON text (as LLaMA-Factory stores them).
 *
 * @returns the definitions, undefined when there are none, or why they are unreadable
 */
export function toolDefinitions(value: unknown): ToolDefinition[] | undefined | string {
  if (value === undefined || value === null || value === "") return undefined;
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      return `"tools" is text but not JSON`;
    }
  }
  if (!Array.isArray(list)) return `"tools" is not an array`;
  const out: ToolDefinition[] = [];
  for (const [i, entry] of list.entries()) {
    const fn = isObject(entry) && isObject(entry.function) ? entry.function : entry;
    if (!isObject(fn) || typeof fn.name !== "string" || fn.name === "") {
      return `"tools"[${i}] has no function name`;
    }
    if (fn.parameters !== undefined && !isObject(fn.parameters)) {
      return `"tools"[${i}].parameters is not an object`;
    }
    out.push({ type: "function", function: fn as ToolDefinition["function"] });
  }
  return out.length > 0 ? out : undefined;
}
