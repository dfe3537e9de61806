// Python's repr() of the public classes of socket, select, selectors,
// socketserver, pickle and ctypes: repr(), util.inspect(), Deno.inspect()
// and `${x}` all give it. The expected strings were captured from CPython
// 3.11 (python3 -c 'print(repr(...))'), with the descriptor numbers, ports
// and paths put in from the object at hand, and the addresses that
// `object at 0x7f...` shows masked (pyport makes one up per object).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as socket from "../socket/mod.ts";
import * as select from "../select/mod.ts";
import * as selectors from "../selectors/mod.ts";
import * as socketserver from "../socketserver/mod.ts";
import * as pickle from "../pickle/mod.ts";
import * as ctypes from "../ctypes/mod.ts";
import { repr } from "../builtins/mod.ts";
import { shows } from "./_shows.ts";

describe("socket", () => {
  test("a bound, a connected, a closed and an unnamed socket", async () => {
    const srv = new socket.socket();
    srv.bind(["127.0.0.1", 0]);
    srv.listen();
    const [, port] = srv.getsockname() as [string, number];
    shows(
      srv,
      `<socket.socket fd=${srv.fileno()}, family=2, type=1, proto=0, laddr=('127.0.0.1', ${port})>`,
    );
    const cli = new socket.socket();
    await cli.connect(["127.0.0.1", port]);
    const [conn, addr] = await srv.accept();
    const [, cport] = addr as [string, number];
    shows(
      conn,
      `<socket.socket fd=${conn.fileno()}, family=2, type=1, proto=0, laddr=('127.0.0.1', ${port}), raddr=('127.0.0.1', ${cport})>`,
    );
    shows(addr as object, `('127.0.0.1', ${cport})`);
    conn.close();
    cli.close();
    srv.close();
    shows(srv, "<socket.socket [closed] fd=-1, family=2, type=1, proto=0>");
    const [a, b] = socket.socketpair();
    shows(a, `<socket.socket fd=${a.fileno()}, family=1, type=1, proto=0>`);
    a.close();
    b.close();
  });

  test("IPv6 and Unix addresses", () => {
    const dir = mkdtempSync(join(tmpdir(), "pyport-repr-"));
    try {
      const u = new socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
      u.bind(["::1", 0]);
      const [, port] = u.getsockname() as [string, number];
      shows(
        u,
        `<socket.socket fd=${u.fileno()}, family=10, type=2, proto=0, laddr=('::1', ${port}, 0, 0)>`,
      );
      u.close();
      const x = new socket.socket(socket.AF_UNIX);
      const path = join(dir, "s");
      x.bind(path);
      shows(
        x,
        `<socket.socket fd=${x.fileno()}, family=1, type=1, proto=0, laddr=${path}>`,
      );
      x.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the files makefile() returns", () => {
    using s = new socket.socket();
    const fd = s.fileno();
    const files: [socket.SocketFile, string][] = [
      [s.makefile("rb"), `<_io.BufferedReader name=${fd}>`],
      [s.makefile("wb"), `<_io.BufferedWriter name=${fd}>`],
      [
        s.makefile("r"),
        `<_io.TextIOWrapper name=${fd} mode='r' encoding='UTF-8'>`,
      ],
      [
        s.makefile("w", { encoding: "latin-1" }),
        `<_io.TextIOWrapper name=${fd} mode='w' encoding='latin-1'>`,
      ],
      [s.makefile("rw"), "<_io.TextIOWrapper mode='rw' encoding='UTF-8'>"],
      [s.makefile("rwb"), "<_io.BufferedRWPair object at 0x7f5828c13580>"],
      [s.makefile("rb", 0), "<socket.SocketIO object at 0x7f5828c19ea0>"],
    ];
    for (const [f, python] of files) {
      shows(f, python);
      f.close();
    }
  });
});

describe("select and selectors", () => {
  test("poll and epoll objects", () => {
    shows(select.poll(), "<select.poll object at 0x7f5828c19e90>");
    const ep = new select.epoll();
    shows(ep, "<select.epoll object at 0x7f5828fe7870>");
    ep.close();
  });

  test("selectors, their map and keys", () => {
    using sel = new selectors.DefaultSelector();
    // DefaultSelector is EpollSelector on Linux, and shows so.
    shows(sel, "<selectors.EpollSelector object at 0x7f5828ed8790>");
    shows(
      sel.get_map()!,
      "<selectors._SelectorMapping object at 0x7f5828c12710>",
    );
    using sel2 = new selectors.SelectSelector();
    shows(sel2, "<selectors.SelectSelector object at 0x7f582907c150>");
    using sel3 = new selectors.PollSelector();
    shows(sel3, "<selectors.PollSelector object at 0x7f5828c12750>");
    using s = new socket.socket();
    const key = sel.register(s, selectors.EVENT_READ);
    shows(
      key,
      `SelectorKey(fileobj=${repr(s)}, fd=${s.fileno()}, events=1, data=None)`,
    );
  });
});

describe("socketserver, pickle and ctypes", () => {
  test("servers, a program's own server class, BytesIO", () => {
    const tcp = new socketserver.TCPServer(
      ["127.0.0.1", 0],
      socketserver.StreamRequestHandler,
    );
    shows(tcp, "<socketserver.TCPServer object at 0x7f5828c30d90>");
    tcp.server_close();
    const threading = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      socketserver.BaseRequestHandler,
    );
    shows(
      threading,
      "<socketserver.ThreadingTCPServer object at 0x7f5828c30d90>",
    );
    threading.server_close();
    class My extends socketserver.ThreadingTCPServer {}
    const mine = new My(["127.0.0.1", 0], socketserver.BaseRequestHandler);
    shows(mine, "<__main__.My object at 0x7f5828a3f8d0>");
    mine.server_close();
    shows(
      new socketserver.BytesIO(),
      "<_io.BytesIO object at 0x7f5828a48630>",
    );
  });

  test("Pickler and Unpickler", () => {
    const f = new socketserver.BytesIO();
    shows(
      new pickle.Pickler(f),
      "<_pickle.Pickler object at 0x7f5828be9850>",
    );
    shows(
      new pickle.Unpickler(f),
      "<_pickle.Unpickler object at 0x7f5828bab640>",
    );
  });

  test("ctypes values", () => {
    shows(new ctypes.c_int(5), "c_int(5)");
    shows(new ctypes.c_double(1.5), "c_double(1.5)");
    shows(new ctypes.c_char(new Uint8Array([97])), "c_char(b'a')");
    shows(new ctypes.c_bool(true), "c_bool(True)");
    shows(new ctypes.c_wchar("x"), "c_wchar('x')");
  });

  test("the same object keeps its made-up address", () => {
    const p = select.poll();
    assert.equal(repr(p), repr(p));
    assert.notEqual(repr(p), repr(select.poll()));
  });
});
