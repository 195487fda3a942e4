/** @module Stage `mock`: run the mock OpenAI-compatible server while dependent stages run. */
import { z } from "zod";
import { MockOverrides } from "../mock/overrides.ts";
import { defineService } from "../src/pipeline/task.ts";

/** The `with:` block of a `mock` stage: where to listen, a preset, and flat config overrides. */
export const MockParams = MockOverrides.extend({
  /** Interface to bind. */
  host: z.string().min(1).default("127.0.0.1"),
  /** Port; 0 picks a free one (read it back through `${{ mock.url }}`). */
  port: z.coerce.number().int().min(0).max(65535).default(0),
  /** Latency preset from `mock/presets.json`. */
  preset: z.string().min(1).default("fast"),
  /** A YAML/JSON mock config file layered over the preset (overrides go over it). */
  config: z.string().min(1).optional(),
  /** When set, `/v1/*` requires `Authorization: Bearer <api_key>` (a secret). */
  api_key: z.string().min(1).optional(),
});

/** The `with:` block of a `mock` stage. */
export type MockParams = z.infer<typeof MockParams>;

/** The `mock` service stage. */
export default defineService({
  name: "mock",
  description: "Serve a mock OpenAI-compatible endpoint with a simulated prefix cache and metrics",
  kind: "service",
  schema: MockParams,
  secrets: ["api_key"],
  inputs: (params) => (params.config ? [params.config] : []),
  outputs: { url: "string", endpoint: "string", metrics_url: "string", reset_url: "string" },
  async start(params, ctx) {
    const { assembleMockConfig } = await import("../mock/presets.ts");
    const { startMockServer } = await import("../mock/server.ts");
    const { host, port, preset, config, api_key, ...overrides } = params;
    const server = await startMockServer({
      host,
      port,
      preset,
      config: await assembleMockConfig({ config, overrides, api_key }),
      signal: ctx.signal,
    });
    ctx.log(`mock listening on ${server.url} (preset "${preset}")`);
    return {
      exports: {
        url: server.url,
        endpoint: `${server.url}/v1/chat/completions`,
        metrics_url: `${server.url}/metrics`,
        reset_url: `${server.url}/reset`,
      },
      healthUrl: `${server.url}/health`,
      stop: () => server.stop(),
    };
  },
});
