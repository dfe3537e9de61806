// A server that hands out a few values over multiprocessing.connection,
// to a client with the shared key: pyport's port of a Python program that
// talks to Python clients unchanged (listener_client.py) as well as to the
// pyport port of the client (listener_client.ts).
//
//   from multiprocessing.connection import Listener
//   from array import array
//   address = ('localhost', 6000)
//   with Listener(address, authkey=b'secret password') as listener:
//       with listener.accept() as conn:
//           print('connection accepted from', listener.last_accepted)
//           conn.send([2.25, None, 'junk', (1, 2)])
//           conn.send_bytes(b'hello')
//           conn.send_bytes(array('i', [42, 1729]))
//
// `with` is `using`; accept() and the sends are awaited. Python's
// array('i', ...) is an Int32Array. Port 0 here (any free port).
//
// Run: deno run -A examples/multiprocessing/listener_server.ts
// then: python3 examples/multiprocessing/listener_client.py <port>

import { Listener } from "../../multiprocessing/connection/mod.ts";
import { b, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/** The key both sides share. */
export const KEY: Uint8Array = b("secret password");

/**
 * Serves one client.
 *
 * @param port The port (0: any free one).
 * @param ready Called with the port once the server listens.
 */
export async function main(
  port = 6000,
  ready: (port: number) => void = () => {},
): Promise<void> {
  using listener = new Listener(["localhost", port], { authkey: KEY });
  ready((listener.address as [string, number])[1]);
  using conn = await listener.accept();
  print("connection accepted from", listener.last_accepted);
  await conn.send([2.25, null, "junk", Object.freeze([1, 2])]);
  await conn.send_bytes(b("hello"));
  await conn.send_bytes(new Int32Array([42, 1729]));
}

if (isMain(import.meta)) await main(0, (p) => print("listening on", p));
