/** @module Sends one streamed chat completion and measures it; failures become values, never throws. */
import { Buffer } from "node:buffer";
import http from "node:http";
import https from "node:https";
import type { ErrorKind } from "../results/record.ts";
import { ChatStream, type ServerUsage } from "./chat_stream.ts";

/** One request to send. */
export interface ChatRequest {
  endpoint: string;
  /** The exact JSON body to send. */
  body: string;
  /** Sent as `x-request-id`. */
  requestId: string;
  apiKey?: string;
  /** Extra headers (e.g. a mock's `x-mock-fault`). */
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request (Ctrl-C); the result then has `errorKind: "aborted"`. */
  signal?: AbortSignal;
}

/** What one request measured. Times in ms from the monotonic clock, `startedAt` in epoch ms. */
export interface ChatResult {
  startedAt: number;
  ttftMs: number | null;
  e2eMs: number | null;
  itlMs: number[];
  text: string;
  usage: ServerUsage | null;
  finishReason: string | null;
  /** Issue 14: tool calls the answer made. */
  toolCalls: number;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  errorKind: ErrorKind | null;
}

// node:http costs about half the CPU per streamed chunk of `fetch` in Deno 2.9 (measured in
// tests/perf/client_bench.ts), which keeps the client's own clock honest at high concurrency.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

/**
 * Sends a chat completion request over a kept-alive connection and reads its SSE stream to the
 * end. HTTP errors, timeouts, refused connections, broken or unfinished streams (no `[DONE]` nor
 * `finish_reason`) and aborts are returned as a failed result with an `errorKind`.
 *
 * @example
 * ```ts
 * const r = await sendChat({ endpoint, body: JSON.stringify(body), requestId: "r1", timeoutMs: 60_000 });
 * if (r.ok) console.log(r.ttftMs, r.text);
 * ```
 */
export function sendChat(req: ChatRequest): Promise<ChatResult> {
  return new Promise((resolve) => {
    const url = new URL(req.endpoint);
    const stream = new ChatStream();
    let status: number | null = null;
    let settled = false;
    const headers: Record<string, string | number> = {
      ...req.headers,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(req.body),
      "accept": "text/event-stream",
      "x-request-id": req.requestId,
    };
    if (req.apiKey) headers["authorization"] = `Bearer ${req.apiKey}`;
    const t0 = performance.now();
    const startedAt = performance.timeOrigin + t0;
    const finish = (kind: ErrorKind | null, error: string | null, end: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      if (kind !== null) request.destroy();
      resolve({
        startedAt,
        ttftMs: stream.firstContentAt === null ? null : stream.firstContentAt - t0,
        e2eMs: end === null ? null : end - t0,
        itlMs: stream.itl,
        text: stream.text,
        usage: stream.usage,
        finishReason: stream.finishReason,
        toolCalls: stream.toolCalls,
        ok: kind === null,
        httpStatus: status,
        error,
        errorKind: kind,
      });
    };
    const failNow = (kind: ErrorKind, error: string) =>
      finish(kind, error, status === null ? null : performance.now());
    const onAbort = () => failNow("aborted", "Request aborted");
    const timer = setTimeout(() => failNow("timeout", "Request timed out"), req.timeoutMs);
    const agent = agents[url.protocol as keyof typeof agents];
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      { method: "POST", agent, headers },
      (res) => {
        status = res.statusCode ?? 0;
        res.setEncoding("utf8");
        if (status < 200 || status >= 300) {
          let detail = "";
          res.on("data", (text: string) => {
            if (detail.length < 1000) detail += text;
          });
          const fail = () => finish(kindOf(status!), httpError(status!, res, detail), null);
          res.on("end", fail).on("close", fail).on("error", fail);
          return;
        }
        const json = (res.headers["content-type"] ?? "").includes("application/json");
        let raw = "";
        res.on("data", (text: string) => {
          if (json) raw += text;
          else stream.feed(text, performance.now());
        });
        res.on("end", () => {
          const end = performance.now();
          if (json) stream.takeJson(raw, end);
          if (stream.error !== null) finish("stream", stream.error, end);
          else if (!stream.done && stream.finishReason === null) {
            finish("stream", "Stream ended before [DONE]", end);
          } else finish(null, null, end);
        });
        res.on("error", (e) => failNow("stream", describe(e)));
        res.on("close", () => failNow("stream", "Connection closed mid-stream"));
      },
    );
    request.on("error", (e) => failNow(status === null ? "connection" : "stream", describe(e)));
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    request.end(req.body);
  });
}

function kindOf(status: number): ErrorKind {
  return status === 429 ? "http_429" : status < 500 ? "http_4xx" : "http_5xx";
}

function httpError(status: number, res: http.IncomingMessage, body: string): string {
  const retry = res.headers["retry-after"];
  const detail = body.replace(/\s+/g, " ").trim().slice(0, 200);
  return `HTTP ${status}${retry ? ` (retry-after ${retry})` : ""}${detail ? `: ${detail}` : ""}`;
}

function describe(error: unknown): string {
  const e = error as Error & { code?: string };
  return `${e?.message ?? String(error)}${
    e?.code && !e.message?.includes(e.code) ? ` (${e.code})` : ""
  }`
    .slice(0, 300);
}
