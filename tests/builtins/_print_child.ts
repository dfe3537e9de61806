// A program for print.test.ts: prints as a ported script would, then reads
// standard input with input() until EOFError, echoing each line.

import { EOFError, input, print, tuple } from "../../builtins/mod.ts";

print(
  "Received",
  new TextEncoder().encode("hi"),
  "from",
  new tuple(["127.0.0.1", 5000]),
);
print("a", "b", { sep: "-", end: "!\n" });
print();
print("no newline", { end: "" });
print("|");
for (;;) {
  try {
    const line = await input("> ");
    print("got", line);
  } catch (e) {
    if (!(e instanceof EOFError)) throw e;
    print("EOF:", e.message);
    break;
  }
}
