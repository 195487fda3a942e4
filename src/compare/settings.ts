/**
 * @module What differs between the sweeps compared, besides the server: comparing sweeps of other
 * sessions or settings is allowed, with a warning that lists each difference against the
 * reference (the endpoint is what an A/B varies, so it is shown, never warned about).
 */
import type { SweepConfig } from "../results/summary.ts";

/** The config fields checked, in the order warnings list them. */
export const CHECKED_FIELDS = [
  "dataset_digest",
  "dataset",
  "num_samples",
  "seed",
  "model",
  "concurrency",
  "request_rates",
  "rounds",
  "repeat",
  "max_context_tokens",
  "max_output_tokens",
  "reset_cache_between_rounds",
] as const satisfies ReadonlyArray<keyof SweepConfig>;

/** One field that differs from the reference. */
export interface SettingDifference {
  field: (typeof CHECKED_FIELDS)[number];
  reference: unknown;
  value: unknown;
}

const shown = (v: unknown) => {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return `"${text.length > 24 ? `${text.slice(0, 12)}…` : text}"`;
};

/**
 * The checked fields in which `config` differs from the reference's.
 *
 * @example
 * ```ts
 * settingDifferences(a.summary.config, b.summary.config); // [{ field: "max_output_tokens", … }]
 * ```
 */
export function settingDifferences(ref: SweepConfig, config: SweepConfig): SettingDifference[] {
  const value = (c: SweepConfig, f: SettingDifference["field"]) =>
    f === "repeat" ? c.repeat ?? 1 : c[f];
  return CHECKED_FIELDS.filter((f) =>
    JSON.stringify(value(ref, f)) !== JSON.stringify(value(config, f))
  )
    .map((field) => ({ field, reference: value(ref, field), value: value(config, field) }));
}

/**
 * The warning line for one sweep's differences; null when there are none.
 *
 * @example
 * ```ts
 * differenceWarning("B", "A", diffs);
 * // 'B differs from A in settings: max_output_tokens "32" (A: "64"); …'
 * ```
 */
export function differenceWarning(
  label: string,
  refLabel: string,
  diffs: readonly SettingDifference[],
): string | null {
  if (!diffs.length) return null;
  const parts = diffs.map((d) =>
    `${d.field} ${shown(d.value)} (${refLabel}: ${shown(d.reference)})`
  );
  const sessions = diffs.some((d) => ["dataset_digest", "num_samples", "seed"].includes(d.field))
    ? " — the sessions may not be the same, so pairs are matched by session id only"
    : "";
  return `${label} differs from ${refLabel} in settings: ${parts.join("; ")}${sessions}`;
}
