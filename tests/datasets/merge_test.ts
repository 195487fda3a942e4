/** @module Tests for merging session files. */
import assert from "node:assert/strict";
import { MergeParams, mergeSessions } from "../../src/datasets/merge.ts";
import type { Session } from "../../src/datasets/session.ts";
import { UserError } from "../../src/util/errors.ts";
import { example, fixture, listDir, readJsonl, withTempDir } from "./helpers.ts";

/** Writes `n` sessions with ids `<prefix>0…` as JSONL. */
async function sessionsFile(path: string, prefix: string, n: number): Promise<void> {
  const lines = Array.from(
    { length: n },
    (_, i) =>
      JSON.stringify({ session_id: `${prefix}${i}`, user_messages: [`question ${prefix}${i}`] }),
  );
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
}

Deno.test("merge concatenates files in order and prefixes clashing ids with the source name", async () => {
  await withTempDir(async (dir) => {
    await sessionsFile(`${dir}/sharegpt.jsonl`, "s", 3);
    await sessionsFile(`${dir}/longbench.jsonl`, "s", 2);
    const output = `${dir}/out.jsonl`;
    const stats = await mergeSessions(
      MergeParams.parse({ inputs: [`${dir}/sharegpt.jsonl`, `${dir}/longbench.jsonl`] }),
      { output },
    );
    const sessions = await readJsonl<Session>(output);
    assert.deepEqual(sessions.map((s) => s.session_id), [
      "s0",
      "s1",
      "s2",
      "longbench-s0",
      "longbench-s1",
    ]);
    assert.deepEqual(sessions.map((s) => s.user_messages[0]).slice(3), [
      "question s0",
      "question s1",
    ]);
    assert.equal(stats.ids_renamed, 2);
  });
});

Deno.test("merge names sources by file stem, made unique, or by the names given", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/a`);
    await Deno.mkdir(`${dir}/b`);
    await sessionsFile(`${dir}/a/sessions.jsonl`, "x", 1);
    await sessionsFile(`${dir}/b/sessions.jsonl`, "x", 1);
    const output = `${dir}/out.jsonl`;
    await mergeSessions(
      MergeParams.parse({
        inputs: [`${dir}/a/sessions.jsonl`, `${dir}/b/sessions.jsonl`, `${dir}/b/sessions.jsonl`],
      }),
      { output },
    );
    assert.deepEqual((await readJsonl<Session>(output)).map((s) => s.session_id), [
      "x0",
      "sessions-2-x0",
      "sessions-3-x0",
    ]);
    await mergeSessions(
      MergeParams.parse({
        inputs: { chat: `${dir}/a/sessions.jsonl`, docs: `${dir}/b/sessions.jsonl` },
      }),
      { output },
    );
    assert.deepEqual((await readJsonl<Session>(output)).map((s) => s.session_id), [
      "x0",
      "docs-x0",
    ]);
  });
});

Deno.test("merge takes at most limit_per_source from each source", async () => {
  await withTempDir(async (dir) => {
    await sessionsFile(`${dir}/a.jsonl`, "a", 10);
    await sessionsFile(`${dir}/b.jsonl`, "b", 2);
    const output = `${dir}/out.jsonl`;
    const inputs = [`${dir}/a.jsonl`, `${dir}/b.jsonl`];
    const stats = await mergeSessions(MergeParams.parse({ inputs, limit_per_source: 3 }), {
      output,
    });
    assert.deepEqual((await readJsonl<Session>(output)).map((s) => s.session_id), [
      "a0",
      "a1",
      "a2",
      "b0",
      "b1",
    ]);
    assert.deepEqual(stats.sources.map((s) => s.taken), [3, 2]);
    await mergeSessions(
      MergeParams.parse({ inputs, limit_per_source: 3, shuffle: true, seed: 5 }),
      { output },
    );
    const picked = (await readJsonl<Session>(output)).map((s) => s.session_id);
    assert.equal(picked.filter((id) => id.startsWith("a")).length, 3);
    assert.equal(picked.filter((id) => id.startsWith("b")).length, 2);
  });
});

Deno.test("merge shuffles reproducibly with a seed", async () => {
  await withTempDir(async (dir) => {
    await sessionsFile(`${dir}/a.jsonl`, "a", 30);
    await sessionsFile(`${dir}/b.jsonl`, "b", 30);
    const run = async (seed: number) => {
      const output = `${dir}/out-${seed}.jsonl`;
      await mergeSessions(
        MergeParams.parse({ inputs: [`${dir}/a.jsonl`, `${dir}/b.jsonl`], shuffle: true, seed }),
        { output },
      );
      return (await readJsonl<Session>(output)).map((s) => s.session_id);
    };
    const first = await run(1);
    assert.deepEqual(await run(1), first);
    assert.notDeepEqual(await run(2), first);
    assert.equal(new Set(first).size, 60);
    assert.ok(first.slice(0, 30).some((id) => id.startsWith("b")), "sources are interleaved");
  });
});

Deno.test("merge reads every shape the reader accepts, including JSON arrays", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    const stats = await mergeSessions(
      MergeParams.parse({ inputs: [example("example_dataset.json"), fixture("shapes.jsonl")] }),
      { output },
    );
    const sessions = await readJsonl<Session>(output);
    assert.equal(sessions.length, stats.sessions_written);
    assert.equal(new Set(sessions.map((s) => s.session_id)).size, sessions.length);
    assert.equal(sessions.find((s) => s.session_id === "conv-b")?.system, "You are a pirate.");
  });
});

Deno.test("merge fails on bad lines with file:line, and on an empty result, leaving no file", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/out.jsonl`;
    await assert.rejects(
      () => mergeSessions(MergeParams.parse({ inputs: [fixture("mixed.jsonl")] }), { output }),
      /mixed\.jsonl:3: not valid JSON/,
    );
    await Deno.writeTextFile(`${dir}/empty.jsonl`, "\n");
    await assert.rejects(
      () => mergeSessions(MergeParams.parse({ inputs: [`${dir}/empty.jsonl`] }), { output }),
      (e: unknown) => e instanceof UserError && /^No sessions to write/.test(e.message),
    );
    assert.deepEqual(await listDir(dir), ["empty.jsonl"]);
    const stats = await mergeSessions(
      MergeParams.parse({ inputs: [fixture("mixed.jsonl")], skip_invalid: true }),
      { output },
    );
    assert.equal(stats.invalid_skipped, 2);
    assert.equal(stats.sessions_written, 3);
  });
});

Deno.test("merge names a missing input in one line", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      () =>
        mergeSessions(MergeParams.parse({ inputs: [`${dir}/nope.jsonl`] }), {
          output: `${dir}/o.jsonl`,
        }),
      (e: unknown) =>
        e instanceof UserError && e.message === `Cannot read "${dir}/nope.jsonl": no such file`,
    );
  });
});
