/** @module Tests for synthesize: deterministic sessions of exact token lengths from a spec. */
import assert from "node:assert/strict";
import type { Session, Turn } from "../../src/datasets/session.ts";
import { synthesize, synthesizeSessions } from "../../src/datasets/synthesize.ts";
import { checkSpec, loadSpec } from "../../src/datasets/synthesize_spec.ts";
import { gptTokenizer } from "../../src/datasets/tokenizer.ts";
import { listDir, withTempDir } from "./helpers.ts";

const SPEC = {
  seed: 5,
  sessions: 24,
  turns: { dist: "uniform", min: 1, max: 5 },
  user_tokens: { dist: "normal", mean: 60, stddev: 30, min: 3, max: 150 },
  output_tokens: { dist: "lognormal", median: 100, sigma: 0.5, max: 400 },
  think_time_ms: { dist: "uniform", min: 200, max: 800 },
  system_prompt: {
    groups: 3,
    shared_tokens: 300,
    share: 0.75,
    unique_tokens: { dist: "uniform", min: 0, max: 50 },
  },
  tools: {
    definitions: 2,
    calls_per_turn: { dist: "uniform", min: 0, max: 2 },
    result_tokens: 100,
    argument_tokens: 5,
  },
};

const sessionsOf = (raw: unknown) => [...synthesizeSessions(checkSpec(raw, "spec"))];

Deno.test("synthesize makes the same sessions from the same spec, and others from another seed", () => {
  const a = sessionsOf(SPEC), b = sessionsOf(SPEC), c = sessionsOf({ ...SPEC, seed: 6 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.map((s) => s.user_messages), c.map((s) => s.user_messages));
  assert.deepEqual(
    sessionsOf({ ...SPEC, output_tokens: 7 }).map((s) => s.user_messages),
    a.map((s) => s.user_messages),
    "answer lengths draw from their own stream: the texts stay",
  );
});

Deno.test("synthesize makes every text exactly as long as its turn says, with the tokenizer", () => {
  for (const s of sessionsOf(SPEC)) {
    assert.equal(s.turns?.length, s.user_messages.length);
    for (const [k, text] of s.user_messages.entries()) {
      const turn: Turn = s.turns![k];
      assert.equal(gptTokenizer.count(text), turn.user_tokens, `${s.session_id} turn ${k}`);
      assert.ok(turn.user_tokens! >= 3 && turn.user_tokens! <= 150);
      assert.ok(turn.output_tokens! >= 1 && turn.output_tokens! <= 400);
      if (k === 0) assert.equal(turn.think_time_ms, undefined);
      else assert.ok(turn.think_time_ms! >= 200 && turn.think_time_ms! <= 800);
      for (const step of turn.tool_steps ?? []) {
        for (const call of step.calls) {
          assert.equal(gptTokenizer.count(call.result), 100);
          assert.equal(
            gptTokenizer.count(
              JSON.parse(call.arguments)[Object.keys(JSON.parse(call.arguments))[0]],
            ),
            5,
          );
          assert.ok(["search_docs", "read_file"].includes(call.name));
        }
      }
    }
    assert.equal(gptTokenizer.count(s.system ?? ""), s.meta?.system_tokens);
    assert.deepEqual(s.tools?.map((t) => t.function.name), ["search_docs", "read_file"]);
  }
});

Deno.test("synthesize gives round(share × sessions) sessions their group's exact L-token prefix", () => {
  const sessions = sessionsOf(SPEC);
  const grouped = sessions.filter((s) => s.meta?.group !== null);
  assert.equal(grouped.length, Math.round(0.75 * 24));
  assert.deepEqual(grouped.map((s) => s.meta?.group), grouped.map((_, k) => k % 3));
  const prefix = (s: Session) => gptTokenizer.encode(s.system!).slice(0, 300);
  for (const g of [0, 1, 2]) {
    const members = grouped.filter((s) => s.meta?.group === g).map(prefix);
    for (const m of members) assert.deepEqual(m, members[0], `group ${g}`);
  }
  const own = sessions.filter((s) => s.meta?.group === null).map(prefix);
  assert.equal(
    new Set([...own, prefix(grouped[0])].map((ids) => ids.join(","))).size,
    own.length + 1,
  );
});

Deno.test("synthesize writes the file atomically and counts what it wrote", async () => {
  await withTempDir(async (dir) => {
    const stats = await synthesize(checkSpec(SPEC, "spec"), { output: `${dir}/s.jsonl` });
    const lines = (await Deno.readTextFile(`${dir}/s.jsonl`)).trim().split("\n");
    assert.equal(lines.length, 24);
    assert.equal(stats.sessions_written, 24);
    const sessions = lines.map((l) => JSON.parse(l) as Session);
    assert.equal(stats.turns, sessions.reduce((n, s) => n + s.user_messages.length, 0));
    assert.equal(
      stats.requests,
      stats.turns +
        sessions.flatMap((s) => s.turns!).reduce((n, t) => n + (t.tool_steps?.length ?? 0), 0),
    );
    assert.equal(stats.tool_result_tokens, 100 * stats.tool_calls);
    const aborted = new AbortController();
    aborted.abort(new Error("stop"));
    await assert.rejects(
      () =>
        synthesize(checkSpec(SPEC, "spec"), { output: `${dir}/t.jsonl`, signal: aborted.signal }),
      /stop/,
    );
    assert.deepEqual(await listDir(dir), ["s.jsonl"]);
  });
});

Deno.test("a bad spec is one line naming the field (and its line in a file), exit code 2", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/spec.yaml`;
    const cases: [string, string][] = [
      ["sessions: 0\n", "1:11 sessions: Too small: expected number to be >=1"],
      [
        "system_prompt:\n  groups: 2\n",
        "1:1 system_prompt.shared_tokens: missing, expected a number",
      ],
      [
        "turns: { dist: uniform, min: 5, max: 2 }\n",
        "1:38 turns.max: must be at least min (5), got 2",
      ],
      [
        "user_tokens: { dist: gamma }\n",
        "1:22 user_tokens.dist: expected one of fixed, uniform, normal, lognormal",
      ],
      [
        "output_tokens: { dist: normal, mean: 5 }\n",
        "1:1 output_tokens.stddev: missing, expected a number",
      ],
      [
        "think_time_ms: fast\n",
        "1:16 think_time_ms: expected a number, or a mapping with dist: fixed, uniform, normal or lognormal",
      ],
      ["tools:\n  calls_per_tun: 2\n", '2:3 tools.calls_per_tun: unknown field "calls_per_tun"'],
      ["seed: 1\nseed: 2\n", "2:1: Map keys must be unique"],
    ];
    for (const [text, pattern] of cases) {
      // (pattern: where and what, after the file name)
      await Deno.writeTextFile(file, text);
      await assert.rejects(() => loadSpec(file), (e: Error & { exitCode?: number }) => {
        assert.equal(e.message, `${file}:${pattern}`, text);
        assert.equal(e.message.split("\n").length, 1);
        assert.equal(e.exitCode, 2);
        return true;
      });
    }
    await assert.rejects(
      () => loadSpec(`${dir}/none.yaml`),
      /^Error: Cannot read spec ".*none\.yaml": no such file$|Cannot read spec ".*none\.yaml": no such file/,
    );
    await Deno.writeTextFile(`${dir}/ok.json`, JSON.stringify({ sessions: 3 }));
    assert.equal((await loadSpec(`${dir}/ok.json`)).sessions, 3);
  });
});
