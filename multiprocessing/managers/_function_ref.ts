// A function crossing to a pyport manager's Pool: pickle cannot carry a
// JavaScript function, so a proxy sends where the manager finds it (its
// module and export name, or a self-contained function's source), as a
// Process target crosses (docs/porting.md §7). Only pyport managers know
// this class; CPython's refuses it ("Can't get attribute").

import { register } from "../../pickle/registry.ts";
import {
  callerModule,
  loadTarget,
  locate,
  registerTarget,
  type TargetRef,
} from "../_target.ts";

/** Where a manager finds a function: pickled by reference. */
export class FunctionRef {
  kind = "export";
  url = "";
  name = "";
  source = "";

  /** Makes the reference of `fn`, found from the calling module. */
  static of(fn: unknown, what: string): FunctionRef {
    if (typeof fn !== "function") {
      throw new TypeError(`${what} must be a function, not ${typeof fn}`);
    }
    const ref = locate(fn, callerModule(), "target");
    const r = new FunctionRef();
    r.kind = ref.kind;
    r.name = ref.name;
    if (ref.kind === "export") r.url = ref.url;
    else r.source = ref.source;
    return r;
  }

  /** The function, in the manager (imported, or made from its source). */
  async load(): Promise<(...args: unknown[]) => unknown> {
    const ref: TargetRef = this.kind === "export"
      ? { kind: "export", url: this.url, name: this.name }
      : { kind: "source", source: this.source, name: this.name };
    const fn = await loadTarget(ref) as (...args: unknown[]) => unknown;
    // The Pool finds its workers' functions the same way.
    if (ref.kind === "export") registerTarget(fn, ref.url, ref.name);
    return fn;
  }
}

register("pyport.FunctionRef", FunctionRef);
