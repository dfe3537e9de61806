// The module a 'worker' child's Worker starts with on Node: it turns on
// Node's module compile cache (Node 22.1+) for this Worker before loading
// the child's bootstrap, so that each new Worker reuses what an earlier one
// compiled (from the sources, Node 24 strips every module's types again in
// each Worker) instead of compiling the package anew.

import module from "node:module";

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import("./_worker_main.ts");
