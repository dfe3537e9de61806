// A manager's server process: what BaseManager.start() runs in the child
// (Python's BaseManager._run_server). It finds the registered callables by
// module and name, binds the server, tells the parent its address, and
// serves until a client asks it to shut down.

import { Client } from "../connection/client.ts";
import type { ConnectionAddress } from "../connection/_families.ts";
import { loadTarget, registerTarget, type TargetRef } from "../_target.ts";
import type { ProxyType, Registry } from "./server.ts";
import { Server } from "./server.ts";
import { AutoProxy } from "./proxies.ts";

/** A registry entry as it crosses: the callable as a reference. */
export type WireEntry = readonly [
  callable: TargetRef | null,
  exposed: readonly string[] | null,
  method_to_typeid: Readonly<Record<string, string>> | null,
];

/** Runs the server of a started manager (the child's target). */
export async function _run_server(
  registry: Record<string, WireEntry>,
  address: ConnectionAddress | null,
  authkey: Uint8Array,
  serializer: string,
  replyTo: ConnectionAddress,
  initializer: TargetRef | null,
  initargs: unknown[],
): Promise<void> {
  if (initializer !== null) {
    const init = await loadTarget(initializer) as (...a: unknown[]) => unknown;
    await init(...initargs);
  }
  const reg: Registry = {};
  for (const [typeid, [ref, exposed, m2t]] of Object.entries(registry)) {
    const fn = ref === null
      ? null
      : await loadTarget(ref) as (...args: never[]) => unknown;
    reg[typeid] = [fn, exposed, m2t, AutoProxy as ProxyType];
  }
  const server = new Server(reg, address, authkey, serializer);
  const c = await Client(replyTo, { authkey });
  try {
    await c.send(server.address);
  } finally {
    c.close();
  }
  await server.serve_forever();
}

registerTarget(_run_server, import.meta.url, "_run_server");
