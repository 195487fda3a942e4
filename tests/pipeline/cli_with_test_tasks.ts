/** @module The pipeline CLI wired to the test registry, for tests that need a real process. */
import { pipelineMain } from "../../src/cli/pipeline.ts";
import { runMain } from "../../src/cli/run_main.ts";
import { TEST_TASKS } from "./test_tasks.ts";

if (import.meta.main) await runMain(() => pipelineMain(Deno.args, TEST_TASKS));
