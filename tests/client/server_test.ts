/** @module Tests of the model list URL and the cache reset spec. */
import assert from "node:assert/strict";
import { modelsUrl, parseResetSpec } from "../../src/client/server.ts";
import { UserError } from "../../src/util/errors.ts";

Deno.test("modelsUrl finds /v1/models beside the chat completions URL", () => {
  assert.equal(modelsUrl("http://h:8000/v1/chat/completions"), "http://h:8000/v1/models");
  assert.equal(
    modelsUrl("https://api.x/openai/v1/chat/completions?x=1"),
    "https://api.x/openai/v1/models",
  );
  assert.equal(modelsUrl("http://h:8000/generate"), "http://h:8000/v1/models");
});

Deno.test("parseResetSpec reads a bare URL as POST and METHOD URL as given", () => {
  assert.deepEqual(parseResetSpec("http://h/reset_prefix_cache"), {
    method: "POST",
    url: "http://h/reset_prefix_cache",
  });
  assert.deepEqual(parseResetSpec("post http://h/slots/0?action=erase"), {
    method: "POST",
    url: "http://h/slots/0?action=erase",
  });
  assert.deepEqual(parseResetSpec("GET http://h/reset"), { method: "GET", url: "http://h/reset" });
  for (const bad of ["FETCH http://h/", "POST not-a-url", "POST http://h/ extra"]) {
    assert.throws(
      () => parseResetSpec(bad),
      (e: Error) =>
        e instanceof UserError && e.message.startsWith(`Cannot read reset cache URL "${bad}"`),
    );
  }
});
