// Python's multiprocessing.managers.Token: which object of which manager.

import { register } from "../../pickle/registry.ts";
import { pyRepr, showAsPython } from "../../_shared/pyrepr.ts";
import type { ConnectionAddress } from "../connection/_families.ts";
import { tuple } from "../../builtins/tuple.ts";
import { asTuple } from "../../_shared/tuple.ts";

/**
 * Python's `multiprocessing.managers.Token(typeid, address, id)`: names one
 * shared object, by the manager's address and the object's id there. It
 * pickles as CPython's does (a `(typeid, address, id)` state), so tokens
 * cross to CPython programs and back.
 *
 * @example
 * ```ts
 * import { Token } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * const t = new Token("dict", ["127.0.0.1", 50000], "7f3a");
 * assert.equal(
 *   String(t),
 *   "Token(typeid='dict', address=('127.0.0.1', 50000), id='7f3a')",
 * );
 * ```
 */
export class Token {
  /** The registered type of the object (`'dict'`, `'Queue'`, ...). */
  typeid: string;
  /** The manager's address: `[host, port]` or a Unix socket path. */
  address: ConnectionAddress;
  /** The object's id in its manager. */
  id: string;

  /**
   * Makes a token.
   *
   * @param typeid The registered type.
   * @param address The manager's address.
   * @param id The object's id in the manager.
   */
  constructor(typeid: string, address: ConnectionAddress, id: string) {
    this.typeid = typeid;
    this.address = frozenAddress(address);
    this.id = id;
  }

  /**
   * Python's pickling state: `(typeid, address, id)`.
   *
   * @returns The state tuple.
   */
  __getstate__(): readonly unknown[] {
    return Object.freeze([this.typeid, this.address, this.id]);
  }

  /**
   * Python's unpickling: takes the state tuple back.
   *
   * @param state `(typeid, address, id)`.
   */
  __setstate__(state: readonly unknown[]): void {
    this.typeid = state[0] as string;
    this.address = frozenAddress(state[1] as ConnectionAddress);
    this.id = state[2] as string;
  }

  /**
   * Python's repr(): `Token(typeid='dict', address=..., id='...')`.
   *
   * @returns The repr.
   */
  toString(): string {
    return `Token(typeid=${pyRepr(this.typeid)}, address=${
      pyRepr(this.address)
    }, id=${pyRepr(this.id)})`;
  }
}

showAsPython(Token);

/** A manager's address as Python holds it: a tuple for TCP. */
export function frozenAddress(a: ConnectionAddress): ConnectionAddress {
  return Array.isArray(a) && !(a instanceof tuple)
    ? asTuple([...a]) as unknown as ConnectionAddress
    : a;
}

register("multiprocessing.managers.Token", Token);
