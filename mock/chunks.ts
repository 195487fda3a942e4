/** @module The bodies the mock sends: OpenAI chat.completion JSON and chat.completion.chunk SSE events. */

/** What every chunk of one response shares. */
export interface ResponseHead {
  id: string;
  created: number;
  model: string;
  /** Whether chunks carry `"usage": null` and a final usage chunk follows. */
  includeUsage: boolean;
}

/** OpenAI's usage object, with vLLM's cached-token detail. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

/** Builds a usage object. */
export function usage(prompt: number, completion: number, cached: number): Usage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
  };
}

/**
 * Pre-renders the fixed parts of a response's SSE events, so a content chunk is two string
 * concatenations.
 *
 * @example
 * ```ts
 * const sse = new ChunkWriter({ id: "chatcmpl-1", created: 0, model: "m", includeUsage: false });
 * sse.content(" the"); // 'data: {"id":"chatcmpl-1",…,"delta":{"content":" the"},…}\n\n'
 * ```
 */
export class ChunkWriter {
  readonly #pre: string;
  readonly #post: string;
  readonly #usageNull: string;

  constructor(readonly head: ResponseHead) {
    this.#pre = `data: {"id":${JSON.stringify(head.id)},"object":"chat.completion.chunk",` +
      `"created":${head.created},"model":${
        JSON.stringify(head.model)
      },"choices":[{"index":0,"delta":`;
    this.#usageNull = head.includeUsage ? `,"usage":null` : "";
    this.#post = `,"logprobs":null,"finish_reason":null}]${this.#usageNull}}\n\n`;
  }

  /** The first event: the assistant role with empty content. */
  role(): string {
    return `${this.#pre}{"role":"assistant","content":""}${this.#post}`;
  }

  /** One content event. */
  content(text: string): string {
    return `${this.#pre}{"content":${JSON.stringify(text)}}${this.#post}`;
  }

  /** One event with a `delta` given as JSON text (a tool call's chunk). */
  delta(json: string): string {
    return `${this.#pre}${json}${this.#post}`;
  }

  /** The finish event, then the usage event when asked for, then `[DONE]`. */
  end(finishReason: string, u: Usage): string {
    let out =
      `${this.#pre}{},"logprobs":null,"finish_reason":"${finishReason}"}]${this.#usageNull}}\n\n`;
    if (this.head.includeUsage) {
      out += `data: ${
        JSON.stringify({
          id: this.head.id,
          object: "chat.completion.chunk",
          created: this.head.created,
          model: this.head.model,
          choices: [],
          usage: u,
        })
      }\n\n`;
    }
    return out + "data: [DONE]\n\n";
  }
}

/** A whole non-streaming `chat.completion` body: a text answer, or a whole message (tool calls). */
export function completionBody(
  head: ResponseHead,
  text: string | Record<string, unknown>,
  finishReason: string,
  u: Usage,
): string {
  return JSON.stringify({
    id: head.id,
    object: "chat.completion",
    created: head.created,
    model: head.model,
    choices: [{
      index: 0,
      message: typeof text === "string" ? { role: "assistant", content: text } : text,
      logprobs: null,
      finish_reason: finishReason,
    }],
    usage: u,
  });
}
