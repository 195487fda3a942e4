/** @module Tests of the Prometheus HTTP API client against a fake API server on 127.0.0.1. */
import assert from "node:assert/strict";
import {
  instantValues,
  PrometheusApiError,
  queryInstant,
  queryRange,
} from "../../src/prom/query_api.ts";
import { UserError } from "../../src/util/errors.ts";
import { closedPort, rejection, withServer } from "./_server.ts";

const VECTOR = {
  status: "success",
  data: {
    resultType: "vector",
    result: [
      {
        metric: {
          __name__: "vllm:prompt_tokens_total",
          engine: "0",
          instance: "127.0.0.1:8000",
          job: "vllm",
          model_name: "qwen3-8b",
        },
        value: [1763896400.123, "184957"],
      },
      { metric: { engine: "0", job: "vllm" }, value: [1763896400.123, "NaN"] },
      { metric: { __name__: "up", job: "vllm" }, value: [1763896400.123, "+Inf"] },
    ],
  },
};

const BAD_DATA = {
  status: "error",
  errorType: "bad_data",
  error: "invalid parameter \"query\": 1:14: parse error: unexpected right parenthesis ')'",
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

Deno.test("queryInstant sends query and time and returns the vector", async () => {
  await withServer(() => json(VECTOR), async (server) => {
    const data = await queryInstant(server.url, "vllm:prompt_tokens_total", {
      time: 1763896400.1234,
    });
    assert.equal(data.resultType, "vector");
    const [url] = server.requests;
    assert.equal(url.pathname, "/api/v1/query");
    assert.equal(url.searchParams.get("query"), "vllm:prompt_tokens_total");
    assert.equal(url.searchParams.get("time"), "1763896400.123");
  });
});

Deno.test("queryInstant leaves time out when none is given and keeps a base path", async () => {
  await withServer(() => json(VECTOR), async (server) => {
    await queryInstant(`${server.url}/prometheus`, "up");
    const [url] = server.requests;
    assert.equal(url.pathname, "/prometheus/api/v1/query");
    assert.equal(url.searchParams.has("time"), false);
  });
});

Deno.test("instantValues keys series by __name__ and sorted labels, parsing special values", async () => {
  await withServer(() => json(VECTOR), async (server) => {
    const values = instantValues(
      await queryInstant(server.url, "sum by (engine, job) (x)"),
      "sum by (engine, job) (x)",
    );
    assert.deepEqual([...values.keys()], [
      'vllm:prompt_tokens_total{engine="0",instance="127.0.0.1:8000",job="vllm",model_name="qwen3-8b"}',
      'sum by (engine, job) (x){engine="0",job="vllm"}',
      'up{job="vllm"}',
    ]);
    assert.deepEqual([...values.values()], [184957, NaN, Infinity]);
  });
});

Deno.test("instantValues names a scalar by the query and refuses a matrix", () => {
  const scalar = instantValues({ resultType: "scalar", result: [1, "2.5"] }, "scalar(x)");
  assert.deepEqual([...scalar], [["scalar(x)", 2.5]]);
  assert.throws(
    () => instantValues({ resultType: "matrix", result: [] }, "x[5m]"),
    /Cannot use query "x\[5m\]": it returns a matrix, not an instant vector/,
  );
});

Deno.test("queryInstant turns Prometheus' error answer into a PrometheusApiError", async () => {
  await withServer(() => json(BAD_DATA, 400), async (server) => {
    const error = await rejection(queryInstant(server.url, "sum(x))"));
    assert.ok(error instanceof PrometheusApiError);
    assert.ok(error instanceof UserError);
    assert.equal(error.errorType, "bad_data");
    assert.equal(error.status, 400);
    assert.equal(
      error.message,
      `Cannot query Prometheus "${server.url}/api/v1/query" for "sum(x))": bad_data: ${BAD_DATA.error} (HTTP 400 Bad Request)`,
    );
  });
});

Deno.test("queryInstant refuses an answer that is not JSON, naming the status", async () => {
  await withServer(
    () => new Response("<html>bad gateway</html>", { status: 502 }),
    async (server) => {
      const error = await rejection(queryInstant(server.url, "up"));
      assert.ok(error instanceof UserError);
      assert.equal(
        error.message,
        `Cannot query Prometheus "${server.url}/api/v1/query" for "up": HTTP 502 Bad Gateway, the answer is not JSON`,
      );
    },
  );
});

Deno.test("queryInstant refuses JSON that is not the API's shape, naming the field", async () => {
  const wrong = {
    status: "success",
    data: { resultType: "vector", result: [{ metric: {}, value: [1, 2] }] },
  };
  await withServer(() => json(wrong), async (server) => {
    const error = await rejection(queryInstant(server.url, "up"));
    assert.ok(error instanceof UserError);
    assert.match(error.message, /not a Prometheus API answer at "data\.result\.0\.value\.1": /);
  });
});

Deno.test("queryInstant throws a UserError when the server is unreachable", async () => {
  const base = `http://127.0.0.1:${closedPort()}`;
  const error = await rejection(queryInstant(base, "up"));
  assert.ok(error instanceof UserError);
  assert.equal(
    error.message,
    `Cannot query Prometheus "${base}/api/v1/query" for "up": connection refused`,
  );
});

Deno.test("queryRange sends start, end and step and returns the matrix", async () => {
  const matrix = {
    status: "success",
    data: {
      resultType: "matrix",
      result: [{ metric: { __name__: "up", job: "vllm" }, values: [[100, "1"], [115, "0"]] }],
    },
    warnings: ["results truncated"],
  };
  await withServer(() => json(matrix), async (server) => {
    const data = await queryRange(server.url, "up", { start: 100, end: 115.5, step: 15 });
    assert.deepEqual(data.result[0].values, [[100, "1"], [115, "0"]]);
    const [url] = server.requests;
    assert.equal(url.pathname, "/api/v1/query_range");
    assert.deepEqual(
      Object.fromEntries(url.searchParams),
      { query: "up", start: "100", end: "115.5", step: "15" },
    );
  });
});
