/** @module Keep session ids unique: a clashing id gets a prefix, then a numeric suffix. */

/** Hands out session ids, never the same twice. */
export class UniqueIds {
  #taken = new Set<string>();
  /** How many ids had to be changed to stay unique. */
  renamed = 0;

  /**
   * Returns `id` if it is free; else `<prefix>-<id>` (when a prefix is given) if that is free;
   * else the first free `<…>-2`, `<…>-3`, ….
   *
   * @param id the wanted id
   * @param prefix what to put in front on a clash (e.g. the source's name)
   * @returns an id not handed out before
   * @example
   * ```ts
   * const ids = new UniqueIds();
   * ids.take("a"); ids.take("a"); // "a", "a-2"
   * ids.take("a", "sharegpt"); // "sharegpt-a"
   * ```
   */
  take(id: string, prefix?: string): string {
    let out = id;
    if (this.#taken.has(out) && prefix) out = `${prefix}-${id}`;
    if (this.#taken.has(out)) {
      const stem = out;
      let n = 2;
      while (this.#taken.has(`${stem}-${n}`)) n++;
      out = `${stem}-${n}`;
    }
    if (out !== id) this.renamed++;
    this.#taken.add(out);
    return out;
  }

  /** Number of ids handed out. */
  get size(): number {
    return this.#taken.size;
  }
}

/** A file's name without folder and extension, used to name generated ids. */
export function fileStem(path: string): string {
  const name = path.split(/[\\/]/).filter(Boolean).pop() ?? "sessions";
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}
