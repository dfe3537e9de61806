// Writing Python-style tracebacks and reprs to stderr.

import process from "node:process";
export { reprAddress } from "../_shared/address.ts";

/** Python's "Traceback (most recent call last):" block for an error, JS stack inside. */
export function formatException(e: unknown): string {
  if (e instanceof Error) {
    const stack = e.stack ?? `${e.name}: ${e.message}`;
    const lines = stack.split("\n");
    const head = lines.findIndex((l) => /^\s+at /.test(l));
    const frames = head < 0
      ? []
      : lines.slice(head).map((l) => `  ${l.trim()}`).reverse();
    return [
      "Traceback (most recent call last):",
      ...frames,
      `${e.name}: ${e.message}`,
    ].join("\n");
  }
  return `Traceback (most recent call last):\nException: ${String(e)}`;
}

/** Writes to standard error. */
export function stderr(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : text + "\n");
}
