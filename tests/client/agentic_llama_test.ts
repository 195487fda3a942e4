/**
 * @module An agentic session replayed against a real llama.cpp `llama-server` (the tiny Qwen3
 * model, whose chat template renders `tools`, assistant `tool_calls` and `tool` results; the
 * server started with `--jinja`): every request's prompt is exactly the history the session
 * specifies as the server's own template and tokenizer see it, each tool step grows it by its
 * results, the prefix cache finds the step before, and `ignore_eos` (detected) gives exact
 * answer lengths. Skipped when the binary is missing, a failure under CI=true.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { runSweep } from "../../src/client/sweep.ts";
import type { Session } from "../../src/datasets/session.ts";
import { synthesize, synthesizeSessions } from "../../src/datasets/synthesize.ts";
import { checkSpec } from "../../src/datasets/synthesize_spec.ts";
import { RequestRecord } from "../../src/results/record.ts";
import type { SweepSummary } from "../../src/results/summary.ts";
import { llamaTest, startLlamaServer } from "../_llama/server.ts";
import { QWEN3_DIR } from "../tokens/_files.ts";

const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };

const SPEC = {
  seed: 3,
  sessions: 2,
  turns: 2,
  user_tokens: 20,
  output_tokens: 12,
  system_prompt: { groups: 1, shared_tokens: 60 },
  tools: { definitions: 3, calls_per_turn: 2, calls_per_step: 1, result_tokens: 150 },
};

/** A sweep of the agentic sample (one session at a time, one round) and its records. */
type AgenticSweep = (
  options: Partial<SweepOptionsInput>,
  outDir: string,
) => Promise<{ summary: SweepSummary; records: RequestRecord[] }>;

/** The synthesized agentic sample, against a `--jinja` llama-server, in a temp folder. */
async function withAgenticServer(
  files: { bin: string; model: string },
  fn: (x: { origin: string; dir: string; sweep: AgenticSweep }) => Promise<void>,
): Promise<void> {
  const server = await startLlamaServer(files, { ctx: 8192, cacheRam: 0, extraArgs: ["--jinja"] });
  const dir = await Deno.makeTempDir({ prefix: "turnbench-agentic-llama-" });
  try {
    const dataset = join(dir, "agentic.jsonl");
    await synthesize(checkSpec(SPEC, "spec"), { output: dataset });
    const sweep: AgenticSweep = async (options, outDir) => {
      const summary = await runSweep(
        SweepOptions.parse({
          dataset,
          endpoint: server.endpoint,
          concurrency: [1],
          rounds: 1,
          max_context_tokens: 8192,
          ...options,
        }),
        { outDir, progress: quiet },
      );
      const records = (await Deno.readTextFile(join(outDir, "records.jsonl"))).trim().split("\n")
        .map((l) => RequestRecord.parse(JSON.parse(l)));
      return { summary, records };
    };
    await fn({ origin: server.origin, dir, sweep });
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

llamaTest(
  "an agentic session replays against llama.cpp with the history growing as specified",
  (files) =>
    withAgenticServer(files, async (server) => {
      const { dir } = server;
      const sessions: Session[] = [...synthesizeSessions(checkSpec(SPEC, "spec"))];
      const { summary, records } = await server.sweep({
        max_output_tokens: 64,
        exact_output_tokens: "auto",
        save_requests: true,
      }, dir);
      assert.equal(summary.config.exact_output, "ignore_eos", "llama.cpp detected: ignore_eos");
      const saved = [...Deno.readDirSync(join(dir, "requests"))][0];
      const bodies = (await Deno.readTextFile(join(dir, "requests", saved.name))).trim().split("\n")
        .map((l) => JSON.parse(l));
      // 2 sessions × 2 turns × (1 + 2 steps)
      assert.equal(records.length, 12);
      assert.equal(bodies.length, records.length);

      const post = async (path: string, body: unknown) =>
        await (await fetch(`${server.origin}${path}`, {
          method: "POST",
          body: JSON.stringify(body),
        })).json();
      const tokens = async (text: string) =>
        (await post("/tokenize", { content: text, add_special: false, parse_special: true }))
          .tokens.length as number;

      for (const [i, r] of records.entries()) {
        const body = bodies[i];
        assert.ok(r.ok, r.error ?? "");
        assert.deepEqual(
          body.tools,
          sessions[0].tools,
          "every request carries the session's tools",
        );
        assert.equal(r.output_tokens, r.requested_output_tokens, "ignore_eos: exactly as asked");
        assert.equal(r.stopped_early, false);
        // The prompt the server counted is the template of exactly what the session specifies.
        const { prompt } = await post("/apply-template", {
          messages: body.messages,
          tools: body.tools,
        });
        assert.equal(r.prompt_tokens, await tokens(prompt), `request ${i}: server prompt`);
        if (r.tool_step === 0) continue;
        const s = sessions.find((x) => x.session_id === r.session_id)!;
        const step = s.turns![r.turn_index].tool_steps![r.tool_step - 1];
        const before = records[i - 1];
        const results = await Promise.all(step.calls.map((c) => tokens(c.result)));
        const grown = r.prompt_tokens - before.prompt_tokens;
        assert.ok(
          grown >= results.reduce((a, b) => a + b, 0),
          `step grew ${grown}, results ${results}`,
        );
        assert.ok(prompt.includes(step.calls[0].result), "the result is in the prompt");
        assert.ok(prompt.includes(`"name": "${step.calls[0].name}"`), "so is the call");
        assert.equal(
          r.cached_tokens,
          before.prompt_tokens,
          "the step before was found in the cache",
        );
      }
      // The next turn's history holds the previous turn's tool steps.
      for (const s of sessions) {
        const mine = records.filter((r) => r.session_id === s.session_id);
        const nextTurn = mine.find((r) => r.turn_index === 1 && r.tool_step === 0)!;
        const lastOfFirst = mine.filter((r) => r.turn_index === 0).at(-1)!;
        assert.ok(nextTurn.prompt_tokens > lastOfFirst.prompt_tokens + 20);
        const body = bodies[records.indexOf(nextTurn)];
        const toolMessages = body.messages.filter((m: { role: string }) => m.role === "tool");
        assert.equal(toolMessages.length, s.turns![0].tool_steps!.flatMap((x) => x.calls).length);
      }
    }),
  "qwen3",
);

llamaTest(
  "hf: and server counts of agentic prompts equal llama.cpp's, tool definitions included",
  (files) =>
    withAgenticServer(files, async (server) => {
      for (const tokenizer of [`hf:${QWEN3_DIR}`, "server"]) {
        const out = join(server.dir, tokenizer.startsWith("hf:") ? "hf" : tokenizer);
        const { records } = await server.sweep({ max_output_tokens: 16, tokenizer }, out);
        assert.equal(records.length, 12);
        for (const r of records) {
          assert.ok(r.ok, r.error ?? "");
          // The Qwen3 template renders the tool definitions into the system prompt: a count that
          // left them out would fall short by hundreds of tokens.
          assert.equal(
            r.client_prompt_tokens,
            r.prompt_tokens,
            `${tokenizer}: ${r.session_id} turn ${r.turn_index} step ${r.tool_step}`,
          );
        }
      }
    }),
  "qwen3",
);
