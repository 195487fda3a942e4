/** @module The mock OpenAI-compatible server as a Hono app, usable in-process or behind a socket. */
import { Hono } from "hono";
import { ApiError, toApiError } from "./api_error.ts";
import { MockConfig, type MockConfigInput } from "./config.ts";
import { handleChatCompletion } from "./completions.ts";
import { MockEngine } from "./engine.ts";
import { METRICS_CONTENT_TYPE } from "./metrics.ts";
import { parseMockConfig } from "./presets.ts";
import type { MockTiming } from "./timings.ts";

/** A mock server app and handles on its state. */
export interface MockApp {
  /** The Hono app (routes, `app.request(…)` for in-process tests). */
  app: Hono;
  /** Answers one request (what `Deno.serve` calls). */
  fetch(req: Request): Promise<Response>;
  /** Empties the simulated prefix cache. */
  reset(): void;
  /** The recorded MockTimings, oldest first. */
  timings(): MockTiming[];
  /** Ends in-flight requests and stops all timers. */
  close(): void;
  /** The configuration in force (defaults applied). */
  config: MockConfig;
}

/**
 * Builds the mock app. Routes: `POST /v1/chat/completions`, `GET /v1/models`, `GET /health`,
 * `POST /reset`, `POST /reset_prefix_cache`, `GET /metrics`, `GET|DELETE /mock/timings`.
 *
 * @param config a configuration layer over the schema defaults (no preset: zero latency)
 * @throws {UserError} when the configuration is invalid
 * @example
 * ```ts
 * const mock = createMockApp({ latency: { itl_ms: 1 } });
 * const res = await mock.app.request("/v1/models");
 * mock.close();
 * ```
 */
export function createMockApp(config: MockConfigInput | MockConfig = {}): MockApp {
  const cfg = parseMockConfig(config);
  const engine = new MockEngine(cfg);
  const app = new Hono();

  app.use("/v1/*", async (c, next) => {
    if (cfg.api_key !== undefined) {
      const auth = c.req.header("authorization") ?? "";
      if (auth !== `Bearer ${cfg.api_key}`) {
        throw new ApiError(401, auth === "" ? "Missing API key" : "Incorrect API key provided");
      }
    }
    await next();
  });
  app.post("/v1/chat/completions", (c) => handleChatCompletion(engine, c.req.raw));
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: cfg.models.map((id) => ({ id, object: "model", created: 0, owned_by: "turnbench" })),
    }));
  app.get("/health", (c) => c.json({ status: "ok" }));
  const reset = () => engine.cache.reset();
  for (const path of ["/reset", "/reset_prefix_cache"]) {
    app.post(path, (c) => {
      reset();
      return c.json({ status: "ok", reset: "prefix_cache" });
    });
  }
  app.get(
    "/metrics",
    (c) => c.body(engine.metricsText(), 200, { "content-type": METRICS_CONTENT_TYPE }),
  );
  app.get("/mock/timings", (c) => c.json(engine.log.list()));
  app.delete("/mock/timings", (c) => {
    engine.log.clear();
    return c.json({ status: "ok" });
  });
  app.notFound((c) => {
    throw new ApiError(404, `Route ${c.req.method} ${c.req.path} not found`, { code: "not_found" });
  });
  app.onError((error) => toApiError(error).getResponse());

  return {
    app,
    fetch: async (req) => await app.fetch(req),
    reset,
    timings: () => engine.log.list(),
    close: () => engine.close(),
    config: cfg,
  };
}
