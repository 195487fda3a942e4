/**
 * @module `deno task k8s <pipeline> --stage sweep --shards N --image IMG`: write the Kubernetes
 * objects of a sharded sweep (ConfigMap, Indexed Job, merge Job) and the image's Dockerfile.
 */
import { basename, extname, join, resolve } from "node:path";
import { Command } from "commander";
import { stringify } from "yaml";
import { intFlag, parseCommand } from "./flags.ts";
import { writeTextAtomically } from "../io/atomic_write.ts";
import {
  configMap,
  dockerfile,
  type K8sShards,
  mergeJob,
  resultsPath,
  shardsJob,
} from "../shard/k8s.ts";
import { UserError } from "../util/errors.ts";
import { runMain } from "./run_main.ts";

/** The files written into `--out`. */
export const K8S_FILES = {
  configMap: "configmap.yaml",
  shards: "shards-job.yaml",
  merge: "merge-job.yaml",
  dockerfile: "Dockerfile",
} as const;

const HELP_AFTER = `
Writes into --out: configmap.yaml (the pipeline file), shards-job.yaml (an Indexed Job: N pods,
pod i runs the stage as shard i of N into /results/<name>/shards/ on the --pvc volume, retried
per index), merge-job.yaml (waits for every shard, then merges into /results/<name>/) and a
Dockerfile on ${"denoland/deno:2.9.6"} (build it from the checkout's root).

Example:
  deno task k8s pipelines/mixed.yaml --stage sweep --shards 8 --image registry.example/turnbench:1 \\
    --pvc turnbench-results --env TURNBENCH_ENDPOINT=http://vllm.llm:8000/v1/chat/completions
  docker build -f results/mixed/k8s/Dockerfile -t registry.example/turnbench:1 . && docker push …
  kubectl apply -f results/mixed/k8s/configmap.yaml -f results/mixed/k8s/shards-job.yaml \\
    -f results/mixed/k8s/merge-job.yaml`;

/**
 * Runs the command on `argv`; returns its exit code.
 *
 * @example
 * ```ts
 * await main(["p.yaml", "--stage", "sweep", "--shards", "4", "--image", "tb:1", "--pvc", "tb"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("k8s")
    .description("Write Kubernetes objects that run a pipeline's sweep stage as N shards, merged")
    .argument("<pipeline>", "pipeline file")
    .requiredOption("--stage <name>", "the sweep stage to shard")
    .requiredOption("--shards <n>", "number of shards (pods)", intFlag)
    .requiredOption("--image <image>", "the turnbench image (built from the Dockerfile written)")
    .option(
      "--pvc <name>",
      "ReadWriteMany PersistentVolumeClaim mounted at /results",
      "turnbench-results",
    )
    .option("--name <name>", "base name of the objects and of the results folder")
    .option("--namespace <ns>", "namespace of the objects")
    .option("--out <dir>", "where the files go (default: results/<pipeline>/k8s)")
    .option("--backoff-limit-per-index <n>", "retries of each shard's pod", intFlag, 1)
    .option("--merge-wait-s <s>", "how long the merge Job waits for the shards", intFlag, 86_400)
    .option("--set <stage.key=value>", "override a parameter in every shard (repeatable)", collect)
    .option("--env <NAME=value>", "environment of every shard pod (repeatable)", collect)
    .option("--secret-env <NAME=secret/key>", "environment from a Secret (repeatable)", collect)
    .addHelpText("after", HELP_AFTER);
  if (!parseCommand(program, argv)) return 0;
  const f = program.opts<{
    stage: string;
    shards: number;
    image: string;
    pvc: string;
    name?: string;
    namespace?: string;
    out?: string;
    backoffLimitPerIndex: number;
    mergeWaitS: number;
    set?: string[];
    env?: string[];
    secretEnv?: string[];
  }>();
  if (f.shards < 1) {
    throw new UserError(`Invalid option --shards: must be at least 1`, { exitCode: 2 });
  }
  const file = program.args[0];
  const stem = basename(file, extname(file));
  const name = f.name ?? dnsName(`turnbench-${stem}-${f.stage}`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 50) {
    throw new UserError(
      `Invalid option --name "${name}": lower-case letters, digits and "-", at most 50`,
      { exitCode: 2 },
    );
  }
  let pipeline: string;
  try {
    pipeline = await Deno.readTextFile(file);
  } catch (error) {
    throw new UserError(`Cannot read pipeline "${file}": ${(error as Error).message}`);
  }
  const k: K8sShards = {
    name,
    namespace: f.namespace,
    image: f.image,
    pipeline,
    stage: f.stage,
    shards: f.shards,
    pvc: f.pvc,
    backoffLimitPerIndex: f.backoffLimitPerIndex,
    sets: f.set,
    env: pairs(f.env ?? [], "--env"),
    secretEnv: pairs(f.secretEnv ?? [], "--secret-env"),
    mergeWaitS: f.mergeWaitS,
  };
  const out = resolve(f.out ?? join("results", stem, "k8s"));
  await Deno.mkdir(out, { recursive: true });
  const yaml = (o: unknown) => stringify(o, { lineWidth: 0 });
  await writeTextAtomically(join(out, K8S_FILES.configMap), yaml(configMap(k)));
  await writeTextAtomically(join(out, K8S_FILES.shards), yaml(shardsJob(k)));
  await writeTextAtomically(join(out, K8S_FILES.merge), yaml(mergeJob(k)));
  await writeTextAtomically(join(out, K8S_FILES.dockerfile), dockerfile());
  console.error(`k8s: wrote ${Object.values(K8S_FILES).map((n) => join(out, n)).join(", ")}`);
  console.log(
    `kubectl apply -f ${join(out, K8S_FILES.configMap)} -f ${join(out, K8S_FILES.shards)} -f ${
      join(out, K8S_FILES.merge)
    }   # results: ${resultsPath(name)} on PVC ${f.pvc}`,
  );
  return 0;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/** `NAME=value` flags as a record. */
function pairs(flags: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of flags) {
    const eq = p.indexOf("=");
    if (eq <= 0) {
      throw new UserError(`Invalid option ${flag} "${p}": expected NAME=value`, { exitCode: 2 });
    }
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** A text made into a DNS-1123 label (lower case, `-`, at most 50 characters). */
function dnsName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50)
    .replace(/-+$/, "");
}

if (import.meta.main) await runMain(() => main(Deno.args));
