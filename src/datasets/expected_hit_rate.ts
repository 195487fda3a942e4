/**
 * @module The prefix-cache hit rate a replay of sessions should show, worked out before sending.
 *
 * The model is a prefix cache of full blocks of B tokens with chained hashes (vLLM's, and the
 * mock's, `mock/prefix_cache.ts`), big enough never to evict, and a replay that
 *   - renders each chat as ChatML: every message costs its content plus `framing(role)` tokens
 *     (`<|im_start|>`, role, newline … `<|im_end|>`, newline), and every prompt ends with
 *     `priming` tokens that open the answer (`<|im_start|>assistant` newline);
 *   - sends turn k with the history of turns 0…k−1, each answer exactly `turns[k].output_tokens`
 *     long (the runner asks for it with `max_tokens` + `ignore_eos`), nothing cut to fit;
 *   - replays a turn's tool steps as recorded: request, append the step's assistant message and
 *     tool results, request again; the last request's answer is the turn's answer.
 * Then each prompt extends the one before it in its session (the previous prompt ends with the
 * answer's opening tokens), and the cache holds the full blocks of every prompt sent (the mock's
 * does; vLLM's also keeps the blocks it generated, so it finds up to an answer more), so request
 * r of a session finds
 *   cached(r) = B · ⌊P(r − 1) / B⌋
 * with P the prompt length, except a session's first request, which finds the longest run of
 * full blocks it shares with the first requests of the sessions replayed before it (its group's
 * system prompt, worked out on the real token ids), capped as the cache caps it at
 * B · ⌊(P − 1) / B⌋. In a second round without a reset, a request whose prompt holds only
 * recorded text (no answer of this round yet) is found whole: B · ⌊(P − 1) / B⌋. The hit rate is
 * Σ cached / Σ P over all requests: what the sweep's summary computes from the server's usage.
 */
import type { Session, ToolStep } from "./session.ts";
import { synthesizeSessions } from "./synthesize.ts";
import type { SynthesizeSpec } from "./synthesize_spec.ts";
import { type Tokenizer, tokenizerNamed } from "./tokenizer.ts";

/** How the server renders and caches prompts. */
export interface ReplayModel {
  /** Tokens per cache block (the mock's `cache.block_size`, 16 by default). */
  blockSize: number;
  /** Tokens a message costs besides its content (ChatML: 4 + the role's tokens). */
  framing?: (role: string) => number;
  /** Tokens opening the answer at the end of every prompt (ChatML: 3). */
  priming?: number;
  /** Tokens counted for an assistant tool-call message's calls (the mock counts only text: 0). */
  callTokens?: (step: ToolStep) => number;
  /** 1: from an empty cache; 2: the same sessions again, nothing evicted or reset. */
  round?: 1 | 2;
  /** Answer length for turns without `output_tokens`. */
  answerTokens?: number;
}

/** One request of the replay. */
export interface ExpectedRequest {
  session_id: string;
  turn: number;
  /** 0 for the turn's first request, j after j tool steps. */
  step: number;
  prompt_tokens: number;
  cached_tokens: number;
}

/** What the replay should show. */
export interface ExpectedCache {
  requests: ExpectedRequest[];
  prompt_tokens: number;
  cached_tokens: number;
  /** Σ cached / Σ prompt. */
  hit_rate: number;
  /** The longest prompt: the context a replay needs so nothing is cut. */
  max_prompt_tokens: number;
}

const START = -1, END = -2; // stand-ins for <|im_start|> and <|im_end|>

/** A 53-bit hash of one block chained to its parent's (FNV-1a on two lanes). */
function chain(parent: number, ids: readonly number[], from: number, to: number): number {
  let a = (parent % 2 ** 26) ^ 0x811c9dc5, b = Math.floor(parent / 2 ** 26) ^ 0x01000193;
  for (let i = from; i < to; i++) {
    a = Math.imul(a ^ ids[i], 0x01000193);
    b = Math.imul(b ^ (ids[i] + 0x9e3779b9), 0x01000193);
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) >>> 11);
}

/**
 * The expected cached tokens of every request of a replay of `sessions`, in order.
 *
 * @param sessions the sessions in replay order
 * @param tokenizer counts contents (and renders first prompts) as the server does
 * @param model the server's block size and rendering, and the round
 * @example
 * ```ts
 * expectedCache(sessions, gptTokenizer, { blockSize: 16 }).hit_rate;
 * ```
 */
export function expectedCache(
  sessions: Iterable<Session>,
  tokenizer: Tokenizer,
  model: ReplayModel,
): ExpectedCache {
  const B = model.blockSize;
  const framing = model.framing ?? ((role: string) => 4 + tokenizer.count(role));
  const priming = model.priming ?? 3;
  const callTokens = model.callTokens ?? (() => 0);
  const warm = model.round === 2;
  const seen = new Set<number>();
  const nl = tokenizer.encode("\n");
  const out: ExpectedCache = {
    requests: [],
    prompt_tokens: 0,
    cached_tokens: 0,
    hit_rate: 0,
    max_prompt_tokens: 0,
  };
  let last = 0; // prompt tokens of the session's last request
  const push = (r: ExpectedRequest) => {
    last = r.prompt_tokens;
    out.requests.push(r);
    out.prompt_tokens += r.prompt_tokens;
    out.cached_tokens += r.cached_tokens;
    out.max_prompt_tokens = Math.max(out.max_prompt_tokens, r.prompt_tokens);
  };

  for (const s of sessions) {
    // The first prompt on real ids, to find what it shares with the sessions before it.
    const message = (role: string, text: string) => [
      START,
      ...tokenizer.encode(role),
      ...nl,
      ...tokenizer.encode(text),
      END,
      ...nl,
    ];
    const first = [
      ...(s.system ? message("system", s.system) : []),
      ...message("user", s.user_messages[0]),
      START,
      ...tokenizer.encode("assistant"),
      ...nl,
    ];
    let prompt = (s.system ? framing("system") + tokenizer.count(s.system) : 0) +
      framing("user") + tokenizer.count(s.user_messages[0]) + priming;
    let hit = 0, parent = 0;
    const maxHit = Math.floor((prompt - 1) / B);
    for (let blk = 0; (blk + 1) * B <= first.length; blk++) {
      parent = chain(parent, first, blk * B, (blk + 1) * B);
      if (hit === blk && blk < maxHit && seen.has(parent)) hit++;
      seen.add(parent);
    }
    const recordedOnly = (cached: number, p: number) => warm ? B * Math.floor((p - 1) / B) : cached;
    push({
      session_id: s.session_id,
      turn: 0,
      step: 0,
      prompt_tokens: prompt,
      cached_tokens: recordedOnly(hit * B, prompt),
    });
    for (let k = 0; k < s.user_messages.length; k++) {
      const turn = s.turns?.[k];
      if (k > 0) {
        // The history now holds the last answer; this user message follows. The cache holds the
        // full blocks of the last prompt (the mock caches prompts, not what it generated).
        prompt += framing("user") + tokenizer.count(s.user_messages[k]) + priming;
        push({
          session_id: s.session_id,
          turn: k,
          step: 0,
          prompt_tokens: prompt,
          cached_tokens: B * Math.floor(last / B),
        });
      }
      for (const [j, step] of (turn?.tool_steps ?? []).entries()) {
        const before = last;
        // The step's assistant message (its first tokens were the priming), then the results.
        prompt += framing("assistant") - priming + callTokens(step);
        for (const call of step.calls) prompt += framing("tool") + tokenizer.count(call.result);
        prompt += priming;
        const cached = k === 0
          ? recordedOnly(B * Math.floor(before / B), prompt)
          : B * Math.floor(before / B);
        push({
          session_id: s.session_id,
          turn: k,
          step: j + 1,
          prompt_tokens: prompt,
          cached_tokens: cached,
        });
      }
      const answer = turn?.output_tokens ?? model.answerTokens;
      if (answer === undefined) {
        throw new Error(
          `Cannot expect a cache hit for "${s.session_id}": turn ${k} has no output_tokens`,
        );
      }
      prompt += framing("assistant") - priming + answer;
    }
  }
  out.hit_rate = out.prompt_tokens === 0 ? 0 : out.cached_tokens / out.prompt_tokens;
  return out;
}

/**
 * The hit rate a spec implies for a replay of all its sessions in order (see the module comment
 * for the model): the sessions are synthesized (deterministically) and {@linkcode expectedCache}
 * worked out on them.
 *
 * @param spec a validated spec
 * @param model the server's block size and rendering, and the round
 * @returns Σ cached / Σ prompt tokens over every request
 * @example
 * ```ts
 * expectedHitRate(checkSpec({ sessions: 8, system_prompt: { groups: 2, shared_tokens: 1000 } }, "spec"), { blockSize: 16 });
 * ```
 */
export function expectedHitRate(spec: SynthesizeSpec, model: ReplayModel): number {
  return expectedCache(synthesizeSessions(spec), tokenizerNamed(spec.tokenizer), model).hit_rate;
}
