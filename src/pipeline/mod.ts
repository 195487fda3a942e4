/** @module The pipeline engine's public surface. */
export { runPipeline, type RunPipelineOptions, type RunReport } from "./run.ts";
export { type LoadedPipeline, loadPipeline, parsePipeline } from "./load.ts";
export { PipelineSpecError } from "./issues.ts";
export { toMermaid } from "./graph.ts";
export { pipelineJsonSchema, pipelineJsonSchemaText } from "./json_schema.ts";
export type { StageReport, StageStatus } from "./runner.ts";
export type { PlannedStage } from "./plan.ts";
