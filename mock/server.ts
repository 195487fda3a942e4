/** @module The mock app behind a real socket (`Deno.serve`), for the CLI, the pipeline and tests. */
import { UserError } from "../src/util/errors.ts";
import { StreamAborted } from "./api_error.ts";
import { createMockApp, type MockApp } from "./app.ts";
import type { MockConfigInput } from "./config.ts";
import { resolveMockConfig } from "./presets.ts";

/** Where and how to run the mock. */
export interface MockServerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Preset name from `mock/presets.json`; default `fast`. */
  preset?: string;
  /** Configuration layered over the preset. */
  config?: MockConfigInput;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
}

/** A running mock server. */
export interface MockServer {
  /** Base URL to connect to, e.g. `http://127.0.0.1:8001` (wildcard hosts become 127.0.0.1). */
  url: string;
  port: number;
  mock: MockApp;
  /** Ends in-flight requests, closes the socket, and resolves when it is closed. */
  stop(): Promise<void>;
}

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/** The URL a client uses to reach `host:port`. */
export function connectUrl(host: string, port: number): string {
  const h = WILDCARDS.has(host) ? "127.0.0.1" : host;
  return `http://${h.includes(":") && !h.startsWith("[") ? `[${h}]` : h}:${port}`;
}

/**
 * Starts the mock on a socket.
 *
 * @throws {UserError} `Cannot listen on 127.0.0.1:8001: address already in use` (or another
 *   bind failure), or a bad preset/config
 * @example
 * ```ts
 * const server = await startMockServer({ preset: "fast" });
 * const res = await fetch(`${server.url}/health`);
 * await server.stop();
 * ```
 */
export async function startMockServer(opts: MockServerOptions = {}): Promise<MockServer> {
  const host = opts.host ?? "127.0.0.1";
  const config = resolveMockConfig(opts.preset ?? "fast", opts.config);
  const mock = createMockApp(config);
  const closer = new AbortController();
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: host,
      port: opts.port ?? 0,
      signal: closer.signal,
      onListen: () => {},
      onError: (error) => {
        if (!(error instanceof StreamAborted)) {
          console.error(`turnbench mock: ${(error as Error)?.message ?? error}`);
        }
        return new Response("Internal mock error", { status: 500 });
      },
    }, mock.fetch);
  } catch (error) {
    mock.close();
    const why = error instanceof Deno.errors.AddrInUse
      ? "address already in use"
      : (error as Error).message;
    throw new UserError(`Cannot listen on ${host}:${opts.port ?? 0}: ${why}`, { cause: error });
  }
  const port = server.addr.port;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      mock.close();
      closer.abort();
      await server.finished;
    })();
    return stopping;
  };
  if (opts.signal) {
    if (opts.signal.aborted) await stop();
    else opts.signal.addEventListener("abort", () => void stop(), { once: true });
  }
  return { url: connectUrl(host, port), port, mock, stop };
}
