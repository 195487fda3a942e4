/** @module `deno task mock` as a user runs it: the listening line, signals, a busy port. */
import assert from "node:assert/strict";

const CLI = new URL("../../src/cli/mock.ts", import.meta.url).pathname;

function spawnMock(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Reads stdout until the first line; returns it and a reader for the rest. */
async function firstLine(child: Deno.ChildProcess): Promise<string> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  while (!buf.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
  }
  reader.releaseLock();
  return buf.split("\n")[0];
}

async function drain(child: Deno.ChildProcess) {
  const [status, stderr] = await Promise.all([
    child.status,
    new Response(child.stderr).text(),
    child.stdout.cancel().catch(() => {}),
  ]);
  return { code: status.code, stderr };
}

Deno.test("mock command prints its URL, serves, and exits 0 on SIGTERM", async () => {
  const child = spawnMock(["--port", "0", "--preset", "fast", "--model", "m1,m2"]);
  try {
    const line = await firstLine(child);
    const url = line.match(/^turnbench mock listening on (http:\/\/127\.0\.0\.1:\d+)$/)?.[1];
    assert.ok(url, `unexpected line: ${line}`);
    const models = await (await fetch(`${url}/v1/models`)).json();
    assert.deepEqual(models.data.map((m: { id: string }) => m.id), ["m1", "m2"]);
    assert.equal((await (await fetch(`${url}/health`)).json()).status, "ok");
  } finally {
    child.kill("SIGTERM");
  }
  const { code, stderr } = await drain(child);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /mock shutting down/);
});

Deno.test("mock command takes a config file and an api key", async () => {
  const config = new URL("../testdata/mock/config.yaml", import.meta.url).pathname;
  const child = spawnMock(["--port", "0", "--config", config, "--api-key", "k"]);
  try {
    const url = (await firstLine(child)).split(" ").at(-1)!;
    const denied = await fetch(`${url}/v1/models`);
    assert.equal(denied.status, 401);
    await denied.body?.cancel();
    const models = await fetch(`${url}/v1/models`, { headers: { authorization: "Bearer k" } });
    assert.deepEqual((await models.json()).data.map((m: { id: string }) => m.id), ["file-model"]);
  } finally {
    child.kill("SIGINT");
  }
  assert.equal((await drain(child)).code, 0);
});

Deno.test("mock command on a busy port prints one error line and exits 1", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const { code, stderr } = await drain(spawnMock(["--port", String(port)]));
    assert.equal(code, 1);
    assert.equal(
      stderr.trim(),
      `error: Cannot listen on 127.0.0.1:${port}: address already in use`,
    );
  } finally {
    listener.close();
  }
});

Deno.test("mock command rejects a bad flag value in one line", async () => {
  const { code, stderr } = await drain(spawnMock(["--port", "0", "--itl-ms", "soon"]));
  assert.equal(code, 2);
  assert.equal(stderr.trim().split("\n").length, 1);
  assert.match(stderr, /^error: Cannot use --itl-ms "soon": /);
});
