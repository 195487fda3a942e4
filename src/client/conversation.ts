/** @module One session's chat history during a round, cut to fit the context window before each turn. */
import type { Session } from "../datasets/session.ts";
import { type CutPrompt, gptPromptTokens, type PromptTokens } from "./prompt_tokens.ts";
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
  /** Prompt tokens as the sweep's tokenizer counts them, template and reply priming included. */
  contextTokens: number;
  /** The prompt's token ids in that tokenizer (for the expected cache). */
  ids: readonly number[];
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
 * A session and the prompt counting of its sweep, shared by every round: counters cache what
 * they have counted, and a question cut to fit is cut once (per window) for all rounds.
 */
export class PreparedSession {
  readonly session: Session;
  /** The sweep's prompt counting (`tokenizer:`); gpt when not given. */
  readonly tokens: PromptTokens;
  /** The session's recorded tool steps (issue 14). */
  readonly toolSteps: SessionToolSteps;
  readonly #cuts = new Map<string, Promise<CutPrompt>>();

  constructor(session: Session, tokens: PromptTokens = gptPromptTokens()) {
    this.session = session;
    this.tokens = tokens;
    this.toolSteps = new SessionToolSteps(session);
  }

  /**
   * User message `turn` alone after the system prompt (and before its first `step` tool steps,
   * which are never cut), cut to `budget` tokens (memoized).
   */
  cutQuestion(turn: number, budget: number, step = 0): Promise<CutPrompt> {
    const key = `${turn}:${step}:${budget}`;
    let cut = this.#cuts.get(key);
    if (!cut) {
      const head = systemMessages(this.session);
      const steps = this.toolSteps.messages(turn, step);
      cut = this.tokens.cutToFit(
        this.session.user_messages[turn],
        (text) => [...head, { role: "user", content: text }, ...steps],
        budget,
        this.session.tools,
      );
      cut.catch(() => this.#cuts.delete(key));
      this.#cuts.set(key, cut);
    }
    return cut;
  }
}

function systemMessages(session: Session): ChatMessage[] {
  return session.system ? [{ role: "system", content: session.system }] : [];
}

interface Pair {
  user: string;
  /** The turn's tool-step messages, between the user message and the answer (issue 14). */
  steps: ChatMessage[];
  assistant: string;
}

/**
 * The history of one session in one round. The first turn carries only the system prompt (if any)
 * and the question; after each answer the `{user, assistant}` pair is appended with the text the
 * server returned (and the turn's replayed tool steps between them: src/client/tool_steps.ts).
 * Before each turn the fewest oldest pairs are dropped for prompt + max output
 * tokens to fit the context window, counted with the sweep's tokenizer on the whole rendered
 * prompt; a question too long on its own is cut (its end kept) and flagged.
 *
 * @example
 * ```ts
 * const conv = new Conversation(new PreparedSession(session), { maxContextTokens: 4096, maxOutputTokens: 512 });
 * const plan = await conv.prompt(0);
 * conv.append(0, "answer text");
 * ```
 */
export class Conversation {
  readonly #prepared: PreparedSession;
  readonly #budget: number;
  readonly #pairs: Pair[] = [];

  constructor(prepared: PreparedSession, limits: ContextLimits) {
    this.#prepared = prepared;
    this.#budget = limits.maxContextTokens - limits.maxOutputTokens;
  }

  /** The session this conversation replays, with its counts. */
  get prepared(): PreparedSession {
    return this.#prepared;
  }

  /** Which tokenizer counts this conversation's prompts (`token_source`). */
  get tokenSource(): PromptTokens["source"] {
    return this.#prepared.tokens.source;
  }

  /**
   * Builds the prompt for user message `turn`, dropping or cutting what does not fit. Prompts
   * shrink as pairs are dropped, so the fewest pairs to drop are found by bisection: a turn that
   * fits costs one count, one that does not about log2(pairs) + 2.
   *
   * @param step issue 14: request `step` of the turn, after its first `step` tool steps (their
   *   messages follow the user message; they are never cut, the oldest turns go first)
   */
  async prompt(turn: number, step = 0): Promise<PromptPlan> {
    const p = this.#prepared;
    const tokens = p.tokens;
    const question: ChatMessage = { role: "user", content: p.session.user_messages[turn] };
    const head = systemMessages(p.session);
    const current = p.toolSteps.messages(turn, step);
    const build = (from: number): ChatMessage[] => {
      const messages = [...head];
      for (let i = from; i < this.#pairs.length; i++) {
        const { user, steps, assistant } = this.#pairs[i];
        messages.push({ role: "user", content: user }, ...steps);
        messages.push({ role: "assistant", content: assistant });
      }
      messages.push(question, ...current);
      return messages;
    };
    const fits = (n: number) => n <= this.#budget;
    const n = this.#pairs.length;
    const tools = p.session.tools;
    const whole = await tokens.prepare(build(0), tools);
    if (fits(whole.tokens)) return plan(build(0), whole, 0, false);
    const alone = n > 0 ? await tokens.prepare(build(n), tools) : whole;
    if (!fits(alone.tokens)) {
      const cut = await p.cutQuestion(turn, this.#budget, step);
      const messages = [...head, { role: "user" as const, content: cut.text }, ...current];
      return plan(messages, cut.prompt, n, true);
    }
    let lo = 1;
    let hi = n;
    let best = alone;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const counted = await tokens.prepare(build(mid), tools);
      if (fits(counted.tokens)) {
        hi = mid;
        best = counted;
      } else {
        lo = mid + 1;
      }
    }
    return plan(build(hi), best, hi, false);
  }

  /** Appends the answer to user message `turn` to the history. */
  append(turn: number, answer: string): void {
    const tools = this.#prepared.toolSteps;
    this.#pairs.push({
      user: this.#prepared.session.user_messages[turn],
      steps: tools.messages(turn, tools.count(turn)),
      assistant: answer,
    });
  }
}

function plan(
  messages: ChatMessage[],
  counted: { tokens: number; ids: readonly number[] },
  droppedTurns: number,
  messageTruncated: boolean,
): PromptPlan {
  return {
    messages,
    contextTokens: counted.tokens,
    ids: counted.ids,
    droppedTurns,
    messageTruncated,
  };
}
