/** @module `deno task perf`: runs every benchmark in tests/perf/*_bench.ts, prints a table, writes perf/results.json. */
import type { PerfRow } from "./row.ts";

const here = new URL(".", import.meta.url);
const only = Deno.args.filter((a) => !a.startsWith("-"));
const files = [...Deno.readDirSync(here)]
  .map((e) => e.name)
  .filter((n) => n.endsWith("_bench.ts") && (only.length === 0 || only.some((o) => n.includes(o))))
  .sort();

const rows: PerfRow[] = [];
for (const file of files) {
  console.error(`perf: ${file}`);
  const mod = await import(new URL(file, here).href) as { default: () => Promise<PerfRow[]> };
  try {
    rows.push(...await mod.default());
  } catch (error) {
    rows.push({
      figure: `${file}: failed`,
      value: NaN,
      unit: "",
      target: String(error),
      pass: false,
    });
  }
}

const machine = `${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} cores, ${
  Math.round(Deno.systemMemoryInfo().total / 2 ** 30)
} GiB, deno ${Deno.version.deno}`;
const widths = [52, 14, 10, 24];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" ");
console.log(line(["figure", "value", "unit", "target"]) + " ok");
for (const r of rows) {
  const value = Number.isFinite(r.value) ? String(Number(r.value.toPrecision(4))) : "—";
  console.log(
    line([r.figure, value, r.unit, r.target]) + (r.pass === undefined ? "" : r.pass ? " ✓" : " ✗"),
  );
}
console.log(`machine: ${machine}`);
await Deno.mkdir("perf", { recursive: true });
await Deno.writeTextFile(
  "perf/results.json",
  JSON.stringify({ measured_at: new Date().toISOString(), machine, rows }, null, 2) + "\n",
);
