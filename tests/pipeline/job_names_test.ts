/** @module Job names and selectors: `stage[key=value,…]`, parsed, built and matched. */
import assert from "node:assert/strict";
import { jobName, parseSelector, selectJobs } from "../../src/pipeline/job_names.ts";

Deno.test("job selector reads a bare stage name or key=value pairs, spaces ignored", () => {
  assert.deepEqual(parseSelector("sweep"), { stage: "sweep" });
  assert.deepEqual(parseSelector(" sweep[ endpoint = b , max_context_tokens=4096 ]"), {
    stage: "sweep",
    pairs: [["endpoint", "b"], ["max_context_tokens", "4096"]],
  });
  for (const bad of ["sweep[", "sweep[endpoint]", "sweep[a=b=c]", "sweep[=b]", "1x", "a.b"]) {
    assert.equal(parseSelector(bad), undefined, bad);
  }
});

Deno.test("job name lists the values in the order given; no values is the stage name", () => {
  assert.equal(
    jobName("sweep", [["endpoint", "b"], ["max_context_tokens", "4096"]]),
    "sweep[endpoint=b,max_context_tokens=4096]",
  );
  assert.equal(jobName("sweep", []), "sweep");
});

Deno.test("a selector naming every key picks one job, fewer keys a list in expansion order", () => {
  const group = {
    matrixed: true,
    jobs: [
      { name: "s[e=a,m=1]", labels: [["e", "a"], ["m", "1"]] as const },
      { name: "s[e=a,m=2]", labels: [["e", "a"], ["m", "2"]] as const },
      { name: "s[e=b,m=1]", labels: [["e", "b"], ["m", "1"]] as const },
    ],
  };
  assert.deepEqual(selectJobs(parseSelector("s[m=1,e=b]")!, group), {
    jobs: ["s[e=b,m=1]"],
    one: true,
  });
  assert.deepEqual(selectJobs(parseSelector("s[m=1]")!, group), {
    jobs: ["s[e=a,m=1]", "s[e=b,m=1]"],
    one: false,
  });
  assert.deepEqual(selectJobs(parseSelector("s")!, group), {
    jobs: ["s[e=a,m=1]", "s[e=a,m=2]", "s[e=b,m=1]"],
    one: false,
  });
  assert.equal(
    selectJobs(parseSelector("s[e=c]")!, group),
    'no job matches "s[e=c]" (jobs: s[e=a,m=1], s[e=a,m=2], s[e=b,m=1])',
  );
});
