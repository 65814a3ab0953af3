// Exact at the edges: PyTorch 1.13's answers for constant laws (uniform with
// low == high, normal with std 0), refusals of bounds that hold no value of
// the dtype, and truncated normals refused from their parameters alone, never
// from the range asked for.
import { expect } from 'chai';
import fixture from './fixtures/torch_edges.json';
import {
  bfloat16BitsToFloat32, describe as describeLaw, float16BitsToFloat32, init, initAsync, normal, torchGenerator, truncNormal, truncNormalAsync,
  uniform, uniformAsync,
} from '../lib/index';
import type { DType, TensorData } from '../lib/core/dtype';

function decoded(data: TensorData, dtype: DType): number[] {
  const decode = dtype === 'bfloat16' ? bfloat16BitsToFloat32 : dtype === 'float16' ? float16BitsToFloat32 : (x: number) => x;
  return Array.from(data as ArrayLike<number>, decode);
}

type Row = { init: string; dtype: string; count: number; value?: number; low?: number; high?: number; mean?: number | string; std?: number;
  torch_signs?: number[] };

function throwsWith(call: () => unknown, message: string): void {
  expect(call).to.throw(RangeError, message);
  try {
    call();
  } catch (error) {
    expect((error as Error).message).to.equal(message);
  }
}

describe('exact at the edges', () => {
  describe(`constant laws, as torch ${fixture.torch}`, () => {
    const rows = (fixture.rows as Row[]).filter((r) => r.value !== undefined);
    it(`has ${rows.length} rows from the fixture script`, () => expect(rows.length).to.equal(64));
    for (const row of rows) {
      const dtype = row.dtype as DType;
      const label = row.init === 'uniform' ? `uniform(${row.low}, ${row.high})` : `normal(${row.mean}, 0)`;
      it(`${label} in ${dtype} is ${row.value} everywhere`, async () => {
        const options = row.init === 'uniform' ? { low: row.low, high: row.high } : { mean: row.mean as number, std: 0 };
        // One value, sign of zero included: a Set would not tell −0 from +0.
        const oneValue = (values: number[]) => {
          expect(new Set(values)).to.deep.equal(new Set([row.value]));
          expect(values.every((v) => Object.is(v, values[0])), 'every element has the same sign of zero').to.equal(true);
        };
        for (const seed of [0, 7]) oneValue(decoded(init(row.init, [row.count], { ...options, dtype, seed }).data, dtype));
        // A slice far into the index space, and the async call, agree.
        const slice = init(row.init, [1 << 20], { ...options, dtype, seed: 3, range: [900_000, 900_100] });
        const viaAsync = await initAsync(row.init, [1 << 20], { ...options, dtype, seed: 3, range: [900_000, 900_100] });
        oneValue(decoded(slice.data, dtype));
        expect(decoded(viaAsync.data, dtype).every((v, i) => Object.is(v, decoded(slice.data, dtype)[i]))).to.equal(true);
      });
    }

    it('normal with std 0 and mean −0 gives −0 everywhere (torch mixes ±0: mean + 0·z)', () => {
      for (const row of (fixture.rows as Row[]).filter((r) => r.torch_signs !== undefined)) {
        expect(row.torch_signs).to.deep.equal([-1, 1]);
        const dtype = row.dtype as DType;
        const values = decoded(normal([1000], { mean: -0, std: 0, dtype, seed: 1 }).data, dtype);
        expect(values.every((v) => Object.is(v, -0)), dtype).to.equal(true);
      }
      const uniformZero = decoded(uniform([100], { low: -0, high: -0, seed: 1 }).data, 'float32');
      expect(uniformZero.every((v) => Object.is(v, -0))).to.equal(true);
    });

    it('uniform with low == high is a point mass for describe() and async calls', async () => {
      const d = describeLaw('uniform', [3, 4], { low: 1.5, high: 1.5 });
      expect(d.atoms).to.deep.equal([{ value: 1.5, probability: 1 }]);
      expect(d.mean).to.equal(1.5);
      expect(d.variance).to.equal(0);
      const t = await uniformAsync([70_000], { low: 1.5, high: 1.5, seed: 2 });
      expect(new Set(t.data)).to.deep.equal(new Set([1.5]));
    });

    it('on the torch-seeded stream, a one-value law advances the generator as torch does', () => {
      for (const row of fixture.torch_stream) {
        const g = torchGenerator(0);
        const options = row.init === 'uniform' ? { low: row.args[0], high: row.args[1] } : { mean: row.args[0], std: row.args[1] };
        expect(Array.from(init(row.init, [4], { ...options, generator: g }).data)).to.deep.equal(row.values);
        expect(Array.from(uniform([4], { generator: g }).data)).to.deep.equal(row.next_uniform);
      }
    });

    it('low > high is still refused, as torch refuses it', () => {
      expect(fixture.uniform_low_above_high).to.equal('uniform_ expects to return a [from, to) range, but found from=2 > to=1');
      throwsWith(() => uniform([3], { low: 2, high: 1 }), 'Expected a number greater than or equal to low (2) for high but received 1 (number)');
    });
  });

  describe('bounds that hold no value of the output dtype', () => {
    const uniformCases: [DType, number, number][] = [
      ['float32', 1 + 1e-10, 1 + 2e-10], // gave 0.99999994 everywhere
      ['bfloat16', 1000.0002, 1000.0013], // gave 1004
      ['float16', 1000.0002, 1000.0013], // gave 1000.5
      ['float16', 65505, 70000], // only +Infinity
      // One-value laws whose value is not finite in the dtype (gave +Infinity; torch: "from is out of bounds").
      ['float32', 1e39, 1e39],
      ['float16', 70000, 70000],
      ['bfloat16', 3.4e38, 3.4e38],
    ];
    for (const [dtype, low, high] of uniformCases) {
      it(`uniform [${low}, ${high}) in ${dtype} is refused, naming the dtype (sync and async)`, async () => {
        const message = `Expected low and high between which uniform has ${dtype} values but received low = ${low}, high = ${high}: ` +
          'no finite value of the output dtype lies in [low, high)';
        throwsWith(() => uniform([3, 4], { low, high, dtype, seed: 1 }), message);
        let rejected: unknown;
        await uniformAsync([100_000], { low, high, dtype, seed: 1 }).catch((error: unknown) => { rejected = error; });
        expect((rejected as Error).message).to.equal(message);
      });
    }

    it('uniform intervals with one value of the dtype give it', () => {
      expect(new Set(uniform([1000], { low: 1, high: 1 + 1e-10, seed: 1 }).data)).to.deep.equal(new Set([1]));
      expect(new Set(decoded(uniform([1000], { low: 1000.0002, high: 1004.5, dtype: 'bfloat16', seed: 1 }).data, 'bfloat16')))
        .to.deep.equal(new Set([1004]));
      expect(Array.from(uniform([4], { low: 1 + 1e-10, high: 1 + 2e-10, dtype: 'float64', seed: 1 }).data)
        .every((v) => v >= 1 + 1e-10 && v < 1 + 2e-10)).to.equal(true);
    });

    it('a float32 span high − low beyond the float range is refused ([−3e38, 3e38) gave 2.9999998e38 everywhere; torch refuses)', () => {
      for (const dtype of ['float32', 'bfloat16', 'float16'] as DType[]) {
        throwsWith(() => uniform([4], { low: -3e38, high: 3e38, dtype, seed: 1 }),
          'Expected a bound with a finite high − low for high but received 3e+38 (number)');
      }
      const wide = uniform([1000], { low: -3e38, high: 3e38, dtype: 'float64', seed: 1 }).data;
      expect(new Set(wide).size).to.equal(1000); // float64 has the span: spread values, as before
    });

    it('truncNormal with no finite value in [a, b] is refused (float32 a = 1e200 gave +Infinity)', () => {
      throwsWith(() => truncNormal([4], { a: 1e200, b: Infinity, seed: 1 }),
        'Expected a and b between which the truncated normal has float32 values but received a = 1e+200, b = Infinity ' +
        '(mean 0, std 1): no finite value of the output dtype lies in [a, b]');
      throwsWith(() => truncNormal([4], { a: 65520, b: Infinity, dtype: 'float16', seed: 1 }),
        'Expected a and b between which the truncated normal has float16 values but received a = 65520, b = Infinity ' +
        '(mean 0, std 1): no finite value of the output dtype lies in [a, b]');
      // float64 holds 1e200 itself, where the whole tail lies within 1e-200.
      expect(new Set(truncNormal([4], { a: 1e200, b: Infinity, dtype: 'float64', seed: 1 }).data)).to.deep.equal(new Set([1e200]));
    });
  });

  describe('hopeless truncated normals: refused from the parameters, whatever the range', () => {
    const why = 'almost no candidate lands inside [a, b] at this precision, as [a, b] lies too far in the tail';
    it('a = 16000.0000001, b = Infinity in float32: refused for [0, 1) as for [0, 500) (sync and async)', async () => {
      const message = 'Expected a and b between which the truncated normal has float32 values but received a = 16000.0000001, ' +
        `b = Infinity (mean 0, std 1): ${why}`;
      for (const range of [[0, 1], [0, 500], [499, 500]] as [number, number][]) {
        throwsWith(() => truncNormal([500], { a: 16000.0000001, b: Infinity, seed: 1, range }), message);
        let rejected: unknown;
        await truncNormalAsync([500], { a: 16000.0000001, b: Infinity, seed: 1, range }).catch((error: unknown) => { rejected = error; });
        expect((rejected as Error).message).to.equal(message);
      }
    });

    // a just above a float32 A, b = ∞: the share of candidates that survive
    // rounding falls as A grows (the tail's scale 1/A against half a float step),
    // crossing the threshold (2^-10) between 16384 and 23170.
    const size = 140_000;
    const ranges: [number, number][] = [[0, 1], [0, 500], [65_530, 65_542], [131_000, 131_072], [size - 3, size]];
    let refused = 0;
    let made = 0;
    for (let A = 2048; A <= 65536; A *= Math.SQRT2) {
      const a = Math.fround(A) + 1e-7;
      it(`a = ${a}: every range refused, or every range made with the whole tensor's values`, () => {
        let whole: Float32Array | undefined;
        let failure: string | undefined;
        try {
          whole = truncNormal([size], { a, b: Infinity, seed: 4 }).data as Float32Array;
        } catch (error) {
          failure = (error as Error).message;
        }
        for (const range of ranges) {
          if (failure !== undefined) {
            throwsWith(() => truncNormal([size], { a, b: Infinity, seed: 4, range }), failure);
            expect(failure.endsWith(why)).to.equal(true);
          } else {
            const part = truncNormal([size], { a, b: Infinity, seed: 4, range }).data;
            expect(Buffer.from(part.buffer, part.byteOffset, part.byteLength))
              .to.deep.equal(Buffer.from(whole!.buffer, whole!.byteOffset + range[0] * 4, (range[1] - range[0]) * 4));
          }
        }
        if (failure === undefined) made++;
        else refused++;
      });
    }
    it('the sweep crosses the threshold: some laws are refused and some made', () => {
      expect(refused).to.be.at.least(2);
      expect(made).to.be.at.least(5);
    });
  });
});
