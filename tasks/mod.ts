/** @module The registry of every stage type a pipeline file may name in `task:`. */
import type { Task } from "../src/pipeline/task.ts";
import compare from "./compare.ts";
import capacity from "./capacity.ts";
import convertLongbench from "./convert_longbench.ts";
import convertMooncake from "./convert_mooncake.ts";
import convertSharegpt from "./convert_sharegpt.ts";
import merge from "./merge.ts";
import mergeShards from "./merge_shards.ts";
import mock from "./mock.ts";
import prometheus from "./prometheus.ts";
import report from "./report.ts";
import scrape from "./scrape.ts";
import sweep from "./sweep.ts";
import synthesize from "./synthesize.ts";

/** Every task, keyed by the name used in pipeline files. */
export const TASKS: Record<string, Task> = Object.fromEntries(
  ([
    compare,
    convertLongbench,
    convertMooncake,
    convertSharegpt,
    merge,
    mergeShards,
    mock,
    prometheus,
    report,
    scrape,
    sweep,
    capacity,
    synthesize,
  ] as Task[])
    .map((
      task,
    ) => [task.name, task]),
);
