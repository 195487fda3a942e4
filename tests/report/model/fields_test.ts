/** @module The documented field list matches the CSV/JSON columns the report writes. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { fieldsMarkdown } from "../../../src/report/model/field_docs.ts";
import { FIELD_NAMES, ReportRow } from "../../../src/results/report_row.ts";
import { writeReport } from "../../../src/report/write.ts";
import { RESULTS, updatingGoldens, withTempDir } from "../helpers.ts";

const FIELDS_MD = fileURLToPath(new URL("../../../src/report/FIELDS.md", import.meta.url));
const FIELDS_TS = fileURLToPath(new URL("../../../src/results/report_row.ts", import.meta.url));

/** Formats Markdown as `deno fmt` does (FIELDS.md is kept formatted). */
async function denoFmt(md: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "md", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(md));
  await writer.close();
  return new TextDecoder().decode((await child.output()).stdout);
}

Deno.test("FIELDS.md is the generated field list (UPDATE=1 rewrites it)", async () => {
  const text = fieldsMarkdown();
  const formatted = await denoFmt(text);
  if (updatingGoldens()) await Deno.writeTextFile(FIELDS_MD, formatted);
  assert.equal(await Deno.readTextFile(FIELDS_MD), formatted);
  for (const f of FIELD_NAMES) assert.ok(text.includes(`| \`${f}\` |`), f);
});

Deno.test("the report_row.ts doc comment names every field", async () => {
  const source = await Deno.readTextFile(FIELDS_TS);
  const doc = source.slice(0, source.indexOf("*/"));
  for (const f of FIELD_NAMES) {
    const latency = f.match(/^(ttft|itl|tpot|e2e)_ms_(mean|p50|p90|p95|p99)$/);
    assert.ok(
      doc.includes(latency ? `\`${latency[1]}_ms_*\`` : `\`${f}\``),
      `${f} missing from the doc comment`,
    );
  }
});

Deno.test("summary.csv has the documented header and summary.json rows validate", async () => {
  await withTempDir(async (dir) => {
    await writeReport({ results: RESULTS }, dir);
    const csv = (await Deno.readTextFile(`${dir}/summary.csv`)).trimEnd().split("\n");
    assert.equal(csv[0], FIELD_NAMES.join(","));
    assert.equal(csv.length, 1 + 4, "one row per run");
    const json = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    assert.equal(json.kind, "turnbench-report");
    assert.equal(json.runs.length, 4);
    for (const row of json.runs) {
      assert.deepEqual(Object.keys(row), FIELD_NAMES);
      ReportRow.parse(row);
    }
    assert.equal(csv[1].split(",").length, FIELD_NAMES.length);
  });
});
