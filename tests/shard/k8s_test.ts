/**
 * @module Tests of the Kubernetes objects: valid by the Kubernetes schemas (kubernetes-models'
 * validator), an Indexed Job as the issue asks, a Dockerfile on the official Deno image, and the
 * pods' exact commands run here as the Job controller would run them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { Job } from "kubernetes-models/batch/v1/Job";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { K8S_FILES, main } from "../../src/cli/k8s.ts";
import { readRecords, readSummary, ROOT, startMock, tempDir, writeDataset } from "./_helpers.ts";
import { cleanEnv, run } from "./_spawn.ts";

type Container = {
  command: string[];
  workingDir: string;
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
};

async function generate(dir: string, endpoint: string, dataset: string) {
  const pipeline = join(dir, "k8s-test.yaml");
  await Deno.writeTextFile(
    pipeline,
    [
      "name: k8stest",
      "stages:",
      "  sweep:",
      "    task: sweep",
      "    with:",
      `      dataset: ${JSON.stringify(dataset)}`,
      "      endpoint: ${{ env.TB_TEST_ENDPOINT }}",
      "      concurrency: [4]",
      "      rounds: 2",
      "      max_output_tokens: 32",
      "",
    ].join("\n"),
  );
  const out = join(dir, "k8s");
  const code = await main([
    pipeline,
    "--stage",
    "sweep",
    "--shards",
    "4",
    "--image",
    "registry.example/turnbench:test",
    "--pvc",
    "tb-results",
    "--out",
    out,
    "--env",
    `TB_TEST_ENDPOINT=${endpoint}`,
    "--merge-wait-s",
    "120",
  ]);
  assert.equal(code, 0);
  const read = async (f: string) => parse(await Deno.readTextFile(join(out, f)));
  return {
    configMap: await read(K8S_FILES.configMap),
    shards: await read(K8S_FILES.shards),
    merge: await read(K8S_FILES.merge),
    dockerfile: await Deno.readTextFile(join(out, K8S_FILES.dockerfile)),
  };
}

Deno.test("k8s writes a ConfigMap, an Indexed Job and a merge Job that the Kubernetes schemas accept", async () => {
  await using tmp = await tempDir("k8s");
  const m = await generate(tmp.path, "http://127.0.0.1:1/v1/chat/completions", "/data/s.jsonl");
  new ConfigMap(m.configMap).validate();
  new Job(m.shards).validate();
  new Job(m.merge).validate();
  assert.match(m.configMap.data["pipeline.yaml"], /task: sweep/);
  const spec = m.shards.spec;
  assert.equal(spec.completionMode, "Indexed");
  assert.equal(spec.completions, 4);
  assert.equal(spec.parallelism, 4);
  assert.equal(spec.backoffLimitPerIndex, 1);
  assert.equal(spec.template.spec.restartPolicy, "Never");
  const claim = spec.template.spec.volumes.find((v: { persistentVolumeClaim?: unknown }) =>
    v.persistentVolumeClaim
  );
  assert.equal(claim.persistentVolumeClaim.claimName, "tb-results");
  assert.equal(m.merge.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, "tb-results");
  // The validator is not a rubber stamp: a broken Job fails it.
  const broken = structuredClone(m.shards);
  broken.spec.completions = "four";
  assert.throws(() => new Job(broken).validate(), /completions/);
});

Deno.test("k8s's Dockerfile builds on the official Deno image from files the checkout has", async () => {
  await using tmp = await tempDir("k8s-docker");
  const { dockerfile } = await generate(tmp.path, "http://127.0.0.1:1/", "/d.jsonl");
  assert.equal(dockerfile.split("\n")[0], "FROM denoland/deno:2.9.6");
  for (const m of dockerfile.matchAll(/^COPY (.+) \S+$/gm)) {
    for (const src of m[1].split(" ")) await Deno.stat(join(ROOT, src));
  }
  for (const entry of /--entrypoint ([^\\\n]+)/.exec(dockerfile)![1].trim().split(" ")) {
    await Deno.stat(join(ROOT, entry));
  }
});

Deno.test("the pods' exact commands, run as the Job controller would, merge into every request", async () => {
  await using tmp = await tempDir("k8s-run");
  const mock = await startMock();
  try {
    const dataset = await writeDataset(tmp.path, 24);
    const m = await generate(tmp.path, `${mock.url}/v1/chat/completions`, dataset);
    // The volumes, here: /app is this checkout, /config holds the ConfigMap, /results a folder.
    const config = join(tmp.path, "config");
    const results = join(tmp.path, "results");
    await Deno.mkdir(config);
    await Deno.mkdir(results);
    await Deno.writeTextFile(join(config, "pipeline.yaml"), m.configMap.data["pipeline.yaml"]);
    const local = (arg: string) =>
      arg === "deno"
        ? Deno.execPath()
        : arg.replace(/^\/app\//, ROOT).replace(/^\/config\//, `${config}/`)
          .replace(/^\/results\//, `${results}/`);
    const podEnv = (c: Container, extra: Record<string, string>) => {
      const env = cleanEnv();
      for (const e of c.env ?? []) {
        env[e.name] = e.value ?? (e.valueFrom?.fieldRef ? "job-uid-1234" : "");
      }
      return { ...env, ...extra };
    };
    const shard: Container = m.shards.spec.template.spec.containers[0];
    assert.equal(shard.workingDir, "/app");
    const ran = await Promise.all([0, 1, 2, 3].map((i) =>
      run(shard.command.map(local), {
        cwd: ROOT,
        env: podEnv(shard, { JOB_COMPLETION_INDEX: String(i) }),
      })
    ));
    ran.forEach((r, i) => assert.equal(r.code, 0, `pod ${i}: ${r.stderr}`));
    const merger: Container = m.merge.spec.template.spec.containers[0];
    const merged = await run(merger.command.map(local), { cwd: ROOT, env: podEnv(merger, {}) });
    assert.equal(merged.code, 0, merged.stderr);
    const out = join(results, m.shards.metadata.name.replace(/-shards$/, ""));
    const summary = await readSummary(join(out, "summary.json"));
    assert.equal(summary.complete, true);
    assert.deepEqual(summary.shards?.present, [0, 1, 2, 3]);
    const turns = 24 / 3 * (1 + 2 + 3); // sessions have 1, 2, 3 turns in turn
    assert.deepEqual(summary.runs.map((r) => r.requests.total), [turns, turns]);
    const records = await readRecords(join(out, "records.jsonl"));
    assert.equal(records.length, 2 * turns);
    assert.equal(
      new Set(records.map((r) => `${r.round}/${r.session_id}/${r.turn_index}`)).size,
      2 * turns,
    );
  } finally {
    await mock.stop();
  }
});
