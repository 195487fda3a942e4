/**
 * @module A window of bytes in WebAssembly memory, with a 16-bytes-at-a-time search for the bytes
 * that end a plain run inside a JSON string (`"`, `\` or a control character).
 *
 * Checking every byte of every string is most of the work of validating a big dump, and a
 * JavaScript loop does about one byte per nanosecond. The same search with WebAssembly's 128-bit
 * SIMD does sixteen. The function is small enough to write out as bytes; its text form:
 *
 * ```wat
 * (func (export "find") (param $p i32) (param $end i32) (result i32)
 *   (local $m i32) (local $c i32) (local $v v128)
 *   (block $tail (loop $vec                               ;; 16 bytes at a time
 *     (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
 *     (local.set $v (v128.load (local.get $p)))
 *     (if (local.tee $m (i8x16.bitmask (v128.or (v128.or
 *           (i8x16.eq (local.get $v) (v128.const i8x16 0x22 …))
 *           (i8x16.eq (local.get $v) (v128.const i8x16 0x5c …)))
 *           (i8x16.lt_u (local.get $v) (v128.const i8x16 0x20 …)))))
 *       (then (return (i32.add (local.get $p) (i32.ctz (local.get $m))))))
 *     (local.set $p (i32.add (local.get $p) (i32.const 16)))
 *     (br $vec)))
 *   (block $done (loop $byte                              ;; the last few one at a time
 *     (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
 *     (local.set $c (i32.load8_u (local.get $p)))
 *     (if (i32.or (i32.or (i32.eq (local.get $c) (i32.const 0x22))
 *                         (i32.eq (local.get $c) (i32.const 0x5c)))
 *                 (i32.lt_u (local.get $c) (i32.const 0x20)))
 *       (then (return (local.get $p))))
 *     (local.set $p (i32.add (local.get $p) (i32.const 1)))
 *     (br $byte)))
 *   (local.get $end))
 * ```
 */

const PAGE = 65536;

/** The module's bytes, assembled from the text above. */
function moduleBytes(): Uint8Array {
  const splat = (b: number) => [0xfd, 0x0c, ...new Array(16).fill(b)]; // v128.const
  const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i];
  const P = 0, END = 1, M = 2, C = 3, V = 4;
  // deno-fmt-ignore
  const body = [
    0x02, 0x02, 0x7f, 0x01, 0x7b, // locals: 2 × i32, 1 × v128
    0x02, 0x40, 0x03, 0x40, // block $tail, loop $vec
    ...get(P), 0x41, 0x10, 0x6a, ...get(END), 0x4b, 0x0d, 0x01, // br_if $tail (p + 16 > end)
    ...get(P), 0xfd, 0x00, 0x00, 0x00, ...set(V), // v = v128.load p
    ...get(V), ...splat(0x22), 0xfd, 0x23, // i8x16.eq '"'
    ...get(V), ...splat(0x5c), 0xfd, 0x23, // i8x16.eq '\'
    0xfd, 0x50, // v128.or
    ...get(V), ...splat(0x20), 0xfd, 0x26, // i8x16.lt_u 0x20
    0xfd, 0x50, 0xfd, 0x64, 0x22, M, // v128.or, i8x16.bitmask, local.tee $m
    0x04, 0x40, ...get(P), ...get(M), 0x68, 0x6a, 0x0f, 0x0b, // if: return p + ctz(m)
    ...get(P), 0x41, 0x10, 0x6a, ...set(P), 0x0c, 0x00, // p += 16, br $vec
    0x0b, 0x0b, // end loop, end block
    0x02, 0x40, 0x03, 0x40, // block $done, loop $byte
    ...get(P), ...get(END), 0x4f, 0x0d, 0x01, // br_if $done (p >= end)
    ...get(P), 0x2d, 0x00, 0x00, ...set(C), // c = i32.load8_u p
    ...get(C), 0x41, 0x22, 0x46, ...get(C), 0x41, 0xdc, 0x00, 0x46, 0x72, // c == '"' | c == '\'
    ...get(C), 0x41, 0x20, 0x49, 0x72, // | c < 0x20
    0x04, 0x40, ...get(P), 0x0f, 0x0b, // if: return p
    ...get(P), 0x41, 0x01, 0x6a, ...set(P), 0x0c, 0x00, // p += 1, br $byte
    0x0b, 0x0b, // end loop, end block
    ...get(END), 0x0b, // end
  ];
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
  // deno-fmt-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f]), // type: (i32, i32) → i32
    ...section(3, [0x01, 0x00]), // one function of type 0
    ...section(5, [0x01, 0x00, 0x01]), // memory: 1 page, growable
    ...section(7, [0x02, ...name("memory"), 0x02, 0x00, ...name("find"), 0x00, 0x00]), // exports
    ...section(10, [0x01, ...uleb(body.length), ...body]), // code
  ]);
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** The compiled module, or undefined where WebAssembly SIMD is not available. */
const compiled: WebAssembly.Module | undefined = (() => {
  try {
    return new WebAssembly.Module(moduleBytes() as BufferSource);
  } catch {
    return undefined;
  }
})();

/**
 * Bytes read into WebAssembly memory, searched with SIMD. The view returned by
 * {@linkcode ByteWindow.fill} is valid until the next call (the memory is reused, and grown when
 * a larger piece comes).
 *
 * @example
 * ```ts
 * const w = ByteWindow.create();
 * const { data } = await w!.fill(file, undefined, 1 << 20);
 * w!.find(0, data.length); // index of the first '"', '\' or control byte, or data.length
 * ```
 */
export class ByteWindow {
  readonly #memory: WebAssembly.Memory;
  /** Index of the first `"`, `\` or control byte in `[start, end)` of the window; `end` if none. */
  readonly find: (start: number, end: number) => number;

  private constructor(instance: WebAssembly.Instance) {
    this.#memory = instance.exports.memory as WebAssembly.Memory;
    this.find = instance.exports.find as (start: number, end: number) => number;
  }

  /** A new window, or undefined where WebAssembly SIMD is not available. */
  static create(): ByteWindow | undefined {
    return compiled ? new ByteWindow(new WebAssembly.Instance(compiled)) : undefined;
  }

  /** Whether `bytes` is a view into this window. */
  holds(bytes: Uint8Array): boolean {
    return bytes.buffer === this.#memory.buffer;
  }

  /**
   * Moves `keep` (a view into this window, or nothing) to the start and reads up to `size` more
   * bytes of `file` after it.
   *
   * @returns the window's bytes (kept + read), and how many were read (fewer than `size` only at
   *   the end of the file)
   */
  async fill(
    file: Deno.FsFile,
    keep: Uint8Array | undefined,
    size: number,
  ): Promise<{ data: Uint8Array; read: number }> {
    const kept = keep?.length ?? 0, from = keep?.byteOffset ?? 0;
    const have = this.#memory.buffer.byteLength;
    if (kept + size > have) this.#memory.grow(Math.ceil((kept + size - have) / PAGE));
    const view = new Uint8Array(this.#memory.buffer);
    if (kept > 0 && from !== 0) view.copyWithin(0, from, from + kept);
    let read = 0;
    while (read < size) {
      const n = await file.read(view.subarray(kept + read, kept + size));
      if (n === null) break;
      read += n;
    }
    return { data: view.subarray(0, kept + read), read };
  }
}
