// eye, dirac, orthogonal and sparse: exact values against PyTorch 1.13
// (test/fixtures/torch_structured.json, made by make_structured_fixtures.py),
// orthogonality and the sign rule, Haar-distributed entries, sparse's documented
// zero positions, dtypes, ranges, async twins and empty tensors.
import { expect } from 'chai';
import { float32ToBfloat16Bits, float32ToFloat16Bits } from '../lib/core/dtype';
import {
  dirac,
  diracAsync,
  eye,
  eyeAsync,
  hashKey,
  normal,
  orthogonal,
  orthogonalAsync,
  SPARSE_ZERO_KEY_MASK,
  sparse,
  sparseAsync,
  uniform,
} from '../lib/index';
import { orthogonalizeMatrix } from '../lib/sampling/matrices';
import { incompleteBeta } from '../lib/math/special';
import { ksTest } from '../lib/stats/ks';
import type { Tensor } from '../lib/core/tensor';
import { expectReject, expectSameTensor, moments, normalCdfOf, torchStructured, values, withWarnings } from './support/initializers';

const DTYPES = ['float32', 'float64', 'bfloat16', 'float16'] as const;
const ONE_BITS = { float32: 1, float64: 1, bfloat16: 0x3f80, float16: 0x3c00 } as const;

function expectRangesMatch(make: (range?: [number, number]) => Tensor, ranges: Array<[number, number]>, where: string): void {
  const full = make();
  for (const range of ranges) {
    const part = make(range);
    expect(part.range).to.deep.equal(range);
    expect(Array.from(part.data), `${where} [${range}]`).to.deep.equal(Array.from(full.data.subarray(range[0], range[1])));
  }
}

/** Largest |(M·Mᵀ − gain²·I)_ij| over the rows of M (rows ≤ cols) or of Mᵀ (rows > cols). */
function orthogonalityError(m: Float64Array, rows: number, cols: number, gain: number): number {
  const byRows = rows <= cols;
  const k = byRows ? rows : cols;
  const len = byRows ? cols : rows;
  const at = (v: number, i: number) => (byRows ? m[v * cols + i] : m[i * cols + v]);
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
      worst = Math.max(worst, Math.abs(s - (a === b ? gain * gain : 0)));
    }
  }
  return worst;
}

describe('eye and dirac: exactly torch.nn.init.eye_ / dirac_', () => {
  it(`eye equals torch for ${torchStructured.eye.length} shapes in every dtype`, () => {
    for (const { shape, values: expected } of torchStructured.eye) {
      for (const dtype of DTYPES) {
        const t = eye(shape, { dtype });
        expect(Array.from(t.data), `${JSON.stringify(shape)} ${dtype}`).to.deep.equal(expected.map((v) => (v === 1 ? ONE_BITS[dtype] : 0)));
      }
    }
  });

  it(`dirac equals torch for ${torchStructured.dirac.length} shapes and group counts in every dtype`, () => {
    for (const { shape, groups, values: expected } of torchStructured.dirac) {
      for (const dtype of DTYPES) {
        const t = dirac(shape, { groups, dtype });
        expect(Array.from(t.data), `${JSON.stringify(shape)} groups ${groups} ${dtype}`).to.deep.equal(
          expected.map((v) => (v === 1 ? ONE_BITS[dtype] : 0)),
        );
      }
    }
  });

  it('ranges, async twins and the seed are consistent (deterministic: the seed only labels the tensor)', async () => {
    expectRangesMatch((range) => eye([300, 400], { range }), [[0, 1], [399, 402], [65530, 65600], [119999, 120000]], 'eye');
    expectRangesMatch((range) => dirac([64, 32, 3, 3], { groups: 2, range, dtype: 'bfloat16' }), [[0, 5], [4, 300], [18000, 18432]], 'dirac');
    expect(Array.from(eye([5, 5], { seed: 1 }).data)).to.deep.equal(Array.from(eye([5, 5], { seed: 2 }).data));
    expect(eye([5, 5], { seed: 9 }).seed).to.equal(9n);
    for (const dtype of DTYPES) {
      expectSameTensor(await eyeAsync([7, 3], { seed: 1, dtype }), eye([7, 3], { seed: 1, dtype }));
      expectSameTensor(await diracAsync([6, 4, 3, 3], { seed: 1, groups: 3, dtype }), dirac([6, 4, 3, 3], { seed: 1, groups: 3, dtype }));
    }
  });

  it('zero-element shapes are empty with a warning', async () => {
    const { result, warnings } = await withWarnings(() => [eye([0, 3]), dirac([0, 2, 3])]);
    expect(result.map((t) => t.data.length)).to.deep.equal([0, 0]);
    expect(warnings.map((w) => w.message)).to.deep.equal([
      'Initializing zero-element tensors is a no-op (eye)',
      'Initializing zero-element tensors is a no-op (dirac)',
    ]);
  });
});

describe('orthogonal', () => {
  it(`the native QR with the sign rule equals torch.nn.init.orthogonal_ on torch's own normal matrices (${torchStructured.orthogonal.length} cases)`, () => {
    for (const c of torchStructured.orthogonal) {
      const q = orthogonalizeMatrix(Float64Array.from(c.normal), c.rows, c.cols, c.gain);
      let worst = 0;
      for (let i = 0; i < q.length; i++) worst = Math.max(worst, Math.abs(q[i] - c.orthogonal[i]));
      expect(worst, JSON.stringify(c.shape)).to.be.below(1e-14 * Math.max(1, c.gain));
    }
  });

  it("draws A from the tensor's own float64 normal stream (element i of normal(shape, { dtype: 'float64' }))", () => {
    for (const [shape, gain] of [[[20, 30], 1], [[30, 20], 2], [[6, 2, 3, 3], 0.5]] as const) {
      const rows = shape[0];
      const cols = shape.reduce((a, b) => a * b, 1) / rows;
      const a = normal(shape, { seed: 90, key: 'q', dtype: 'float64' }).data as Float64Array;
      const expected = orthogonalizeMatrix(a, rows, cols, gain);
      const t = orthogonal(shape, { seed: 90, key: 'q', gain, dtype: 'float64' });
      expect(Array.from(t.data), JSON.stringify(shape)).to.deep.equal(Array.from(expected));
    }
  });

  it('rows (or columns) are orthonormal times gain: W·Wᵀ = gain²·I', () => {
    const cases: Array<[number[], number]> = [[[64, 32], 1], [[32, 64], 1.5], [[16, 4, 3, 3], 5 / 3], [[1, 10], 2], [[10, 1], 1], [[50, 50], -1]];
    for (const [shape, gain] of cases) {
      const rows = shape[0];
      const cols = shape.reduce((a, b) => a * b, 1) / rows;
      const f64 = orthogonal(shape, { seed: 91, gain, dtype: 'float64' }).data as Float64Array;
      expect(orthogonalityError(f64, rows, cols, gain), JSON.stringify(shape)).to.be.below(1e-13);
      const f32 = Float64Array.from(orthogonal(shape, { seed: 91, gain }).data);
      expect(orthogonalityError(f32, rows, cols, gain), JSON.stringify(shape)).to.be.below(1e-5);
    }
  });

  it('entries are Haar-distributed: q₀₀ of 2000 independent 8×8 matrices follows ½ + sign(t)·½·I_{t²}(½, 7/2), half of them positive', () => {
    // For Q uniform on O(n) each column is a uniform unit vector, so q² ~ Beta(½, (n−1)/2) with a
    // symmetric sign. Without the sign rule, Householder QR makes q₀₀ = x₀/R₀₀ < 0 always.
    const n = 8;
    const first: number[] = [];
    const inner: number[] = [];
    for (let key = 0; key < 2000; key++) {
      const q = orthogonal([n, n], { seed: 92, key, dtype: 'float64' }).data;
      first.push(q[0]);
      inner.push(q[5 * n + 2]);
    }
    const cdf = (t: number) => (t === 0 ? 0.5 : 0.5 + Math.sign(t) * 0.5 * incompleteBeta(0.5, (n - 1) / 2, Math.min(1, t * t)));
    for (const [name, sample] of [['q00', first], ['q52', inner]] as const) {
      const ks = ksTest(sample, cdf);
      expect(ks.pValue, `${name}: D = ${ks.d}`).to.be.greaterThan(0.001);
      const positive = sample.filter((v) => v > 0).length / sample.length;
      expect(positive, name).to.be.closeTo(0.5, 5 * Math.sqrt(0.25 / 2000));
    }
    // Negative control: the same entries are not N(0, 1/n)-distributed enough to pass as n = 4.
    const wrong = (t: number) => (t === 0 ? 0.5 : 0.5 + Math.sign(t) * 0.5 * incompleteBeta(0.5, 1.5, Math.min(1, t * t)));
    expect(ksTest(first, wrong).pValue).to.be.below(1e-6);
  });

  it('16-bit dtypes are the float64 result rounded once through float32; range is the slice of the full matrix', () => {
    const q = orthogonal([40, 70], { seed: 93, dtype: 'float64' }).data;
    const bf = orthogonal([40, 70], { seed: 93, dtype: 'bfloat16' }).data;
    const f16 = orthogonal([40, 70], { seed: 93, dtype: 'float16' }).data;
    const f32 = orthogonal([40, 70], { seed: 93 }).data;
    for (let i = 0; i < q.length; i++) {
      expect(bf[i]).to.equal(float32ToBfloat16Bits(Math.fround(q[i])));
      expect(f16[i]).to.equal(float32ToFloat16Bits(Math.fround(q[i])));
      expect(f32[i]).to.equal(Math.fround(q[i]));
    }
    for (const dtype of DTYPES) {
      expectRangesMatch((range) => orthogonal([40, 70], { seed: 93, dtype, range }), [[0, 1], [69, 71], [2000, 2800]], `orthogonal ${dtype}`);
    }
  });

  it('the async twin equals the sync one (also with out and shared) and honours an AbortSignal', async () => {
    for (const dtype of DTYPES) {
      expectSameTensor(await orthogonalAsync([33, 45], { seed: 94, gain: 2, dtype }), orthogonal([33, 45], { seed: 94, gain: 2, dtype }), dtype);
    }
    const out = new Float32Array(10);
    const t = await orthogonalAsync([5, 6], { seed: 94, out, range: [3, 13] });
    expect(t.data).to.equal(out);
    expect(Array.from(out)).to.deep.equal(Array.from(orthogonal([5, 6], { seed: 94 }).data.subarray(3, 13)));
    const shared = await orthogonalAsync([5, 6], { seed: 94, shared: true });
    expect(shared.data.buffer).to.be.instanceOf(SharedArrayBuffer);
    const controller = new AbortController();
    controller.abort();
    await expectReject(orthogonalAsync([5, 6], { seed: 94, signal: controller.signal }), DOMException, 'The operation was aborted');
    const slow = new AbortController();
    const pending = orthogonalAsync([700, 700], { seed: 94, signal: slow.signal });
    setTimeout(() => slow.abort(), 5);
    await expectReject(pending, DOMException, 'The operation was aborted');
  });

  it('a zero-element shape is empty with a warning', async () => {
    const { result, warnings } = await withWarnings(() => orthogonal([0, 5], { seed: 1 }));
    expect(result.data.length).to.equal(0);
    expect(warnings.map((w) => w.message)).to.deep.equal(['Initializing zero-element tensors is a no-op (orthogonal)']);
  });
});

/** The documented zero rows of column c: a partial Fisher–Yates shuffle over the uniform stream of key XOR mask. */
function documentedZeroRows(rows: number, cols: number, sparsity: number, seed: number, key: bigint): Set<number>[] {
  const z = Math.ceil(sparsity * rows);
  const u = uniform([rows * cols], { seed, key: key ^ hashKey('kaiming.sparse.zeros'), dtype: 'float64' }).data;
  const result: Set<number>[] = [];
  for (let c = 0; c < cols; c++) {
    const p = Array.from({ length: rows }, (_, i) => i);
    const zero = new Set<number>();
    for (let i = 0; i < z; i++) {
      const j = i + Math.min(rows - 1 - i, Math.floor(u[c * rows + i] * (rows - i)));
      [p[i], p[j]] = [p[j], p[i]];
      zero.add(p[i]);
    }
    result.push(zero);
  }
  return result;
}

describe('sparse', () => {
  it('has exactly ⌈sparsity·rows⌉ zeros per column, at the documented positions; the rest is the normal stream', () => {
    expect(SPARSE_ZERO_KEY_MASK).to.equal(hashKey('kaiming.sparse.zeros'));
    // [3000, 700] places its zeros in three batches of 349 columns (2^20 uniforms at most).
    const cases = [[10, 7, 0.1], [10, 7, 0.15], [33, 20, 0.5], [5, 3, 0.99], [1, 4, 0.5], [100, 1, 0.9], [3000, 700, 0.01]] as const;
    for (const [rows, cols, sparsity] of cases) {
      const where = `${rows}×${cols} sparsity ${sparsity}`;
      const t = sparse([rows, cols], { sparsity, std: 0.5, seed: 101, key: 7 });
      const dense = normal([rows, cols], { std: 0.5, seed: 101, key: 7 }).data;
      const zeros = documentedZeroRows(rows, cols, sparsity, 101, 7n);
      let mismatches = 0;
      let zeroCount = 0;
      for (let c = 0; c < cols; c++) {
        expect(zeros[c].size, where).to.equal(Math.ceil(sparsity * rows));
        for (let r = 0; r < rows; r++) {
          const i = r * cols + c;
          if (t.data[i] === 0) zeroCount++;
          if (t.data[i] !== (zeros[c].has(r) ? 0 : dense[i])) mismatches++;
        }
      }
      expect(mismatches, where).to.equal(0);
      expect(zeroCount, where).to.equal(Math.ceil(sparsity * rows) * cols);
    }
  });

  it('0 is a value: sparsity 0 is the normal tensor, sparsity 1 and std 0 are all zeros; std defaults to 0.01', () => {
    expect(Array.from(sparse([6, 5], { sparsity: 0, seed: 102 }).data)).to.deep.equal(Array.from(normal([6, 5], { std: 0.01, seed: 102 }).data));
    expect(Array.from(sparse([6, 5], { sparsity: 1, seed: 102 }).data).every((v) => v === 0)).to.equal(true);
    expect(Array.from(sparse([6, 5], { sparsity: 0.5, std: 0, seed: 102 }).data).every((v) => v === 0)).to.equal(true);
  });

  it('zero positions are uniform over the rows, and the non-zero values are N(0, std²) (KS)', () => {
    const rows = 10;
    const cols = 20000;
    const t = sparse([rows, cols], { sparsity: 0.3, std: 0.02, seed: 103 });
    const perRow = new Array(rows).fill(0);
    const nonzero: number[] = [];
    for (let i = 0; i < t.data.length; i++) {
      if (t.data[i] === 0) perRow[Math.floor(i / cols)]++;
      else nonzero.push(t.data[i]);
    }
    // Each row is zero in a column with probability 3/10: 6000 ± 5·√(20000·0.3·0.7).
    for (const count of perRow) expect(count).to.be.closeTo(6000, 5 * Math.sqrt(20000 * 0.21));
    expect(nonzero.length).to.equal(7 * cols);
    const ks = ksTest(nonzero, normalCdfOf(0, 0.02));
    expect(ks.pValue, `D = ${ks.d}`).to.be.greaterThan(0.001);
    expect(moments(nonzero).variance).to.be.closeTo(0.0004, 0.0004 * 0.02);
  });

  it('range equals the slice of the full tensor (inside one row, across rows, all columns) in every dtype', () => {
    for (const dtype of DTYPES) {
      expectRangesMatch(
        (range) => sparse([300, 250], { sparsity: 0.4, seed: 104, key: 'sp', dtype, range }),
        [[0, 1], [10, 20], [240, 260], [249, 500], [65530, 65790], [74999, 75000], [0, 75000], [7, 7]],
        `sparse ${dtype}`,
      );
      const v = values(sparse([300, 250], { sparsity: 0.4, seed: 104, key: 'sp', dtype }));
      const zerosPerColumn = new Array(250).fill(0);
      v.forEach((x, i) => { if (x === 0) zerosPerColumn[i % 250]++; });
      expect(zerosPerColumn.every((n) => n === 120), dtype).to.equal(true);
    }
  });

  it('the async twin equals the sync one', async () => {
    for (const dtype of DTYPES) {
      const options = { sparsity: 0.25, seed: 105, dtype };
      expectSameTensor(await sparseAsync([40, 30], options), sparse([40, 30], options), dtype);
      expectSameTensor(await sparseAsync([40, 30], { ...options, range: [5, 17] }), sparse([40, 30], { ...options, range: [5, 17] }), dtype);
    }
  });

  it('a zero-element shape is empty with a warning', async () => {
    const { result, warnings } = await withWarnings(() => sparse([0, 4], { sparsity: 0.5 }));
    expect(result.data.length).to.equal(0);
    expect(warnings.map((w) => w.message)).to.deep.equal(['Initializing zero-element tensors is a no-op (sparse)']);
  });
});
