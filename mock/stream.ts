/**
 * @module The streaming body: SSE chunks released at their deadlines. Pull-based, so a slow
 * reader is not flooded; tokens whose deadlines passed while the reader was busy go out together
 * in one write.
 */
import { StreamAborted } from "./api_error.ts";
import { type ChunkWriter, usage } from "./chunks.ts";
import type { Exchange } from "./exchange.ts";
import { outputWord } from "./prompt.ts";
import type { TickEntry } from "./ticker.ts";

const encoder = new TextEncoder();

/** How one stream should run. */
export interface StreamOptions {
  /** Close the connection abruptly after this many content chunks (abort fault). */
  abortAfter?: number;
  /** Picks the words of the output text. */
  salt: number;
  /** Ends the stream (as `cancelled`) when aborted: client gone or mock closed. */
  signal: AbortSignal;
}

/**
 * Builds the SSE body of an admitted request: role + first content at the first deadline, one
 * content chunk per token deadline, then finish, usage (when asked) and `[DONE]`.
 */
export function streamBody(
  ex: Exchange,
  sse: ChunkWriter,
  opts: StreamOptions,
): ReadableStream<Uint8Array> {
  const { schedule, engine } = ex;
  const n = ex.length;
  const limit = opts.abortAfter ?? Infinity;
  let i = 0;
  let entry: TickEntry | undefined;
  let failNext = false;
  let onAbort = () => {};
  const end = (outcome: "ok" | "aborted" | "cancelled") => {
    if (entry) engine.ticker.cancel(entry);
    opts.signal.removeEventListener("abort", onAbort);
    ex.finish(outcome);
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        if (ex.done) return;
        end("cancelled");
        controller.error(opts.signal.reason);
      };
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener("abort", onAbort, { once: true });
    },
    pull(controller) {
      if (ex.done) return;
      if (failNext) {
        end("aborted");
        controller.error(new StreamAborted("Stream aborted by an injected fault"));
        return;
      }
      const emit = (now: number) => {
        entry = undefined;
        if (ex.done) return;
        let text = i === 0 ? sse.role() : "";
        const first = i;
        let dueSum = 0;
        while (i < n && i < limit && schedule.at(i) <= now + engine.ticker.early) {
          dueSum += schedule.at(i);
          text += sse.content(outputWord(i, opts.salt));
          i++;
        }
        if (i >= limit && i < n) failNext = true;
        const complete = i === n && !failNext;
        if (complete) {
          text += sse.end(
            ex.finishReason,
            usage(ex.timing.prompt_tokens, n, ex.timing.cached_tokens),
          );
        }
        controller.enqueue(encoder.encode(text));
        // Deno hands the chunk to the connection inside enqueue, and cancels the body right there
        // when the client is gone: then the exchange has ended (as cancelled) and nothing is sent.
        if (ex.done) return;
        ex.sent(i - first, performance.now(), dueSum);
        if (complete) {
          end("ok");
          controller.close();
        }
      };
      const due = schedule.at(i);
      const now = performance.now();
      if (due <= now + engine.ticker.early) return emit(now);
      return new Promise<void>((resolve) => {
        entry = engine.ticker.schedule(due, (t) => {
          emit(t);
          resolve();
        });
      });
    },
    cancel() {
      end("cancelled");
    },
  });
}
