// Shared by the per-runtime bench scripts (bench/*_bench.ts): the runtime
// they run on, option parsing, timing, statistics and the JSON output.
// Private to bench/; Node 20 gets it compiled along by bench/run.mjs (tsc
// follows the imports).

import process from "node:process";
import { writeFileSync } from "node:fs";

// ---- the runtime ----------------------------------------------------------

export interface DenoConn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}
export interface DenoListener {
  accept(): Promise<DenoConn>;
  close(): void;
  readonly addr: { port: number };
}
export interface DenoApi {
  listen(o: { hostname: string; port: number }): DenoListener;
  connect(o: { hostname: string; port: number }): Promise<DenoConn>;
  version: { deno: string };
  args: string[];
  execPath(): string;
}

export const DENO = (globalThis as unknown as { Deno?: DenoApi }).Deno;
export const IS_DENO = typeof DENO?.version === "object";
export const RUNTIME = IS_DENO
  ? `deno ${DENO!.version.deno}`
  : `node ${process.versions.node}`;
export const RAW_NAME = IS_DENO ? "Deno.Conn" : "node:net";
/** The script's command-line arguments. */
export const ARGS = IS_DENO ? DENO!.args : process.argv.slice(2);

export const HOST = "127.0.0.1";

// ---- options ----------------------------------------------------------------

/**
 * Parses `argv` into a copy of `defaults`: `flags` maps each option to its
 * field, whose default's type says how to read it (number: `Number(value)`,
 * string: the value, string[]: the value split at commas, boolean: `true`,
 * no value).
 */
export function parseOptions<T extends Record<string, unknown>>(
  argv: string[],
  defaults: T,
  flags: Record<string, keyof T>,
): T {
  const o: Record<string, unknown> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const key = Object.hasOwn(flags, a) ? flags[a] as string : undefined;
    if (key === undefined) throw new Error(`unknown option ${a}`);
    const d = defaults[key];
    if (typeof d === "number") o[key] = Number(v());
    else if (typeof d === "boolean") o[key] = true;
    else if (Array.isArray(d)) o[key] = v().split(",");
    else o[key] = v();
  }
  return o as T;
}

// ---- timing -------------------------------------------------------------------

export const now = () => performance.now();

export function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no result after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export async function denoWriteAll(
  c: DenoConn,
  p: Uint8Array,
): Promise<void> {
  let off = 0;
  while (off < p.length) off += await c.write(off ? p.subarray(off) : p);
}

// ---- statistics and results -----------------------------------------------------

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The q-quantile, interpolated linearly between the two nearest values. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i), hi = Math.ceil(i);
  return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
}

export interface Result {
  case: string;
  impl: string;
  unit: string;
  /** One value per round; null where the round failed. */
  values: (number | null)[];
  errors: string[];
}

/** The results of a run, one per case and implementation, in first-use order. */
export function resultList(): {
  results: Result[];
  get(name: string, impl: string, unit: string): Result;
} {
  const results: Result[] = [];
  const get = (name: string, impl: string, unit: string): Result => {
    let r = results.find((x) => x.case === name && x.impl === impl);
    if (r === undefined) {
      r = { case: name, impl, unit, values: [], errors: [] };
      results.push(r);
    }
    return r;
  };
  return { results, get };
}

/** What a failed measurement reports. */
export const errorText = (e: unknown): string =>
  String((e as Error)?.message ?? e);

/** `median (min..max)` of a result's values, or "failed". */
export function summarize(
  r: Result,
  fmt: (x: number, unit: string) => string,
  mid: (xs: number[]) => number = median,
): string {
  const v = r.values.filter((x): x is number => x !== null);
  if (v.length === 0) return "failed";
  return `${fmt(mid(v), r.unit)} (${fmt(Math.min(...v), r.unit)}..${
    fmt(Math.max(...v), r.unit)
  })`;
}

/** Writes the run's JSON to `path` (bench/run.mjs reads it), unless "". */
export function writeJson(path: string, out: unknown): void {
  if (path !== "") writeFileSync(path, JSON.stringify(out, null, 2) + "\n");
}

/**
 * Ends a run: writes its JSON (runtime, raw API, options, seconds since
 * `started`, results) to `opts.json` unless ""; returns those seconds.
 */
export function finishRun(
  opts: { json: string },
  started: number,
  results: Result[],
): number {
  const elapsed = (now() - started) / 1000;
  writeJson(opts.json, {
    runtime: RUNTIME,
    raw: RAW_NAME,
    options: opts,
    elapsedSeconds: elapsed,
    results,
  });
  return elapsed;
}
