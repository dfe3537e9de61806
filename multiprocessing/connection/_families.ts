// Address families of Listener and Client, as Python names them: 'AF_INET'
// (a [host, port] array, Python's tuple) and 'AF_UNIX' (a path).

import { ValueError } from "../../builtins/exceptions.ts";
import { bytearray } from "../../builtins/bytearray.ts";
import { pyRepr } from "../../_shared/pyrepr.ts";
import { mkdtempSync, rmSync, unlinkSync } from "node:fs";
import process from "node:process";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A Listener's or Client's address: `[host, port]` or a Unix path. */
export type ConnectionAddress =
  | [string, number]
  | readonly [string, number]
  | string;

/** Python's `address_type(address)`: the family an address belongs to. */
export function addressType(address: unknown): string {
  if (Array.isArray(address)) return "AF_INET";
  if (typeof address === "string") {
    return address.startsWith("\\\\") ? "AF_PIPE" : "AF_UNIX";
  }
  if (address instanceof Uint8Array && address[0] === 0) return "AF_UNIX";
  throw new TypeError(`address type of ${pyRepr(address)} unrecognized`);
}

/** Python's `_validate_family`: AF_PIPE is Windows only. */
export function validateFamily(family: string): void {
  if (family !== "AF_INET" && family !== "AF_UNIX") {
    throw new ValueError(`Family ${family} is not recognized.`);
  }
}

let tempDir: string | null = null;
let count = 0;
/** Unix socket files of Listeners not closed yet: removed at exit. */
export const liveSocketFiles: Set<string> = new Set();
let hooked = false;

/** Cleans up at exit: the temporary folder and unclosed socket files. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", cleanUp);
}

/** A Listener's socket file, removed at exit unless closed before. */
export function removeAtExit(path: string): void {
  liveSocketFiles.add(path);
  hookExit();
}

function cleanUp(): void {
  for (const f of liveSocketFiles) {
    try {
      unlinkSync(f);
    } catch {
      // Already gone.
    }
  }
  liveSocketFiles.clear();
  if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
}

/** Python's `arbitrary_address(family)`: a free address of that family. */
export function arbitraryAddress(family: string): ConnectionAddress {
  if (family === "AF_INET") return ["localhost", 0];
  if (tempDir === null) {
    tempDir = mkdtempSync(join(tmpdir(), "pymp-"));
    // As CPython's temporary folder, removed when the program ends.
    hookExit();
  }
  const tag = `${Date.now().toString(36)}${(++count).toString(36)}`;
  return join(tempDir, `listener-${tag}`);
}

/** Checks Python's `authkey` argument: null or bytes. */
export function authkeyOf(authkey: unknown): Uint8Array | null {
  if (authkey === null || authkey === undefined) return null;
  if (!(authkey instanceof Uint8Array) || authkey instanceof bytearray) {
    throw new TypeError("authkey should be a byte string");
  }
  return authkey;
}
