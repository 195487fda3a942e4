/** @module Escaping for HTML text and for JSON embedded in a `<script>` element. */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml(`<img src=x onerror="alert(1)">`); // "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Serializes a value as JSON that is safe inside `<script type="application/json">`: `<`, `>`
 * and `&` become `\u003c`-style escapes (so no `</script>` can close the element early), and the
 * line separators U+2028/U+2029 are escaped too.
 *
 * @example
 * ```ts
 * jsonForScript({ model: "</script>" }); // '{"model":"\\u003c/script\\u003e"}'
 * ```
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Makes a script's source safe to inline in a `<script>` element: any `</script` (in any case)
 * becomes `<\/script`, which means the same inside JS strings and regular expressions.
 */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1");
}
