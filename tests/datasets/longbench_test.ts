/** @module Tests for the LongBench converter and its templates. */
import assert from "node:assert/strict";
import { encode } from "gpt-tokenizer";
import { convertLongBench, ConvertLongBenchParams } from "../../src/datasets/longbench.ts";
import { DEFAULT_TEMPLATES, templateFor } from "../../src/datasets/longbench_templates.ts";
import type { Session } from "../../src/datasets/session.ts";
import { InputError, UserError } from "../../src/util/errors.ts";
import { example, fixture, listDir, readJsonl, withTempDir } from "./helpers.ts";

const params = (extra: Record<string, unknown>) =>
  ConvertLongBenchParams.parse({ input: fixture("longbench"), ...extra });

async function convert(extra: Record<string, unknown>): Promise<Session[]> {
  return await withTempDir(async (dir) => {
    await convertLongBench(params(extra), { output: `${dir}/out.jsonl` });
    return await readJsonl<Session>(`${dir}/out.jsonl`);
  });
}

const samples = async (name: string) =>
  await readJsonl<{ context: string; input: string; _id: string }>(
    fixture(`longbench/${name}.jsonl`),
  );

Deno.test("longbench converter groups samples sharing a context into one session", async () => {
  const rows = await samples("narrativeqa");
  const sessions = await convert({ dataset: "narrativeqa" });
  assert.equal(sessions.length, 2);
  const [a, b] = sessions;
  const template = DEFAULT_TEMPLATES.narrativeqa;
  assert.equal(
    a.user_messages[0],
    template.replace("{context}", rows[0].context).replace("{input}", "QA1?"),
  );
  assert.equal(a.user_messages.length, 3);
  assert.ok(a.user_messages[1].startsWith("Now, answer the question based on the story"));
  assert.ok(a.user_messages[1].endsWith("Question: QA2?\n\nAnswer:"));
  assert.ok(!a.user_messages[1].includes(rows[0].context), "the document is sent once");
  assert.ok(b.user_messages[0].includes(rows[1].context) && b.user_messages[0].includes("QB1?"));
  assert.equal(a.session_id, "longbench-narrativeqa-narrativeqa-1");
  assert.deepEqual(a.meta?.sample_ids, ["narrativeqa-1", "narrativeqa-3", "narrativeqa-4"]);
  assert.deepEqual(a.meta?.answers, [["ans1"], ["ans3"], ["ans4"]]);
});

Deno.test("longbench converter uses the Chinese template for multifieldqa_zh", async () => {
  const [s] = await convert({ dataset: "multifieldqa_zh" });
  assert.ok(s.user_messages[0].startsWith("阅读以下文字并用中文简短回答：\n\n这是一份测试文档。"));
  assert.ok(s.user_messages[0].endsWith("问题：问题一？\n回答："));
  assert.equal(
    s.user_messages[1],
    "现在请基于上面的文章回答下面的问题，只告诉我答案，不要输出任何其他字词。\n\n问题：问题二？\n回答：",
  );
});

Deno.test("longbench converter gives LongBench-E files their base dataset's template", async () => {
  assert.deepEqual(templateFor("qasper_e"), ["qasper", DEFAULT_TEMPLATES.qasper]);
  const [s] = await convert({ dataset: "qasper_e" });
  assert.ok(s.user_messages[0].startsWith("You are given a scientific article and a question."));
  assert.equal(s.session_id, "longbench-qasper_e-qasper_e-1");
});

Deno.test("longbench converter counts --num-samples in samples and splits at --max-turns", async () => {
  const few = await convert({ dataset: "narrativeqa", num_samples: 3 });
  assert.deepEqual(few.map((s) => s.user_messages.length), [2, 1]);
  const capped = await convert({ dataset: "narrativeqa", max_turns: 2 });
  assert.deepEqual(capped.map((s) => s.user_messages.length), [2, 2, 1]);
  assert.ok(
    capped[2].user_messages[0].includes("QA3?") && capped[2].user_messages[0].includes("Alpha"),
  );
});

Deno.test("longbench converter reads several datasets, comma-separated or as a list", async () => {
  const listed = await convert({ dataset: ["narrativeqa", "qasper_e"] });
  const comma = await convert({ dataset: "narrativeqa, qasper_e" });
  assert.deepEqual(listed.map((s) => s.meta?.dataset), ["narrativeqa", "narrativeqa", "qasper_e"]);
  assert.deepEqual(comma, listed);
});

Deno.test("longbench converter takes templates from a JSON map or a text file", async () => {
  const [a] = await convert({ dataset: "narrativeqa", template_file: fixture("templates.json") });
  assert.ok(a.user_messages[0].startsWith("DOC: Alpha document."));
  assert.equal(a.user_messages[1], "Q: QA2?\nA:");
  const [z] = await convert({ dataset: "multifieldqa_zh", template_file: fixture("template.txt") });
  assert.ok(z.user_messages[0].startsWith("Read this:\n这是一份测试文档。"));
  assert.equal(z.user_messages[1], "Then answer: 问题二？");
});

Deno.test("longbench converter fails on a bad sample with file:line unless skipping", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    await assert.rejects(
      () => convertLongBench(params({ dataset: "gov_report" }), { output }),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /gov_report\.jsonl:2: not a LongBench sample: no "context" text$/);
        return true;
      },
    );
    assert.deepEqual(await listDir(dir), []);
    const stats = await convertLongBench(params({ dataset: "gov_report", skip_invalid: true }), {
      output,
    });
    assert.equal(stats.invalid_skipped, 1);
    const sessions = await readJsonl<Session>(output);
    assert.deepEqual(sessions.map((s) => s.user_messages.length), [1, 1]);
    assert.ok(
      sessions[0].user_messages[0].endsWith(
        "Now, write a one-page summary of the report.\n\nSummary:",
      ),
    );
  });
});

Deno.test("longbench converter names missing datasets and templates", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    await assert.rejects(
      () => convertLongBench(params({ dataset: "hotpotqa" }), { output }),
      (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.match(
          e.message,
          /^Cannot find LongBench dataset "hotpotqa": no "hotpotqa\.jsonl" in ".*longbench" \(found: gov_report, multifieldqa_zh, narrativeqa, qasper_e\)$/,
        );
        return true;
      },
    );
    await Deno.writeTextFile(
      `${dir}/mine.jsonl`,
      JSON.stringify({ context: "c", input: "q" }) + "\n",
    );
    await assert.rejects(
      () =>
        convertLongBench(ConvertLongBenchParams.parse({ input: `${dir}/mine.jsonl` }), { output }),
      /No prompt template for LongBench dataset "mine": give one with --template-file/,
    );
    assert.deepEqual(await listDir(dir), ["mine.jsonl"]);
  });
});

Deno.test("longbench converter turns the example data into multi-turn sessions over long documents", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    const stats = await convertLongBench(
      ConvertLongBenchParams.parse({ input: example("longbench/data") }),
      { output },
    );
    assert.deepEqual(stats.datasets.map((d) => d.dataset), [
      "multifieldqa_zh",
      "narrativeqa",
      "qasper_e",
    ]);
    const sessions = await readJsonl<Session>(output);
    assert.ok(sessions.every((s) => s.user_messages.length >= 3));
    for (const s of sessions) {
      assert.ok(encode(s.user_messages[0]).length >= 1000, `${s.session_id} has a long document`);
    }
  });
});
