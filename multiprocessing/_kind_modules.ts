// The modules that register kinds with `registerKind` (_shared/reduce.ts),
// each behind an import with a literal specifier: a child loads the ones
// its arguments' markers name (loadKinds), and tools that follow imports
// (JSR's publish, bundlers) can see every module that may be loaded.
// A module that calls registerKind must be listed here; a marker naming a
// module that is not is refused, as one outside the package is.

import type { KindModules } from "../_shared/reduce.ts";

/** Module path inside the package, without extension -> its import. */
export const KIND_MODULES: KindModules = {
  "ctypes/simple_cdata": () => import("../ctypes/simple_cdata.ts"),
  "multiprocessing/_c_array": () => import("./_c_array.ts"),
  "multiprocessing/_semlock": () => import("./_semlock.ts"),
  "multiprocessing/_sync_semaphore": () => import("./_sync_semaphore.ts"),
  "multiprocessing/_synchronized": () => import("./_synchronized.ts"),
  "multiprocessing/barrier": () => import("./barrier.ts"),
  "multiprocessing/condition": () => import("./condition.ts"),
  "multiprocessing/connection/connection": () =>
    import("./connection/connection.ts"),
  "multiprocessing/event": () => import("./event.ts"),
  "multiprocessing/joinable_queue": () => import("./joinable_queue.ts"),
  "multiprocessing/lock": () => import("./lock.ts"),
  "multiprocessing/managers/proxies": () => import("./managers/proxies.ts"),
  "multiprocessing/queue": () => import("./queue.ts"),
  "multiprocessing/rlock": () => import("./rlock.ts"),
  "multiprocessing/shared_memory/shareable_list": () =>
    import("./shared_memory/shareable_list.ts"),
  "multiprocessing/shared_memory/shared_memory": () =>
    import("./shared_memory/shared_memory.ts"),
  "multiprocessing/simple_queue": () => import("./simple_queue.ts"),
};
