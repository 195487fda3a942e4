/**
 * @module The engine's run output is drawn by the one terminal renderer, `src/util/reporter.ts`;
 * this name stays so the engine's modules need not change.
 */
export { Reporter, type ReporterOptions } from "../util/reporter.ts";
