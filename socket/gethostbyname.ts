// Python's host-name functions: gethostname, gethostbyname(_ex),
// gethostbyaddr, getfqdn, and the services look-ups.

import { asTuple } from "../_shared/tuple.ts";
import { isIP, isIPv4 } from "node:net";
import { OverflowError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { runtime } from "../_runtime/mod.ts";
import { checkInt, pyTypeName } from "./_address.ts";
import { bind } from "../_shared/args.ts";
import { herror } from "./errors.ts";
import { serviceByName, serviceByPort } from "./_services.ts";

function hostArg(v: unknown, fn: string): string {
  if (typeof v !== "string") {
    throw new TypeError(`${fn}() argument 1 must be str, not ${pyTypeName(v)}`);
  }
  return v;
}

/**
 * Python's `socket.gethostname()`: this machine's host name.
 *
 * @example
 * ```ts
 * import { gethostname } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.ok(gethostname().length > 0);
 * ```
 *
 * @returns The host name.
 * @tags allow-sys
 */
export function gethostname(): string {
  return runtime.hostname();
}

/**
 * Python's `socket.gethostbyname(hostname)`: the first IPv4 address of a
 * name (a literal is returned as it is).
 *
 * @example
 * ```ts
 * import { gethostbyname } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await gethostbyname("localhost"), "127.0.0.1");
 * ```
 *
 * @param hostname The name.
 * @returns An IPv4 address.
 */
export async function gethostbyname(hostname: string): Promise<string> {
  const h = hostArg(hostname, "gethostbyname");
  if (isIPv4(h)) return h;
  if (h === "") return "0.0.0.0";
  const res = await runtime.lookup(h, 2);
  return res[0]!.host;
}

/**
 * Python's `socket.gethostbyname_ex(hostname)`: `[name, aliases, ipv4s]`.
 *
 * @example
 * ```ts
 * import { gethostbyname_ex } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * const [name, , addrs] = await gethostbyname_ex("localhost");
 * assert.equal(name, "localhost");
 * assert.ok(addrs.includes("127.0.0.1"));
 * ```
 *
 * @param hostname The name.
 * @returns The canonical name, its aliases and its IPv4 addresses.
 */
export async function gethostbyname_ex(
  hostname: string,
): Promise<[string, string[], string[]]> {
  const h = hostArg(hostname, "gethostbyname_ex");
  if (isIPv4(h)) return asTuple([h, [], [h]]);
  const res = await runtime.lookup(h, 2);
  return asTuple([h, [], [...new Set(res.map((r) => r.host))]]);
}

/**
 * Python's `socket.gethostbyaddr(ip_address)`: `[name, aliases, addresses]`
 * for an address (or a name, resolved first). Raises `herror` when the
 * address has no name.
 *
 * @example
 * ```ts
 * import { gethostbyaddr } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * const [, , addrs] = await gethostbyaddr("127.0.0.1");
 * assert.deepEqual(addrs, ["127.0.0.1"]);
 * ```
 *
 * @param ip_address An address or a name.
 * @returns The name, aliases and addresses.
 */
export async function gethostbyaddr(
  ip_address: string,
): Promise<[string, string[], string[]]> {
  const h = hostArg(ip_address, "gethostbyaddr");
  const ip = isIP(h) !== 0 ? h : (await runtime.lookup(h, 0))[0]!.host;
  let names: string[];
  try {
    names = await runtime.reverse(ip);
  } catch {
    throw new herror(1, "Unknown host");
  }
  if (names.length === 0 || names[0] === ip) {
    throw new herror(1, "Unknown host");
  }
  return asTuple([names[0]!, names.slice(1), [ip]]);
}

/**
 * Python's `socket.getfqdn(name="")`: the fully qualified name of `name`
 * (of this machine when empty), or `name` itself when none is found.
 *
 * @example
 * ```ts
 * import { getfqdn } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.ok((await getfqdn()).length > 0);
 * ```
 *
 * @param name A host name or address, or the keyword object `{ name }`.
 * @returns The qualified name.
 * @throws {TypeError} A keyword `getfqdn()` does not have.
 */
export async function getfqdn(
  name?: string | { name?: string },
): Promise<string> {
  const [nm = ""] = bind("getfqdn", ["name"], [name]) as (string | undefined)[];
  let n = nm.trim();
  if (n === "" || n === "0.0.0.0" || n === "::") n = gethostname();
  try {
    const [host, aliases] = await gethostbyaddr(n);
    for (const candidate of [host, ...aliases]) {
      if (candidate.includes(".")) return candidate;
    }
    return host;
  } catch {
    return n;
  }
}

/**
 * Python's `socket.getservbyname(servicename[, protocolname])`: the port of a
 * service from the services database.
 *
 * @example
 * ```ts
 * import { getservbyname } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getservbyname("http", "tcp"), 80);
 * ```
 *
 * @param servicename The service, like `"http"`.
 * @param protocolname `"tcp"` or `"udp"`; any when omitted.
 * @returns The port.
 */
export function getservbyname(
  servicename: string,
  protocolname?: string,
): number {
  const e = serviceByName(
    hostArg(servicename, "getservbyname"),
    protocolname ?? null,
  );
  if (e === undefined) throw new OSError("service/proto not found");
  return e.port;
}

/**
 * Python's `socket.getservbyport(port[, protocolname])`: the service name of
 * a port.
 *
 * @example
 * ```ts
 * import { getservbyport } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getservbyport(22), "ssh");
 * ```
 *
 * @param port The port.
 * @param protocolname `"tcp"` or `"udp"`; any when omitted.
 * @returns The service name.
 */
export function getservbyport(port: number, protocolname?: string): string {
  const p = checkInt(port);
  if (p < 0 || p > 65535) {
    throw new OverflowError("getservbyport: port must be 0-65535.");
  }
  const n = serviceByPort(p, protocolname ?? null);
  if (n === undefined) throw new OSError("port/proto not found");
  return n;
}
