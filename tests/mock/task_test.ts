/** @module The pipeline's `mock` service stage: params, exports, health, stop. */
import assert from "node:assert/strict";
import mockTask, { MockParams } from "../../tasks/mock.ts";
import { TASKS } from "../../tasks/mod.ts";
import type { TaskContext } from "../../src/pipeline/task.ts";

function context(signal: AbortSignal): TaskContext {
  return {
    stage: "mock",
    outDir: "",
    needs: {},
    signal,
    log: () => {},
    progress: { total() {}, advance() {}, status() {} },
  };
}

Deno.test("mock stage params default to 127.0.0.1, port 0, preset fast and take string numbers", () => {
  const p = MockParams.parse({ itl_ms: "2.5", error_codes: "429,503" });
  assert.equal(p.host, "127.0.0.1");
  assert.equal(p.port, 0);
  assert.equal(p.preset, "fast");
  assert.equal(p.itl_ms, 2.5);
  assert.equal(TASKS.mock, mockTask);
  assert.deepEqual(mockTask.secrets, ["api_key"]);
  assert.throws(() => MockParams.parse({ port: "eighty" }));
});

Deno.test("mock stage exports url, endpoint, metrics_url and reset_url and serves until stopped", async () => {
  const controller = new AbortController();
  const params = MockParams.parse({ model: "stage-model", output_dist: "fixed", output_tokens: 3 });
  const handle = await mockTask.start(params, context(controller.signal));
  try {
    const { url, endpoint, metrics_url, reset_url } = handle.exports as Record<string, string>;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(endpoint, `${url}/v1/chat/completions`);
    assert.equal(metrics_url, `${url}/metrics`);
    assert.equal(reset_url, `${url}/reset`);
    assert.equal(handle.healthUrl, `${url}/health`);
    assert.equal((await fetch(handle.healthUrl!)).status, 200);
    const res = await fetch(endpoint, {
      method: "POST",
      body: JSON.stringify({ model: "stage-model", messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal((await res.json()).usage.completion_tokens, 3);
    const reset = await fetch(reset_url, { method: "POST" });
    assert.equal(reset.status, 200);
    await reset.body?.cancel();
    const metrics = await fetch(metrics_url);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
    const text = await metrics.text();
    // The one request above shows on the metrics page of this very mock, under its model name.
    assert.match(text, /^vllm:request_success_total\{[^}]*model_name="stage-model"[^}]*\} 1$/m);
    assert.match(text, /^vllm:generation_tokens_total\{[^}]*\} 3$/m);
  } finally {
    await handle.stop();
  }
  await assert.rejects(fetch(handle.exports.url as string));
});
