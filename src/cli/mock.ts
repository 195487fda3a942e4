/** @module `deno task mock`: the standalone mock OpenAI-compatible server (flags only; logic in mock/serve.ts). */
import { Command, InvalidArgumentError } from "commander";
import { MockOverrides } from "../../mock/overrides.ts";
import { PRESET_NAMES } from "../../mock/presets.ts";
import { serveMock } from "../../mock/serve.ts";
import { UserError } from "../util/errors.ts";
import { runMain } from "./run_main.ts";

const camel = (key: string) => key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`Cannot use port "${value}": not a whole number in 0–65535`);
  }
  return n;
}

/** Parses argv and runs the mock until SIGINT/SIGTERM. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("mock")
    .description("Serve a mock OpenAI-compatible /v1/chat/completions with vLLM-style metrics")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 picks a free one)", parsePort, 8001)
    .option("--preset <name>", `latency preset: ${PRESET_NAMES.join(", ")}`, "fast")
    .option("--config <file>", "YAML/JSON mock config layered over the preset")
    .option("--api-key <key>", "require Authorization: Bearer <key> on /v1/*")
    .addHelpText(
      "after",
      `\nExamples:\n  deno task mock --host 0.0.0.0 --port 8001 --preset llama-8b-h100\n` +
        `  deno task mock --port 0 --itl-ms 2.5 --ttft-ms 20 --output-dist fixed --output-tokens 256\n` +
        `  curl -H 'x-mock-fault: status=429' …   # per-request faults: status=, abort=, stall=, slow-start=`,
    )
    .configureOutput({ writeErr: () => {} })
    .exitOverride();
  for (const [key, schema] of Object.entries(MockOverrides.shape)) {
    program.option(`--${key.replaceAll("_", "-")} <value>`, schema.description ?? key);
  }
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode ?? 1;
    if (code === 0) return 0;
    throw new UserError((error as Error).message.replace(/^error: /, ""), { exitCode: code });
  }
  const o = program.opts();
  const raw = Object.fromEntries(
    Object.keys(MockOverrides.shape).map((key) => [key, o[camel(key)]]),
  );
  const parsed = MockOverrides.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    const why = issue.message.replace(/^Invalid input: /, "");
    throw new UserError(`Cannot use --${key.replaceAll("_", "-")} "${raw[key]}": ${why}`);
  }
  return await serveMock({
    host: o.host,
    port: o.port,
    preset: o.preset,
    configFile: o.config,
    apiKey: o.apiKey,
    overrides: parsed.data,
  });
}

if (import.meta.main) await runMain(() => main(Deno.args));
