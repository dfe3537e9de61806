// What a child inherits from its parent beyond its arguments, as a forked
// Python child would: each provider gives a value at start(), and the
// child's bootstrap hands it back under the same name.

const providers = new Map<
  string,
  { give(method: "worker" | "spawn"): unknown; adopt(state: unknown): void }
>();

/** State adopted before its provider's module was loaded. */
const unclaimed = new Map<string, unknown>();

/** Registers inherited state under `name`. */
export function inherited(
  name: string,
  give: (method: "worker" | "spawn") => unknown,
  adopt: (state: unknown) => void,
): void {
  providers.set(name, { give, adopt });
  if (unclaimed.has(name)) {
    const v = unclaimed.get(name);
    unclaimed.delete(name);
    adopt(v);
  }
}

/** What a new child inherits now. */
export function inheritance(
  method: "worker" | "spawn",
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of providers) {
    const v = p.give(method);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** In the child: adopts what the parent gave. */
export function adoptInheritance(state: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(state)) {
    const p = providers.get(name);
    if (p !== undefined) p.adopt(v);
    else unclaimed.set(name, v);
  }
}
