/** @module The stage graph as a mermaid flowchart (`--graph`). */
import type { LoadedPipeline } from "./load.ts";

/**
 * Renders the pipeline as mermaid: jobs as boxes, services as stadiums, an arrow per need.
 *
 * @example
 * ```ts
 * console.log(toMermaid(pipeline)); // flowchart LR\n  merge["merge<br/>merge"] …
 * ```
 */
export function toMermaid(pipeline: LoadedPipeline): string {
  const lines = ["flowchart LR"];
  for (const name of pipeline.order) {
    const stage = pipeline.stages[name];
    const label = `${name}<br/><i>${stage.task.name}</i>`;
    lines.push(stage.task.kind === "service" ? `  ${name}(["${label}"])` : `  ${name}["${label}"]`);
  }
  for (const name of pipeline.order) {
    for (const need of pipeline.stages[name].needs) lines.push(`  ${need} --> ${name}`);
  }
  return lines.join("\n") + "\n";
}
