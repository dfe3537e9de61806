// The task functions of bench/pool_bench.ts: exported top-level functions,
// which a pool worker finds by importing this module. No top-level code
// runs here beyond the definitions (every worker imports this module), and
// the module imports nothing, so a worker loads only what the pool needs.
// bench/pool_raw.ts's Workers and bench/pool_piscina.ts's piscina run the
// same functions (piscina loads this module as its worker file), so that
// every implementation does the same work per item.

/** The tiny task of the per-item and batched cases. */
export function square(x: number): number {
  return x * x;
}

/** `square` of each item: a chunk of the batched case (raw and piscina). */
export function squareAll(xs: number[]): number[] {
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i]! * xs[i]!;
  return out;
}

/**
 * The CPU-bound task: `n` rounds of floating-point arithmetic (a square
 * root, a multiply and an add each), about 2.2 ms for n = 1,000,000 on this
 * machine's CPUs under Deno 2.9, Node 24 and Node 20 alike. (An integer
 * xorshift loop ran 1.6 ms on Deno and Node 20 but 4.4 ms on Node 24, and
 * an integer LCG 1.1 or 4.4 ms depending on the Worker: V8's tiers differ
 * on them; this loop is optimized the same way everywhere.)
 */
export function spin(n: number): number {
  let acc = 0;
  for (let i = 1; i <= n; i++) acc += Math.sqrt(i) * 1.0000001;
  return acc;
}
