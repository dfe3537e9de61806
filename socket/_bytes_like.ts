// Python's bytes-like arguments: any ArrayBuffer or view is taken as its
// bytes, without a copy; anything else (a str above all) is the TypeError
// Python gives, worded for the call that takes it.

import { pyTypeName } from "./_address.ts";

/** Python accepts any bytes-like object; a str is a TypeError. */
export function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError(
    `a bytes-like object is required, not '${pyTypeName(data)}'`,
  );
}

/** The buffer a `recv_into()`/`recvfrom_into()` writes into. */
export function writableBuffer(buf: unknown): Uint8Array {
  if (buf instanceof Uint8Array) return buf;
  if (ArrayBuffer.isView(buf)) {
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  if (buf instanceof ArrayBuffer) return new Uint8Array(buf);
  throw new TypeError(
    `recv_into() argument 'buffer' must be read-write bytes-like object, not ${
      pyTypeName(buf)
    }`,
  );
}
