/**
 * @module The mock's latency model, twice: as closed-form capacity formulas, and as a
 * discrete-event simulation that runs the mock's own `Schedule` (mock/schedule.ts) behind a
 * copy of its FIFO admission (mock/slots.ts). Shared by the known-capacity test and, later, the
 * end-to-end test that searches the real mock configured the same way.
 *
 * The mock (mock/README.md "Latency model"): a request admitted while `running` requests hold a
 * slot (itself included) is slowed by f = 1 + load_factor × (running − 1), fixed at admission;
 * TTFT from admission = f × (ttft_ms + prefill_ms_per_token × uncached + cached_ms_per_token ×
 * cached); token i is due at first + i × f × itl_ms; at most `max_running` run, the rest wait
 * in FIFO order and a freed slot passes straight to the head of the queue.
 *
 * Users C in a closed loop with no think time, outputs of exactly L tokens, prefill costs 0,
 * jitter 0: once the first wave is through, every request is admitted while the other C − 1
 * are in the server, so (for C ≤ max_running M)
 *   f(C) = 1 + lf·(C − 1),  TTFT = f(C)·ttft_ms,  ITL = TPOT = f(C)·itl_ms,
 *   E2E = f(C)·(ttft_ms + (L − 1)·itl_ms) =: S(C), the service time.
 * A target X on a metric of base b (ttft_ms, itl_ms, or ttft_ms + (L − 1)·itl_ms) holds at
 * every percentile while f(C)·b ≤ X, i.e. C ≤ 1 + (X/b − 1)/lf, and fails at every percentile
 * past it (every steady request has the same value). So
 *   capacity = min(M, min over targets ⌊1 + (X/b − 1)/lf⌋)
 * provided C = M + 1 is shown to fail when M is the smaller: then M run at f(M) and one request
 * is always queued; by Little's law the mean wait is S(M)/M, and no wait exceeds S(M) (a slot
 * frees within one service time), so the share of requests waiting longer than
 * x = X_ttft − f(M)·ttft_ms is at least (S/M − x)/(S − x). When that share is above 1 − p/100,
 * the p-th percentile TTFT exceeds X_ttft at C = M + 1.
 */
import { type LatencyConfig, MockConfig } from "../../mock/config.ts";
import { Rng } from "../../mock/rng.ts";
import { Schedule } from "../../mock/schedule.ts";
import type { z } from "zod";
import type { RequestRecord } from "../../src/results/record.ts";
import type { SloTargets } from "../../src/slo/spec.ts";
import { SessionSupply } from "../../src/client/users.ts";
import { record } from "../slo/_records.ts";

/** The mock's latency block, defaults applied. */
export type Latency = z.infer<typeof LatencyConfig>;

/** A mock configured so that its capacity can be computed: no prefill cost, no jitter. */
export function knownMock(latency: z.input<typeof LatencyConfig>): Latency {
  const config = MockConfig.parse({ latency: { jitter_ms: 0, ...latency } });
  if (config.latency.prefill_ms_per_token !== 0 || config.latency.cached_ms_per_token !== 0) {
    throw new Error("knownMock: prefill costs must be 0 so TTFT does not depend on the prompt");
  }
  return config.latency;
}

/** The slowdown at C users: f(C) = 1 + lf × (min(C, M) − 1). */
export function factor(l: Latency, users: number): number {
  return 1 + l.load_factor * (Math.min(users, l.max_running) - 1);
}

/** The metric's value at factor 1 (the `b` of the module comment). */
function base(l: Latency, metric: SloTargets[number]["metric"], outputTokens: number): number {
  if (metric === "ttft_first" || metric === "ttft_followup") return l.ttft_ms;
  if (metric === "itl" || metric === "tpot") return l.itl_ms;
  return l.ttft_ms + (outputTokens - 1) * l.itl_ms;
}

/**
 * The capacity in users from the formulas of the module comment.
 *
 * @throws when the slot bound decides it and C = M + 1 cannot be shown to fail (pick a smaller
 * `max_running` or a tighter TTFT target), or when no TTFT target is there to show it
 */
export function expectedCapacity(l: Latency, outputTokens: number, targets: SloTargets): number {
  let byFactor = Infinity;
  for (const t of targets) {
    const ratio = t.ms / base(l, t.metric, outputTokens);
    if (ratio < 1) return 0; // fails even alone
    if (l.load_factor > 0) {
      byFactor = Math.min(byFactor, Math.floor(1 + (ratio - 1) / l.load_factor));
    }
  }
  if (byFactor < l.max_running) return byFactor;
  const m = l.max_running;
  const service = factor(l, m) * base(l, "e2e", outputTokens);
  const provable = targets.some((t) => {
    if (t.metric !== "ttft_first" && t.metric !== "ttft_followup") return false;
    const x = t.ms - factor(l, m) * l.ttft_ms;
    return (service / m - x) / (service - x) > 1 - t.percentile / 100;
  });
  if (!provable) throw new Error("expectedCapacity: C = max_running + 1 cannot be shown to fail");
  return m;
}

/** A simulated run. */
export interface SimRun {
  /** Records with `session_id` set to the conversation key (replays apart). */
  records: RequestRecord[];
}

/**
 * Simulates `users` users replaying `sessions` (cycled) against the mock for `duration_ms`
 * (no conversation starts after it; those under way finish), no think time, outputs of
 * exactly `outputTokens` tokens. Deterministic: ties go in event order.
 */
export function simulateUsers(
  l: Latency,
  users: number,
  opts: { outputTokens: number; duration_ms: number; sessions: { id: string; turns: number }[] },
): SimRun {
  const supply = new SessionSupply(opts.sessions, { id: (s) => s.id, turns: (s) => s.turns }, {
    cycle: true,
    end_at: opts.duration_ms,
  });
  const rng = new Rng(1); // unused with jitter 0
  const records: RequestRecord[] = [];
  type Pending = { user: number; key: string; turn: number; sentAt: number };
  const queue: Pending[] = [];
  const finishes: { at: number; seq: number; req: Pending }[] = [];
  const state = Array.from({ length: users }, () => ({ key: "", turn: 0, turns: 0 }));
  let running = 0;
  let seq = 0;
  const admit = (req: Pending, at: number) => {
    const s = new Schedule(l, rng, {
      admittedAt: at,
      promptTokens: 100,
      cachedTokens: 0,
      running,
      stallMs: 0,
    });
    const n = opts.outputTokens;
    const due = Array.from({ length: n }, (_, i) => s.at(i)); // asked in order, as the mock does
    const itl = due.slice(1).map((t, i) => t - due[i]);
    const end = due[n - 1];
    const ttft = s.firstAt - req.sentAt;
    const e2e = end - req.sentAt;
    records.push(record({
      concurrency: users,
      session_id: req.key,
      turn_index: req.turn,
      started_at: req.sentAt,
      ttft_ms: ttft,
      e2e_ms: e2e,
      itl_ms: itl,
      tpot_ms: n > 1 ? (e2e - ttft) / (n - 1) : null,
      output_tokens: n,
    }));
    finishes.push({ at: end, seq: seq++, req });
  };
  const send = (user: number, at: number) => {
    const u = state[user];
    if (u.turn >= u.turns) {
      const h = supply.next(at);
      if (h === null) return;
      Object.assign(u, { key: h.key, turn: 0, turns: h.turns });
    }
    const req = { user, key: u.key, turn: u.turn++, sentAt: at };
    if (running < l.max_running && queue.length === 0) {
      running++;
      admit(req, at);
    } else queue.push(req);
  };
  for (let u = 0; u < users; u++) send(u, 0);
  while (finishes.length > 0) {
    finishes.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const { at, req } = finishes.shift()!;
    const next = queue.shift(); // the freed slot passes to the head of the queue
    if (next) admit(next, at);
    else running--;
    send(req.user, at);
  }
  return { records };
}
