/** @module `deno task mock`: the standalone mock OpenAI-compatible server (flags only; logic in mock/serve.ts). */
import { Command } from "commander";
import { MockOverrides } from "../../mock/overrides.ts";
import { PRESET_NAMES } from "../../mock/presets.ts";
import { serveMock } from "../../mock/serve.ts";
import { choiceFlag, parseCommand, parseFlagValues, portFlag } from "./flags.ts";
import { runMain } from "./run_main.ts";

const camel = (key: string) => key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * Parses argv and runs the mock until SIGINT/SIGTERM.
 *
 * @returns the exit code: 0 (a bad flag throws with code 2, a port in use or a bad config file
 *   with 1)
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("mock")
    .description("Serve a mock OpenAI-compatible /v1/chat/completions with vLLM-style metrics")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 picks a free one)", portFlag, 8001)
    .option(
      "--preset <name>",
      `latency preset: ${PRESET_NAMES.join(", ")}`,
      choiceFlag(PRESET_NAMES),
      "fast",
    )
    .option("--config <file>", "YAML/JSON mock config layered over the preset")
    .option("--api-key <key>", "require Authorization: Bearer <key> on /v1/*")
    .addHelpText(
      "after",
      `\nExamples:\n  deno task mock --host 0.0.0.0 --port 8001 --preset llama-8b-h100\n` +
        `  deno task mock --port 0 --itl-ms 2.5 --ttft-ms 20 --output-dist fixed --output-tokens 256\n` +
        `  curl -H 'x-mock-fault: status=429' …   # per-request faults: status=, abort=, stall=, slow-start=`,
    );
  for (const [key, schema] of Object.entries(MockOverrides.shape)) {
    program.option(`--${key.replaceAll("_", "-")} <value>`, schema.description ?? key);
  }
  if (!parseCommand(program, argv)) return 0;
  const o = program.opts();
  const raw = Object.fromEntries(
    Object.keys(MockOverrides.shape).map((key) => [key, o[camel(key)]]),
  );
  return await serveMock({
    host: o.host,
    port: o.port,
    preset: o.preset,
    configFile: o.config,
    apiKey: o.apiKey,
    overrides: parseFlagValues(MockOverrides, raw),
  });
}

if (import.meta.main) await runMain(() => main(Deno.args));
