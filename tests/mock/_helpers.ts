/** @module Helpers shared by the mock's tests: requests in-process and SSE parsing. */
import type { MockApp } from "../../mock/app.ts";

/** A minimal valid chat body. */
export function chatBody(extra: Record<string, unknown> = {}, content = "Hello there"): string {
  return JSON.stringify({
    model: "mock-model",
    messages: [{ role: "user", content }],
    ...extra,
  });
}

/** POSTs a chat completion to the app in-process. */
export function postChat(
  mock: MockApp,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    mock.app.request("/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
  );
}

/** Splits an SSE body into its `data:` payloads (`[DONE]` kept as the string). */
export function sseData(text: string): string[] {
  return text.split("\n\n").filter((e) => e.startsWith("data: ")).map((e) => e.slice(6));
}

/** The parsed JSON chunks of an SSE body (without `[DONE]`). */
// deno-lint-ignore no-explicit-any
export function sseChunks(text: string): any[] {
  return sseData(text).filter((d) => d !== "[DONE]").map((d) => JSON.parse(d));
}
