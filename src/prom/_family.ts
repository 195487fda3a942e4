/** @module Internal: metric families, the sample-name suffixes each type owns, and sample values. */

/** A family's type as `# TYPE` declares it (OpenMetrics types included). */
export type MetricType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "summary"
  | "info"
  | "stateset"
  | "untyped"
  | "unknown";

/** A metric family: its name and what its metadata lines said. */
export interface Family {
  name: string;
  type: MetricType;
  /** True when a `# TYPE` line declared the type. */
  typed: boolean;
  help?: string;
  unit?: string;
}

/**
 * The sample-name suffixes that belong to a family of each type. `_created` is listed so it is
 * attributed to its family, though it is a timestamp, not a count.
 */
export const CHILD_SUFFIXES: Partial<Record<MetricType, readonly string[]>> = {
  histogram: ["_bucket", "_sum", "_count", "_created"],
  gaugehistogram: ["_bucket", "_gsum", "_gcount"],
  summary: ["_sum", "_count", "_created"],
  counter: ["_total", "_created"],
  info: ["_info"],
};

const ALL_SUFFIXES = [...new Set(Object.values(CHILD_SUFFIXES).flat())];

/**
 * Finds the family a sample name belongs to: the family of that exact name when a `# TYPE` line
 * declared it, else the typed family whose child suffix it carries (`x_bucket` → histogram `x`),
 * else an untyped family of its own name.
 */
export function familyOf(name: string, families: ReadonlyMap<string, Family>): Family {
  const exact = families.get(name);
  if (exact?.typed) return exact;
  for (const suffix of ALL_SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = families.get(name.slice(0, -suffix.length));
    if (base?.typed && CHILD_SUFFIXES[base.type]?.includes(suffix)) return base;
  }
  return exact ?? { name, type: "untyped", typed: false };
}

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a sample value or timestamp as Go's `strconv.ParseFloat` reads the usual forms:
 * decimals, exponents, `NaN`, `+Inf`, `-Inf` (case-insensitive).
 *
 * @returns the number, or undefined when the text is not a number
 * @example
 * ```ts
 * parseSampleValue("+Inf"); // Infinity
 * ```
 */
export function parseSampleValue(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text);
  switch (text.toLowerCase()) {
    case "nan":
      return NaN;
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return Infinity;
    case "-inf":
    case "-infinity":
      return -Infinity;
  }
  return undefined;
}
