/** @module The job graph as a mermaid flowchart (`--graph`), a matrixed stage as a box of its jobs. */
import type { LoadedPipeline } from "./load.ts";

/**
 * Renders the pipeline as mermaid: jobs as boxes, services as stadiums, an arrow per need; the
 * jobs of a stage with a matrix inside a subgraph named after the stage.
 *
 * @example
 * ```ts
 * console.log(toMermaid(pipeline)); // flowchart LR\n  merge["merge<br/>merge"] …
 * ```
 */
export function toMermaid(pipeline: LoadedPipeline): string {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const name of pipeline.order) {
    let id = /^[A-Za-z0-9_-]+$/.test(name) ? name : name.replace(/[^A-Za-z0-9_]+/g, "_");
    while (used.has(id)) id += "_";
    used.add(id);
    ids.set(name, id);
  }
  const node = (name: string) => {
    const stage = pipeline.stages[name];
    const label = `${name}<br/><i>${stage.task.name}</i>`;
    const id = ids.get(name)!;
    return stage.task.kind === "service" ? `${id}(["${label}"])` : `${id}["${label}"]`;
  };
  const lines = ["flowchart LR"];
  for (const [stage, group] of Object.entries(pipeline.groups)) {
    if (!group.matrixed) {
      lines.push(`  ${node(stage)}`);
      continue;
    }
    lines.push(`  subgraph ${stage}_matrix ["${stage} (matrix: ${group.jobs.length} jobs)"]`);
    for (const job of group.jobs) lines.push(`    ${node(job.name)}`);
    lines.push("  end");
  }
  for (const name of pipeline.order) {
    for (const need of pipeline.stages[name].needs) {
      lines.push(`  ${ids.get(need)} --> ${ids.get(name)}`);
    }
  }
  return lines.join("\n") + "\n";
}
