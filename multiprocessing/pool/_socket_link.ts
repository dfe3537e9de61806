// The task and result channel of a 'spawn' pool worker: an OS process
// shares no memory with its parent, so the two talk over a loopback TCP
// connection. Messages are framed as multiprocessing.connection frames
// are: a 4-byte big-endian length, then the message (here the package's
// own serialization, _serialize.ts). The worker proves who it is by
// sending, first, the token its parent gave it.
//
// Each worker makes two connections, one per direction: tasks on one,
// results on the other. A process that ends with bytes unread on a TCP
// socket resets it, and a reset may drop what it had just sent; the
// worker never reads its results connection, so when it dies (os._exit, a
// crash) that one closes cleanly and every result it sent arrives.
//
// The socket module is imported only when a 'spawn' pool starts, so a
// 'worker' child never loads the runtime's network layer.

import { EOFError } from "../../builtins/exceptions.ts";
import { dumps, loads } from "../_serialize.ts";

type Sock = {
  recv(n: number): Promise<Uint8Array>;
  sendall(b: Uint8Array): Promise<unknown>;
  close(): void;
};

/** Where a worker connects, and the token it says first. */
export interface LinkAddress {
  host: string;
  port: number;
  token: string;
}

/** Whether `v` is a LinkAddress (a 'spawn' worker's channel). */
export function isLinkAddress(v: unknown): v is LinkAddress {
  return typeof v === "object" && v !== null &&
    typeof (v as LinkAddress).port === "number" &&
    typeof (v as LinkAddress).token === "string";
}

/** What a worker adds to its token on each of its two connections. */
const TASKS = "/tasks";
const RESULTS = "/results";

/** An accepted connection and the bytes read past its token. */
type Accepted = [Sock, Uint8Array];

/** One end of the channel, with the methods a pool uses of a Connection. */
export class SocketLink {
  #in: Promise<Sock>;
  #sock: Promise<Sock>;
  #tail: Promise<unknown> = Promise.resolve();
  #buf: Uint8Array = new Uint8Array(0);
  #closed = false;
  #run: <T>(f: () => T) => T;
  /** Whether the other end has connected (a worker: is ready). */
  connected = false;

  /**
   * Reads from the socket `input` resolves to (after the bytes it comes
   * with) and writes to `output`'s; the I/O runs inside `run` (in the
   * parent, the pool's daemon thread, so the sockets hold nothing open).
   */
  constructor(
    input: Promise<Accepted>,
    output: Promise<Sock>,
    run: <T>(f: () => T) => T = (f) => f(),
  ) {
    this.#in = input.then(([s, rest]) => {
      this.#buf = rest;
      return s;
    });
    this.#in.catch(() => {});
    this.#sock = output;
    this.#run = run;
    Promise.all([this.#in, output]).then(
      () => (this.connected = true),
      () => {},
    );
  }

  /** The bytes read but not yet taken as a message. */
  get buffered(): Uint8Array {
    return this.#buf;
  }

  /** Sends `bytes` as one message, after the ones sent before. */
  send_bytes(bytes: Uint8Array): Promise<void> {
    const frame = new Uint8Array(4 + bytes.length);
    new DataView(frame.buffer).setUint32(0, bytes.length);
    frame.set(bytes, 4);
    const p = this.#run(() =>
      this.#tail.then(async () => {
        await (await this.#sock).sendall(frame);
      })
    );
    this.#tail = p.catch(() => {});
    return p;
  }

  /** Sends `obj` as one message. */
  send(obj: unknown): Promise<void> {
    return this.send_bytes(dumps(obj));
  }

  async #fill(n: number): Promise<void> {
    if (this.#buf.length >= n) return;
    const sock = await this.#in;
    // The pieces are joined once, so a large message costs one copy.
    const parts: Uint8Array[] = [this.#buf];
    let have = this.#buf.length;
    while (have < n) {
      const chunk = await sock.recv(Math.max(65536, n - have));
      if (chunk.length === 0) throw new EOFError();
      parts.push(chunk);
      have += chunk.length;
    }
    const b = new Uint8Array(have);
    let at = 0;
    for (const p of parts) {
      b.set(p, at);
      at += p.length;
    }
    this.#buf = b;
  }

  /** The next message's object. @throws {EOFError} The other end closed. */
  async recv(): Promise<unknown> {
    await this.#fill(4);
    const n = new DataView(this.#buf.buffer, this.#buf.byteOffset, 4)
      .getUint32(0);
    await this.#fill(4 + n);
    const msg = this.#buf.subarray(4, 4 + n);
    const v = loads(msg);
    this.#buf = this.#buf.subarray(4 + n);
    return v;
  }

  /** Closes the sockets. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#in.then((s) => s.close(), () => {});
    this.#sock.then((s) => s.close(), () => {});
  }
}

/** In a 'spawn' worker: connects to the parent (tasks, then results). */
export async function connectLink(addr: LinkAddress): Promise<SocketLink> {
  const socket = await import("../../socket/mod.ts");
  const connect = async (suffix: string) => {
    const s = await socket.create_connection([addr.host, addr.port]);
    const token = dumps(addr.token + suffix);
    const frame = new Uint8Array(4 + token.length);
    new DataView(frame.buffer).setUint32(0, token.length);
    frame.set(token, 4);
    await s.sendall(frame);
    return s as unknown as Sock;
  };
  const tasks = await connect(TASKS);
  const results = await connect(RESULTS);
  return new SocketLink(
    Promise.resolve<Accepted>([tasks, new Uint8Array(0)]),
    Promise.resolve(results),
  );
}

/**
 * In the parent: a loopback listener whose accepted connections are
 * matched to workers by token.
 */
export class LinkListener {
  #host = "127.0.0.1";
  #port: Promise<number>;
  #waiting = new Map<
    string,
    [(s: Accepted) => void, (e: Error) => void]
  >();
  #server: Promise<{ close(): void }>;
  #count = 0;

  #run: <T>(f: () => T) => T;

  /** Starts listening; its sockets' I/O runs in `run` (a daemon context). */
  constructor(run: <T>(f: () => T) => T) {
    this.#run = run;
    let setPort!: (p: number) => void;
    let noPort!: (e: unknown) => void;
    this.#port = new Promise((ok, fail) => {
      setPort = ok;
      noPort = fail;
    });
    this.#port.catch(() => {});
    this.#server = (async () => {
      // Imported in the caller's context: on Deno, a module first imported
      // inside a daemon thread's context leaks that context to code that
      // runs later (seen under `deno test`, Deno 2.9).
      const socket = await import("../../socket/mod.ts");
      return run(() => {
        const srv = new socket.socket();
        srv.bind([this.#host, 0]);
        srv.listen(64);
        setPort((srv.getsockname() as [string, number])[1]);
        void this.#accept(srv);
        return srv;
      });
    })();
    // A listener that cannot start (no permission) fails every open().
    this.#server.catch(noPort);
  }

  async #accept(
    srv: { accept(): Promise<[unknown, unknown]> },
  ): Promise<void> {
    for (;;) {
      let conn: Sock;
      try {
        [conn] = await srv.accept() as [Sock, unknown];
      } catch {
        return;
      }
      const accepted = Promise.resolve<Accepted>([conn, new Uint8Array(0)]);
      const link = new SocketLink(accepted, Promise.resolve(conn), this.#run);
      link.recv().then((token) => {
        const w = this.#waiting.get(token as string);
        if (w === undefined) return conn.close();
        this.#waiting.delete(token as string);
        w[0]([conn, link.buffered]);
      }, () => conn.close());
    }
  }

  /** A new worker's address, and the parent's end of its channel. */
  async open(): Promise<[LinkAddress, SocketLink]> {
    const port = await this.#port;
    const token = `${Date.now().toString(36)}.${++this.#count}.${
      Math.random().toString(36).slice(2)
    }`;
    const wait = (t: string) =>
      new Promise<Accepted>((ok, fail) => this.#waiting.set(t, [ok, fail]));
    // The parent writes tasks and reads results.
    const tasks = wait(token + TASKS);
    const results = wait(token + RESULTS);
    return [
      { host: this.#host, port, token },
      new SocketLink(results, tasks.then(([s]) => s), this.#run),
    ];
  }

  /** The worker with `addr` ended: if it never connected, its link fails. */
  abandon(addr: LinkAddress): void {
    for (const suffix of [TASKS, RESULTS]) {
      const w = this.#waiting.get(addr.token + suffix);
      if (w === undefined) continue;
      this.#waiting.delete(addr.token + suffix);
      w[1](new EOFError());
    }
  }

  /** Stops listening. */
  close(): void {
    this.#server.then((s) => s.close(), () => {});
  }
}
