/** @module Tests for the dataset commands as a user runs them: arguments, summary, one-line errors. */
import assert from "node:assert/strict";
import { example, fixture, listDir, readJsonl, withTempDir } from "./helpers.ts";

const root = new URL("../../", import.meta.url).pathname;

async function run(script: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `src/cli/${script}.ts`, ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("convert-sharegpt command converts a folder and prints its summary to stderr", async () => {
  await withTempDir(async (dir) => {
    const r = await run("convert_sharegpt", [
      "examples/sharegpt/",
      `${dir}/clean.jsonl`,
      "--max-sessions",
      "5",
      "--shuffle",
      "--seed",
      "2",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^convert-sharegpt: wrote 5 sessions to /);
    assert.match(
      r.stderr,
      /passed over 1 non-data file:\nconvert-sharegpt: {3}examples\/sharegpt\/README\.md/,
    );
    assert.equal((await readJsonl(`${dir}/clean.jsonl`)).length, 5);
  });
});

Deno.test("convert-sharegpt command reports a bad line as one error line with file:line", async () => {
  await withTempDir(async (dir) => {
    const r = await run("convert_sharegpt", [
      "tests/testdata/datasets/mixed.jsonl",
      `${dir}/o.jsonl`,
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^error: tests\/testdata\/datasets\/mixed\.jsonl:3: not valid JSON: [^\n]+\n$/,
    );
    const bad = await run("convert_sharegpt", [
      fixture("mixed.jsonl"),
      `${dir}/o.jsonl`,
      "--max-sessions",
      "0",
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: Cannot use --max-sessions "0": /);
  });
});

Deno.test("convert-longbench and merge commands chain into one sessions file", async () => {
  await withTempDir(async (dir) => {
    const lb = await run("convert_longbench", [
      "--input",
      "examples/longbench/data",
      "--dataset",
      "narrativeqa",
      "--num-samples",
      "6",
      "--output",
      `${dir}/nq.jsonl`,
    ]);
    assert.equal(lb.code, 0, lb.stderr);
    assert.match(lb.stderr, /narrativeqa: 6 samples → 2 sessions, 6 turns/);
    const m = await run("merge", [
      `docs=${dir}/nq.jsonl`,
      example("example_dataset.json"),
      "--output",
      `${dir}/all.jsonl`,
    ]);
    assert.equal(m.code, 0, m.stderr);
    assert.equal((await readJsonl(`${dir}/all.jsonl`)).length, 12);
  });
});

Deno.test("synthesize command writes a spec's sessions, and names a bad field in one line", async () => {
  await withTempDir(async (dir) => {
    const r = await run("synthesize", [
      "examples/synthesize/agentic.yaml",
      `${dir}/agentic.jsonl`,
      "--sessions",
      "3",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^synthesize: wrote 3 sessions \(\d+ turns, \d+ requests\) to /);
    assert.equal((await readJsonl(`${dir}/agentic.jsonl`)).length, 3);
    await Deno.writeTextFile(
      `${dir}/bad.yaml`,
      "sessions: 2\nsystem_prompt: { groups: 0, shared_tokens: 9 }\n",
    );
    const bad = await run("synthesize", [`${dir}/bad.yaml`, `${dir}/out.jsonl`]);
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr,
      `error: ${dir}/bad.yaml:2:26 system_prompt.groups: Too small: expected number to be >=1\n`,
    );
    assert.deepEqual(await listDir(dir), ["agentic.jsonl", "bad.yaml"]);
  });
});

Deno.test("convert-mooncake command converts a trace and names a bad line with file:line", async () => {
  await withTempDir(async (dir) => {
    const line = (input: number, ids: number[]) =>
      JSON.stringify({ timestamp: 0, input_length: input, output_length: 5, hash_ids: ids });
    await Deno.writeTextFile(`${dir}/t.jsonl`, [line(20, [1, 2]), line(30, [1, 2])].join("\n"));
    const r = await run("convert_mooncake", [
      `${dir}/t.jsonl`,
      `${dir}/s.jsonl`,
      "--block-size",
      "16",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^convert-mooncake: wrote 2 one-turn sessions to /);
    await Deno.writeTextFile(`${dir}/bad.jsonl`, [line(20, [1, 2]), line(40, [1, 2])].join("\n"));
    const bad = await run("convert_mooncake", [
      `${dir}/bad.jsonl`,
      `${dir}/b.jsonl`,
      "--block-size",
      "16",
    ]);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      `error: ${dir}/bad.jsonl:2: "input_length" 40 does not fill 2 blocks of 16 tokens (17–32); is the block size right?\n`,
    );
    assert.ok(!(await listDir(dir)).includes("b.jsonl"));
  });
});
