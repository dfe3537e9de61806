// The file object socket.makefile() returns: Python's BufferedReader /
// BufferedWriter over a SocketIO, with a TextIOWrapper for text modes.

import { ValueError } from "../builtins/exceptions.ts";
import { addressOf, reprStr, showAsPython } from "../_shared/pyrepr.ts";
import { decode, encode } from "../builtins/bytes.ts";
import { OSError } from "../builtins/os_error.ts";
import { checkInt, pyTypeName } from "./_address.ts";

/** Python's keyword arguments of `socket.makefile()`. */
export interface SocketFileOptions {
  /** Text encoding (text modes only); default `utf-8`. */
  encoding?: string | null;
  /** Python's `errors`; only `strict` is supported. */
  errors?: string | null;
  /** `null` (universal newlines, the default), `""`, `"\n"` or `"\r\n"`. */
  newline?: string | null;
}

/** The part of a socket a SocketFile uses. */
interface SocketLike {
  recv(n: number): Promise<Uint8Array>;
  send(data: Uint8Array): Promise<number>;
  sendall(data: Uint8Array): Promise<void>;
  fileno(): number;
}

const DEFAULT_BUFFER_SIZE = 8192;

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * The file object `socket.makefile()` returns: in binary modes (`rb`, `wb`,
 * `rwb`) it reads and writes `Uint8Array`s like Python's buffered binary
 * files; in text modes (`r`, `w`, `rw`) strings, decoded and encoded with
 * `encoding`. Reading methods and `write`/`flush` return promises. Reading
 * lines works with `for await (const line of f)`. `with s.makefile() as f:`
 * becomes `using f = s.makefile();` (`await using` to wait, at the block's
 * end, for buffered writes to be sent, and to see their failure there).
 *
 * @example Reading a line-oriented reply
 * ```ts
 * import * as socket from "@pyport/std/socket";
 * import { b } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const [a, c] = await socket.socketpair();
 * await a.sendall(b("hello\nworld\n"));
 * a.close();
 * const f = c.makefile("r");
 * assert.equal(await f.readline(), "hello\n");
 * const rest: string[] = [];
 * for await (const line of f) rest.push(line as string);
 * assert.deepEqual(rest, ["world\n"]);
 * f.close();
 * c.close();
 * ```
 */
export class SocketFile {
  #sock: SocketLike | null;
  #onClose: () => void;
  #onError: (e: unknown) => void;
  #binary: boolean;
  #readable: boolean;
  #writable: boolean;
  #bufsize: number;
  #encoding: string;
  #shownEncoding: string;
  #newline: string | null;
  #rbuf: Uint8Array = new Uint8Array(0);
  #eof = false;
  #wparts: Uint8Array[] = [];
  #wlen = 0;
  #decoder: { decode(d: Uint8Array, o?: { stream?: boolean }): string } | null =
    null;
  #text = "";
  #pendingCR = false;
  /** Python's `mode` attribute. */
  readonly mode: string;

  /**
   * Made by `socket.makefile()`; not meant to be made directly.
   *
   * @param sock The socket.
   * @param mode The mode string.
   * @param buffering The buffer size (`null`: default, 0: unbuffered binary).
   * @param options Text options.
   * @param onClose Called once when the file has closed and let go of the
   *   socket.
   * @param onError Given the failure of a send that `[Symbol.dispose]()`
   *   started and could not wait for.
   */
  constructor(
    sock: SocketLike,
    mode: string,
    buffering: number | null,
    options: SocketFileOptions,
    onClose: () => void,
    onError: (e: unknown) => void = () => {},
  ) {
    if (
      typeof mode !== "string" || !/^[rwb]+$/.test(mode) ||
      new Set(mode).size !== mode.length
    ) {
      throw new ValueError(
        `invalid mode '${String(mode)}' (only r, w, b allowed)`,
      );
    }
    this.#sock = sock;
    this.#onClose = onClose;
    this.#onError = onError;
    this.mode = mode;
    this.#readable = mode.includes("r");
    this.#writable = mode.includes("w");
    this.#binary = mode.includes("b");
    const buf = buffering === null || buffering === undefined || buffering < 0
      ? DEFAULT_BUFFER_SIZE
      : checkInt(buffering);
    if (buf === 0 && !this.#binary) {
      throw new ValueError("unbuffered streams must be binary");
    }
    this.#bufsize = buf;
    this.#encoding = options.encoding ?? "utf-8";
    // Python shows the locale's name for the default, UTF-8 on Linux.
    this.#shownEncoding = options.encoding ?? "UTF-8";
    this.#newline = options.newline === undefined ? null : options.newline;
    if (
      this.#newline !== null &&
      !["", "\n", "\r", "\r\n"].includes(this.#newline)
    ) {
      throw new ValueError(`illegal newline value: ${this.#newline}`);
    }
    if (this.#binary && (options.encoding != null || options.newline != null)) {
      throw new ValueError("binary mode doesn't take an encoding argument");
    }
    if (!this.#binary && /^utf-?8$/i.test(this.#encoding)) {
      this.#decoder = new TextDecoder("utf-8", { fatal: true });
    }
  }

  /** Python's `closed`. */
  get closed(): boolean {
    return this.#sock === null;
  }

  /** Python's `name`: the socket's descriptor number. */
  get name(): number {
    return this.#sock?.fileno() ?? -1;
  }

  /**
   * Python's repr() of the file socket.makefile() returns for this mode:
   * `<_io.BufferedReader name=5>`, `<_io.BufferedWriter name=5>`,
   * `<_io.TextIOWrapper name=5 mode='r' encoding='UTF-8'>`,
   * `<_io.BufferedRWPair object at 0x...>`, or, unbuffered,
   * `<socket.SocketIO object at 0x...>`.
   *
   * @returns The repr.
   */
  toString(): string {
    const both = this.#readable && this.#writable;
    if (!this.#binary) {
      return `<_io.TextIOWrapper ${both ? "" : `name=${this.name} `}mode=${
        reprStr(this.mode)
      } encoding=${reprStr(this.#shownEncoding)}>`;
    }
    if (this.#bufsize === 0) {
      return `<socket.SocketIO object at ${addressOf(this)}>`;
    }
    if (both) return `<_io.BufferedRWPair object at ${addressOf(this)}>`;
    return `<_io.Buffered${
      this.#readable ? "Reader" : "Writer"
    } name=${this.name}>`;
  }

  #check(reading: boolean): SocketLike {
    const s = this.#sock;
    if (s === null) throw new ValueError("I/O operation on closed file.");
    if (reading && !this.#readable) {
      throw new OSError("File not open for reading");
    }
    if (!reading && !this.#writable) {
      throw new OSError("File not open for writing");
    }
    return s;
  }

  /** Python's `readable()`. @returns Whether the file was opened for reading. */
  readable(): boolean {
    this.#check(this.#readable);
    return this.#readable;
  }

  /** Python's `writable()`. @returns Whether the file was opened for writing. */
  writable(): boolean {
    this.#check(!this.#writable);
    return this.#writable;
  }

  // ---- binary reading ----

  async #fill(s: SocketLike): Promise<boolean> {
    if (this.#eof) return false;
    const chunk = await s.recv(Math.max(this.#bufsize, DEFAULT_BUFFER_SIZE));
    if (chunk.length === 0) {
      this.#eof = true;
      return false;
    }
    this.#rbuf = this.#rbuf.length === 0
      ? chunk
      : concat([this.#rbuf, chunk], this.#rbuf.length + chunk.length);
    return true;
  }

  #takeBytes(n: number): Uint8Array {
    const out = this.#rbuf.subarray(0, n);
    this.#rbuf = this.#rbuf.subarray(n);
    return out;
  }

  async #readBytes(n: number): Promise<Uint8Array> {
    const s = this.#check(true);
    if (n < 0) {
      while (await this.#fill(s));
      return this.#takeBytes(this.#rbuf.length);
    }
    if (this.#bufsize === 0 && this.#rbuf.length === 0) {
      return this.#eof ? new Uint8Array(0) : s.recv(n);
    }
    while (this.#rbuf.length < n && (await this.#fill(s)));
    return this.#takeBytes(Math.min(n, this.#rbuf.length));
  }

  async #readLineBytes(limit: number): Promise<Uint8Array> {
    const s = this.#check(true);
    let scanned = 0;
    for (;;) {
      const i = this.#rbuf.indexOf(10, scanned);
      if (i >= 0 && (limit < 0 || i < limit)) return this.#takeBytes(i + 1);
      if (limit >= 0 && this.#rbuf.length >= limit) {
        return this.#takeBytes(limit);
      }
      scanned = this.#rbuf.length;
      if (!(await this.#fill(s))) return this.#takeBytes(this.#rbuf.length);
    }
  }

  // ---- text reading ----

  #decodeChunk(data: Uint8Array, final: boolean): string {
    let t = this.#decoder !== null
      ? this.#decoder.decode(data, { stream: !final })
      : decode(data, this.#encoding);
    if (this.#newline === null) {
      if (this.#pendingCR) {
        t = "\r" + t;
        this.#pendingCR = false;
      }
      if (!final && t.endsWith("\r")) {
        this.#pendingCR = true;
        t = t.slice(0, -1);
      }
      t = t.replace(/\r\n?/g, "\n");
    }
    return t;
  }

  async #fillText(s: SocketLike): Promise<boolean> {
    if (this.#rbuf.length > 0) {
      this.#text += this.#decodeChunk(
        this.#takeBytes(this.#rbuf.length),
        false,
      );
      return true;
    }
    if (!(await this.#fill(s))) {
      this.#text += this.#decodeChunk(new Uint8Array(0), true);
      return false;
    }
    this.#text += this.#decodeChunk(this.#takeBytes(this.#rbuf.length), false);
    return true;
  }

  #lineEnd(from: number): number {
    const t = this.#text;
    if (this.#newline === null || this.#newline === "\n") {
      const i = t.indexOf("\n", from);
      return i < 0 ? -1 : i + 1;
    }
    if (this.#newline === "\r\n") {
      const i = t.indexOf("\r\n", from);
      return i < 0 ? -1 : i + 2;
    }
    if (this.#newline === "\r") {
      const i = t.indexOf("\r", from);
      return i < 0 ? -1 : i + 1;
    }
    const m = /\r\n|\r(?!$)|\n/g;
    m.lastIndex = from;
    const r = m.exec(t);
    return r === null ? -1 : r.index + r[0].length;
  }

  async #readText(n: number): Promise<string> {
    const s = this.#check(true);
    if (n < 0) {
      while (await this.#fillText(s));
    } else {
      while (this.#text.length < n && (await this.#fillText(s)));
    }
    const take = n < 0 ? this.#text.length : Math.min(n, this.#text.length);
    const out = this.#text.slice(0, take);
    this.#text = this.#text.slice(take);
    return out;
  }

  async #readLineText(limit: number): Promise<string> {
    const s = this.#check(true);
    let from = 0;
    for (;;) {
      let end = this.#lineEnd(from);
      if (end < 0 && limit >= 0 && this.#text.length >= limit) end = limit;
      if (end >= 0) {
        if (limit >= 0 && end > limit) end = limit;
        const out = this.#text.slice(0, end);
        this.#text = this.#text.slice(end);
        return out;
      }
      from = Math.max(0, this.#text.length - 1);
      if (!(await this.#fillText(s))) {
        const out = this.#text;
        this.#text = "";
        return out;
      }
    }
  }

  // ---- public reading API ----

  /**
   * Python's `read(size=-1)`: up to `size` bytes (or characters), waiting
   * for them or EOF; all until EOF when `size` is negative or omitted.
   *
   * @param size How much to read.
   * @returns Bytes in binary mode, a string in text mode.
   */
  read(size: number | null = -1): Promise<Uint8Array | string> {
    const n = size === null ? -1 : checkInt(size);
    return this.#binary ? this.#readBytes(n) : this.#readText(n);
  }

  /**
   * Python's `readline(size=-1)`: one line including its newline, or less
   * at EOF (an empty result means EOF).
   *
   * @param size The most to return.
   * @returns Bytes in binary mode, a string in text mode.
   */
  readline(size: number | null = -1): Promise<Uint8Array | string> {
    const n = size === null ? -1 : checkInt(size);
    return this.#binary ? this.#readLineBytes(n) : this.#readLineText(n);
  }

  /**
   * Python's `readlines(hint=-1)`: the remaining lines.
   *
   * @param hint Stop once this much has been read (when positive).
   * @returns The lines.
   */
  async readlines(hint: number = -1): Promise<(Uint8Array | string)[]> {
    const lines: (Uint8Array | string)[] = [];
    let total = 0;
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) break;
      lines.push(line);
      total += line.length;
      if (hint > 0 && total >= hint) break;
    }
    return lines;
  }

  /**
   * Python's `readinto(b)` (binary modes).
   *
   * @param buffer Where the bytes go.
   * @returns How many bytes were read (0 at EOF).
   */
  async readinto(buffer: Uint8Array): Promise<number> {
    if (!this.#binary) throw new OSError("readinto() needs a binary file");
    const data = await this.#readBytes(buffer.length);
    buffer.set(data);
    return data.length;
  }

  /** Python's line iteration: `for line in f` becomes `for await (const line of f)`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<
    Uint8Array | string,
    void,
    undefined
  > {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  // ---- writing ----

  /**
   * Python's `write(b)`: buffers the data, sending when the buffer is full
   * (at once when unbuffered). Bytes in binary mode, strings in text mode.
   *
   * @param data What to write.
   * @returns How many bytes (or characters) were taken.
   */
  async write(data: Uint8Array | string): Promise<number> {
    const s = this.#check(false);
    let bytes: Uint8Array;
    if (this.#binary) {
      if (typeof data === "string" || !(data instanceof Uint8Array)) {
        throw new TypeError(
          `a bytes-like object is required, not '${pyTypeName(data)}'`,
        );
      }
      bytes = data;
    } else {
      if (typeof data !== "string") {
        throw new TypeError(
          `write() argument must be str, not ${pyTypeName(data)}`,
        );
      }
      const nl = this.#newline;
      const text = nl !== null && nl !== "" && nl !== "\n"
        ? data.replaceAll("\n", nl)
        : data;
      bytes = encode(text, this.#encoding);
    }
    if (this.#bufsize === 0) return s.send(bytes);
    this.#wparts.push(this.#binary ? bytes.slice() : bytes);
    this.#wlen += bytes.length;
    if (this.#wlen >= this.#bufsize) await this.flush();
    return data.length;
  }

  /**
   * Python's `writelines(lines)`.
   *
   * @param lines What to write, in order.
   */
  async writelines(lines: Iterable<Uint8Array | string>): Promise<void> {
    for (const l of lines) await this.write(l);
  }

  /** Python's `flush()`: sends everything buffered. */
  async flush(): Promise<void> {
    const s = this.#sock;
    if (s === null) {
      if (this.#wlen === 0) return;
      throw new ValueError("flush of closed file");
    }
    if (this.#wlen === 0) return;
    const data = concat(this.#wparts, this.#wlen);
    this.#wparts = [];
    this.#wlen = 0;
    await s.sendall(data);
  }

  /**
   * Python's `close()`. Buffered data is sent first, so await it when
   * writing; the socket itself stays open until it is closed too.
   */
  async close(): Promise<void> {
    if (this.#sock === null) return;
    try {
      if (this.#writable) await this.flush();
    } finally {
      this.#sock = null;
      this.#onClose();
    }
  }

  /**
   * Closes the file when a `using` block ends: `with s.makefile() as f:`
   * becomes `using f = s.makefile();`. The file is closed at once. Data
   * still buffered for writing are handed to the socket on the way out,
   * as a non-blocking `send` hands its bytes over: the socket stays open
   * until they are sent, and a failure to send them is raised by the next
   * send on the socket. `await using` waits for them instead.
   */
  [Symbol.dispose](): void {
    const s = this.#sock;
    if (s === null) return;
    this.#sock = null;
    if (this.#wlen === 0) {
      this.#onClose();
      return;
    }
    const data = concat(this.#wparts, this.#wlen);
    this.#wparts = [];
    this.#wlen = 0;
    s.sendall(data).catch(this.#onError).finally(this.#onClose);
  }

  /**
   * Closes the file when an `await using` block ends, after sending what
   * is buffered for writing; a failure to send it is raised here, as
   * Python's `with` raises it.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

showAsPython(SocketFile);
