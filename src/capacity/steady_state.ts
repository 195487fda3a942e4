/**
 * @module The steady-state window of a run, and whether the run over-saturated in it.
 *
 * A run starts empty and ends draining; neither end shows the server at the load asked for.
 * - Users or concurrency N (a target is given): a conversation is active from its first request
 *   to the end of its last (think time included). The window opens when N conversations are
 *   first active at once (the last of the first wave has started) and then one request has
 *   finished — before that the server has only taken arrivals, each admitted into a batch
 *   emptier than the full load (the mock fixes a request's slowdown at admission, so the first
 *   wave of N sees 1…N running, not N) — and closes when the count
 *   drops below N for the last time — when the first conversation of the tail ends and no new
 *   one can replace it. Between conversations a worker dips to N − 1 for a moment; only the
 *   last drop counts. If N is never reached, the peak stands in and `reached` is false.
 * - Request rate (no target): the window opens at the start of the request at `warmup_share`
 *   of the arrivals (default 10%) and closes at the last arrival; after that the load only drains.
 * A request belongs to the window when it started inside it (its admission saw the full load).
 */
import type { RequestRecord } from "../results/record.ts";
import {
  isGrowing,
  type Point,
  SATURATED,
  type SaturationRule,
  type Trend,
  trend,
} from "./saturation.ts";

/** A request's place in time. */
export interface TimedRequest {
  /** The conversation it belongs to (a replay of a session counts as another conversation). */
  session: string;
  /** Epoch ms. */
  started_at: number;
  /** Epoch ms: start + E2E (or + TTFT, or the start itself, when the request failed). */
  ended_at: number;
  ttft_ms: number | null;
}

/** A record's times; `session` defaults to its `session_id`. */
export function timedRequest(
  r: Pick<RequestRecord, "session_id" | "started_at" | "ttft_ms" | "e2e_ms">,
  session: string = r.session_id,
): TimedRequest {
  const ended_at = r.started_at + (r.e2e_ms ?? r.ttft_ms ?? 0);
  return { session, started_at: r.started_at, ended_at, ttft_ms: r.ttft_ms };
}

/** Where the steady state lies. */
export interface SteadyWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, inclusive. */
  end: number;
  /** The load the window was found for (conversations); null in rate mode. */
  target: number | null;
  /** Most conversations active at once. */
  peak: number;
  /** False when the target was never reached (the peak stood in). */
  reached: boolean;
  /** Requests that started inside it, and outside it before and after. */
  requests: { inside: number; warmup: number; tail: number };
}

/**
 * Finds the steady-state window of a run's requests; null when there are none.
 *
 * @param target users or concurrency; null or absent for request-rate mode
 * @example
 * ```ts
 * const w = steadyWindow(records.map((r) => timedRequest(r)), { target: 16 });
 * const steady = records.filter((r) => w && r.started_at >= w.start && r.started_at <= w.end);
 * ```
 */
export function steadyWindow(
  requests: readonly TimedRequest[],
  opts: { target?: number | null; warmup_share?: number } = {},
): SteadyWindow | null {
  if (requests.length === 0) return null;
  const { start, end, peak, reached } = opts.target == null
    ? arrivalsWindow(requests, opts.warmup_share ?? 0.1)
    : sessionsWindow(requests, opts.target);
  const counts = { inside: 0, warmup: 0, tail: 0 };
  for (const r of requests) {
    if (r.started_at < start) counts.warmup++;
    else if (r.started_at > end) counts.tail++;
    else counts.inside++;
  }
  return { start, end, target: opts.target ?? null, peak, reached, requests: counts };
}

function arrivalsWindow(requests: readonly TimedRequest[], share: number) {
  const starts = requests.map((r) => r.started_at).sort((a, b) => a - b);
  const first = Math.min(starts.length - 1, Math.floor(share * starts.length));
  return { start: starts[first], end: starts[starts.length - 1], peak: 0, reached: true };
}

function sessionsWindow(requests: readonly TimedRequest[], target: number) {
  const spans = new Map<string, { from: number; to: number }>();
  for (const r of requests) {
    const s = spans.get(r.session);
    if (!s) spans.set(r.session, { from: r.started_at, to: r.ended_at });
    else {
      s.from = Math.min(s.from, r.started_at);
      s.to = Math.max(s.to, r.ended_at);
    }
  }
  // Ends before starts at the same instant: a worker moving on does not overlap itself.
  const events: [number, number][] = [];
  for (const s of spans.values()) events.push([s.from, 1], [s.to, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let peak = 0;
  for (let i = 0, n = 0; i < events.length; i++) peak = Math.max(peak, n += events[i][1]);
  const level = Math.min(target, peak);
  let start: number | null = null;
  let end = events[events.length - 1][0];
  for (let i = 0, n = 0; i < events.length; i++) {
    const before = n;
    n += events[i][1];
    if (start === null && n >= level) start = events[i][0];
    if (start !== null && before >= level && n < level) end = events[i][0];
  }
  // Until one request has finished the server has only seen arrivals (the first wave was
  // admitted into an emptier batch than the full load): open at the first end after full load.
  let firstEnd = Infinity;
  for (const r of requests) {
    if (r.ended_at >= start! && r.ended_at < firstEnd) firstEnd = r.ended_at;
  }
  const open = firstEnd <= end ? firstEnd : start!;
  return { start: open, end, peak, reached: peak >= target };
}

/** What a run's steady state says about saturation. */
export interface SaturationAssessment {
  /** TTFT or the waiting queue still growing through the window. */
  saturated: boolean;
  ttft: Trend | null;
  queue: Trend | null;
}

/**
 * Judges over-saturation inside a window: TTFT of the requests that started in it (failed ones
 * without a TTFT are left out), and, when given, a waiting-queue series (e.g. scraped
 * `vllm:num_requests_waiting`) sampled in it.
 *
 * @example
 * ```ts
 * assessSaturation(timed, window, { queue: waiting.map(([t, v]) => ({ t, v })) }).saturated;
 * ```
 */
export function assessSaturation(
  requests: readonly TimedRequest[],
  window: Pick<SteadyWindow, "start" | "end">,
  opts: { queue?: readonly Point[]; rule?: SaturationRule } = {},
): SaturationAssessment {
  const rule = opts.rule ?? SATURATED;
  const inside = (t: number) => t >= window.start && t <= window.end;
  const points = requests.filter((r) => r.ttft_ms !== null && inside(r.started_at))
    .map((r) => ({ t: r.started_at, v: r.ttft_ms! }));
  const ttft = trend(points, rule.floor);
  const queue = opts.queue ? trend(opts.queue.filter((p) => inside(p.t)), rule.floor) : null;
  return { saturated: isGrowing(ttft, rule) || isGrowing(queue, rule), ttft, queue };
}
