/** @module The registry of every stage type a pipeline file may name in `task:`. */
import type { Task } from "../src/pipeline/task.ts";

/** Every task, keyed by the name used in pipeline files. */
export const TASKS: Record<string, Task> = Object.fromEntries(
  ([] as Task[]).map((task) => [task.name, task]),
);
