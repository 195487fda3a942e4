/** @module Test helper: headless Chromium driven over the DevTools protocol with Deno's WebSocket. */
import { join } from "node:path";

/** Finds Chromium; installs Debian's `chromium` when missing and running as root with apt-get. */
export async function findChromium(): Promise<{ path: string | null; reason: string }> {
  const which = async (name: string) => {
    try {
      const out = await new Deno.Command("which", { args: [name], stdout: "piped", stderr: "null" })
        .output();
      return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
    } catch {
      return null;
    }
  };
  const found = (await which("chromium")) ?? (await which("chromium-browser"));
  if (found) return { path: found, reason: "" };
  const root = Deno.uid?.() === 0;
  if (!root || !(await which("apt-get"))) {
    return {
      path: null,
      reason: "chromium is not installed (and cannot install it: not root or no apt-get)",
    };
  }
  const run = (args: string[]) =>
    new Deno.Command("apt-get", {
      args,
      env: { DEBIAN_FRONTEND: "noninteractive" },
      stdout: "null",
      stderr: "null",
    }).output();
  await run(["update"]);
  const install = await run(["install", "-y", "chromium"]);
  const path = install.success ? await which("chromium") : null;
  return {
    path,
    reason: path ? "" : "chromium is not installed and apt-get install chromium failed",
  };
}

/** What the page did while loaded. */
export interface PageEvents {
  errors: string[];
  requests: string[];
}

/** A page in a running headless Chromium. */
export interface Browser {
  /** Loads a URL and waits for its load event. */
  open(url: string): Promise<void>;
  /** Evaluates an expression in the page and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the whole page at `width`, or of the part from `top` of height `height`. */
  screenshot(width: number, part?: { top: number; height: number }): Promise<Uint8Array>;
  events: PageEvents;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium on a free debugging port and attaches to a new page.
 *
 * @param timeoutMs bound on start-up and on every command
 */
export async function launchChromium(path: string, timeoutMs = 30_000): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "turnbench-chromium-" });
  const child = new Deno.Command(path, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  let endpoint = "";
  const deadline = Date.now() + timeoutMs;
  while (!endpoint) {
    try {
      const [port, target] = (await Deno.readTextFile(join(profile, "DevToolsActivePort"))).split(
        "\n",
      );
      if (port && target) endpoint = `ws://127.0.0.1:${port.trim()}${target.trim()}`;
    } catch { /* not written yet */ }
    if (!endpoint) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error("Chromium did not write DevToolsActivePort in time");
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ws = new WebSocket(endpoint);
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`Cannot connect to ${endpoint}`));
  });
  const closed = new Promise<void>((r) => ws.addEventListener("close", () => r()));
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const waiters: Array<{ method: string; resolve(): void }> = [];
  const events: PageEvents = { errors: [], requests: [] };
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data as string);
    if (msg.id) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${msg.error.message}`));
      else p?.resolve(msg.result);
      return;
    }
    const params = msg.params ?? {};
    if (msg.method === "Runtime.exceptionThrown") {
      events.errors.push(
        `exception: ${
          params.exceptionDetails?.exception?.description ?? params.exceptionDetails?.text
        }`,
      );
    } else if (
      msg.method === "Runtime.consoleAPICalled" && ["error", "assert"].includes(params.type)
    ) {
      events.errors.push(
        `console.${params.type}: ${
          params.args?.map((a: { value?: unknown }) => a.value).join(" ")
        }`,
      );
    } else if (msg.method === "Log.entryAdded" && params.entry?.level === "error") {
      events.errors.push(`log: ${params.entry.text}`);
    } else if (msg.method === "Network.requestWillBeSent") {
      events.requests.push(params.request?.url);
    }
    for (const w of waiters.filter((w) => w.method === msg.method)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  let sessionId: string | undefined;
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => {
    const id = nextId++;
    ws.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} timed out`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  };
  const waitFor = (method: string) =>
    new Promise<void>((resolve) => waiters.push({ method, resolve }));
  const { targetId } = await send<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  ({ sessionId } = await send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  }));
  for (const domain of ["Runtime", "Page", "Log", "Network"]) await send(`${domain}.enable`);
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      "Runtime.evaluate",
      { expression, returnByValue: true, awaitPromise: true },
    );
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  return {
    events,
    async open(url) {
      const loaded = waitFor("Page.loadEventFired");
      await send("Page.navigate", { url });
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        loaded,
        new Promise((_, reject) =>
          timer = setTimeout(() => reject(new Error("page load timed out")), timeoutMs)
        ),
      ]).finally(() => clearTimeout(timer));
    },
    evaluate,
    async screenshot(width, part) {
      const height = await evaluate<number>("document.documentElement.scrollHeight");
      await send("Emulation.setDeviceMetricsOverride", {
        width,
        height,
        deviceScaleFactor: 1,
        mobile: false,
      });
      const clip = part && { x: 0, y: part.top, width, height: part.height, scale: 1 };
      const { data } = await send<{ data: string }>("Page.captureScreenshot", {
        format: "png",
        clip,
      });
      return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    },
    async close() {
      sessionId = undefined;
      await send("Browser.close").catch(() => {});
      ws.close();
      await closed;
      await stop();
    },
  };
}
