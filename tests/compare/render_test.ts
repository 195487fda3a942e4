/**
 * @module The compare report's files: compare.md and compare.json say the same verdicts, the chart
 * registry lists every chart module under its id and section, and compare.html opens offline in
 * headless Chromium with every overlaid chart drawn (skipped without Chromium).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { CompareChart } from "../../src/compare/charts/chart.ts";
import { buildCompareCharts, COMPARE_CHARTS } from "../../src/compare/charts/registry.ts";
import { COMPARE_KIND } from "../../src/compare/render/json.ts";
import { writeCompare } from "../../src/compare/write.ts";
import { findChromium, launchChromium } from "../report/chromium.ts";
import { withTempDir } from "../report/helpers.ts";
import { writeTrialSweep } from "../report/_trial_sweeps.ts";

const chromium = await findChromium();
if (!chromium.path) console.error(`compare html tests ignored: ${chromium.reason}`);

const EXPECTED: Array<[id: string, section: string]> = [
  ["chart-changes", "changes"],
  ["chart-ttft-cdf", "distributions"],
  ["chart-ttft-turn", "distributions"],
  ["chart-by-load", "by-load"],
];

const CHARTS_DIR = fileURLToPath(new URL("../../src/compare/charts/", import.meta.url));

/** Three synthetic sweeps of the same sessions: a, b 30% slower to first token, c the same as a. */
async function threeSweeps(dir: string): Promise<string[]> {
  return [
    await writeTrialSweep(`${dir}/a`, { trials: [1, 1.01, 0.99] }),
    await writeTrialSweep(`${dir}/b`, { trials: [1.3, 1.31, 1.29], seed: 2 }),
    await writeTrialSweep(`${dir}/c`, { trials: [1, 0.99, 1.01], seed: 3 }),
  ];
}

Deno.test("the compare chart registry lists every chart module under its id and section", async () => {
  assert.deepEqual(COMPARE_CHARTS.map((c) => [c.id, c.section]), EXPECTED);
  for await (const e of Deno.readDir(CHARTS_DIR)) {
    const mod = await import(`${CHARTS_DIR}${e.name}`) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const chart = value as Partial<CompareChart> | null;
      if (typeof chart?.build !== "function" || typeof chart.id !== "string") continue;
      assert.ok(COMPARE_CHARTS.includes(chart as CompareChart), `${e.name}: ${name} not listed`);
    }
  }
});

Deno.test("compare.md and compare.json give each figure's change, interval and verdict", async () => {
  await withTempDir(async (dir) => {
    const results = await threeSweeps(dir);
    const { files, model } = await writeCompare({
      results,
      labels: ["a", "b", "c"],
      title: "A <b>test</b>",
    }, `${dir}/out`);
    const md = await Deno.readTextFile(files.markdown);
    assert.match(md, /^# A &lt;b&gt;test&lt;\/b&gt;\n/);
    assert.match(md, /b against a: \d+ worse \(TTFT p50, first turn R1 c=4/);
    assert.match(
      md,
      /\| TTFT p50, first turn \| [\d.]+ \| [\d.]+ \| \+\d\d\.\d% \| \\\[\+\d\d\.\d, \+\d\d\.\d\\\]% \| ✗ worse \| 60 paired sessions × 3\+3 trials \|/,
    );
    const json = JSON.parse(await Deno.readTextFile(files.json));
    assert.equal(json.kind, COMPARE_KIND);
    assert.equal(json.reference, "a");
    assert.deepEqual(json.sweeps.map((s: { label: string }) => s.label), ["a", "b", "c"]);
    const [group] = json.groups;
    assert.deepEqual(group.against.map((x: { label: string }) => x.label), ["b", "c"]);
    const first = (label: string) =>
      group.against.find((x: { label: string }) => x.label === label).figures
        .find((f: { id: string }) => f.id === "ttft_first_p50");
    assert.equal(first("b").verdict, "worse");
    assert.ok(first("b").low > 20 && first("b").high < 40);
    assert.equal(first("c").verdict, "same");
    assert.equal(first("b").method, "trials");
    const charts = buildCompareCharts(model).map((c) => [c.spec.id, c.section]);
    assert.deepEqual(charts, [
      ["chart-changes-0", "changes"],
      ["chart-ttft-cdf-0", "distributions"],
      ["chart-ttft-turn-0", "distributions"],
      ["chart-by-load-0", "by-load"],
      ["chart-by-load-1", "by-load"],
      ["chart-by-load-2", "by-load"],
      ["chart-by-load-3", "by-load"],
    ]);
    const html = await Deno.readTextFile(files.html);
    assert.ok(!html.includes("<b>test</b>"), "the title is escaped");
    for (const [id, section] of charts) {
      const body = html.match(new RegExp(`<section id="${section}">([\\s\\S]*?)</section>`))?.[1];
      assert.ok(body?.includes(`<canvas id="${id}"`), `${id} is drawn in ${section}`);
    }
  });
});

Deno.test({
  name: "compare.html opens offline with every overlaid chart drawn and no console errors",
  ignore: !chromium.path,
  fn: () =>
    withTempDir(async (dir) => {
      const results = await threeSweeps(dir);
      const { files } = await writeCompare({ results, labels: ["a", "b", "c"] }, `${dir}/out`);
      const page = await launchChromium(chromium.path!);
      try {
        await page.open(`file://${files.html}`);
        assert.deepEqual(page.events.errors, []);
        assert.equal(page.events.requests.length, 1, "only the file itself");
        const drawn = await page.evaluate<
          Array<{ id: string; points: number; error: string | null }>
        >(
          "window.__turnbenchCharts",
        );
        assert.equal(drawn.length, 7);
        for (const d of drawn) assert.ok(d.error === null && d.points > 0, JSON.stringify(d));
        const banner = await page.evaluate<string>(
          `document.querySelector(".banner.bad").textContent`,
        );
        assert.match(banner, /b against a: \d+ worse/);
        const shot = Deno.env.get("COMPARE_SCREENSHOT");
        if (shot) await Deno.writeFile(shot, await page.screenshot(1400));
      } finally {
        await page.close();
      }
    }),
});
