// Python's socket addresses as the package passes them between modules, and
// their repr(): socket, select and socketserver all print them.

/** A Python socket address: `[host, port]`, `[host, port, flowinfo, scope_id]` or a Unix path. */
export type Address =
  | readonly [string, number]
  | readonly [string, number, number, number]
  | string
  | Uint8Array;

/** Python's repr() of a socket address: ('127.0.0.1', 8080) or '/tmp/s'. */
export function reprAddress(a: Address | null | undefined): string {
  if (a === null || a === undefined) return "None";
  if (typeof a === "string") return `'${a}'`;
  if (a instanceof Uint8Array) return `b'${new TextDecoder().decode(a)}'`;
  return `(${
    a.map((x) => (typeof x === "string" ? `'${x}'` : String(x))).join(", ")
  })`;
}
