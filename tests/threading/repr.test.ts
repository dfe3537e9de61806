// threading's classes show Python's repr(): in repr(), in util.inspect
// (console.log on Node and Bun) and in Deno.inspect (console.log on Deno).
// The expected strings are CPython 3.11's output, captured with
// `python3 -c "import threading; print(repr(threading.Lock()))"` and so on;
// 3.13 prints the same for every one of them. Addresses are made up in
// pyport (`at 0x7f...`), so they are compared as "0x…"; idents are put in.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as threading from "../../threading/mod.ts";
import { ValueError } from "../../builtins/mod.ts";
import { shows } from "../_shows.ts";

describe("threading reprs", () => {
  test("Lock", async () => {
    const lock = new threading.Lock();
    shows(lock, "<unlocked _thread.lock object at 0x7f46ec9fde80>");
    await lock.acquire();
    shows(lock, "<locked _thread.lock object at 0x7f46ecc16240>");
    lock.release();
  });

  test("RLock", async () => {
    const lock = new threading.RLock();
    shows(
      lock,
      "<unlocked _thread.RLock object owner=0 count=0 at 0x7f46ec9fde80>",
    );
    await lock.acquire();
    await lock.acquire();
    shows(
      lock,
      "<locked _thread.RLock object owner=139942607641472 count=2 at 0x7f46ecb59100>",
      { "139942607641472": threading.get_ident() },
    );
    lock.release();
    lock.release();
  });

  test("Condition", () => {
    shows(
      new threading.Condition(),
      "<Condition(<unlocked _thread.RLock object owner=0 count=0 at 0x7f46ec9fd780>, 0)>",
    );
    shows(
      new threading.Condition(new threading.Lock()),
      "<Condition(<unlocked _thread.lock object at 0x7f46ecb8ae00>, 0)>",
    );
  });

  test("Semaphore and BoundedSemaphore", async () => {
    const sem = new threading.Semaphore(2);
    shows(sem, "<threading.Semaphore at 0x7f46ec9fde90: value=2>");
    const bounded = new threading.BoundedSemaphore(3);
    shows(bounded, "<threading.BoundedSemaphore at 0x7f46ec9fde90: value=3/3>");
    await bounded.acquire();
    shows(bounded, "<threading.BoundedSemaphore at 0x7f46ec9fde90: value=2/3>");
    bounded.release();
    assert.throws(() => bounded.release(), ValueError);
    // A program's subclass: its module is the main one.
    class MySemaphore extends threading.Semaphore {}
    shows(
      new MySemaphore(),
      "<__main__.MySemaphore at 0x7f46ec9fde90: value=1>",
    );
  });

  test("Event", () => {
    const ev = new threading.Event();
    shows(ev, "<threading.Event at 0x7f46ecb59110: unset>");
    ev.set();
    shows(ev, "<threading.Event at 0x7f46ec9fe8d0: set>");
  });

  test("Barrier", async () => {
    const b = new threading.Barrier(2);
    shows(b, "<threading.Barrier at 0x7f46ecb59110: waiters=0/2>");
    await b.abort();
    // CPython 3.11 and 3.13: f"<{cls.__module__}.{cls.__qualname__} at
    // {id(self):#x}: broken>".
    shows(b, "<threading.Barrier at 0x7f46ecb59110: broken>");
  });

  test("Thread, Timer and the main thread", async () => {
    const t = new threading.Thread({
      name: "w",
      target: () => {},
      daemon: true,
    });
    shows(t, "<Thread(w, initial daemon)>");
    t.start();
    shows(t, "<Thread(w, started daemon 139942593595072)>", {
      "139942593595072": t.ident!,
    });
    await t.join();
    shows(t, "<Thread(w, stopped daemon 139942593595072)>", {
      "139942593595072": t.ident!,
    });
    const plain = new threading.Thread();
    shows(plain, "<Thread(Thread-2, initial)>", { "Thread-2": plain.name });
    const timer = new threading.Timer(1, () => {});
    shows(timer, "<Timer(Thread-1, initial)>", { "Thread-1": timer.name });
    shows(
      threading.main_thread(),
      "<_MainThread(MainThread, started 139942607641472)>",
      { "139942607641472": threading.main_thread().ident! },
    );
  });

  test("local", () => {
    shows(new threading.local(), "<_thread._local object at 0x7f46ece14360>");
    class MyLocal extends threading.local {}
    shows(new MyLocal(), "<__main__.MyLocal object at 0x7f46ece14360>");
  });

  test("ExceptHookArgs", () => {
    const e = new ValueError("x");
    shows(
      new threading.ExceptHookArgs(e, threading.main_thread()),
      "_thread._ExceptHookArgs(exc_type=<class 'ValueError'>, " +
        "exc_value=ValueError('x'), exc_traceback=<traceback object at " +
        "0x7fb0d6e16c80>, thread=<_MainThread(MainThread, started " +
        "140397504535424)>)",
      { "140397504535424": threading.main_thread().ident! },
    );
  });
});
