// A program for exit.test.ts: runs one scenario, printing what happens, and
// ends (or not) by Python's rule: when the main thread and every non-daemon
// thread have ended.
//
//   <runtime> tests/threading/_exit_child.ts SCENARIO

import process from "node:process";
import * as threading from "../../threading/mod.ts";
import { SystemExit } from "../../builtins/exceptions.ts";
import * as socket from "../../socket/mod.ts";

const scenario = process.argv[process.argv.length - 1];

function say(s: string): void {
  process.stdout.write(s + "\n");
}

switch (scenario) {
  case "non-daemon": {
    // The program waits for the non-daemon thread.
    const t = new threading.Thread({
      target: async () => {
        await threading.sleep(0.3);
        say("thread done");
      },
    });
    t.start();
    say("main done");
    break;
  }
  case "non-daemon-sync-wait": {
    // A non-daemon thread blocked on an Event set by a daemon keeps it alive.
    const ev = new threading.Event();
    new threading.Thread({
      target: async () => {
        await ev.wait();
        say("waiter woke");
      },
    }).start();
    new threading.Thread({
      daemon: true,
      target: async () => {
        await threading.sleep(0.2);
        ev.set();
      },
    }).start();
    say("main done");
    break;
  }
  case "main-waits-on-daemon": {
    // The main thread blocked on a daemon thread's event is still alive.
    const ev = new threading.Event();
    new threading.Thread({
      daemon: true,
      target: async () => {
        await threading.sleep(0.2);
        ev.set();
      },
    }).start();
    await ev.wait();
    say("main woke");
    break;
  }
  case "daemon": {
    // Daemon threads sleeping, waiting and timing out never hold the program.
    const never = new threading.Event();
    const lock = new threading.Lock();
    await lock.acquire();
    for (
      const body of [
        () => threading.sleep(30),
        () => never.wait(),
        () => never.wait(30),
        () => lock.acquire(true, 30),
        () => new threading.Condition().wait_for(() => false, 30),
      ]
    ) {
      new threading.Thread({
        daemon: true,
        target: async () => {
          await body();
          say("daemon should not get here");
        },
      }).start();
    }
    await threading.sleep(0.05);
    say("main done");
    break;
  }
  case "daemon-sockets": {
    // A daemon thread blocked on sockets (made in main or in the thread)
    // does not hold the program either.
    const srv = new socket.socket();
    srv.bind(["127.0.0.1", 0]);
    srv.listen();
    const addr = srv.getsockname();
    const started = new threading.Event();
    new threading.Thread({
      daemon: true,
      target: async () => {
        // Deno's node:dgram ignores unref(), so on Deno a UDP socket is
        // checked only when Deno's own datagram API is on (--unstable-net).
        const deno = (globalThis as { Deno?: { listenDatagram?: unknown } })
          .Deno;
        const udp = deno === undefined || deno.listenDatagram !== undefined;
        const own = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
        if (udp) own.bind(["127.0.0.1", 0]);
        const cli = await socket.create_connection(addr as [string, number]);
        const [conn] = await srv.accept();
        started.set();
        const timed = new socket.socket();
        timed.settimeout(30);
        timed.bind(["127.0.0.1", 0]);
        timed.listen();
        await Promise.all([
          conn.recv(10),
          cli.recv(10),
          udp ? own.recvfrom(10) : null,
          timed.accept(),
        ]);
        say("daemon should not get here");
      },
    }).start();
    await started.wait(10);
    say(started.is_set() ? "main done" : "daemon did not start");
    break;
  }
  case "exception": {
    // An exception in a thread is reported, and the program goes on.
    const t = new threading.Thread({
      name: "boom",
      target: () => {
        throw new Error("bad thing");
      },
    });
    t.start();
    await t.join();
    say("main goes on");
    break;
  }
  case "system-exit": {
    // SystemExit in a thread ends the thread silently, as in Python.
    const t = new threading.Thread({
      target: () => {
        throw new SystemExit(3);
      },
    });
    t.start();
    await t.join();
    say("main goes on");
    break;
  }
  default:
    throw new Error(`unknown scenario ${scenario}`);
}
