/**
 * @module The server a sweep talks to: its profile (`server:`, else detected from `/v1/models` and
 * `/metrics`), the cache block size, the cache reset to make, and the series to scrape.
 *
 * Which reset, in order:
 * - `reset_cache_url` a URL: that call, as before (`http://…` POSTed, or `METHOD http://…`);
 * - `reset_cache_url: profile`, or none given while `reset_cache_between_rounds` or
 *   `require_cold` ask for resets: the profile's reset (llama.cpp: every slot listed by
 *   `GET /slots` erased; vLLM `POST /reset_prefix_cache`; the mock `POST /reset`);
 * - else none: a server is never reset unasked (naming `server:` alone does not reset it).
 * Asking for the profile's reset from a server that has none (`generic`) is an error (exit 2).
 */
import { detectServer } from "../servers/detect.ts";
import {
  hitRateFormula,
  PROFILES,
  profileSeries,
  type ServerProfile,
} from "../servers/profiles.ts";
import { resetServer } from "../servers/reset.ts";
import type { ServerInfo } from "../results/truth.ts";
import { UserError } from "../util/errors.ts";
import type { SweepOptions } from "./options.ts";
import { parseResetSpec, resetCache } from "./server.ts";

/** The `reset_cache_url` value that asks for the server profile's own reset. */
export const PROFILE_RESET = "profile";

/** A cache reset the sweep can make. */
export interface CacheReset {
  /** The call(s), as `METHOD url`, for logs, summaries and the reset warning. */
  label: string;
  /** Makes the reset; throws a one-line UserError when it fails. */
  run(): Promise<void>;
}

/** The server a sweep measures, as far as the sweep needs to know it. */
export interface ServerTarget {
  profile: ServerProfile;
  /** Cache block size for the expected cache: `cache_block_size`, else the profile's. */
  blockSize: number;
  /** How the profile was chosen. */
  evidence: string;
  reset: CacheReset | null;
  /** Series to scrape: `prometheus_metrics`, else the profile's (empty: every series). */
  metricNames: string[];
}

type TargetOptions = Pick<
  SweepOptions,
  | "endpoint"
  | "api_key"
  | "server"
  | "cache_block_size"
  | "reset_cache_url"
  | "reset_cache_between_rounds"
  | "require_cold"
  | "prometheus_url"
  | "prometheus_metrics"
>;

/**
 * Resolves the server's profile, block size, reset and scrape list (see the module comment).
 *
 * @throws {UserError} (exit 2) when resets are asked for and neither a URL nor the profile gives one
 * @example
 * ```ts
 * const target = await resolveTarget(options); // target.profile.kind === "llamacpp"
 * ```
 */
export async function resolveTarget(o: TargetOptions): Promise<ServerTarget> {
  let profile: ServerProfile;
  let blockSize: number;
  let evidence: string;
  if (o.server) {
    profile = PROFILES[o.server];
    blockSize = profile.blockSize;
    evidence = `server: ${o.server}`;
  } else {
    const found = await detectServer(o.endpoint, {
      apiKey: o.api_key,
      metricsUrl: o.prometheus_url,
    });
    profile = PROFILES[found.kind];
    blockSize = found.blockSize;
    evidence = `detected: ${found.evidence}`;
  }
  if (o.cache_block_size !== undefined) blockSize = o.cache_block_size;
  return {
    profile,
    blockSize,
    evidence,
    reset: chooseReset(o, profile),
    metricNames: o.prometheus_metrics.length > 0 ? o.prometheus_metrics : profileSeries(profile),
  };
}

function chooseReset(o: TargetOptions, profile: ServerProfile): CacheReset | null {
  const byProfile = o.reset_cache_url?.trim() === PROFILE_RESET;
  if (o.reset_cache_url && !byProfile) {
    const spec = parseResetSpec(o.reset_cache_url);
    return {
      label: `${spec.method} ${spec.url}`,
      run: () => resetCache(spec, o.api_key),
    };
  }
  if (!byProfile && !o.reset_cache_between_rounds && !o.require_cold) return null;
  const plan = profile.reset;
  if (plan === null) {
    throw new UserError(
      `Cannot reset the cache of "${new URL(o.endpoint).origin}": ${profile.label} has no ` +
        `known reset call (give reset_cache_url, or server:)`,
      { exitCode: 2 },
    );
  }
  const origin = new URL(o.endpoint).origin;
  const calls = plan.calls.map((c) => `${c.method} ${origin}${c.path}`);
  if (plan.perSlot) {
    calls.push(
      `${plan.perSlot.method} ${origin}${plan.perSlot.path} for every slot of GET ${origin}${plan.perSlot.list}`,
    );
  }
  return {
    label: calls.join(", "),
    run: async () => void await resetServer(origin, profile, { apiKey: o.api_key }),
  };
}

/**
 * What the summary says of the server (`summary.server`).
 *
 * @example
 * ```ts
 * serverInfo(target).hit_rate_formula; // "Δ llamacpp:prompt_tokens_cached / (… + Δ llamacpp:prompt_tokens)"
 * ```
 */
export function serverInfo(t: ServerTarget): ServerInfo {
  return {
    kind: t.profile.kind,
    label: t.profile.label,
    block_size: t.blockSize,
    evidence: t.evidence,
    reset: t.reset?.label ?? null,
    hit_rate_formula: hitRateFormula(t.profile),
  };
}
