/**
 * The WebAssembly build's glibc-equal libm routines (native/kernel/glibc_libm.h),
 * ns per call: each function on 2^20 inputs drawn from the ranges the torch
 * stream and the truncated normal's refusal rule reach, through the module's
 * kaiming_glibc_libm export (native/wasm/abi.cc), median of 5 runs.
 *
 *   npx tsx bench/wasm-libm.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { WASM_FILE } from '../lib/sampling/wasm-node';

interface Exports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  kaiming_alloc(bytes: number): number;
  kaiming_glibc_libm(fn: number, x: number, n: number): number;
}

const wasm = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(WASM_FILE)), {}).exports as unknown as Exports;
wasm._initialize();
const N = 1 << 20;
const at = wasm.kaiming_alloc(8 * N);

// In kaiming_glibc_libm's order of function numbers; inputs as their callers draw them (Math.random suffices here).
const INPUTS: Array<[string, () => number]> = [
  ['log', () => 1 - Math.random()], ['exp', () => -36 * Math.random() ** 2],
  ['sin', () => 2 * Math.PI * Math.random()], ['cos', () => 2 * Math.PI * Math.random()],
  ['erf', () => 12 * Math.random() - 6], ['sinf', () => Math.fround(2 * Math.PI * Math.random())],
  ['cosf', () => Math.fround(2 * Math.PI * Math.random())], ['erff', () => Math.fround(8 * Math.random() - 4)],
  ['expf', () => Math.fround(-16 * Math.random())], ['log1p', () => -Math.random() / 900],
  ['expm1', () => -0.69 * Math.random()], ['erfc', () => 28 * Math.random() * Math.SQRT1_2],
];

console.log(`glibc routines in WebAssembly (${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}), ns per call`);
INPUTS.forEach(([name, draw], fn) => {
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    new Float64Array(wasm.memory.buffer, at, N).forEach((_, i, v) => (v[i] = draw()));
    const t0 = performance.now();
    if (wasm.kaiming_glibc_libm(fn, at, N) !== 0) throw new Error(`kaiming_glibc_libm refused function ${fn}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(6)} ${((times[2]! * 1e6) / N).toFixed(0).padStart(4)}`);
});
