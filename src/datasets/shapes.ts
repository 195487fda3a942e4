/**
 * @module The four multi-turn record shapes reduced to user turns, an optional system prompt and,
 * when the record has them, per-turn extras (tool steps, lengths, times) and tool definitions:
 * sessions (`user_messages`), ShareGPT `conversations`, chat `messages`, and chat `messages` with
 * tool roles (assistant `tool_calls` and `tool` results, see `tool_turns.ts`).
 */
import { z } from "zod";
import { type ToolDefinition, Turn } from "./session.ts";
import {
  openAiCalls,
  RESULT_ROLES,
  shareGptCall,
  toolDefinitions,
  ToolSteps,
} from "./tool_turns.ts";

/** Roles whose turns are questions to replay. */
const USER_ROLES = new Set(["human", "user"]);

/** The user side of one conversation. */
export interface Turns {
  /** Non-blank user turns, in order. */
  user: string[];
  /** The system prompt, when the conversation has one. */
  system?: string;
  /** User turns passed over because they were blank. */
  blank: number;
  /** Which shape the record had (tool use comes in `messages` or `conversations`). */
  shape: "user_messages" | "conversations" | "messages";
  /** One entry per user turn, when any turn has extras (tool steps, lengths, times). */
  turns?: Turn[];
  /** Function definitions the record sends with its requests. */
  tools?: ToolDefinition[];
}

/** Names the JSON type of a value for messages. */
export function typeName(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text of a turn's content: a string, or OpenAI-style parts `[{type: "text", text}]`. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => typeof part === "string" ? part : isObject(part) ? textOf(part.text) : "")
    .join("");
}

function fromTurnList(list: unknown[], shape: Turns["shape"]): Turns | string {
  const out: Turns = { user: [], blank: 0, shape };
  const system: string[] = [];
  const tools = new ToolSteps();
  for (const [i, turn] of list.entries()) {
    if (!isObject(turn)) continue;
    const role = String(turn.from ?? turn.role ?? "").trim().toLowerCase();
    const text = textOf(turn.value ?? turn.content ?? turn.text);
    let problem: string | undefined;
    if (USER_ROLES.has(role)) {
      if (text.trim() === "") out.blank++;
      else out.user.push(text);
    } else if (role === "system") {
      if (text.trim() !== "") system.push(text);
    } else if (role === "function_call") {
      const call = shareGptCall(turn.value ?? turn.content);
      problem = typeof call === "string" ? call : tools.addCalls(out.user.length - 1, [call], "");
    } else if (RESULT_ROLES.has(role)) {
      const id = typeof turn.tool_call_id === "string" ? turn.tool_call_id : undefined;
      problem = tools.addResult(id, text);
    } else if (turn.tool_calls !== undefined || turn.function_call !== undefined) {
      const calls = openAiCalls(turn);
      if (typeof calls === "string") problem = calls;
      else if (calls.length > 0) problem = tools.addCalls(out.user.length - 1, calls, text);
    }
    if (problem !== undefined) return `"${shape}"[${i}]: ${problem}`;
  }
  if (system.length > 0) out.system = system.join("\n\n");
  if (tools.byTurn.size > 0) {
    out.turns = out.user.map((_, t) => {
      const steps = tools.steps(t);
      return steps ? { tool_steps: steps } : {};
    });
  }
  return out;
}

/** A zod issue's path as the field it names: `"turns"[2].tool_steps[0].result`. */
function fieldPath(root: string, path: readonly PropertyKey[]): string {
  return `"${root}"` + path.map((p) => typeof p === "number" ? `[${p}]` : `.${String(p)}`).join("");
}

const TurnList = z.array(Turn);

/** The normalized shape: `user_messages`, with optional `system`, `turns` and `tools`. */
function fromSession(value: Record<string, unknown>, messages: unknown[]): Turns | string {
  const out: Turns = { user: [], blank: 0, shape: "user_messages" };
  let extras: Turn[] | undefined;
  if (value.turns !== undefined) {
    const parsed = TurnList.safeParse(value.turns);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `${fieldPath("turns", issue.path)}: ${issue.message}`;
    }
    if (parsed.data.length !== messages.length) {
      return `"turns" has ${parsed.data.length} entries for ${messages.length} user messages`;
    }
    extras = [];
  }
  for (const [i, m] of messages.entries()) {
    if (typeof m !== "string") return `"user_messages"[${i}] is ${typeName(m)}, not a string`;
    if (m.trim() === "") out.blank++;
    else {
      out.user.push(m);
      extras?.push((value.turns as Turn[])[i]);
    }
  }
  if (extras !== undefined) out.turns = TurnList.parse(extras);
  if (typeof value.system === "string" && value.system.trim() !== "") out.system = value.system;
  return out;
}

/**
 * Takes the user turns (and a system prompt) from a record of any of the three shapes.
 *
 * @param value one parsed record
 * @returns the turns, or a one-line description of why the record is not a conversation
 * @example
 * ```ts
 * extractTurns({ conversations: [{ from: "human", value: "Hi" }, { from: "gpt", value: "Hello" }] });
 * // → { user: ["Hi"], blank: 0, shape: "conversations" }
 * ```
 */
export function extractTurns(value: unknown): Turns | string {
  if (!isObject(value)) return `expected a JSON object, found ${typeName(value)}`;
  let out: Turns | string | undefined;
  if (value.user_messages !== undefined) {
    if (!Array.isArray(value.user_messages)) {
      return `"user_messages" is ${typeName(value.user_messages)}, not an array`;
    }
    out = fromSession(value, value.user_messages);
  } else {
    for (const key of ["conversations", "messages"] as const) {
      const list = value[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) return `"${key}" is ${typeName(list)}, not an array`;
      out = fromTurnList(list, key);
      break;
    }
  }
  if (out === undefined) return `no "user_messages", "conversations" or "messages" field`;
  if (typeof out === "string") return out;
  const tools = toolDefinitions(value.tools);
  if (typeof tools === "string") return tools;
  if (tools !== undefined) out.tools = tools;
  return out;
}

/** The record's own id (`session_id`, `id` or `conversation_id`), if it has a usable one. */
export function recordId(value: Record<string, unknown>): string | undefined {
  for (const key of ["session_id", "id", "conversation_id"]) {
    const id = value[key];
    if (typeof id === "string" && id.trim() !== "") return id.trim();
    if (typeof id === "number" && Number.isFinite(id)) return String(id);
  }
  return undefined;
}
