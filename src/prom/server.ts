/** @module Starts a throwaway local Prometheus server (Debian's `prometheus` binary) for a run. */
import { join } from "node:path";
import { UserError } from "../util/errors.ts";
import { pollUntilOk } from "../io/http.ts";
import { sleep } from "../io/sleep.ts";
import { instantValues, queryInstant } from "./query_api.ts";

/** Options of `startPrometheus`. */
export interface PrometheusOptions {
  /** What to scrape: base URLs (`http://127.0.0.1:8000`, path `/metrics`) or `host:port`. */
  targets: readonly string[];
  /** Scrape interval in seconds (default 1). */
  scrapeIntervalS?: number;
  /** The binary: a name looked up on PATH and in /usr/bin, or a path (default `prometheus`). */
  binary?: string;
  /** Folder to create the server's temp folder in (config + TSDB); default the system's. */
  dir?: string;
  /** Aborting stops the server (and a start in progress). */
  signal?: AbortSignal;
  /** Bound on the wait for `/-/ready` and for the first scrape of every target, ms (default 60,000). */
  readyTimeoutMs?: number;
}

/** A running Prometheus server. */
export interface PrometheusServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The process id. */
  pid: number;
  /** Its temp folder (config and TSDB), removed by `stop`. */
  dir: string;
  /** Stops it (SIGTERM, SIGKILL after 10 s), waits for the exit and removes its folder; idempotent. */
  stop(): Promise<void>;
}

const KILL_AFTER_MS = 10_000;
const POLL_MS = 200;

/**
 * Starts Prometheus on a free 127.0.0.1 port, scraping `targets` every `scrapeIntervalS`, and
 * resolves once it is ready and has scraped every target once (so a query at any later instant
 * has a value).
 *
 * @throws {UserError} `Cannot start Prometheus: …` when the binary is missing, exits, or is not
 *   ready in time (the message ends with its last log lines)
 * @example
 * ```ts
 * const prom = await startPrometheus({ targets: ["http://127.0.0.1:8000"] });
 * try {
 *   console.log(await fetch(`${prom.url}/api/v1/query?query=up`).then((r) => r.json()));
 * } finally {
 *   await prom.stop();
 * }
 * ```
 */
export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  const binary = await findPrometheus(opts.binary);
  if (!binary) {
    throw new UserError(
      `Cannot start Prometheus: "${
        opts.binary ?? "prometheus"
      }" not found (apt-get install prometheus)`,
    );
  }
  const text = prometheusConfig(opts.targets, opts.scrapeIntervalS ?? 1);
  const dir = await Deno.makeTempDir({ dir: opts.dir, prefix: "turnbench-prometheus-" });
  const config = join(dir, "prometheus.yml");
  await Deno.writeTextFile(config, text);
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (let attempt = 1;; attempt++) {
    const proc = spawn(binary, config, join(dir, "data"));
    try {
      await proc.ready(deadline, opts.signal);
      const count = [...scrapeJobs(opts.targets).values()].reduce((n, h) => n + h.length, 0);
      await waitForFirstScrapes(proc.url, count, deadline, opts.signal);
    } catch (error) {
      await proc.stop();
      const portTaken = /address already in use/.test(proc.log());
      if (portTaken && attempt < 3 && !opts.signal?.aborted) continue;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw error;
    }
    let stopped: Promise<void> | undefined;
    const stop = () =>
      stopped ??= (async () => {
        opts.signal?.removeEventListener("abort", onAbort);
        await proc.stop();
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      })();
    const onAbort = () => void stop();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    return { url: proc.url, pid: proc.pid, dir, stop };
  }
}

/**
 * Returns the path of the Prometheus binary, or undefined when there is none: a path is taken as
 * is, a name is looked up on PATH and then in /usr/bin and /usr/sbin.
 */
export async function findPrometheus(binary = "prometheus"): Promise<string | undefined> {
  const dirs = binary.includes("/")
    ? [""]
    : [...(Deno.env.get("PATH") ?? "").split(":").filter(Boolean), "/usr/bin", "/usr/sbin"];
  for (const d of dirs) {
    const path = d ? join(d, binary) : binary;
    try {
      const info = await Deno.stat(path);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The scrape jobs for `targets`: `"<scheme> <metrics path>"` → distinct `host:port`s. */
function scrapeJobs(targets: readonly string[]): Map<string, string[]> {
  const jobs = new Map<string, string[]>();
  for (const target of targets) {
    const url = URL.parse(/^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`);
    if (!url?.host || !/^https?:$/.test(url.protocol)) {
      throw new UserError(
        `Cannot start Prometheus: target "${target}" is not an http(s) URL or host:port`,
      );
    }
    const path = url.pathname === "/" ? "/metrics" : url.pathname;
    const job = `${url.protocol.slice(0, -1)} ${path}`;
    const hosts = jobs.get(job) ?? [];
    if (!hosts.includes(url.host)) jobs.set(job, [...hosts, url.host]);
  }
  return jobs;
}

/**
 * The config file: one scrape job per (scheme, metrics path) with its targets; the first job is
 * named `turnbench` (the `job` label of every series it scrapes).
 *
 * @throws {UserError} when a target is not an http(s) URL or `host:port`
 */
export function prometheusConfig(targets: readonly string[], scrapeIntervalS: number): string {
  const jobs = scrapeJobs(targets);
  const interval = `${Math.max(1, Math.round(scrapeIntervalS * 1000))}ms`;
  const lines = ["global:", `  scrape_interval: ${interval}`, `  scrape_timeout: ${interval}`];
  lines.push("scrape_configs:");
  [...jobs].forEach(([job, hosts], i) => {
    const [scheme, path] = job.split(" ");
    lines.push(
      `  - job_name: ${JSON.stringify(i === 0 ? "turnbench" : `turnbench_${i + 1}`)}`,
      `    scheme: ${scheme}`,
      `    metrics_path: ${JSON.stringify(path)}`,
      "    static_configs:",
      `      - targets: ${JSON.stringify(hosts)}`,
    );
  });
  return lines.join("\n") + "\n";
}

/** A spawned Prometheus process with its port and the tail of its log. */
function spawn(binary: string, config: string, storage: string) {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(binary, {
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let tail = "";
  const drained = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (text) => void (tail = (tail + text).slice(-4000)) }),
  ).catch(() => {});
  let exited = false;
  const status = child.status.finally(() => exited = true);
  const log = () => tail.trim().split("\n").slice(-3).join("\n");
  const fail = (why: string): never => {
    throw new UserError(`Cannot start Prometheus: ${why}${tail.trim() ? `\n${log()}` : ""}`);
  };
  let stopping: Promise<void> | undefined;
  return {
    url,
    pid: child.pid,
    log,
    /** Polls `/-/ready` until it answers 200, the process exits, or the deadline passes. */
    async ready(deadline: number, signal?: AbortSignal): Promise<void> {
      const polled = await pollUntilOk(`${url}/-/ready`, {
        signal,
        deadline,
        intervalMs: POLL_MS,
        timeoutMs: 2000,
        beforeEach: async () => {
          if (exited) fail(`"${binary}" exited with code ${(await status).code}`);
        },
      });
      if (!polled.ok) fail(`not ready at ${url}/-/ready within the time allowed`);
    },
    /** SIGTERM, then SIGKILL after KILL_AFTER_MS; resolves once it has exited. */
    stop(): Promise<void> {
      return stopping ??= (async () => {
        const kill = (signal: Deno.Signal) => {
          try {
            if (!exited) child.kill(signal);
          } catch {
            // exited in between
          }
        };
        kill("SIGTERM");
        const timer = setTimeout(() => kill("SIGKILL"), KILL_AFTER_MS);
        await status;
        clearTimeout(timer);
        await drained;
      })();
    },
  };
}

/** Polls `up` until it has a series for every target (each was scraped once, up or down). */
async function waitForFirstScrapes(
  url: string,
  targets: number,
  deadline: number,
  signal?: AbortSignal,
): Promise<void> {
  let seen = 0;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    seen = instantValues(await queryInstant(url, "up", { signal, timeoutMs: 2000 }), "up").size;
    if (seen >= targets) return;
    await sleep(POLL_MS, signal);
  }
  throw new UserError(
    `Cannot start Prometheus: ${seen} of ${targets} targets scraped within the time allowed`,
  );
}

/** A port on 127.0.0.1 that was free a moment ago (bound, then released). */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}
