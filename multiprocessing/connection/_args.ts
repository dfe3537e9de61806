// The argument rules of a Connection's methods, shared by the Pipe ends and
// the socket connections.

import { ValueError } from "../../builtins/exceptions.ts";
import { bind, index } from "../../_shared/args.ts";
import { pyTypeName } from "../../_shared/type_name.ts";
import { seconds } from "../_sync_base.ts";

/** Python's error for something that is not a buffer. */
export function notBytes(v: unknown): TypeError {
  return new TypeError(
    `a bytes-like object is required, not '${pyTypeName(v)}'`,
  );
}

/** The bytes of a buffer-like value, or null. */
export function bytesOf(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (ArrayBuffer.isView(v)) {
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  if (v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) {
    return new Uint8Array(v);
  }
  return null;
}

/** `send_bytes(buf, offset=0, size=None)`: the bytes to send. */
export function sendBytesArgs(
  buf: unknown,
  offset: unknown,
  size: unknown,
  kwargs: unknown,
): Uint8Array {
  let off: unknown = 0, sz: unknown = null;
  if (offset !== undefined || size !== undefined || kwargs !== undefined) {
    const [o, s] = bind("send_bytes", ["offset", "size"], [
      offset,
      size,
      kwargs,
    ]);
    if (o !== undefined) off = o;
    if (s !== undefined) sz = s;
  }
  const bytes = bytesOf(buf);
  if (bytes === null) throw notBytes(buf);
  const n = bytes.length;
  const o = index(off);
  if (o < 0) throw new ValueError("offset is negative");
  if (n < o) throw new ValueError("buffer length < offset");
  let s: number;
  if (sz === null) s = n - o;
  else {
    s = index(sz);
    if (s < 0) throw new ValueError("size is negative");
    if (o + s > n) throw new ValueError("buffer length < offset + size");
  }
  return o === 0 && s === n ? bytes : bytes.subarray(o, o + s);
}

/** `recv_bytes(maxlength=None)`: the longest message accepted, or null. */
export function maxLengthArg(maxlength: unknown): number | null {
  if (maxlength === undefined) return null;
  const [m] = bind("recv_bytes", ["maxlength"], [maxlength]);
  if (m === undefined || m === null) return null;
  const max = index(m);
  if (max < 0) throw new ValueError("negative maxlength");
  return max;
}

/** `recv_bytes_into(buf, offset=0)`: the buffer and the offset. */
export function recvIntoArgs(
  buf: unknown,
  offset: unknown,
): [Uint8Array, number] {
  const [o] = bind("recv_bytes_into", ["offset"], [offset]);
  const dst = bytesOf(buf);
  if (dst === null) throw notBytes(buf);
  let off = 0;
  if (o !== undefined) off = index(o);
  if (off < 0) throw new ValueError("negative offset");
  if (off > dst.length) throw new ValueError("offset too large");
  return [dst, off];
}

/** `poll(timeout=0.0)`: seconds, or null (no limit). */
export function pollTimeout(timeout: unknown): number | null {
  if (timeout === undefined) return 0;
  const [v] = bind("poll", ["timeout"], [timeout]);
  return v === undefined ? 0 : seconds(v);
}
