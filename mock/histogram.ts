/** @module A Prometheus histogram and the text-format helpers the mock's `/metrics` uses. */

/** Escapes a label value for the Prometheus text format. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Renders `{k="v",…}` (empty string for no labels). */
export function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** Formats a sample value (`+Inf`, `-Inf`, `NaN` spelled as Prometheus wants). */
export function sampleValue(v: number): string {
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return Number.isNaN(v) ? "NaN" : String(v);
}

/** A cumulative histogram with fixed upper bounds, as prometheus_client's. */
export class Histogram {
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.#counts = new Array(bounds.length).fill(0);
  }

  /** Records one observation. */
  observe(v: number): void {
    this.#sum += v;
    this.#count++;
    const i = this.bounds.findIndex((b) => v <= b);
    if (i >= 0) this.#counts[i]++;
  }

  /** The `_bucket`, `_sum` and `_count` lines for `name` with `labels`. */
  lines(name: string, labels: Record<string, string>): string[] {
    const out: string[] = [];
    let cumulative = 0;
    this.bounds.forEach((b, i) => {
      cumulative += this.#counts[i];
      out.push(`${name}_bucket${labelText({ ...labels, le: sampleValue(b) })} ${cumulative}`);
    });
    out.push(`${name}_bucket${labelText({ ...labels, le: "+Inf" })} ${this.#count}`);
    out.push(`${name}_sum${labelText(labels)} ${sampleValue(this.#sum)}`);
    out.push(`${name}_count${labelText(labels)} ${this.#count}`);
    return out;
  }
}
