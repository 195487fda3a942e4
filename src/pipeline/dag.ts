/** @module The stage graph: order, cycles, and the stages up- and downstream of a set. */

/** A graph as stage name → the stages it needs (in file order). */
export type Graph = Record<string, readonly string[]>;

/**
 * Finds one dependency cycle, returned as a closed walk (`["a", "b", "a"]`), or null.
 *
 * @example
 * ```ts
 * findCycle({ a: ["b"], b: ["a"] }); // ["a", "b", "a"]
 * ```
 */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, "open");
    stack.push(n);
    for (const m of graph[n] ?? []) {
      if (!(m in graph)) continue;
      if (state.get(m) === "open") return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const found = visit(m);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, "done");
    return null;
  };
  for (const n of Object.keys(graph)) {
    if (!state.has(n)) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Orders the stages so every stage comes after the stages it needs; ties keep file order.
 * The graph must be acyclic.
 */
export function topoOrder(graph: Graph): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const m of graph[n] ?? []) if (m in graph) visit(m);
    out.push(n);
  };
  for (const n of Object.keys(graph)) visit(n);
  return out;
}

/** The given stages and every stage they need, transitively. */
export function upstreamOf(graph: Graph, names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const visit = (n: string) => {
    if (out.has(n)) return;
    out.add(n);
    for (const m of graph[n] ?? []) visit(m);
  };
  for (const n of names) visit(n);
  return out;
}

/** The given stages and every stage that needs them, transitively. */
export function downstreamOf(graph: Graph, names: Iterable<string>): Set<string> {
  const out = new Set<string>(names);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [n, needs] of Object.entries(graph)) {
      if (!out.has(n) && needs.some((m) => out.has(m))) {
        out.add(n);
        grew = true;
      }
    }
  }
  return out;
}
