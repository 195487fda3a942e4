/**
 * @module `synthesize`: seeded, deterministic sessions from a spec, with exact token lengths.
 *
 * Every session draws from its own random streams, keyed by (seed, session index, purpose), so
 * the sessions do not depend on the order they are made in, and changing, say, the answer
 * lengths leaves the texts alone. Session i belongs to a group when it is among the
 * `round(share × sessions)` sessions a seeded shuffle picks; those take the groups' prefixes in
 * turn (the k-th picked session gets group k mod G). Each turn records its user message's token
 * count, its requested answer length and the think time before it, for the runner.
 */
import { sample } from "./distribution.ts";
import { shuffleInPlace } from "../io/random.ts";
import { streamFor } from "./streams.ts";
import type { Session, Turn } from "./session.ts";
import { writeSessionFile } from "./session_writer.ts";
import type { SynthesizeSpec } from "./synthesize_spec.ts";
import { toolDefinitions, toolSteps } from "./synthesize_tools.ts";
import { TextSource } from "./text_source.ts";
import { tokenizerNamed } from "./tokenizer.ts";
import { UserError } from "../util/errors.ts";

/** Which sessions share a group prefix, and which group: -1 for a prefix of their own. */
function groupsOf(spec: SynthesizeSpec): Int32Array {
  const n = spec.sessions, sp = spec.system_prompt;
  const group = new Int32Array(n).fill(-1);
  if (!sp || sp.shared_tokens === 0) return group;
  const picked = Math.round(sp.share * n);
  const order = shuffleInPlace(
    Int32Array.from({ length: n }, (_, i) => i),
    streamFor(spec.seed, "share"),
  );
  const chosen = Array.from(order.subarray(0, picked)).sort((a, b) => a - b);
  chosen.forEach((i, k) => group[i] = k % sp.groups);
  return group;
}

/**
 * Makes the spec's sessions, one at a time.
 *
 * @param spec a validated spec
 * @param source names the sessions' `source`
 * @example
 * ```ts
 * for (const s of synthesizeSessions(checkSpec({ sessions: 2 }, "spec"))) console.log(s.session_id);
 * ```
 */
export function* synthesizeSessions(
  spec: SynthesizeSpec,
  source = "synthesize",
): Generator<Session> {
  const tokenizer = tokenizerNamed(spec.tokenizer);
  const texts = new TextSource(tokenizer);
  const sp = spec.system_prompt;
  const L = sp?.shared_tokens ?? 0;
  const prefixes = Array.from(
    { length: sp?.groups ?? 0 },
    (_, g) => texts.text(L, streamFor(spec.seed, "group", g)),
  );
  const prefixIds = prefixes.map((p) => tokenizer.encode(p));
  const group = groupsOf(spec);
  const tools = spec.tools ? toolDefinitions(spec.tools.definitions) : undefined;
  const width = String(spec.sessions - 1).length;

  for (let i = 0; i < spec.sessions; i++) {
    // One stream per purpose, so changing one setting leaves what the others drew alone.
    const draw = (what: string) => streamFor(spec.seed, i, what);
    const [turnsR, userR, outputR, thinkR, uniqueR, toolsR] = [
      "turns",
      "user_tokens",
      "output_tokens",
      "think_time_ms",
      "unique_tokens",
      "tools",
    ].map(draw);
    const [userText, systemText, toolText] = ["user_text", "system_text", "tool_text"].map(draw);
    const g = group[i];
    const session: Session = {
      session_id: `${spec.id_prefix}-${String(i).padStart(width, "0")}`,
      user_messages: [],
      source,
    };
    let systemTokens = 0;
    if (sp) {
      const unique = sample(sp.unique_tokens, uniqueR);
      const prefix = g >= 0 ? prefixes[g] : texts.text(L, systemText);
      let system = prefix + texts.text(unique, systemText, { joinable: prefix !== "" });
      // The group's prefix must stay the first L tokens whatever follows it.
      for (
        let t = 0;
        g >= 0 && unique > 0 && !startsWith(tokenizer.encode(system), prefixIds[g]);
        t++
      ) {
        if (t === 20) throw new Error(`Cannot append to the prefix of group ${g} without merging`);
        system = prefix + texts.text(unique, systemText, { joinable: true });
      }
      systemTokens = L + unique;
      if (system !== "") session.system = system;
    }
    const turns: Turn[] = [];
    const count = Math.max(1, sample(spec.turns, turnsR));
    for (let k = 0; k < count; k++) {
      const userTokens = Math.max(1, sample(spec.user_tokens, userR));
      const turn: Turn = {
        user_tokens: userTokens,
        output_tokens: Math.max(1, sample(spec.output_tokens, outputR)),
      };
      const think = Math.round(sample(spec.think_time_ms, thinkR, false));
      if (k > 0 && think > 0) turn.think_time_ms = think;
      session.user_messages.push(texts.text(userTokens, userText));
      if (spec.tools) {
        const steps = toolSteps(spec.tools, `${k}`, texts, toolsR, toolText);
        if (steps) turn.tool_steps = steps;
      }
      turns.push(turn);
    }
    session.turns = turns;
    if (tools) session.tools = tools;
    session.meta = {
      tokenizer: tokenizer.name,
      group: g >= 0 ? g : null,
      shared_prefix_tokens: g >= 0 ? L : 0,
      system_tokens: systemTokens,
    };
    yield session;
  }
}

function startsWith(ids: readonly number[], prefix: readonly number[]): boolean {
  if (ids.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (ids[i] !== prefix[i]) return false;
  return true;
}

/** What a synthesis wrote (stats.json of the stage). */
export interface SynthesizeStats {
  output: string;
  sessions_written: number;
  turns: number;
  /** Requests a replay sends: one per turn plus one per tool step. */
  requests: number;
  tool_calls: number;
  user_tokens: number;
  system_tokens: number;
  tool_result_tokens: number;
  requested_output_tokens: number;
  /** Sessions whose system prompt starts with a group's shared prefix. */
  sessions_sharing_a_prefix: number;
  seconds: number;
}

/**
 * Writes the spec's sessions to `output` (atomically: a failure leaves no file).
 *
 * @param spec a validated spec
 * @param options the file to write and the `source` to name in each session
 * @returns counts of what was written
 */
export async function synthesize(
  spec: SynthesizeSpec,
  options: { output: string; source?: string; signal?: AbortSignal },
): Promise<SynthesizeStats> {
  const started = performance.now();
  const tokenizer = tokenizerNamed(spec.tokenizer);
  const stats: SynthesizeStats = {
    output: options.output,
    sessions_written: 0,
    turns: 0,
    requests: 0,
    tool_calls: 0,
    user_tokens: 0,
    system_tokens: 0,
    tool_result_tokens: 0,
    requested_output_tokens: 0,
    sessions_sharing_a_prefix: 0,
    seconds: 0,
  };
  await writeSessionFile(options.output, async (sink) => {
    for (const s of synthesizeSessions(spec, options.source)) {
      options.signal?.throwIfAborted();
      stats.sessions_written++;
      stats.system_tokens += Number(s.meta?.system_tokens ?? 0);
      if (s.meta?.group !== null) stats.sessions_sharing_a_prefix++;
      for (const t of s.turns ?? []) {
        stats.turns++;
        stats.requests += 1 + (t.tool_steps?.length ?? 0);
        stats.user_tokens += t.user_tokens ?? 0;
        stats.requested_output_tokens += t.output_tokens ?? 0;
        for (const step of t.tool_steps ?? []) {
          for (const c of step.calls) {
            stats.tool_calls++;
            stats.tool_result_tokens += tokenizer.count(c.result);
          }
        }
      }
      await sink.write(s);
    }
  }, () => new UserError("No sessions to write"));
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}
