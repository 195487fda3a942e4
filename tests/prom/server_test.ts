/** @module Tests of startPrometheus' config and errors, and of the `prometheus` stage's params. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { prometheusConfig, startPrometheus } from "../../src/prom/server.ts";
import prometheus, { PrometheusParams } from "../../tasks/prometheus.ts";
import { TASKS } from "../../tasks/mod.ts";
import { ensurePromtool } from "../mock/_promtool.ts";

const promtool = await ensurePromtool();

Deno.test("prometheusConfig groups targets by scheme and metrics path, without duplicates", () => {
  const text = prometheusConfig(
    ["http://127.0.0.1:8000", "127.0.0.1:8001", "http://127.0.0.1:8000/", "https://h:9/m"],
    1.5,
  );
  assert.match(text, /scrape_interval: 1500ms\n {2}scrape_timeout: 1500ms\n/);
  assert.match(
    text,
    /job_name: "turnbench"\n {4}scheme: http\n {4}metrics_path: "\/metrics"\n.*\n.*targets: \["127\.0\.0\.1:8000","127\.0\.0\.1:8001"\]/,
  );
  assert.match(text, /job_name: "turnbench_2"\n {4}scheme: https\n {4}metrics_path: "\/m"\n/);
});

Deno.test({
  name: "prometheusConfig writes a config promtool accepts" +
    (promtool.ok ? "" : ` (ignored: ${promtool.reason})`),
  ignore: !promtool.ok,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "turnbench-promconfig-" });
    try {
      const file = join(dir, "prometheus.yml");
      await Deno.writeTextFile(file, prometheusConfig(["127.0.0.1:8000", "https://h:9/m"], 1));
      const r = await new Deno.Command(promtool.ok ? promtool.path : "promtool", {
        args: ["check", "config", file],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(
        r.code,
        0,
        new TextDecoder().decode(r.stderr) + new TextDecoder().decode(r.stdout),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("startPrometheus names a missing binary, one that exits, and a bad target", async () => {
  await assert.rejects(
    startPrometheus({ targets: ["127.0.0.1:1"], binary: "no-such-prometheus-binary" }),
    {
      name: "UserError",
      message:
        'Cannot start Prometheus: "no-such-prometheus-binary" not found (apt-get install prometheus)',
    },
  );
  await assert.rejects(startPrometheus({ targets: ["127.0.0.1:1"], binary: "/bin/false" }), {
    name: "UserError",
    message: 'Cannot start Prometheus: "/bin/false" exited with code 1',
  });
  await assert.rejects(startPrometheus({ targets: ["ftp://x:1"], binary: "/bin/true" }), {
    name: "UserError",
    message: 'Cannot start Prometheus: target "ftp://x:1" is not an http(s) URL or host:port',
  });
});

Deno.test("prometheus stage is a registered service with one target or a list", () => {
  assert.equal(TASKS.prometheus, prometheus);
  assert.equal(prometheus.kind, "service");
  assert.deepEqual(PrometheusParams.parse({ targets: "http://127.0.0.1:1" }), {
    targets: ["http://127.0.0.1:1"],
    scrape_interval_s: 1,
  });
  assert.equal(PrometheusParams.safeParse({ targets: [] }).success, false);
  assert.equal(PrometheusParams.safeParse({ targets: ["x"], scrape_interval_s: 0 }).success, false);
});
