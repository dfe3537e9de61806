// The tutorial's select example: one server watching two listening ports,
// serving every client from a single select() loop. Ported line by line.
//
//   import select, socket
//   servers = []
//   for port in (PORT1, PORT2):
//       s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
//       s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
//       s.bind(("127.0.0.1", port))
//       s.listen(5)
//       servers.append(s)
//   clients = []
//   while True:
//       readable, _, _ = select.select(servers + clients, [], [])
//       for s in readable:
//           if s in servers:
//               conn, addr = s.accept()
//               print("connection on port", s.getsockname()[1], "from", addr)
//               clients.append(conn)
//           else:
//               data = s.recv(1024)
//               if data:
//                   s.sendall(b"port %d says: " % s.getsockname()[1] + data)
//               else:
//                   clients.remove(s)
//                   s.close()
//
// Run: deno run -A examples/select/two_ports.ts [port1 port2]

import process from "node:process";
import * as select from "../../select/mod.ts";
import * as socket from "../../socket/mod.ts";
import { b, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Serves both ports until `clients` clients have come and gone (forever
 * when negative).
 *
 * @param ports The two ports (0: any free ones).
 * @param clients How many clients to serve before returning.
 * @param ready Told the two addresses once listening.
 */
export async function main(
  ports: [number, number] = [50007, 50008],
  clients = -1,
  ready: (addrs: socket.Address[]) => void = () => {},
): Promise<void> {
  const servers: socket.socket[] = [];
  for (const port of ports) {
    const s = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    s.bind(["127.0.0.1", port]);
    s.listen(5);
    servers.push(s);
  }
  ready(servers.map((s) => s.getsockname()));
  const conns: socket.socket[] = [];
  let finished = 0;
  while (clients < 0 || finished < clients) {
    const [readable, _w, _x] = await select.select(
      [...servers, ...conns],
      [],
      [],
    );
    for (const s of readable) {
      if (servers.includes(s)) {
        const [conn, addr] = await s.accept();
        print(
          "connection on port",
          (s.getsockname() as [string, number])[1],
          "from",
          addr,
        );
        conns.push(conn);
      } else {
        const data = await s.recv(1024);
        if (data.length > 0) {
          await s.sendall(
            new Uint8Array([
              ...b(`port ${(s.getsockname() as [string, number])[1]} says: `),
              ...data,
            ]),
          );
        } else {
          conns.splice(conns.indexOf(s), 1);
          s.close();
          finished++;
        }
      }
    }
  }
  for (const s of servers) s.close();
}

if (isMain(import.meta)) {
  await main([
    Number(process.argv[2] ?? 50007),
    Number(process.argv[3] ?? 50008),
  ]);
}
