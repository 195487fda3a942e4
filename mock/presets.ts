/** @module Named latency presets (`mock/presets.json`) and how a final config is assembled. */
import presets from "./presets.json" with { type: "json" };
import { parse as parseYaml } from "yaml";
import { UserError } from "../src/util/errors.ts";
import { describeIssue } from "../src/util/zod_issue.ts";
import { mergeConfig, MockConfig, type MockConfigInput } from "./config.ts";
import { type MockOverrides, overridesToConfig } from "./overrides.ts";

type PresetEntry = MockConfigInput & { description: string };
const PRESETS = presets as Record<string, PresetEntry>;

/** Names of the presets in `mock/presets.json`, in file order. */
export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

/**
 * Returns a preset's configuration layer and its one-line description.
 *
 * @throws {UserError} when no preset has that name
 * @example
 * ```ts
 * presetConfig("llama-8b-h100").config.latency?.itl_ms; // 12
 * ```
 */
export function presetConfig(name: string): { config: MockConfigInput; description: string } {
  const entry = PRESETS[name];
  if (!entry) {
    throw new UserError(
      `Cannot use mock preset "${name}": not one of ${
        PRESET_NAMES.map((n) => `"${n}"`).join(", ")
      }`,
    );
  }
  const { description, ...config } = entry;
  return { config, description };
}

/**
 * Validates a configuration, turning a schema error into a one-line UserError.
 *
 * @param where names the source in the message (a file path or "mock config")
 * @throws {UserError} when a field is wrong
 */
export function parseMockConfig(input: unknown, where = "mock config"): MockConfig {
  const result = MockConfig.safeParse(input);
  if (!result.success) {
    throw new UserError(`Cannot use ${where}: ${describeIssue(result.error)}`);
  }
  return result.data;
}

/**
 * Reads a mock config file (YAML or JSON) as a configuration layer.
 *
 * @throws {UserError} when the file is missing, unparsable, or has a wrong field
 */
export async function readMockConfigFile(path: string): Promise<MockConfigInput> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new UserError(`Cannot read mock config "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    throw new UserError(`Cannot parse mock config "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  parseMockConfig(data, `mock config "${path}"`);
  return data as MockConfigInput;
}

/** The layers a mock is started with over its preset, as the `mock` stage and command give them. */
export interface MockLayers {
  /** A YAML/JSON config file, layered over the preset. */
  config?: string;
  /** Flat overrides, layered over the file. */
  overrides?: MockOverrides;
  /** When set, `/v1/*` requires `Authorization: Bearer <api_key>`. */
  api_key?: string;
}

/**
 * Assembles the config layer a mock is started with over its preset: the file, then the flat
 * overrides, then the API key. The one assembly of the `mock` stage and `deno task mock`.
 *
 * @throws {UserError} when the file is missing, unparsable, or has a wrong field
 * @example
 * ```ts
 * const config = await assembleMockConfig({ config: "mock.yaml", overrides: { itl_ms: 3 } });
 * await startMockServer({ preset: "fast", config });
 * ```
 */
export async function assembleMockConfig(layers: MockLayers): Promise<MockConfigInput> {
  const file = layers.config ? await readMockConfigFile(layers.config) : undefined;
  return mergeConfig(file, overridesToConfig(layers.overrides ?? {}), { api_key: layers.api_key });
}

/**
 * Builds the final configuration: the preset, then each later layer merged over it.
 *
 * @example
 * ```ts
 * resolveMockConfig("fast", { latency: { itl_ms: 3 } }).latency.itl_ms; // 3
 * ```
 */
export function resolveMockConfig(
  preset: string | undefined,
  ...layers: (MockConfigInput | undefined)[]
): MockConfig {
  const base = preset === undefined ? {} : presetConfig(preset).config;
  return parseMockConfig(mergeConfig(base, ...layers));
}
