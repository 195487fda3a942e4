/** @module Mock configuration: presets, files, flat overrides, output lengths. */
import assert from "node:assert/strict";
import { mergeConfig, MockConfig } from "../../mock/config.ts";
import { MockOverrides, overridesToConfig } from "../../mock/overrides.ts";
import {
  PRESET_NAMES,
  presetConfig,
  readMockConfigFile,
  resolveMockConfig,
} from "../../mock/presets.ts";
import { drawLength, Rng } from "../../mock/rng.ts";
import { UserError } from "../../src/util/errors.ts";

Deno.test("presets include fast, zero, bench and an 8B-on-H100 shape", () => {
  for (const name of ["fast", "zero", "bench", "llama-8b-h100"]) {
    assert.ok(PRESET_NAMES.includes(name));
  }
  const h100 = resolveMockConfig("llama-8b-h100");
  assert.equal(h100.latency.ttft_ms, 30);
  assert.equal(h100.latency.prefill_ms_per_token, 0.25);
  assert.equal(h100.latency.itl_ms, 12);
  assert.match(presetConfig("fast").description, /\S/);
  assert.throws(
    () => presetConfig("gpu-9000"),
    (e: unknown) => e instanceof UserError && /"gpu-9000"/.test(e.message),
  );
});

Deno.test("layers merge over a preset: file, then overrides", async () => {
  const file = await readMockConfigFile(
    new URL("../testdata/mock/config.yaml", import.meta.url).pathname,
  );
  const cfg = resolveMockConfig("llama-8b-h100", file, overridesToConfig({ itl_ms: 3 }));
  assert.deepEqual(cfg.models, ["file-model"]);
  assert.equal(cfg.latency.ttft_ms, 2, "from the file");
  assert.equal(cfg.latency.itl_ms, 3, "from the override");
  assert.equal(cfg.latency.prefill_ms_per_token, 0.25, "from the preset");
  assert.equal(cfg.cache.capacity_tokens, 400000);
});

Deno.test("flat overrides parse strings and lists as pipeline params and flags give them", () => {
  const o = MockOverrides.parse({
    model: "a, b",
    error_codes: "429,503",
    error_rate: "0.5",
    max_running: "8",
  });
  const cfg = MockConfig.parse(mergeConfig(overridesToConfig(o)));
  assert.deepEqual(cfg.models, ["a", "b"]);
  assert.deepEqual(cfg.faults.error_codes, [429, 503]);
  assert.equal(cfg.faults.error_rate, 0.5);
  assert.equal(cfg.latency.max_running, 8);
  assert.equal(cfg.latency.itl_ms, 0, "unset fields keep their defaults");
});

Deno.test("a bad config names the field in one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/bad.yaml`;
    await Deno.writeTextFile(path, "latency:\n  itl_ms: -1\n");
    await assert.rejects(
      readMockConfigFile(path),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.startsWith(`Cannot use mock config "${path}": latency.itl_ms: `),
    );
    await assert.rejects(readMockConfigFile(`${dir}/missing.yaml`), UserError);
    assert.throws(() => resolveMockConfig("fast", { faults: { error_rate: 2 } }), UserError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("output lengths follow their distribution, seeded and bounded", () => {
  const base = { mean: 100, stddev: 30, min: 20, max: 150 };
  const draws = (
    distribution: "uniform" | "normal" | "lognormal" | "exponential",
    seed: number,
  ) => {
    const rng = new Rng(seed);
    return Array.from({ length: 2000 }, () => drawLength({ ...base, distribution }, rng));
  };
  for (const d of ["uniform", "normal", "lognormal", "exponential"] as const) {
    const xs = draws(d, 42);
    assert.deepEqual(xs, draws(d, 42), `${d} is reproducible`);
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= 20 && x <= 150), d);
  }
  const normal = draws("normal", 1);
  const mean = normal.reduce((a, b) => a + b, 0) / normal.length;
  assert.ok(Math.abs(mean - 100) < 5, `normal mean ${mean}`);
  assert.equal(drawLength({ ...base, distribution: "fixed", mean: 7 }, new Rng(1)), 7);
});
