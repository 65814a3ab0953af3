// The stream contract (docs/STREAM.md) as seen from JS: golden values, thread
// count, call style and slicing never change a value.
import { expect } from 'chai';
import golden from './fixtures/golden_streams.json';
import { CASES, hexValues, runCase } from './fixtures/make_golden_streams';
import { Generator, hashKey, manualSeed, normal, normalAsync, truncNormal, truncNormalAsync, uniform, uniformAsync } from '../lib/index';
import type { TensorData } from '../lib/core/dtype';

const bytes = (data: TensorData) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

describe('stream contract', () => {
  describe('golden values', () => {
    CASES.forEach((c, i) => {
      it(`${c.fn} ${JSON.stringify(c.options)}`, () => {
        expect(hexValues(runCase(c, 16))).to.deep.equal(golden[i].first16);
        expect(hexValues(runCase(c, 12, 65530))).to.deep.equal(golden[i].at65530);
      });
    });
  });

  it('hashes string keys with 64-bit FNV-1a', () => {
    expect(hashKey('')).to.equal(0xcbf29ce484222325n);
    expect(hashKey('a')).to.equal(0xaf63dc4c8601ec8cn);
    expect(hashKey('foobar')).to.equal(0x85944171f73967e8n);
    // docs/STREAM.md §1: the UTF-8 bytes (é is C3 A9), a lone surrogate as U+FFFD's bytes, and the key of "How to check your implementation".
    expect(hashKey('kéy')).to.equal(0xbb43ebd42f358f0dn);
    expect(hashKey('\ud800')).to.equal(0x6f6d661b9658624an);
    expect(hashKey('\ufffd')).to.equal(0x6f6d661b9658624an);
    expect(hashKey('layer.0.weight')).to.equal(0x7b3e0c79a947673an);
  });

  const N = 1_000_003;
  for (const [name, fn] of [['uniform', uniform], ['normal', normal], ['truncNormal', truncNormal]] as const) {
    it(`${name}: identical bytes for threads 1, 2, 3 and 7 on ${N} elements`, () => {
      const one = bytes(fn([N], { seed: 99, threads: 1 }).data);
      for (const threads of [2, 3, 7]) expect(bytes(fn([N], { seed: 99, threads }).data).equals(one), `threads ${threads}`).to.equal(true);
    });
  }

  it('sync equals async for every transform and dtype', async () => {
    const pairs = [[uniform, uniformAsync], [normal, normalAsync], [truncNormal, truncNormalAsync]] as const;
    for (const [sync, async] of pairs) {
      for (const dtype of ['float32', 'float64', 'bfloat16', 'float16'] as const) {
        const a = sync([300_001], { seed: 5, key: 2, dtype });
        const b = await async([300_001], { seed: 5, key: 2, dtype });
        expect(bytes(b.data).equals(bytes(a.data)), `${sync.name} ${dtype}`).to.equal(true);
      }
    }
  });

  it('a range equals the same slice of the full tensor, across chunk borders', () => {
    const C = 65536;
    const ranges: [number, number][] = [[0, 1], [1, 2], [C - 3, C + 3], [C, 2 * C], [C - 1, 3 * C + 1], [5 * C + 17, 5 * C + 18], [123457, 400001]];
    for (const dtype of ['float32', 'float64', 'bfloat16'] as const) {
      for (const fn of [uniform, normal, truncNormal]) {
        const full = fn([7 * C], { seed: 11, dtype }).data;
        for (const range of ranges) {
          const part = fn([7 * C], { seed: 11, dtype, range }).data;
          expect(bytes(part).equals(bytes(full.subarray(range[0], range[1]))), `${fn.name} ${dtype} ${range}`).to.equal(true);
        }
      }
    }
  });

  it('fills an out array at any byteOffset, and over a SharedArrayBuffer', () => {
    const expected = uniform([1000], { seed: 3 }).data;
    const backing = new Float32Array(1003);
    const view = backing.subarray(3);
    uniform([1000], { seed: 3, out: view });
    expect(bytes(view).equals(bytes(expected))).to.equal(true);
    expect(backing[0]).to.equal(0);
    const shared = new Float32Array(new SharedArrayBuffer(4 * 1001)).subarray(1);
    uniform([1000], { seed: 3, out: shared });
    expect(bytes(shared).equals(bytes(expected))).to.equal(true);
    const viaOption = uniform([1000], { seed: 3, shared: true });
    expect(viaOption.data.buffer).to.be.instanceOf(SharedArrayBuffer);
    expect(bytes(viaOption.data).equals(bytes(expected))).to.equal(true);
  });

  it('different keys and seeds give different streams; the same ones the same', () => {
    const base = bytes(uniform([64], { seed: 1, key: 'a' }).data);
    expect(bytes(uniform([64], { seed: 1, key: 'a' }).data).equals(base)).to.equal(true);
    expect(bytes(uniform([64], { seed: 1, key: 'b' }).data).equals(base)).to.equal(false);
    expect(bytes(uniform([64], { seed: 2, key: 'a' }).data).equals(base)).to.equal(false);
    expect(bytes(uniform([64], { seed: 1n, key: hashKey('a') }).data).equals(base)).to.equal(true);
  });

  it('a Generator hands out successive keys; manualSeed restarts the default one', () => {
    const g = new Generator(7);
    const first = uniform([8], { generator: g });
    const second = uniform([8], { generator: g });
    expect([first.seed, first.key, second.key]).to.deep.equal([7n, 0n, 1n]);
    expect(bytes(first.data).equals(bytes(uniform([8], { seed: 7 }).data))).to.equal(true);
    expect(bytes(second.data).equals(bytes(uniform([8], { seed: 7, key: 1 }).data))).to.equal(true);
    manualSeed(123);
    const a = normal([8]);
    manualSeed(123);
    const b = normal([8]);
    expect(bytes(a.data).equals(bytes(b.data))).to.equal(true);
    expect(a.seed).to.equal(123n);
  });
});
