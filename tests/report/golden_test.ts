/** @module Golden-file tests of report.md and summary.csv from the fixed fixture sweeps. */
import assert from "node:assert/strict";
import { renderMarkdown } from "../../src/report/render/markdown.ts";
import { buildModel } from "../../src/report/model/model.ts";
import { renderCsv } from "../../src/report/render/tabular.ts";
import { writeFixtures } from "../testdata/report/make_fixtures.ts";
import {
  assertGolden,
  BASELINE,
  PARTIAL,
  RESULTS,
  TESTDATA,
  updatingGoldens,
  withTempDir,
} from "./helpers.ts";

/** Replaces the machine-specific fixture path so golden files do not depend on the checkout. */
function stable(text: string): string {
  return text.replaceAll(TESTDATA, "<testdata>/");
}

Deno.test("report markdown of a complete sweep matches its golden file", async () => {
  const model = await buildModel({ results: RESULTS, baseline: BASELINE });
  await assertGolden("results.md", stable(renderMarkdown(model)));
});

Deno.test("summary csv of a complete sweep matches its golden file", async () => {
  const model = await buildModel({ results: RESULTS, baseline: BASELINE });
  await assertGolden("results.csv", renderCsv(model.rows));
});

Deno.test("report markdown of an interrupted sweep matches its golden file", async () => {
  const model = await buildModel({ results: PARTIAL });
  await assertGolden("partial.md", stable(renderMarkdown(model)));
  await assertGolden("partial.csv", renderCsv(model.rows));
});

Deno.test("fixture generator reproduces the committed fixtures byte for byte", async () => {
  await withTempDir(async (dir) => {
    await writeFixtures(dir);
    for (const sweep of ["results", "baseline", "partial"]) {
      for (const file of ["records.jsonl", "summary.json", "scraped.json"]) {
        const made = await Deno.readTextFile(`${dir}/${sweep}/${file}`);
        const kept = await Deno.readTextFile(`${TESTDATA}${sweep}/${file}`);
        assert.equal(made, kept, `${sweep}/${file} is not what make_fixtures.ts writes`);
      }
    }
  });
});

Deno.test("golden files are rewritten only with UPDATE=1, and never in CI", () => {
  const env = (vars: Record<string, string>) => ({ get: (k: string) => vars[k] });
  assert.equal(updatingGoldens(env({})), false);
  assert.equal(updatingGoldens(env({ CI: "true" })), false);
  assert.equal(updatingGoldens(env({ UPDATE: "0" })), false);
  assert.equal(updatingGoldens(env({ UPDATE: "1" })), true);
  assert.equal(updatingGoldens(env({ UPDATE: "1", CI: "false" })), true);
  for (const ci of ["true", "1", "yes"]) {
    assert.throws(
      () => updatingGoldens(env({ UPDATE: "1", CI: ci })),
      new RegExp(`^Error: Cannot rewrite golden files in CI \\(CI="${ci}"\\): unset UPDATE$`),
    );
  }
});
