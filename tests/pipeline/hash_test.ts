/** @module File and folder digests, remembered across runs by size + mtime + inode. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { DigestMemo } from "../../src/pipeline/hash.ts";

Deno.test("digest memo reuses a remembered digest until the file's stat changes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "a.txt");
    await Deno.writeTextFile(file, "one");
    const old = new Date(Date.now() - 60_000);
    await Deno.utime(file, old, old);
    const memoFile = join(dir, "digests.json");
    const memo = await DigestMemo.load(memoFile);
    const sha = createHash("sha256").update("one").digest("hex");
    assert.equal((await memo.file(file)).sha256, sha);
    await memo.save();
    const remembered = JSON.parse(await Deno.readTextFile(memoFile));
    remembered[file].sha256 = "f".repeat(64);
    await Deno.writeTextFile(memoFile, JSON.stringify(remembered));
    assert.equal(
      (await (await DigestMemo.load(memoFile)).file(file)).sha256,
      "f".repeat(64),
      "read from the memo",
    );
    await Deno.writeTextFile(file, "two");
    assert.equal(
      (await (await DigestMemo.load(memoFile)).file(file)).sha256,
      createHash("sha256").update("two").digest("hex"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("folder digest changes with a file's content or name, and a missing path is absent", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "d/sub"), { recursive: true });
    await Deno.writeTextFile(join(dir, "d/sub/x"), "1");
    const memo = await DigestMemo.load(null);
    const first = await memo.path(join(dir, "d"));
    await Deno.rename(join(dir, "d/sub/x"), join(dir, "d/sub/y"));
    const renamed = await memo.path(join(dir, "d"));
    await Deno.writeTextFile(join(dir, "d/sub/y"), "2");
    const edited = await memo.path(join(dir, "d"));
    assert.equal(new Set([first, renamed, edited]).size, 3);
    assert.equal(await memo.path(join(dir, "nope")), "absent");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
