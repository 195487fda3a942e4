/** @module `deno task mock`: run the mock standalone until SIGINT/SIGTERM. */
import type { MockOverrides } from "./overrides.ts";
import { assembleMockConfig, presetConfig } from "./presets.ts";
import { startMockServer } from "./server.ts";

/** Options of the standalone mock command. */
export interface ServeMockOptions {
  host?: string;
  port?: number;
  preset?: string;
  /** A YAML/JSON config file layered over the preset. */
  configFile?: string;
  /** Requires `Authorization: Bearer <apiKey>` on `/v1/*`. */
  apiKey?: string;
  /** Flat overrides layered over the file. */
  overrides?: MockOverrides;
  /** Stops the server (besides SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Where the listening line goes; default stdout. */
  print?: (line: string) => void;
  /** Where log lines go; default stderr. */
  log?: (line: string) => void;
}

/**
 * Starts the mock, prints `turnbench mock listening on <url>` on stdout, and serves until
 * SIGINT/SIGTERM (or `signal`), then shuts down gracefully.
 *
 * @returns the exit code (0)
 * @throws {UserError} on a port in use, a bad preset, config file or override
 * @example
 * ```ts
 * await serveMock({ host: "0.0.0.0", port: 8001, preset: "llama-8b-h100" });
 * ```
 */
export async function serveMock(opts: ServeMockOptions = {}): Promise<number> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const log = opts.log ?? ((line: string) => console.error(line));
  const preset = opts.preset ?? "fast";
  const config = await assembleMockConfig({
    config: opts.configFile,
    overrides: opts.overrides,
    api_key: opts.apiKey,
  });
  const stopper = new AbortController();
  const onSignal = () => stopper.abort();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const server = await startMockServer({ host: opts.host, port: opts.port, preset, config });
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    const lat = server.mock.config.latency;
    log(
      `mock on ${opts.host ?? "127.0.0.1"}:${server.port}, preset "${preset}" ` +
        `(${presetConfig(preset).description}); ttft ${lat.ttft_ms} ms + ` +
        `${lat.prefill_ms_per_token} ms/token, itl ${lat.itl_ms} ms, models ${
          server.mock.config.models.join(", ")
        }, ${lat.timer} timer${server.mock.config.api_key ? ", api key required" : ""}`,
    );
    print(`turnbench mock listening on ${server.url}`);
    await new Promise<void>((resolve) => {
      if (opts.signal?.aborted) return resolve();
      stopper.signal.addEventListener("abort", () => resolve(), { once: true });
      opts.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    log("mock shutting down");
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
    await server.stop();
  }
  return 0;
}
