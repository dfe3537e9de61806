// queue's classes show Python's repr(): in repr(), in util.inspect
// (console.log on Node and Bun) and in Deno.inspect (console.log on Deno).
// The expected strings are CPython 3.11's output (`python3 -c "import
// queue; print(repr(queue.Queue()))"`); 3.13 prints the same (the queues
// define no __repr__; SimpleQueue is the C `_queue.SimpleQueue`).
// Addresses are made up in pyport, so they are compared as "0x…".

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as queue from "../../queue/mod.ts";
import { repr } from "../../builtins/mod.ts";
import { shows } from "../_shows.ts";

describe("queue reprs", () => {
  test("Queue, LifoQueue, PriorityQueue", async () => {
    const q = new queue.Queue<number>(2);
    shows(q, "<queue.Queue object at 0x7f46ecb59110>");
    await q.put(1);
    shows(q, "<queue.Queue object at 0x7f46ecb59110>");
    shows(new queue.LifoQueue(), "<queue.LifoQueue object at 0x7f46ecb59110>");
    shows(
      new queue.PriorityQueue(),
      "<queue.PriorityQueue object at 0x7f46ecb59110>",
    );
  });

  test("SimpleQueue", () => {
    shows(
      new queue.SimpleQueue(),
      "<_queue.SimpleQueue object at 0x7f46ece176a0>",
    );
  });

  test("a program's subclass is named by the main module", () => {
    class MyQueue extends queue.Queue {}
    shows(new MyQueue(), "<__main__.MyQueue object at 0x7f46ecb59110>");
  });

  test("two queues have two addresses", () => {
    assert.notEqual(repr(new queue.Queue()), repr(new queue.Queue()));
  });
});
