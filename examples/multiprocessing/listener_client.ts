// The client of listener_server.ts (or of the same server in Python):
// pyport's port of the Python client, listener_client.py.
//
//   from multiprocessing.connection import Client
//   from array import array
//   address = ('localhost', 6000)
//   with Client(address, authkey=b'secret password') as conn:
//       print(conn.recv())                  # => [2.25, None, 'junk', (1, 2)]
//       print(conn.recv_bytes())            # => b'hello'
//       arr = array('i', [0, 0, 0, 0, 0])
//       print(conn.recv_bytes_into(arr))    # => 8
//       print(arr)                          # => array('i', [42, 1729, 0, 0, 0])
//
// Run: deno run -A examples/multiprocessing/listener_client.ts <port>

import process from "node:process";
import { Client } from "../../multiprocessing/connection/mod.ts";
import { decode, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";
import { KEY } from "./listener_server.ts";

/**
 * Connects, reads the three messages and returns them.
 *
 * @param port The server's port.
 * @returns What arrived: the list, the text, and the array.
 */
export async function main(port = 6000): Promise<[unknown, string, number[]]> {
  using conn = await Client(["localhost", port], { authkey: KEY });
  const list = await conn.recv();
  print(list);
  const data = await conn.recv_bytes();
  print(data);
  const text = decode(data);
  const arr = new Int32Array([0, 0, 0, 0, 0]);
  print(await conn.recv_bytes_into(arr));
  print(arr);
  return [list, text, [...arr]];
}

if (isMain(import.meta)) await main(Number(process.argv.at(-1)));
