/** @module report.html opened in headless Chromium: offline, every chart drawn, text escaped. */
import assert from "node:assert/strict";
import { writeReport } from "../../../src/report/write.ts";
import { type Browser, findChromium, launchChromium } from "../chromium.ts";
import { BASELINE, copyFixture, PARTIAL, RESULTS, withTempDir } from "../helpers.ts";

const chromium = await findChromium();
if (!chromium.path) console.error(`report html tests ignored: ${chromium.reason}`);

/** Writes a report into a temp folder, opens its HTML and hands the page to `check`. */
async function withPage(
  opts: { results: string; baseline?: string; title?: string },
  check: (page: Browser, html: string) => Promise<void>,
): Promise<void> {
  await withTempDir(async (dir) => {
    const { files } = await writeReport(opts, `${dir}/out`);
    const page = await launchChromium(chromium.path!);
    try {
      await page.open(`file://${files.html}`);
      await check(page, await Deno.readTextFile(files.html));
      const shot = Deno.env.get("REPORT_SCREENSHOT");
      if (shot) await Deno.writeFile(shot, await page.screenshot(1400));
    } finally {
      await page.close();
    }
  });
}

interface CanvasState {
  id: string;
  painted: number;
  elements: number;
}

const CANVASES = `(() => [...document.querySelectorAll("canvas")].map((c) => {
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) painted++;
  const chart = window.Chart.getChart(c);
  const elements = chart ? chart.data.datasets.reduce((n, _, i) => n + chart.getDatasetMeta(i).data.length, 0) : 0;
  return { id: c.id, painted, elements };
}))()`;

Deno.test({
  name: "report html opens offline with every chart drawn and no console errors",
  ignore: !chromium.path,
  fn: () =>
    withPage({ results: RESULTS, baseline: BASELINE }, async (page, html) => {
      assert.deepEqual(page.events.errors, []);
      assert.equal(page.events.requests.length, 1, `only the file itself: ${page.events.requests}`);
      assert.doesNotMatch(
        html,
        /<script[^>]+src=|<link[^>]+href=/,
        "nothing loaded from elsewhere",
      );
      const drawn = await page.evaluate<
        Array<{ id: string; points: number; error: string | null }>
      >(
        "window.__turnbenchCharts",
      );
      const canvases = await page.evaluate<CanvasState[]>(CANVASES);
      assert.equal(canvases.length, drawn.length);
      assert.ok(
        canvases.length >= 10,
        `expected the latency, throughput, TTFT, cache and metric charts, got ${canvases.length}`,
      );
      for (const c of canvases) {
        const d = drawn.find((x) => x.id === c.id)!;
        assert.equal(d.error, null, c.id);
        assert.ok(d.points > 0, `${c.id} has data`);
        assert.ok(c.elements > 0, `${c.id} drew its points/bars`);
        assert.ok(c.painted > 5000, `${c.id} canvas is painted (${c.painted} pixels)`);
      }
      const ids = canvases.map((c) => c.id);
      for (
        const id of [
          "chart-ttft",
          "chart-throughput",
          "chart-ttft-cdf",
          "chart-ttft-context",
          "chart-cache",
        ]
      ) {
        assert.ok(ids.includes(id), `${id} present`);
      }
      const banner = await page.evaluate<string>(
        `document.querySelector(".banner.bad").textContent`,
      );
      assert.match(banner, /12 regression\(s\) against baseline/);
    }),
});

Deno.test({
  name: "report html of an interrupted sweep says so at the top",
  ignore: !chromium.path,
  fn: () =>
    withPage({ results: PARTIAL }, async (page) => {
      assert.deepEqual(page.events.errors, []);
      const banner = await page.evaluate<{ text: string; top: number }>(`(() => {
        const b = document.querySelector(".banner.warn");
        return b ? { text: b.textContent, top: b.getBoundingClientRect().top } : null;
      })()`);
      assert.ok(banner, "a warning banner is shown");
      assert.match(
        banner.text,
        /Partial results\. The sweep stopped before it finished.*Incomplete runs: R2 c=2/,
      );
      assert.ok(banner.top < 200, `banner near the top (${banner.top}px)`);
    }),
});

Deno.test({
  name: "report html escapes model names, titles and series labels",
  ignore: !chromium.path,
  fn: () =>
    withTempDir(async (dir) => {
      await copyFixture(RESULTS, dir);
      const evil = `<img src=x onerror="window.__xss=1">`;
      const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
      summary.config.model = evil;
      summary.config.dataset = `</script><script>window.__xss=2</script>`;
      summary.runs[0].metrics[`evil_total{x="<svg onload=window.__xss=3>"}`] = {
        before: 0,
        after: 1,
        delta: 1,
      };
      await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
      await withPage({ results: dir, title: `</script><b id="t">bold</b>` }, async (page, html) => {
        assert.deepEqual(page.events.errors, []);
        assert.ok(!html.includes(evil), "raw markup never reaches the page");
        const state = await page.evaluate<
          { xss: unknown; tags: number; title: string; model: boolean }
        >(`({
          xss: window.__xss ?? null,
          tags: document.querySelectorAll("img, svg, b#t").length,
          title: document.querySelector("h1").textContent,
          model: document.body.textContent.includes(${JSON.stringify(evil)}),
        })`);
        assert.deepEqual(state, {
          xss: null,
          tags: 0,
          title: `</script><b id="t">bold</b>`,
          model: true,
        });
        const drawn = await page.evaluate<Array<{ error: string | null }>>(
          "window.__turnbenchCharts",
        );
        assert.ok(drawn.length > 0 && drawn.every((d) => d.error === null));
      });
    }),
});

/** Decodes the five entities `escapeHtml` writes. */
const unescape = (t: string) =>
  t.replace(
    /&(lt|gt|quot|#39|amp);/g,
    (_, e) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e as "lt"],
  );

Deno.test("report html escapes model names, titles and series labels (no browser needed)", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const evil = `<img src=x onerror="window.__xss=1">`;
    const closer = `</script><script>window.__xss=2</script>`;
    const label = `evil_total{x="<svg onload=window.__xss=3>"}`;
    const title = `</script><b id="t">bold</b> & 'more'`;
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    summary.config.model = evil;
    summary.config.dataset = closer;
    summary.runs[0].metrics[label] = { before: 0, after: 1, delta: 1 };
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    const { files } = await writeReport({ results: dir, title }, `${dir}/out`);
    const html = await Deno.readTextFile(files.html);

    // Exactly the page's own three scripts: nothing in the data closed one or opened another.
    assert.equal(html.match(/<script\b/gi)?.length, 3, "script elements opened");
    assert.equal(html.match(/<\/script/gi)?.length, 3, "script elements closed");
    const data = html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s);
    assert.ok(data, "the chart data element");
    assert.doesNotMatch(data[1], /[<>]/, "no markup character in the chart data");
    const parsed = JSON.stringify(JSON.parse(data[1]));
    assert.ok(parsed.includes("<svg onload=window.__xss=3>"), "the series label, read back");
    // Outside the scripts and the style, no tag of the injected text exists.
    const markup = html.replace(/<script\b[^>]*>.*?<\/script>/gs, "").replace(
      /<style>.*?<\/style>/s,
      "",
    );
    assert.doesNotMatch(markup, /<(img|svg|b)\b/i, "no injected element");
    for (const raw of [evil, closer, label, title]) assert.ok(!html.includes(raw), raw);
    // Escaped, every text still reads as written.
    const h1 = markup.match(/<h1>(.*?)<\/h1>/s)?.[1] ?? "";
    assert.equal(unescape(h1), title);
    assert.equal(unescape(markup.match(/<title>(.*?)<\/title>/s)?.[1] ?? ""), title);
    const text = unescape(markup.replace(/<[^>]*>/g, ""));
    assert.ok(text.includes(evil), "the model name shows as text");
  });
});
