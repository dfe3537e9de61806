// The echo clients of bench/selectors_bench.ts and bench/socketserver_bench.ts,
// written with the raw runtime API (Deno.connect on Deno, node:net on Node), the
// same for every server they drive. Private to bench/.

import net from "node:net";
import { DENO, denoWriteAll, HOST, IS_DENO, now } from "./_common.ts";

export const MSG = 64;

/** One client connection: `trip()` sends 64 bytes and resolves when 64 came back. */
export interface Client {
  trip(): Promise<void>;
  close(): void;
}

export const MESSAGE = new Uint8Array(MSG).fill(120);

async function denoClient(port: number): Promise<Client> {
  const c = await DENO!.connect({ hostname: HOST, port });
  const buf = new Uint8Array(MSG);
  return {
    async trip() {
      await denoWriteAll(c, MESSAGE);
      let got = 0;
      while (got < MSG) {
        const n = await c.read(buf.subarray(got));
        if (n === null) throw new Error("echo: early EOF");
        got += n;
      }
    },
    close() {
      try {
        c.close();
      } catch { /* closed already */ }
    },
  };
}

/** A node:net client that waits for the echo through 'data' events. */
function nodeClient(port: number): Promise<Client> {
  return new Promise((resolveConn, rejectConn) => {
    const sock = net.connect({ host: HOST, port });
    let got = 0;
    let resolve: (() => void) | null = null;
    let reject: ((e: Error) => void) | null = null;
    sock.on("data", (d: Uint8Array) => {
      got += d.length;
      if (got >= MSG && resolve !== null) {
        const r = resolve;
        resolve = reject = null;
        r();
      }
    });
    const fail = (e?: Error) => {
      const r = reject;
      resolve = reject = null;
      r?.(e ?? new Error("echo: early EOF"));
    };
    sock.once("error", rejectConn);
    sock.once("connect", () => {
      sock.off("error", rejectConn);
      sock.on("error", fail);
      sock.on("end", () => fail());
      resolveConn({
        trip() {
          got = 0;
          return new Promise<void>((res, rej) => {
            resolve = res;
            reject = rej;
            sock.write(MESSAGE);
          });
        },
        close() {
          sock.destroy();
        },
      });
    });
  });
}

export const connectClient = IS_DENO ? denoClient : nodeClient;

/** Runs round trips on every client until `trips` each or `end`; returns how many in all. */
export async function runClients(
  clients: Client[],
  trips: number,
  end: number,
): Promise<number> {
  const counts = await Promise.all(clients.map(async (c) => {
    let done = 0;
    while (done < trips && (done & 63 || now() < end)) {
      await c.trip();
      done++;
    }
    return done;
  }));
  return counts.reduce((a, b) => a + b, 0);
}
