/**
 * @module The script report.html runs in the browser: draws each chart spec with chart.js.
 * `drawCharts` is inlined into the page by its source text, so it must not use anything from
 * outside its own body (type imports are fine: they vanish).
 */
import type { ChartSpec } from "../charts/chart.ts";

/** The part of chart.js's `Chart` class the page uses. */
export type ChartLib = new (canvas: unknown, config: unknown) => unknown;

/** The part of `document` the page uses. */
export interface PageDocument {
  getElementById(id: string): { textContent: string | null } | null;
}

/** What the page reports back per chart (exposed as `window.__turnbenchCharts`). */
export interface DrawnChart {
  id: string;
  points: number;
  error: string | null;
}

/**
 * Draws every chart spec into the canvas with the same id, without animation, and reports what
 * it drew. A chart that fails is reported (and logged), and the others still draw.
 *
 * @example
 * ```ts
 * // in the page: drawCharts(specs, window.Chart, document, (d) => window.__turnbenchCharts = d)
 * ```
 */
export function drawCharts(
  specs: ChartSpec[],
  Chart: ChartLib,
  doc: PageDocument,
  done: (drawn: DrawnChart[]) => void,
): void {
  const drawn: DrawnChart[] = [];
  for (const spec of specs) {
    const xy = spec.kind === "xy" || spec.kind === "scatter";
    const datasets = spec.series.map((s) => ({
      label: s.label,
      data: xy ? (s.data as Array<[number, number]>).map(([x, y]) => ({ x, y })) : s.data,
      borderColor: s.color,
      backgroundColor: spec.kind === "scatter"
        ? s.color + "80"
        : spec.kind === "bar"
        ? s.color
        : "transparent",
      pointBackgroundColor: s.color,
      borderDash: s.dash ?? [],
      borderWidth: spec.kind === "bar" ? 0 : 2,
      yAxisID: s.axis ?? "y",
      showLine: spec.kind === "xy" || spec.kind === "line",
      spanGaps: true,
      pointRadius: spec.kind === "xy" ? 0 : spec.kind === "scatter" ? 2.5 : 3,
    }));
    const scales: Record<string, unknown> = {
      x: {
        type: xy ? "linear" : "category",
        title: { display: true, text: spec.xTitle, font: { size: 13 } },
      },
      y: {
        beginAtZero: true,
        title: { display: true, text: spec.yTitle, font: { size: 13 } },
      },
    };
    if (spec.series.some((s) => s.axis === "y2")) {
      scales.y2 = {
        position: "right",
        beginAtZero: true,
        grid: { drawOnChartArea: false },
        title: { display: true, text: spec.y2Title ?? "", font: { size: 13 } },
      };
    }
    const points = spec.series.reduce((n, s) => n + s.data.filter((d) => d !== null).length, 0);
    try {
      new Chart(doc.getElementById(spec.id), {
        type: xy ? "scatter" : spec.kind,
        data: { labels: spec.labels, datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: xy ? "nearest" : "index", intersect: false },
          plugins: {
            title: { display: true, text: spec.title, font: { size: 15, weight: "bold" } },
            legend: {
              position: "bottom",
              labels: spec.kind === "bar" || spec.kind === "scatter"
                ? { boxWidth: 14 }
                : { boxWidth: 32, boxHeight: 0 },
            },
          },
          scales,
        },
      });
      drawn.push({ id: spec.id, points, error: null });
    } catch (error) {
      console.error(`Cannot draw chart "${spec.id}": ${error}`);
      drawn.push({ id: spec.id, points, error: String(error) });
    }
  }
  done(drawn);
}
