// Helpers that keep Python's bytes literals and str/bytes conversions one
// line each in a port.

import { LookupError, ValueError } from "./exceptions.ts";

const encoder = new TextEncoder();

/**
 * Python's `b'...'` literal: the UTF-8 bytes of a string, as a `Uint8Array`.
 * Works as a function and as a template tag (`` b`GET / HTTP/1.0\r\n` ``).
 *
 * @example
 * ```ts
 * import { b } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(b("hi"), new Uint8Array([104, 105]));
 * assert.deepEqual(b`n=${1}`, new Uint8Array([110, 61, 49]));
 * ```
 *
 * @param text The text, or the template's strings.
 * @param values The template's values.
 * @returns The bytes.
 */
export function b(
  text: string | TemplateStringsArray,
  ...values: unknown[]
): Uint8Array {
  if (typeof text === "string") return encoder.encode(text);
  return encoder.encode(
    String.raw({ raw: text }, ...values).replace(
      /\\(x[0-9a-fA-F]{2}|[nrt0\\'"])/g,
      (_m, e: string) =>
        e[0] === "x"
          ? String.fromCharCode(parseInt(e.slice(1), 16))
          : ({ n: "\n", r: "\r", t: "\t", "0": "\0" } as Record<
            string,
            string
          >)[e] ?? e,
    ),
  );
}

/**
 * Python's `str.encode(encoding="utf-8")`. Supports `utf-8`, `ascii` and
 * `latin-1`; a character outside ASCII or Latin-1 raises
 * `ValueError`, as Python's strict mode raises `UnicodeEncodeError` (a
 * `ValueError`).
 *
 * @example
 * ```ts
 * import { encode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(encode("é"), new Uint8Array([0xc3, 0xa9]));
 * assert.deepEqual(encode("é", "latin-1"), new Uint8Array([0xe9]));
 * ```
 *
 * @param text The string.
 * @param encoding `utf-8` (default), `ascii` or `latin-1`.
 * @returns The bytes.
 */
export function encode(text: string, encoding = "utf-8"): Uint8Array {
  const enc = encoding.toLowerCase().replace("_", "-");
  if (enc === "utf-8" || enc === "utf8") return encoder.encode(text);
  const limit = enc === "ascii"
    ? 0x80
    : enc === "latin-1" || enc === "latin1" || enc === "iso-8859-1"
    ? 0x100
    : 0;
  if (limit === 0) throw new LookupError(`unknown encoding: ${encoding}`);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= limit) {
      throw new ValueError(
        `'${enc}' codec can't encode character '\\x${
          c.toString(16)
        }' in position ${i}: ordinal not in range(${limit})`,
      );
    }
    out[i] = c;
  }
  return out;
}

/**
 * Python's `bytes.decode(encoding="utf-8")`: strict, so invalid UTF-8 throws.
 *
 * @example
 * ```ts
 * import { decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(decode(new Uint8Array([104, 105])), "hi");
 * ```
 *
 * @param data The bytes.
 * @param encoding `utf-8` (default), `ascii` or `latin-1`.
 * @returns The string.
 */
export function decode(data: Uint8Array, encoding = "utf-8"): string {
  const enc = encoding.toLowerCase().replace("_", "-");
  if (enc === "utf-8" || enc === "utf8") {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  }
  if (
    enc === "latin-1" || enc === "latin1" || enc === "iso-8859-1" ||
    enc === "ascii"
  ) {
    let s = "";
    for (let i = 0; i < data.length; i += 8192) {
      s += String.fromCharCode(...data.subarray(i, i + 8192));
    }
    if (enc === "ascii" && data.some((x) => x > 0x7f)) {
      throw new ValueError(
        "'ascii' codec can't decode bytes: ordinal not in range(128)",
      );
    }
    return s;
  }
  throw new LookupError(`unknown encoding: ${encoding}`);
}
