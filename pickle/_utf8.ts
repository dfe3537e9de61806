// UTF-8 as pickle writes str: CPython encodes with "surrogatepass", so a
// lone surrogate (legal in a JavaScript string and a Python str) is written
// as its 3-byte form and read back, where TextEncoder/TextDecoder would
// replace it.

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
/** The one-character ASCII strings. */
const ONE: string[] = Array.from(
  { length: 128 },
  (_, c) => String.fromCharCode(c),
);

/** Whether `s` has no lone surrogate (TextEncoder keeps it exactly). */
function wellFormed(s: string): boolean {
  const f = (s as { isWellFormed?: () => boolean }).isWellFormed;
  if (f !== undefined) return f.call(s);
  return !/[\ud800-\udfff]/.test(
    s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""),
  );
}

/** The UTF-8 bytes of `s`, lone surrogates as their 3-byte forms. */
export function encodeUtf8(s: string): Uint8Array {
  if (wellFormed(s)) return encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    } else {
      out.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63),
      );
    }
  }
  return new Uint8Array(out);
}

/**
 * The string `b[start, end)` encodes, surrogates allowed; null when it is
 * not UTF-8.
 */
export function decodeUtf8(
  b: Uint8Array,
  start: number,
  end: number,
): string | null {
  // Short ASCII strings (most keys) are faster by hand.
  const n = end - start;
  if (n <= 64) {
    let i = start;
    while (i < end && b[i]! < 0x80) i++;
    if (i === end) {
      if (n === 1) return ONE[b[start]!]!;
      return String.fromCharCode.apply(
        null,
        b.subarray(start, end) as unknown as number[],
      );
    }
  }
  try {
    return decoder.decode(b.subarray(start, end));
  } catch {
    return decodeSurrogates(b, start, end);
  }
}

/** UTF-8 with encoded surrogates (CPython's "surrogatepass"). */
function decodeSurrogates(
  b: Uint8Array,
  start: number,
  end: number,
): string | null {
  const units: number[] = [];
  let i = start;
  const cont = (k: number) => k < end && (b[k]! & 0xc0) === 0x80;
  while (i < end) {
    const c = b[i]!;
    let cp: number;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if (c >= 0xc2 && c < 0xe0 && cont(i + 1)) {
      cp = ((c & 31) << 6) | (b[i + 1]! & 63);
      i += 2;
    } else if (c >= 0xe0 && c < 0xf0 && cont(i + 1) && cont(i + 2)) {
      cp = ((c & 15) << 12) | ((b[i + 1]! & 63) << 6) | (b[i + 2]! & 63);
      if (cp < 0x800) return null;
      i += 3;
    } else if (
      c >= 0xf0 && c < 0xf5 && cont(i + 1) && cont(i + 2) && cont(i + 3)
    ) {
      cp = ((c & 7) << 18) | ((b[i + 1]! & 63) << 12) |
        ((b[i + 2]! & 63) << 6) | (b[i + 3]! & 63);
      if (cp < 0x10000 || cp > 0x10ffff) return null;
      i += 4;
    } else return null;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
  }
  let s = "";
  for (let k = 0; k < units.length; k += 8192) {
    s += String.fromCharCode(...units.slice(k, k + 8192));
  }
  return s;
}
