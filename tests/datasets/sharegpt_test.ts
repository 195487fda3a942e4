/** @module Tests for the ShareGPT converter. */
import assert from "node:assert/strict";
import { convertShareGpt, ConvertShareGptParams } from "../../src/datasets/sharegpt.ts";
import type { Session } from "../../src/datasets/session.ts";
import { InputError, UserError } from "../../src/util/errors.ts";
import { example, fixture, listDir, readJsonl, withTempDir } from "./helpers.ts";

const params = (input: string, extra: Record<string, unknown> = {}) =>
  ConvertShareGptParams.parse({ input, ...extra });

Deno.test("sharegpt converter walks nested folders and passes over non-data files", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    const stats = await convertShareGpt(params(fixture("sharegpt_nested")), { output });
    assert.deepEqual(stats.files.map((f) => f.path.split("sharegpt_nested/")[1]), [
      "a/b/deep.jsonl",
      "a/top.json",
    ]);
    assert.deepEqual(stats.passed_over.map((p) => p.split("sharegpt_nested/")[1]), ["notes.txt"]);
    const sessions = await readJsonl<Session>(output);
    assert.equal(sessions.length, stats.sessions_written);
    assert.ok(sessions[0].source?.endsWith("a/b/deep.jsonl"));
  });
});

Deno.test("sharegpt converter follows folder links once, so a link loop ends", async () => {
  await withTempDir(async (dir) => {
    const input = `${dir}/dump`;
    await Deno.mkdir(`${input}/part`, { recursive: true });
    await Deno.writeTextFile(
      `${input}/part/sg.jsonl`,
      JSON.stringify({ id: "a", conversations: [{ from: "human", value: "hi" }] }) + "\n",
    );
    await Deno.symlink(input, `${input}/part/loop`);
    await Deno.symlink(`${input}/part`, `${input}/again`);
    const output = `${dir}/out.jsonl`;
    const stats = await convertShareGpt(params(input), { output });
    assert.equal(stats.files.length, 1);
    assert.equal((await readJsonl<Session>(output)).length, 1);
  });
});

Deno.test("sharegpt converter keeps human turns in order", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    await convertShareGpt(params(fixture("sharegpt_nested/a/top.json")), { output });
    const sessions = await readJsonl<Session>(output);
    const roles = sessions.find((s) => s.session_id === "sharegpt-roles");
    assert.deepEqual(roles?.user_messages, ["u1", "u2", "u3"]);
    assert.equal(roles?.system, "sys");
    assert.deepEqual(sessions.find((s) => s.session_id === "sharegpt-dup")?.user_messages, [
      "q1",
      "q2",
    ]);
  });
});

Deno.test("sharegpt converter drops conversations without a question and counts why", async () => {
  await withTempDir(async (dir) => {
    const stats = await convertShareGpt(params(fixture("sharegpt_nested"), { min_turns: 2 }), {
      output: `${dir}/out.jsonl`,
    });
    assert.equal(stats.conversations_read, 5);
    assert.deepEqual(stats.dropped, { no_question: 1, too_few_turns: 1, not_sampled: 0 });
    assert.equal(stats.blank_turns_skipped, 2);
    assert.equal(stats.sessions_written, 3);
  });
});

Deno.test("sharegpt converter keeps clashing ids unique and names id-less conversations", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    const stats = await convertShareGpt(params(fixture("sharegpt_nested")), { output });
    const ids = (await readJsonl<Session>(output)).map((s) => s.session_id);
    assert.deepEqual(ids, ["sharegpt-dup", "sharegpt-deep-2", "sharegpt-dup-2", "sharegpt-roles"]);
    assert.equal(stats.ids_renamed, 1);
  });
});

Deno.test("sharegpt converter converts the example folder (JSON arrays, JSONL, Chinese)", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    const stats = await convertShareGpt(params(example("sharegpt")), { output });
    assert.equal(stats.files.length, 3);
    assert.equal(stats.passed_over.length, 1);
    assert.equal(stats.dropped.no_question, 2);
    const sessions = await readJsonl<Session>(output);
    assert.ok(sessions.some((s) => /[\u4e00-\u9fff]/.test(s.user_messages[0])));
    assert.ok(sessions.filter((s) => s.user_messages.length >= 3).length >= 4);
  });
});

Deno.test("sharegpt converter fails on a malformed array naming file and position", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    const byte = (await Deno.readTextFile(fixture("garbage.json"))).indexOf('{"id": "g2"');
    await assert.rejects(
      () => convertShareGpt(params(fixture("garbage.json")), { output }),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.ok(
          e.message.endsWith(
            `garbage.json:4: malformed JSON array at byte ${byte}: expected "," or "]" after element 1, found "{"`,
          ),
          e.message,
        );
        return true;
      },
    );
    assert.deepEqual(await listDir(dir), []);
  });
});

Deno.test("sharegpt converter fails on a bad JSONL line with file:line, or skips it when asked", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    await assert.rejects(
      () => convertShareGpt(params(fixture("mixed.jsonl")), { output }),
      /mixed\.jsonl:3: not valid JSON: /,
    );
    assert.deepEqual(await listDir(dir), []);
    const stats = await convertShareGpt(params(fixture("mixed.jsonl"), { skip_invalid: true }), {
      output,
    });
    assert.equal(stats.invalid_skipped, 1);
    assert.match(stats.invalid_examples[0], /mixed\.jsonl:3: not valid JSON/);
    assert.equal(stats.dropped.no_question, 1);
    assert.equal(stats.sessions_written, 3);
  });
});

Deno.test("sharegpt converter treats an empty result as an error and leaves no file", async () => {
  await withTempDir(async (dir) => {
    const input = `${dir}/in.json`;
    await Deno.writeTextFile(
      input,
      JSON.stringify([{ id: "x", conversations: [{ from: "gpt", value: "hi" }] }]),
    );
    await assert.rejects(
      () => convertShareGpt(params(input), { output: `${dir}/out.jsonl` }),
      (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.match(
          e.message,
          /^No sessions to write: 1 conversation read from ".*in\.json", none kept \(no question: 1\)$/,
        );
        return true;
      },
    );
    assert.deepEqual(await listDir(dir), ["in.json"]);
  });
});

Deno.test("sharegpt converter leaves an existing output untouched when a run fails", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    await Deno.writeTextFile(output, "previous\n");
    await assert.rejects(
      () => convertShareGpt(params(fixture("truncated.json")), { output }),
      InputError,
    );
    assert.equal(await Deno.readTextFile(output), "previous\n");
    assert.deepEqual(await listDir(dir), ["out.jsonl"]);
  });
});

Deno.test("sharegpt converter samples reproducibly with --shuffle --seed", async () => {
  await withTempDir(async (dir) => {
    const input = `${dir}/many.jsonl`;
    const lines = Array.from(
      { length: 200 },
      (_, i) => JSON.stringify({ id: `c${i}`, conversations: [{ from: "human", value: `q${i}` }] }),
    );
    await Deno.writeTextFile(input, lines.join("\n"));
    const run = async (extra: Record<string, unknown>, name: string) => {
      await convertShareGpt(params(input, extra), { output: `${dir}/${name}` });
      return (await readJsonl<Session>(`${dir}/${name}`)).map((s) => s.session_id);
    };
    const a = await run({ shuffle: true, seed: 7, max_sessions: 20 }, "a.jsonl");
    const b = await run({ shuffle: true, seed: 7, max_sessions: 20 }, "b.jsonl");
    const c = await run({ shuffle: true, seed: 8, max_sessions: 20 }, "c.jsonl");
    assert.equal(a.length, 20);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(
      a.some((id) => Number(id.slice("sharegpt-c".length)) >= 20),
      "sample reaches past the first 20",
    );
    const all1 = await run({ shuffle: true, seed: 3 }, "d.jsonl");
    const all2 = await run({ shuffle: true, seed: 3 }, "e.jsonl");
    assert.deepEqual(all1, all2);
    assert.equal(new Set(all1).size, 200);
    assert.notDeepEqual(all1, [...all1].sort((x, y) => Number(x.slice(10)) - Number(y.slice(10))));
    assert.deepEqual(
      (await listDir(dir)).filter((n) => n.startsWith(".")),
      [],
      "spill file removed",
    );
  });
});

Deno.test("sharegpt converter stops reading once --max-sessions are written in order", async () => {
  await withTempDir(async (dir) => {
    const stats = await convertShareGpt(params(example("sharegpt"), { max_sessions: 2 }), {
      output: `${dir}/out.jsonl`,
    });
    assert.equal(stats.sessions_written, 2);
    assert.equal(stats.stopped_early, true);
    assert.deepEqual((await readJsonl<Session>(`${dir}/out.jsonl`)).map((s) => s.session_id), [
      "sharegpt-k3Pq9Zx_0",
      "sharegpt-k3Pq9Zx_1",
    ]);
  });
});

Deno.test("sharegpt converter does not read its own output when writing inside the input folder", async () => {
  await withTempDir(async (dir) => {
    await Deno.copyFile(fixture("sharegpt_nested/a/top.json"), `${dir}/top.json`);
    const output = `${dir}/clean.jsonl`;
    const first = await convertShareGpt(params(dir), { output });
    const second = await convertShareGpt(params(dir), { output });
    assert.equal(second.sessions_written, first.sessions_written);
  });
});

Deno.test("sharegpt converter stops when its signal is aborted and leaves no file", async () => {
  await withTempDir(async (dir) => {
    const controller = new AbortController();
    controller.abort(new Error("stopped by test"));
    await assert.rejects(
      () =>
        convertShareGpt(params(example("sharegpt")), {
          output: `${dir}/out.jsonl`,
          signal: controller.signal,
        }),
      /stopped by test/,
    );
    assert.deepEqual(await listDir(dir), []);
  });
});

Deno.test("sharegpt converter keeps scanned sessions whole through a reservoir and a disk shuffle", async () => {
  await withTempDir(async (dir) => {
    // Over 3 MB, so the read window is reused while sampled sessions are held.
    const input = `${dir}/big.json`;
    const items = Array.from({ length: 6000 }, (_, i) => ({
      id: `c${i}`,
      conversations: [
        { from: "human", value: `question ${i} 你好 \\ "quoted" 🙂 ${"x".repeat(i % 300)}` },
        { from: "gpt", value: "answer ".repeat(40) },
        { from: "human", value: `follow-up\t${i}` },
      ],
    }));
    await Deno.writeTextFile(input, JSON.stringify(items, null, 2));
    const run = async (extra: Record<string, unknown>, name: string) => {
      await convertShareGpt(params(input, extra), { output: `${dir}/${name}` });
      return await readJsonl<Session>(`${dir}/${name}`);
    };
    const inOrder = new Map((await run({}, "all.jsonl")).map((s) => [s.session_id, s]));
    assert.equal(inOrder.size, 6000);
    assert.deepEqual(inOrder.get("sharegpt-c7")?.user_messages, [
      `question 7 你好 \\ "quoted" 🙂 xxxxxxx`,
      "follow-up\t7",
    ]);
    for (
      const [extra, count] of [[{ shuffle: true, max_sessions: 50 }, 50], [
        { shuffle: true },
        6000,
      ]] as const
    ) {
      const sampled = await run({ ...extra, seed: 4 }, "sample.jsonl");
      assert.equal(sampled.length, count);
      for (const s of sampled) assert.deepEqual(s, inOrder.get(s.session_id));
    }
  });
});
