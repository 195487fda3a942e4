/** @module The internals of `@huggingface/tokenizers`' Tokenizer that the cached encoder reuses (pinned 0.2). */

/** The parts of the library's Tokenizer this class uses (private in its types, stable in 0.2). */
export interface Internals {
  splitter_unnormalized: { split(text: string): string[]; trie: Trie };
  splitter_normalized: { split(text: string): string[] };
  added_tokens_map: Map<string, { id: number; lstrip: boolean; rstrip: boolean }>;
  remove_space?: boolean;
  do_lowercase_and_remove_accent: boolean;
  normalizer: ((text: string) => string) | null;
  pre_tokenizer:
    | ((text: string | string[], options?: { section_index?: number }) => string[])
    | null;
  model: ((tokens: string[]) => string[]) & {
    tokens_to_ids: Map<string, number>;
    unk_token_id?: number;
  };
}

/** The library's DictionarySplitter trie: a node per character, `end` holding a whole word. */
export interface Trie {
  end?: string;
  [char: string]: Trie | string | undefined;
}

/** Every word in a trie. */
export function trieWords(node: Trie, out: string[] = []): string[] {
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (key === "end") out.push(v as string);
    else trieWords(v as Trie, out);
  }
  return out;
}

/** Token strings to ids, as the library's `encode` maps them. */
export function toIds(t: Internals, tokens: string[], ids: number[]): void {
  const added = t.added_tokens_map;
  const vocab = t.model.tokens_to_ids;
  for (const tok of tokens) {
    ids.push(added.get(tok)?.id ?? vocab.get(tok) ?? t.model.unk_token_id ?? 0);
  }
}
