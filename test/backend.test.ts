// The backend seam (lib/sampling/backend.ts): the choice and KAIMING_BACKEND,
// and the WebAssembly kernel against the native addon call for call: the same
// bytes, the same refusals, async and abort on both, any thread count.
import { expect } from 'chai';
import * as path from 'node:path';
import { backend } from '../lib/index';
import { chooseBackend, forcedBackend, type Backend, type FillCall } from '../lib/sampling/backend';
import { DTYPE_ID, TRANSFORM } from '../lib/sampling/ids';
import { loadAddon, nativeBackend } from '../lib/sampling/native';
import { TORCH_FAMILY } from '../lib/sampling/torch';
import { loadWasmBackend } from '../lib/sampling/wasm-node';
import { TORCH_STATE_BYTES, torchGenerator } from '../lib/index';

const native = nativeBackend(loadAddon(path.join(__dirname, '..')).binding);
const wasm = loadWasmBackend();

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function call(dtype: keyof typeof DTYPE_ID, transform: keyof typeof TRANSFORM, params: number[], seed: bigint, start: number, length: number,
  threads = 1): FillCall {
  return { out: null, length, dtype: DTYPE_ID[dtype], transform: TRANSFORM[transform], seed, key: 0x5eedn, start,
    params: Float64Array.from([...params, 0, 0, 0, 0].slice(0, 4)), threads };
}

const LAWS: Array<[keyof typeof TRANSFORM, number[]]> = [
  ['uniform', [-1, 1]], ['uniform', [0.25, 3]], ['uniform', [2, 2]], ['normal', [0, 1]], ['normal', [0.5, 0.02]], ['normal', [1, 0]],
  ['truncated_normal', [0, 1, -2, 2]], ['truncated_normal', [0, 1, -0.5, 0.5]], ['truncated_normal', [0, 1, 1, 5]],
  ['truncated_normal', [0, 1, 3, 4]], ['truncated_normal', [0, 0.02, -0.04, 0.04]], ['truncated_normal', [1, 2, -10, 0.1]],
];
// Ranges from the first element, across a chunk boundary (65,536) and far into the index space.
const RANGES: Array<[number, number]> = [[0, 70_000], [65_530, 20], [123_457, 3], [2 ** 40 + 11, 1000]];

describe('backends', () => {
  describe('the choice', () => {
    it('KAIMING_BACKEND names native or wasm; anything else is refused as options are', () => {
      expect(forcedBackend({})).to.equal(undefined);
      expect(forcedBackend({ KAIMING_BACKEND: '' })).to.equal(undefined);
      expect(forcedBackend({ KAIMING_BACKEND: 'wasm' })).to.equal('wasm');
      expect(() => forcedBackend({ KAIMING_BACKEND: 'WASM' })).to.throw(RangeError,
        'Expected one of "native", "wasm" for KAIMING_BACKEND but received "WASM" (string)');
    });

    it('native when it loads, else wasm silently; a forced backend that cannot load is an error', () => {
      const failing = () => {
        throw new Error('no addon here');
      };
      expect(chooseBackend({ native: () => native, wasm: () => wasm }, {}).name).to.equal('native');
      expect(chooseBackend({ native: failing, wasm: () => wasm }, {}).name).to.equal('wasm');
      expect(chooseBackend({ native: () => native, wasm: () => wasm }, { KAIMING_BACKEND: 'wasm' }).name).to.equal('wasm');
      expect(() => chooseBackend({ native: failing, wasm: () => wasm }, { KAIMING_BACKEND: 'native' })).to.throw('no addon here');
    });

    it('backend() says which one this process uses', () => {
      expect(backend()).to.equal(process.env.KAIMING_BACKEND || 'native');
      expect(wasm.kernelPath).to.equal('simd128');
      expect([wasm.chunkElements, wasm.inlineThreshold]).to.deep.equal([native.chunkElements, native.inlineThreshold]);
    });
  });

  describe('the WebAssembly kernel gives the native bytes', () => {
    for (const dtype of Object.keys(DTYPE_ID) as Array<keyof typeof DTYPE_ID>) {
      it(`${dtype}: ${LAWS.length} laws × ${RANGES.length} ranges`, () => {
        for (const [law, params] of LAWS) {
          for (const [start, length] of RANGES) {
            const c = call(dtype, law, params, 0x1234_5678_9abc_def0n, start, length);
            expect(bytesOf(wasm.fill(c)).equals(bytesOf(native.fill(c))), `${law} ${params} [${start}, +${length})`).to.equal(true);
          }
        }
      });
    }

    it('async fills on 1, 2 and 4 workers equal the sync fill, in a caller\'s array too', async () => {
      const c = call('float32', 'normal', [0, 1], 7n, 65_536 * 3 + 5, 65_536 * 9 + 17);
      const expected = bytesOf(native.fill(c));
      for (const threads of [1, 2, 4]) {
        expect(bytesOf(await wasm.fillAsync({ ...c, threads })).equals(expected), `threads ${threads}`).to.equal(true);
      }
      const out = new Float32Array(c.length);
      expect(await wasm.fillAsync({ ...c, out, threads: 3 })).to.equal(out);
      expect(bytesOf(out).equals(expected)).to.equal(true);
    });

    it('orthogonalize: the same matrix, sync and on a worker; an abort rejects', async () => {
      const a = native.fill(call('float64', 'normal', [0, 1], 3n, 0, 40 * 24)) as Float64Array;
      for (const [rows, cols] of [[40, 24], [24, 40], [1, 960]]) {
        const expected = bytesOf(native.orthogonalize(a, rows!, cols!, 1.5, 1));
        expect(bytesOf(wasm.orthogonalize(a, rows!, cols!, 1.5, 1)).equals(expected)).to.equal(true);
        expect(bytesOf(await wasm.orthogonalizeAsync(a, rows!, cols!, 1.5, 2)).equals(expected)).to.equal(true);
      }
      const big = native.fill(call('float64', 'normal', [0, 1], 3n, 0, 600 * 600)) as Float64Array;
      const controller = new AbortController();
      const pending = wasm.orthogonalizeAsync(big, 600, 600, 1, 2, controller.signal);
      setTimeout(() => controller.abort(), 5);
      expect((await pending.then(() => undefined, (error: Error) => error))?.name).to.equal('AbortError');
    });

    it('the torch stream: every family, dtype and build gives the native bytes and advances the state alike', () => {
      // [family, out, params, capability]: uniform_ and the AVX2 float normal_ use no libm; the rest call
      // glibc's log, sin, cos, exp, erf or their float versions, which the module takes from glibc_libm.h.
      const cases: Array<[number, Float32Array | Float64Array, number[], number]> = [
        [TORCH_FAMILY.uniform, new Float32Array(5000), [-0.1, 0.3], 0], [TORCH_FAMILY.uniform, new Float64Array(333), [-1, 1], 1],
        [TORCH_FAMILY.normal, new Float32Array(4099), [0.5, 0.02], 0], [TORCH_FAMILY.normal, new Float32Array(4099), [0.5, 0.02], 1],
        [TORCH_FAMILY.normal, new Float32Array(15), [0, 1], 0], [TORCH_FAMILY.normal, new Float64Array(7), [0, 1], 1],
        [TORCH_FAMILY.normal, new Float64Array(100_003), [-1, 3], 0], [TORCH_FAMILY.normal, new Float64Array(4099), [0, 0.02], 1],
        [TORCH_FAMILY.truncated_normal, new Float32Array(20_000), [0, 1, -2, 2], 0],
        [TORCH_FAMILY.truncated_normal, new Float32Array(20_000), [0.1, 0.5, -0.3, 1.7], 1],
        [TORCH_FAMILY.truncated_normal, new Float64Array(20_000), [0, 0.02, -0.04, 0.04], 0],
        [TORCH_FAMILY.truncated_normal, new Float64Array(20_000), [1, 2, -10, 0.1], 1],
      ];
      for (const [family, out, params, capability] of cases) {
        const s1 = torchGenerator(42).state.slice();
        const s2 = s1.slice();
        const a = out.slice();
        const b = out.slice();
        const p = Float64Array.from([...params, 0, 0].slice(0, 4));
        native.torchFill(s1, a, family, p, capability, 1);
        wasm.torchFill(s2, b, family, p, capability, 1);
        const label = `family ${family}, ${out.constructor.name}(${out.length}), capability ${capability}`;
        const differ = a.findIndex((v, i) => !Object.is(v, b[i]));
        expect(differ, `${label}: first element that differs`).to.equal(-1);
        expect(Buffer.from(s2).equals(Buffer.from(s1)), label).to.equal(true);
      }
      const w1 = new Uint32Array(700);
      const w2 = new Uint32Array(700);
      const s = torchGenerator(7).state;
      native.torchRandom(s.slice(), w1);
      wasm.torchRandom(s.slice(), w2);
      expect(Array.from(w2)).to.deep.equal(Array.from(w1));
      expect(s.length).to.equal(TORCH_STATE_BYTES);
    });
  });

  describe('refusals and aborts', () => {
    // Requests lib/ would refuse first; the kernel refuses them again, and both backends say so in the same words.
    const REFUSED: FillCall[] = [
      call('float32', 'uniform', [NaN, 1], 0n, 0, 4), call('float32', 'uniform', [1, 0], 0n, 0, 4),
      call('float32', 'uniform', [-1e300, 1e300], 0n, 0, 4), call('float16', 'uniform', [1e6, 2e6], 0n, 0, 4),
      call('float32', 'normal', [Infinity, 1], 0n, 0, 4), call('float32', 'normal', [0, -1], 0n, 0, 4),
      call('float32', 'truncated_normal', [0, 1, 2, 1], 0n, 0, 4), call('float32', 'truncated_normal', [0, 1, 1e200, Infinity], 0n, 0, 4),
      call('float32', 'truncated_normal', [0, 1, 1000000.01, 1000001], 0n, 0, 4), call('bfloat16', 'truncated_normal', [0, 1, 1.001, 1.002], 0n, 0, 4),
      { ...call('float32', 'uniform', [0, 1], 0n, 0, 4), dtype: 9 }, { ...call('float32', 'uniform', [0, 1], 0n, 0, 4), transform: 5 },
    ];
    for (const c of REFUSED) {
      it(`the same error: ${Object.keys(DTYPE_ID)[c.dtype] ?? c.dtype} transform ${c.transform} (${Array.from(c.params)})`, async () => {
        let expected: Error | undefined;
        try {
          native.fill(c);
        } catch (error) {
          expected = error as Error;
        }
        expect(expected, 'native refuses it').to.be.instanceOf(RangeError);
        expect(() => wasm.fill(c)).to.throw(RangeError, expected!.message);
        const rejected = await wasm.fillAsync({ ...c, length: 1 << 20, threads: 2 }).then(() => undefined, (error: Error) => error);
        expect(rejected?.message).to.equal(expected!.message);
      });
    }

    it('an AbortSignal aborts an async wasm fill, before it starts and while it runs, on one thread and on workers', async () => {
      const c = call('float64', 'truncated_normal', [0, 1, -2, 2], 5n, 0, 1 << 23);
      for (const threads of [1, 4]) {
        const before = new AbortController();
        before.abort();
        const early = await wasm.fillAsync({ ...c, threads }, before.signal).then(() => undefined, (error: Error) => error);
        expect(early?.name, `threads ${threads}`).to.equal('AbortError');
        const during = new AbortController();
        const running = wasm.fillAsync({ ...c, threads }, during.signal);
        setTimeout(() => during.abort(), 5);
        const late = await running.then(() => undefined, (error: Error) => error);
        expect(late?.name, `threads ${threads}`).to.equal('AbortError');
      }
    });
  });
});
