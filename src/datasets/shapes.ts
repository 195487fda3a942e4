/** @module The three multi-turn record shapes reduced to user turns and an optional system prompt. */

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
  /** Which shape the record had. */
  shape: "user_messages" | "conversations" | "messages";
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

function fromTurnList(list: unknown[], shape: Turns["shape"]): Turns {
  const out: Turns = { user: [], blank: 0, shape };
  const system: string[] = [];
  for (const turn of list) {
    if (!isObject(turn)) continue;
    const role = String(turn.from ?? turn.role ?? "").trim().toLowerCase();
    const text = textOf(turn.value ?? turn.content ?? turn.text);
    if (USER_ROLES.has(role)) {
      if (text.trim() === "") out.blank++;
      else out.user.push(text);
    } else if (role === "system" && text.trim() !== "") system.push(text);
  }
  if (system.length > 0) out.system = system.join("\n\n");
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
  if (value.user_messages !== undefined) {
    if (!Array.isArray(value.user_messages)) {
      return `"user_messages" is ${typeName(value.user_messages)}, not an array`;
    }
    const out: Turns = { user: [], blank: 0, shape: "user_messages" };
    for (const [i, m] of value.user_messages.entries()) {
      if (typeof m !== "string") return `"user_messages"[${i}] is ${typeName(m)}, not a string`;
      if (m.trim() === "") out.blank++;
      else out.user.push(m);
    }
    if (typeof value.system === "string" && value.system.trim() !== "") out.system = value.system;
    return out;
  }
  for (const key of ["conversations", "messages"] as const) {
    const list = value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `"${key}" is ${typeName(list)}, not an array`;
    return fromTurnList(list, key);
  }
  return `no "user_messages", "conversations" or "messages" field`;
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
