/** @module Service stages: started on demand, health-checked, stopped when their last user ends. */
import type { ServiceHandle, ServiceTask, TaskContext } from "./task.ts";
import { pollUntilOk } from "../io/http.ts";

/** Health polling limits (bounded: at most `tries × (interval + timeout)`). */
export interface HealthOptions {
  tries?: number;
  intervalMs?: number;
  timeoutMs?: number;
}

/**
 * Polls `url` with GET until it answers 2xx.
 *
 * @throws Error naming the URL and the last failure after `tries` attempts, or when aborted
 */
export async function waitHealthy(
  url: string,
  signal: AbortSignal,
  opts: HealthOptions = {},
): Promise<void> {
  const { tries = 100, intervalMs = 100, timeoutMs = 2000 } = opts;
  const polled = await pollUntilOk(url, { signal, tries, intervalMs, timeoutMs });
  if (!polled.ok) {
    throw new Error(`health check of ${url} failed after ${tries} tries: ${polled.last}`);
  }
}

interface Running {
  handle: Promise<ServiceHandle>;
  users: number;
  stopped?: Promise<void>;
}

/**
 * The services of one run. `start` is called at most once per service; `release` is called as
 * each user finishes, and the service stops when its count of users reaches zero.
 */
export class ServicePool {
  private readonly running = new Map<string, Running>();
  private readonly users = new Map<string, number>();

  /** @param onStop called after each stop (or failed stop) with the service and an error, if any */
  constructor(private readonly onStop: (name: string, error?: unknown) => void = () => {}) {}

  /** Declares how many users (dependent stages) a service will have in this run. */
  setUsers(name: string, n: number): void {
    this.users.set(name, n);
  }

  /** How many users of a service have not finished. */
  usersLeft(name: string): number {
    return this.users.get(name) ?? 0;
  }

  /** Whether a service was started. */
  started(name: string): boolean {
    return this.running.has(name);
  }

  /** Starts a service once (start + health check) and returns its handle. */
  ensure(name: string, start: () => Promise<ServiceHandle>): Promise<ServiceHandle> {
    let r = this.running.get(name);
    if (!r) {
      r = { handle: start(), users: this.users.get(name) ?? 0 };
      this.running.set(name, r);
    }
    return r.handle;
  }

  /** One user of a service is done; the last one stops it. */
  async release(name: string): Promise<void> {
    const left = (this.users.get(name) ?? 1) - 1;
    this.users.set(name, left);
    if (left <= 0 && this.running.has(name)) await this.stop(name);
  }

  /** Stops one service (idempotent). */
  stop(name: string): Promise<void> {
    const r = this.running.get(name);
    if (!r) return Promise.resolve();
    r.stopped ??= (async () => {
      try {
        const handle = await r.handle;
        await handle.stop();
        this.onStop(name);
      } catch (error) {
        this.onStop(name, error);
      }
    })();
    return r.stopped;
  }

  /** Stops every started service. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((n) => this.stop(n)));
  }
}

/**
 * Starts a service stage in its working folder and waits until it is healthy. The handle's `stop`
 * also removes the folder; a service that never gets healthy is stopped before the error is thrown.
 */
export async function launchService(
  task: ServiceTask,
  params: unknown,
  opts: { workdir: string; context: TaskContext; signal: AbortSignal; health?: HealthOptions },
): Promise<ServiceHandle> {
  await Deno.mkdir(opts.workdir, { recursive: true });
  const handle = await task.start(params, opts.context);
  const stop = handle.stop.bind(handle);
  handle.stop = async () => {
    try {
      await stop();
    } finally {
      await Deno.remove(opts.workdir, { recursive: true }).catch(() => {});
    }
  };
  try {
    if (handle.healthUrl) await waitHealthy(handle.healthUrl, opts.signal, opts.health);
  } catch (error) {
    await handle.stop().catch(() => {});
    throw error;
  }
  return handle;
}
