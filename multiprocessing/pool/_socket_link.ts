// The task and result channel of a 'spawn' pool worker: an OS process
// shares no memory with its parent, so the two talk over a loopback TCP
// connection. Messages are framed as multiprocessing.connection frames
// are: a 4-byte big-endian length, then the message (here the package's
// own serialization, _serialize.ts). The worker proves who it is by
// sending, first, the token its parent gave it.
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

/** One end of the channel, with the methods a pool uses of a Connection. */
export class SocketLink {
  #sock: Promise<Sock>;
  #tail: Promise<unknown> = Promise.resolve();
  #buf = new Uint8Array(0);
  #closed = false;
  #run: <T>(f: () => T) => T;
  /** Whether the other end has connected (a worker: is ready). */
  connected = false;

  /**
   * Wraps the socket `sock` resolves to; its I/O runs inside `run` (in the
   * parent, the pool's daemon thread, so the socket holds nothing open).
   */
  constructor(
    sock: Promise<Sock>,
    run: <T>(f: () => T) => T = (f) => f(),
  ) {
    this.#sock = sock;
    this.#run = run;
    sock.then(() => (this.connected = true), () => {});
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
    const sock = await this.#sock;
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

  /** Closes the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sock.then((s) => s.close(), () => {});
  }
}

/** In a 'spawn' worker: connects to the parent. */
export async function connectLink(addr: LinkAddress): Promise<SocketLink> {
  const socket = await import("../../socket/mod.ts");
  const s = await socket.create_connection([addr.host, addr.port]);
  const link = new SocketLink(Promise.resolve(s as unknown as Sock));
  await link.send(addr.token);
  return link;
}

/**
 * In the parent: a loopback listener whose accepted connections are
 * matched to workers by token.
 */
export class LinkListener {
  #host = "127.0.0.1";
  #port: Promise<number>;
  #waiting = new Map<string, [(s: Sock) => void, (e: Error) => void]>();
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
      const link = new SocketLink(Promise.resolve(conn), this.#run);
      link.recv().then((token) => {
        const w = this.#waiting.get(token as string);
        if (w === undefined) return conn.close();
        this.#waiting.delete(token as string);
        w[0](conn);
      }, () => conn.close());
    }
  }

  /** A new worker's address, and the parent's end of its channel. */
  async open(): Promise<[LinkAddress, SocketLink]> {
    const port = await this.#port;
    const token = `${Date.now().toString(36)}.${++this.#count}.${
      Math.random().toString(36).slice(2)
    }`;
    const sock = new Promise<Sock>((ok, fail) =>
      this.#waiting.set(token, [ok, fail])
    );
    return [
      { host: this.#host, port, token },
      new SocketLink(sock, this.#run),
    ];
  }

  /** The worker with `addr` ended: if it never connected, its link fails. */
  abandon(addr: LinkAddress): void {
    const w = this.#waiting.get(addr.token);
    if (w === undefined) return;
    this.#waiting.delete(addr.token);
    w[1](new EOFError());
  }

  /** Stops listening. */
  close(): void {
    this.#server.then((s) => s.close(), () => {});
  }
}
