/** @module The mock OpenAI-compatible server's public surface. */
export { createMockApp, type MockApp } from "./app.ts";
export { type MockServer, type MockServerOptions, startMockServer } from "./server.ts";
export { serveMock, type ServeMockOptions } from "./serve.ts";
export { mergeConfig, MockConfig, type MockConfigInput } from "./config.ts";
export { MockOverrides, overridesToConfig } from "./overrides.ts";
export { PRESET_NAMES, presetConfig, readMockConfigFile, resolveMockConfig } from "./presets.ts";
export type { MockTiming } from "./timings.ts";
export { FAULT_HEADER } from "./faults.ts";
