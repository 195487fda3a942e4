/** @module Optional per-run files: the exact request bodies sent, and per-request debug logs. */
import { join } from "node:path";
import { JsonlWriter } from "../io/jsonl_writer.ts";
import type { TurnOutcome } from "./turn.ts";

/** Where to write, when asked. */
export interface ArtifactDirs {
  /** Folder for `requests_<run>_<timestamp>.jsonl` (`--save-requests`), or undefined. */
  requestsDir?: string;
  /** Folder for `debug_<run>_<timestamp>.jsonl` (`--debug`), or undefined. */
  debugDir?: string;
}

/**
 * The optional files of one run. Saved requests hold one line per request: the exact JSON body
 * sent. Debug logs hold one line per request with its id, session, turn, the messages sent,
 * the counted context tokens, what truncation did, and the answer or error. Neither holds
 * headers, so no API key ever lands in them.
 *
 * @example
 * ```ts
 * const files = await RunArtifacts.open({ requestsDir: "out/requests" }, "round1_conc2");
 * files.add(outcome);
 * await files.close();
 * ```
 */
export class RunArtifacts {
  readonly #requests: JsonlWriter | null;
  readonly #debug: JsonlWriter | null;

  private constructor(requests: JsonlWriter | null, debug: JsonlWriter | null) {
    this.#requests = requests;
    this.#debug = debug;
  }

  /** Opens the files asked for, named `<kind>_<label>_<YYYYMMDD_HHMMSS>.jsonl`. */
  static async open(dirs: ArtifactDirs, label: string, now = new Date()): Promise<RunArtifacts> {
    const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15);
    const open = async (dir: string | undefined, kind: string) => {
      if (dir === undefined) return null;
      await Deno.mkdir(dir, { recursive: true });
      return await JsonlWriter.open(join(dir, `${kind}_${label}_${stamp}.jsonl`));
    };
    return new RunArtifacts(
      await open(dirs.requestsDir, "requests"),
      await open(dirs.debugDir, "debug"),
    );
  }

  /** Writes what the request sent (and, for debug, what came back). */
  add({ record: r, body, plan, result }: TurnOutcome): void {
    this.#requests?.writeLine(body);
    this.#debug?.write({
      request_id: r.request_id,
      session_id: r.session_id,
      turn_index: r.turn_index,
      round: r.round,
      concurrency: r.concurrency,
      request_rate: r.request_rate,
      context_tokens: r.context_tokens,
      history_truncated: r.history_truncated,
      dropped_turns: r.dropped_turns,
      message_truncated: r.message_truncated,
      messages: plan.messages,
      ok: r.ok,
      http_status: r.http_status,
      error: r.error,
      response: result.text,
    });
  }

  /** Flushes and closes the files. */
  async close(): Promise<void> {
    await Promise.all([this.#requests?.close(), this.#debug?.close()]);
  }
}
