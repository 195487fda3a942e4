/** @module Tests of reading a tokenizer spec (`gpt`, `hf:<path>`, `server`) and its one-line errors. */
import assert from "node:assert/strict";
import { loadTokens, parseTokenizerSpec } from "../../src/tokens/load.ts";
import { UserError } from "../../src/util/errors.ts";
import { QWEN3_DIR } from "./_files.ts";

Deno.test("parseTokenizerSpec reads gpt, hf:<path> and server", () => {
  assert.deepEqual(parseTokenizerSpec("gpt"), { kind: "gpt" });
  assert.deepEqual(parseTokenizerSpec("server"), { kind: "server" });
  assert.deepEqual(parseTokenizerSpec("hf:models/a b"), { kind: "hf", path: "models/a b" });
});

Deno.test("parseTokenizerSpec refuses anything else in one line, exit 2", () => {
  for (const bad of ["", "hf:", "tiktoken", "HF:x"]) {
    assert.throws(
      () => parseTokenizerSpec(bad),
      (e: unknown) =>
        e instanceof UserError && e.exitCode === 2 &&
        e.message === `Cannot use tokenizer "${bad}": expected "gpt", "hf:<path>" or "server"`,
    );
  }
});

Deno.test("loadTokens gives each spec its source", async () => {
  assert.equal((await loadTokens("gpt")).prompts.source, "gpt");
  const hf = await loadTokens(`hf:${QWEN3_DIR}`);
  assert.equal(hf.prompts.source, "hf");
  assert.equal(hf.prompts.rendering, "chat template from tokenizer_config.json");
  const server = await loadTokens("server", { endpoint: "http://127.0.0.1:1/v1/chat/completions" });
  assert.equal(server.prompts.source, "server");
  assert.equal(server.tokenizer, null);
});

Deno.test("loadTokens needs an endpoint for server", async () => {
  await assert.rejects(
    () => loadTokens("server"),
    (e: unknown) =>
      e instanceof UserError &&
      e.message === `Cannot use tokenizer "server": no server endpoint given`,
  );
});
