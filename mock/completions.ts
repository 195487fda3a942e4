/** @module `POST /v1/chat/completions`: validate, count, look up the cache, queue, then answer on schedule. */
import { ApiError, StreamAborted } from "./api_error.ts";
import { ChunkWriter, completionBody, type ResponseHead, usage } from "./chunks.ts";
import type { MockEngine } from "./engine.ts";
import { Exchange } from "./exchange.ts";
import { FAULT_HEADER, faultError, planFaults } from "./faults.ts";
import { outputWord, promptParts } from "./prompt.ts";
import { type ChatRequest, parseChatRequest, requestedMaxTokens } from "./request.ts";
import { drawLength } from "./rng.ts";
import { Schedule } from "./schedule.ts";
import { streamBody } from "./stream.ts";
import { epochMs, type MockTiming } from "./timings.ts";

/**
 * The output length and finish reason: `ignore_eos` with a limit gives exactly the limit;
 * otherwise a draw from the configured distribution, raised to `min_tokens`, capped at the
 * limit (`length` when capped, else `stop`).
 */
export function outputLength(
  req: ChatRequest,
  engine: MockEngine,
): { length: number; finishReason: "stop" | "length" } {
  const max = requestedMaxTokens(req);
  if (req.ignore_eos && max !== undefined) return { length: max, finishReason: "length" };
  const drawn = Math.max(drawLength(engine.config.output, engine.rng), req.min_tokens ?? 0, 1);
  if (max !== undefined && drawn > max) return { length: max, finishReason: "length" };
  return { length: drawn, finishReason: "stop" };
}

async function readBody(raw: Request): Promise<unknown> {
  try {
    return await raw.json();
  } catch (error) {
    throw new ApiError(400, `Invalid JSON body: ${(error as Error).message}`);
  }
}

function sleep(engine: MockEngine, at: number, signal: AbortSignal): Promise<number> {
  return engine.ticker.sleepUntil(at, signal);
}

/**
 * Answers one chat completion. Errors are thrown as ApiError for the app's `onError`.
 *
 * @throws {ApiError} 400 bad body, 404 unknown model, or an injected error status
 */
export async function handleChatCompletion(engine: MockEngine, raw: Request): Promise<Response> {
  const receivedPerf = performance.now();
  const req = parseChatRequest(await readBody(raw));
  if (!engine.config.models.includes(req.model)) {
    throw new ApiError(404, `The model "${req.model}" does not exist`, {
      param: "model",
      code: "model_not_found",
    });
  }
  const faults = planFaults(raw.headers.get(FAULT_HEADER), engine.config.faults, engine.rng);
  const id = engine.nextId();
  const timing: MockTiming = {
    id: raw.headers.get("x-request-id") ?? id,
    received_at: epochMs(receivedPerf),
    first_content_at: null,
    done_at: null,
    prompt_tokens: 0,
    cached_tokens: 0,
    output_tokens: 0,
    target_ttft_ms: faults.slowStartMs,
    target_itl_ms: 0,
    queue_ms: 0,
    outcome: "running",
    status: 200,
    late_ms_mean: 0,
    admitted_at: null,
    admission_ms: 0,
    model_ttft_ms: 0,
  };
  engine.log.add(timing);
  // Not raw.signal: Deno aborts it after every successful response (legacy behaviour, with a
  // warning). A client that leaves mid-stream cancels the body stream instead.
  const signal = engine.signal;
  let release: (() => void) | undefined;
  try {
    if (faults.slowStartMs > 0) await sleep(engine, receivedPerf + faults.slowStartMs, signal);
    if (faults.status !== undefined) {
      throw faultError(faults.status, engine.config.faults.retry_after_s);
    }
    const prompt = await engine.prompts.measure(promptParts(req.messages));
    const hit = engine.cache.lookupAndInsertHashes(prompt.hashes, prompt.count);
    engine.metrics.recordPrompt(hit.queried, hit.cached);
    timing.prompt_tokens = hit.queried;
    timing.cached_tokens = hit.cached;
    const { length, finishReason } = outputLength(req, engine);
    const queuedAt = performance.now();
    const slot = await engine.slots.acquire(signal);
    release = slot.release;
    const admittedAt = performance.now();
    timing.queue_ms = admittedAt - queuedAt;
    const schedule = new Schedule(engine.config.latency, engine.rng, {
      admittedAt,
      promptTokens: hit.queried,
      cachedTokens: hit.cached,
      running: slot.running,
      stallMs: faults.stallMs,
    });
    timing.admitted_at = epochMs(admittedAt);
    timing.admission_ms = admittedAt - receivedPerf;
    timing.model_ttft_ms = schedule.firstDelayMs;
    timing.target_ttft_ms = timing.admission_ms + schedule.firstDelayMs;
    timing.target_itl_ms = schedule.itlMs;
    const ex = new Exchange(engine, timing, schedule, length, finishReason, receivedPerf, release);
    release = undefined;
    const abortAfter = faults.abortAfter === -1 ? engine.rng.int(0, length - 1) : faults.abortAfter;
    const head: ResponseHead = {
      id,
      created: Math.floor(Date.now() / 1000),
      model: req.model,
      includeUsage: req.stream_options?.include_usage === true,
    };
    const salt = engine.rng.int(0, 1 << 20);
    const headers = { "x-request-id": timing.id };
    if (req.stream) {
      const body = streamBody(ex, new ChunkWriter(head), { abortAfter, salt, signal });
      return new Response(body, {
        headers: { ...headers, "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }
    return await completeAtOnce(ex, head, { abortAfter, salt, signal }, headers);
  } catch (error) {
    release?.();
    if (timing.outcome === "running") {
      timing.done_at = epochMs();
      timing.outcome = error instanceof ApiError ? "error" : "cancelled";
      timing.status = error instanceof ApiError ? error.status : 499;
    }
    throw error;
  }
}

/** The non-streaming answer, sent when its last token is due. */
async function completeAtOnce(
  ex: Exchange,
  head: ResponseHead,
  opts: { abortAfter?: number; salt: number; signal: AbortSignal },
  headers: Record<string, string>,
): Promise<Response> {
  const { engine, schedule, length } = ex;
  try {
    ex.sent(1, await sleep(engine, schedule.firstAt, opts.signal), schedule.firstAt);
    if (opts.abortAfter !== undefined && opts.abortAfter < length) {
      ex.finish("aborted");
      const body = new ReadableStream({
        start: (c) => c.error(new StreamAborted("Response aborted by an injected fault")),
      });
      return new Response(body, { headers: { ...headers, "content-type": "application/json" } });
    }
    const last = schedule.at(length - 1);
    ex.sent(length - 1, await sleep(engine, last, opts.signal), last * (length - 1));
  } catch (error) {
    ex.finish("cancelled");
    throw error;
  }
  let text = "";
  for (let i = 0; i < length; i++) text += outputWord(i, opts.salt);
  const u = usage(ex.timing.prompt_tokens, length, ex.timing.cached_tokens);
  ex.finish("ok");
  return new Response(completionBody(head, text, ex.finishReason, u), {
    headers: { ...headers, "content-type": "application/json" },
  });
}
