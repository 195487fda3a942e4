/** @module One session's chat history during a round, cut to fit the context window before each turn. */
import type { Session } from "../datasets/session.ts";
import { MESSAGE_FRAMING_TOKENS, REPLY_PRIMING_TOKENS } from "../util/chat_framing.ts";
import { countText, cutToTokens } from "./tokens.ts";
import { SessionToolSteps } from "./tool_steps.ts"; // issue 14

/** One chat message as sent to the server. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  /** Empty on an assistant message that calls tools without text. */
  content: string;
  // ── issue 14: tool replay (src/client/tool_steps.ts) ──
  /** An assistant message's calls, OpenAI's shape. */
  tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
  /** A `tool` message's call. */
  tool_call_id?: string;
}

/** The prompt for one turn and what fitting it into the window cost. */
export interface PromptPlan {
  messages: ChatMessage[];
  /** Prompt tokens counted with gpt-tokenizer, framing and reply priming included. */
  contextTokens: number;
  /** Oldest `{user, assistant}` pairs left out of this prompt. */
  droppedTurns: number;
  /** True when the current message alone was too long and was cut. */
  messageTruncated: boolean;
}

/** The token window a prompt must fit: prompt + `maxOutputTokens` ≤ `maxContextTokens`. */
export interface ContextLimits {
  maxContextTokens: number;
  maxOutputTokens: number;
}

/**
 * A session with its per-message token counts, counted once up front (off the send path) and
 * shared by every round.
 */
export class PreparedSession {
  readonly session: Session;
  readonly systemTokens: number;
  readonly #userTokens: Int32Array;
  /** The session's recorded tool steps, counted once (issue 14). */
  readonly toolSteps: SessionToolSteps;

  constructor(session: Session) {
    this.session = session;
    this.systemTokens = session.system ? countText(session.system) + MESSAGE_FRAMING_TOKENS : 0;
    this.#userTokens = Int32Array.from(
      session.user_messages,
      (m) => countText(m) + MESSAGE_FRAMING_TOKENS,
    );
    this.toolSteps = new SessionToolSteps(session);
  }

  /** Tokens of user message `i`, framing included. */
  userTokens(i: number): number {
    return this.#userTokens[i];
  }
}

interface Pair {
  user: string;
  /** The turn's tool-step messages, between the user message and the answer (issue 14). */
  steps: ChatMessage[];
  assistant: string;
  /** Tokens of both messages, framing included; -1 until counted. */
  tokens: number;
  /** The user message's and its tool steps' tokens. */
  userTokens: number;
  assistantTokens: number;
}

/**
 * The history of one session in one round. The first turn carries only the system prompt (if any)
 * and the question; after each answer the `{user, assistant}` pair is appended with the text the
 * server returned (and the turn's replayed tool steps between them: src/client/tool_steps.ts).
 * Before each turn the oldest pairs are dropped while prompt + max output tokens exceeds the
 * context window; a question too long on its own is cut (its end kept) and flagged.
 *
 * @example
 * ```ts
 * const conv = new Conversation(new PreparedSession(session), { maxContextTokens: 4096, maxOutputTokens: 512 });
 * const plan = conv.prompt(0);
 * conv.append(0, "answer text");
 * ```
 */
export class Conversation {
  readonly #prepared: PreparedSession;
  readonly #budget: number;
  readonly #pairs: Pair[] = [];

  constructor(prepared: PreparedSession, limits: ContextLimits) {
    this.#prepared = prepared;
    this.#budget = limits.maxContextTokens - limits.maxOutputTokens - REPLY_PRIMING_TOKENS;
  }

  /** The session this conversation replays, with its counts. */
  get prepared(): PreparedSession {
    return this.#prepared;
  }

  /**
   * Builds the prompt for user message `turn`, dropping or cutting what does not fit.
   *
   * @param step issue 14: request `step` of the turn, after its first `step` tool steps (their
   *   messages follow the user message; they are never cut, the oldest turns go first)
   */
  prompt(turn: number, step = 0): PromptPlan {
    const p = this.#prepared;
    const question = p.session.user_messages[turn];
    const messages: ChatMessage[] = p.session.system
      ? [{ role: "system", content: p.session.system }]
      : [];
    const steps = p.toolSteps.messages(turn, step);
    const stepTokens = p.toolSteps.tokens(turn, step);
    const fixed = p.systemTokens + p.userTokens(turn) + stepTokens;
    if (fixed > this.#budget) {
      const room = Math.max(0, this.#budget - p.systemTokens - MESSAGE_FRAMING_TOKENS - stepTokens);
      const cut = cutToTokens(question, room);
      return {
        messages: [...messages, { role: "user", content: cut.text }, ...steps],
        contextTokens: p.systemTokens + cut.tokens + MESSAGE_FRAMING_TOKENS + stepTokens +
          REPLY_PRIMING_TOKENS,
        droppedTurns: this.#pairs.length,
        messageTruncated: true,
      };
    }
    let total = fixed;
    for (const pair of this.#pairs) total += pairTokens(pair);
    let dropped = 0;
    while (total > this.#budget) total -= this.#pairs[dropped++].tokens;
    for (let i = dropped; i < this.#pairs.length; i++) {
      const { user, steps, assistant } = this.#pairs[i];
      messages.push({ role: "user", content: user }, ...steps);
      messages.push({ role: "assistant", content: assistant });
    }
    messages.push({ role: "user", content: question }, ...steps);
    return {
      messages,
      contextTokens: total + REPLY_PRIMING_TOKENS,
      droppedTurns: dropped,
      messageTruncated: false,
    };
  }

  /**
   * Appends the answer to user message `turn` to the history.
   *
   * @param assistantTokens the answer's gpt-tokenizer count when already known (no framing)
   */
  append(turn: number, answer: string, assistantTokens?: number): void {
    const tools = this.#prepared.toolSteps;
    this.#pairs.push({
      user: this.#prepared.session.user_messages[turn],
      steps: tools.messages(turn, tools.count(turn)),
      assistant: answer,
      tokens: -1,
      userTokens: this.#prepared.userTokens(turn) + tools.tokens(turn, tools.count(turn)),
      assistantTokens: assistantTokens === undefined
        ? -1
        : assistantTokens + MESSAGE_FRAMING_TOKENS,
    });
  }
}

function pairTokens(pair: Pair): number {
  if (pair.tokens >= 0) return pair.tokens;
  if (pair.assistantTokens < 0) {
    pair.assistantTokens = countText(pair.assistant) + MESSAGE_FRAMING_TOKENS;
  }
  return pair.tokens = pair.userTokens + pair.assistantTokens;
}
