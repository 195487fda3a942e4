/**
 * @module A session's recorded tool use (`turns[i].tool_steps`) as the runner replays it: the
 * messages each step appends, what they cost in tokens, and the requests of one turn.
 *
 * A turn with S tool steps is S + 1 requests. Request 0 carries the history and the user
 * message; before request j (1…S) step j's assistant message (its `tool_calls`, OpenAI's shape)
 * and one `tool` message per call (`tool_call_id`, the recorded result) are appended; the answer
 * to request S is the turn's answer and goes into the history with the user message and every
 * step. What the server answers to requests 0…S−1 is measured and recorded but not kept: the
 * replay appends the recorded calls, so the context grows by the recorded results in every
 * replay, whatever the server said (its own `tool_calls` are counted in the record). A failed
 * request of a step does not stop the turn (the next step's prompt does not depend on it); a
 * failed last request appends nothing, as for a turn without tools.
 *
 * Truncation counts the whole rendered prompt with the sweep's tokenizer (conversation.ts); the
 * gpt counts here (each message its text plus the ChatML framing, an assistant tool-call message's
 * text being `toolCallsText` of src/util/tool_framing.ts, the rendering the mock counts) give the
 * length a step's request asks for: the recorded call's.
 */
import type { Session, ToolStep } from "../datasets/session.ts";
import { MESSAGE_FRAMING_TOKENS } from "../util/chat_framing.ts";
import { toolCallsText } from "../util/tool_framing.ts";
import type { ChatMessage } from "./conversation.ts";
import { countText } from "./tokens.ts";

/** The messages one recorded step appends: the assistant's calls, then each call's result. */
export function stepMessages(step: ToolStep): ChatMessage[] {
  const calls = step.calls.map((c) => ({
    id: c.id,
    type: "function" as const,
    function: { name: c.name, arguments: c.arguments },
  }));
  return [
    { role: "assistant", content: step.content ?? "", tool_calls: calls },
    ...step.calls.map((c) => ({ role: "tool" as const, tool_call_id: c.id, content: c.result })),
  ];
}

/** Tokens of a step's assistant message alone, no framing: what the model generated. */
export function stepCallTokens(step: ToolStep): number {
  return countText(toolCallsText(step.content, step.calls));
}

/** Tokens of every message one step appends, framing included. */
export function stepTokens(step: ToolStep): number {
  let n = MESSAGE_FRAMING_TOKENS + stepCallTokens(step);
  for (const c of step.calls) n += MESSAGE_FRAMING_TOKENS + countText(c.result);
  return n;
}

/**
 * The tool steps of one session, their messages and token counts worked out once (off the send
 * path) and shared by every round.
 */
export class SessionToolSteps {
  /** Per turn: messages of each step. */
  readonly #messages: ChatMessage[][][];
  /** Per turn: cumulative tokens after 0…S steps. */
  readonly #tokens: number[][];
  /** Per turn: the generated length of each step's assistant message. */
  readonly #callTokens: number[][];
  readonly #calls: number[][];

  constructor(session: Session) {
    const turns = session.user_messages.map((_, i) => session.turns?.[i]?.tool_steps ?? []);
    this.#messages = turns.map((steps) => steps.map(stepMessages));
    this.#tokens = turns.map((steps) => {
      const sums = [0];
      for (const s of steps) sums.push(sums[sums.length - 1] + stepTokens(s));
      return sums;
    });
    this.#callTokens = turns.map((steps) => steps.map(stepCallTokens));
    this.#calls = turns.map((steps) => steps.map((s) => s.calls.length));
  }

  /** Steps of turn `turn` (0 without tool use). */
  count(turn: number): number {
    return this.#messages[turn]?.length ?? 0;
  }

  /** The messages of the first `upTo` steps of turn `turn`, in order. */
  messages(turn: number, upTo: number): ChatMessage[] {
    return (this.#messages[turn] ?? []).slice(0, upTo).flat();
  }

  /** Tokens of the first `upTo` steps of turn `turn`, framing included. */
  tokens(turn: number, upTo: number): number {
    return this.#tokens[turn]?.[upTo] ?? 0;
  }

  /** Calls of the step appended just before request `step` of turn `turn` (0 for request 0). */
  callsBefore(turn: number, step: number): number {
    return step === 0 ? 0 : this.#calls[turn]?.[step - 1] ?? 0;
  }

  /**
   * What request `step` of turn `turn` was answered with in the recording, when it was a tool
   * call: the tokens of step `step`'s assistant message; undefined for the turn's last request.
   */
  recordedCallTokens(turn: number, step: number): number | undefined {
    return this.#callTokens[turn]?.[step];
  }
}

/**
 * Requests a session makes in one pass: one per user message plus one per tool step.
 *
 * @example
 * ```ts
 * sessionRequests({ session_id: "a", user_messages: ["q"], turns: [{ tool_steps: [step] }] }); // 2
 * ```
 */
export function sessionRequests(session: Session): number {
  let n = session.user_messages.length;
  for (const t of session.turns ?? []) n += t.tool_steps?.length ?? 0;
  return n;
}
