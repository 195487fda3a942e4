/** @module Tests for readSessions, the one reader of session files. */
import assert from "node:assert/strict";
import { readSessions } from "../../src/datasets/reader.ts";
import type { Session } from "../../src/datasets/session.ts";
import { InputError } from "../../src/util/errors.ts";

const data = (name: string) => new URL(`../testdata/datasets/${name}`, import.meta.url).pathname;
const rel = (name: string) => `tests/testdata/datasets/${name}`;

async function all(path: string, opts?: Parameters<typeof readSessions>[1]): Promise<Session[]> {
  const out: Session[] = [];
  for await (const s of readSessions(path, opts)) out.push(s);
  return out;
}

Deno.test("readSessions takes user turns and system prompts from all three shapes", async () => {
  const sessions = await all(data("shapes.jsonl"), { label: rel("shapes.jsonl") });
  assert.deepEqual(sessions.map((s) => s.user_messages), [
    ["first", "second"],
    ["Where is the treasure?", "And the map?"],
    ["How are you?", "Thanks"],
    ["same id as line 1"],
  ]);
  assert.deepEqual(sessions.map((s) => s.system), [
    "Be brief.",
    "You are a pirate.",
    "Answer in French.",
    undefined,
  ]);
  assert.deepEqual(sessions[0].meta, { k: 1 });
  assert.equal(sessions[1].source, rel("shapes.jsonl"));
});

Deno.test("readSessions keeps given ids, generates <stem>-<line>, and keeps ids unique", async () => {
  const ids = (await all(data("shapes.jsonl"))).map((s) => s.session_id);
  assert.deepEqual(ids, ["s-a", "conv-b", "shapes-3", "s-a-2"]);
});

Deno.test("readSessions streams a JSON array file such as the quick-start dataset", async () => {
  const path = new URL("../../examples/example_dataset.json", import.meta.url).pathname;
  const sessions = await all(path);
  assert.ok(sessions.length >= 8);
  for (const s of sessions) {
    assert.ok(s.user_messages.length >= 3 && s.user_messages.length <= 5, s.session_id);
  }
  assert.equal(new Set(sessions.map((s) => s.session_id)).size, sessions.length);
});

Deno.test("readSessions numbers generated ids of array elements by position", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/arr.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify([{ user_messages: ["a"] }, { messages: [{ role: "user", content: "b" }] }]),
    );
    assert.deepEqual((await all(path)).map((s) => s.session_id), ["arr-1", "arr-2"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readSessions fails on a bad line with file:line and what is wrong", async () => {
  const label = rel("mixed.jsonl");
  await assert.rejects(
    () => all(data("mixed.jsonl"), { label }),
    (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /^tests\/testdata\/datasets\/mixed\.jsonl:3: not valid JSON: /);
      assert.equal(error.line, 3);
      return true;
    },
  );
});

Deno.test("readSessions with skipInvalid skips and reports bad lines, keeping the rest", async () => {
  const skipped: string[] = [];
  const sessions = await all(data("mixed.jsonl"), {
    label: "mixed.jsonl",
    skipInvalid: true,
    onSkip: (e) => skipped.push(e.message),
  });
  assert.deepEqual(sessions.map((s) => s.session_id), ["m1", "mixed-2", "m6"]);
  assert.equal(skipped.length, 2);
  assert.match(skipped[0], /^mixed\.jsonl:3: not valid JSON/);
  assert.equal(skipped[1], 'mixed.jsonl:5: no user turn in "messages"');
});

Deno.test("readSessions names the position of a truncated JSON array", async () => {
  await assert.rejects(
    () => all(data("truncated.json"), { label: "truncated.json", skipInvalid: true }),
    /^InputError: truncated\.json:\d+: truncated JSON array: file ends at byte \d+ inside element 3/,
  );
});

Deno.test("readSessions rejects records that are not conversations", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/bad.jsonl`;
    await Deno.writeTextFile(path, '{"user_messages": ["ok"]}\n{"prompt": "x"}\n[1]\n');
    const skipped: string[] = [];
    await all(path, {
      label: "bad.jsonl",
      skipInvalid: true,
      onSkip: (e) => skipped.push(e.message),
    });
    assert.deepEqual(skipped, [
      'bad.jsonl:2: no "user_messages", "conversations" or "messages" field',
      "bad.jsonl:3: expected a JSON object, found array",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readSessions explains a .json file that is neither an array nor JSON Lines", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/obj.json`;
    await Deno.writeTextFile(path, '{\n  "data": []\n}\n');
    await assert.rejects(
      () => all(path, { label: "obj.json" }),
      /^InputError: obj\.json:1: not a JSON array \(no leading "\["\), and line 1 is not a JSON Lines record: /,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
