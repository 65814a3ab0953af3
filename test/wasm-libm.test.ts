// The WebAssembly kernel's libm routines (native/kernel/glibc_libm.h) against
// glibc 2.36's own results (x86-64, FMA variants), recorded by
// test/fixtures/make_glibc_libm_fixtures.py on inputs drawn as the torch
// stream and the truncated normal's refusal rule reach them: mostly inputs where musl's libm, the one wasi-libc gives
// the module, has another last bit, so a build that fell back to it fails here.
import { expect } from 'chai';
import * as fs from 'node:fs';
import fixture from './fixtures/glibc_libm.json';
import { WASM_FILE } from '../lib/sampling/wasm-node';

interface Exports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  kaiming_alloc(bytes: number): number;
  kaiming_free(pointer: number): void;
  kaiming_glibc_libm(fn: number, x: number, n: number): number;
}

// kaiming_glibc_libm's function numbers (native/wasm/abi.cc).
const FUNCTION_ID = { log: 0, exp: 1, sin: 2, cos: 3, erf: 4, sinf: 5, cosf: 6, erff: 7, expf: 8, log1p: 9, expm1: 10, erfc: 11 } as const;

// Bits go in and out through an integer view: an engine may canonicalise a NaN that passes through a number.
const fromHex = (hex: string) => BigInt(`0x${hex}`);
const toHex = (bits: bigint) => bits.toString(16).padStart(16, '0');

describe('the WebAssembly kernel\'s libm: glibc 2.36\'s last bits', () => {
  const wasm = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(WASM_FILE)), {}).exports as unknown as Exports;
  wasm._initialize();
  const functions = fixture.functions as Record<keyof typeof FUNCTION_ID, { differing: string; x: string[]; glibc: string[] }>;

  it('covers every function whose last bit decides a value or a refusal, with inputs where musl\'s libm differs', () => {
    expect(Object.keys(functions).sort()).to.deep.equal(Object.keys(FUNCTION_ID).sort());
    for (const [name, f] of Object.entries(functions)) {
      // "<n> of <pool>": musl differed on n of the pool's inputs; up to 600 of them are kept, then 300 at random.
      const differing = Number(f.differing.split(' ')[0]);
      expect(differing, name).to.be.greaterThan(0);
      expect(f.x.length, name).to.be.greaterThan(Math.min(differing, 600) + 300);
    }
  });

  for (const [name, id] of Object.entries(FUNCTION_ID)) {
    it(`${name}: every recorded input gives glibc's bits`, () => {
      const { x, glibc } = functions[name as keyof typeof FUNCTION_ID];
      const at = wasm.kaiming_alloc(8 * x.length);
      try {
        new BigUint64Array(wasm.memory.buffer, at, x.length).set(x.map(fromHex));
        expect(wasm.kaiming_glibc_libm(id, at, x.length)).to.equal(0);
        const got = Array.from(new BigUint64Array(wasm.memory.buffer, at, x.length), toHex);
        // Every bit, NaNs included: the routines spell x86's NaN results (native/kernel/x86_nan.h).
        const differ = got.flatMap((g, i) => (g === glibc[i] ? [] : [`${name}(${x[i]}) = ${g}, glibc ${glibc[i]}`]));
        expect(differ.slice(0, 5), `${differ.length} of ${x.length} differ`).to.deep.equal([]);
      } finally {
        wasm.kaiming_free(at);
      }
    });
  }
});
