/**
 * @module A sharded sweep as Kubernetes objects: a ConfigMap holding the pipeline file, an Indexed
 * Job of N pods (`completionMode: Indexed`, completions = parallelism = N, a retry budget per
 * index) each running `deno task shard` as shard `$JOB_COMPLETION_INDEX` of N into a shared
 * volume, a merge Job that waits for every shard and merges, and a Dockerfile on the official Deno
 * image. Pods share a barrier id through the Job's `controller-uid` label (downward API), so a
 * retried pod of the same Job joins the same attempt, and resumes its shard's finished runs.
 */

/** Paths inside the container. */
export const APP_DIR = "/app";
export const CONFIG_DIR = "/config";
export const RESULTS_DIR = "/results";
/** The pipeline file's name inside the ConfigMap (and its mount). */
export const PIPELINE_KEY = "pipeline.yaml";
/** The official Deno image the Dockerfile builds on. */
export const DENO_IMAGE = "denoland/deno:2.9.6";

/** What the manifests describe. */
export interface K8sShards {
  /** Base name of the objects (`<name>-pipeline`, `<name>-shards`, `<name>-merge`). */
  name: string;
  namespace?: string;
  image: string;
  /** The pipeline file's text (goes into the ConfigMap). */
  pipeline: string;
  stage: string;
  shards: number;
  /** A ReadWriteMany PersistentVolumeClaim every pod mounts at `/results`. */
  pvc: string;
  backoffLimitPerIndex: number;
  /** Extra `--set` overrides for every shard. */
  sets?: string[];
  /** Environment of every shard pod: literal values. */
  env?: Record<string, string>;
  /** Environment from Secrets: NAME → `secret/key`. */
  secretEnv?: Record<string, string>;
  /** How long the merge Job waits for the shards, s. */
  mergeWaitS: number;
}

/** The shared folder of this sweep inside the volume. */
export function resultsPath(name: string): string {
  return `${RESULTS_DIR}/${name}`;
}

type Obj = Record<string, unknown>;

/** The official image's `deno` user; the volume is made writable for its group. */
const POD_SECURITY = { runAsUser: 1993, runAsGroup: 1993, fsGroup: 1993 };

const labels = (k: K8sShards, part: string) => ({
  "app.kubernetes.io/name": "turnbench",
  "app.kubernetes.io/instance": k.name,
  "app.kubernetes.io/component": part,
});

const meta = (k: K8sShards, name: string, part: string): Obj => ({
  name,
  ...(k.namespace ? { namespace: k.namespace } : {}),
  labels: labels(k, part),
});

/** The ConfigMap holding the pipeline file. */
export function configMap(k: K8sShards): Obj {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(k, `${k.name}-pipeline`, "pipeline"),
    data: { [PIPELINE_KEY]: k.pipeline },
  };
}

/** The command every shard pod runs (the shard comes from `JOB_COMPLETION_INDEX`). */
export function shardCommand(k: K8sShards): string[] {
  return [
    "deno",
    "run",
    "-A",
    `${APP_DIR}/src/cli/shard.ts`,
    `${CONFIG_DIR}/${PIPELINE_KEY}`,
    "--stage",
    k.stage,
    "--dir",
    resultsPath(k.name),
    "--resume",
    ...(k.sets ?? []).flatMap((s) => ["--set", s]),
  ];
}

/** The command of the merge Job's pod. */
export function mergeCommand(k: K8sShards): string[] {
  return [
    "deno",
    "run",
    "-A",
    `${APP_DIR}/src/cli/merge_shards.ts`,
    resultsPath(k.name),
    "--count",
    String(k.shards),
    "--wait-s",
    String(k.mergeWaitS),
  ];
}

const volumes = (k: K8sShards) => [
  { name: "results", persistentVolumeClaim: { claimName: k.pvc } },
  { name: "pipeline", configMap: { name: `${k.name}-pipeline` } },
];
const mounts = [
  { name: "results", mountPath: RESULTS_DIR },
  { name: "pipeline", mountPath: CONFIG_DIR, readOnly: true },
];

/** The Indexed Job of the shards. */
export function shardsJob(k: K8sShards): Obj {
  const env = [
    { name: "TURNBENCH_SHARD_COUNT", value: String(k.shards) },
    {
      name: "TURNBENCH_SYNC_ID",
      valueFrom: {
        fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" },
      },
    },
    ...Object.entries(k.env ?? {}).map(([name, value]) => ({ name, value })),
    ...Object.entries(k.secretEnv ?? {}).map(([name, ref]) => {
      const [secret, key] = ref.split("/");
      return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
    }),
  ];
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta(k, `${k.name}-shards`, "shards"),
    spec: {
      completionMode: "Indexed",
      completions: k.shards,
      parallelism: k.shards,
      backoffLimitPerIndex: k.backoffLimitPerIndex,
      template: {
        metadata: { labels: labels(k, "shards") },
        spec: {
          restartPolicy: "Never",
          securityContext: POD_SECURITY,
          containers: [{
            name: "shard",
            image: k.image,
            workingDir: APP_DIR,
            command: shardCommand(k),
            env,
            volumeMounts: mounts,
          }],
          volumes: volumes(k),
        },
      },
    },
  };
}

/** The merge Job: waits for every shard's summary to be complete, then merges. */
export function mergeJob(k: K8sShards): Obj {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta(k, `${k.name}-merge`, "merge"),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 2,
      template: {
        metadata: { labels: labels(k, "merge") },
        spec: {
          restartPolicy: "Never",
          securityContext: POD_SECURITY,
          containers: [{
            name: "merge",
            image: k.image,
            workingDir: APP_DIR,
            command: mergeCommand(k),
            volumeMounts: mounts.slice(0, 1),
          }],
          volumes: volumes(k).slice(0, 1),
        },
      },
    },
  };
}

/**
 * The image's Dockerfile, built from the checkout's root
 * (`docker build -f <out>/Dockerfile -t <image> .`): the code and its npm packages are baked in,
 * so nothing downloads when a pod starts.
 */
export function dockerfile(): string {
  return [
    `FROM ${DENO_IMAGE}`,
    `WORKDIR ${APP_DIR}`,
    "COPY deno.json deno.lock ./",
    "COPY src/ src/",
    "COPY tasks/ tasks/",
    "COPY mock/ mock/",
    "COPY pipelines/ pipelines/",
    "COPY examples/ examples/",
    "RUN deno install --frozen --entrypoint src/cli/shard.ts src/cli/merge_shards.ts src/cli/pipeline.ts \\",
    `    && chown -R deno:deno ${APP_DIR} /deno-dir`,
    "USER deno",
    'CMD ["deno", "task", "pipeline", "--help"]',
    "",
  ].join("\n");
}
