// Keras 3 VarianceScaling and the He/Glorot/LeCun presets: parameters worked out
// from keras/src/initializers/random_initializers.py (written out here step by step,
// independently of lib/rules/scales.ts), the truncated normal (support, variance
// 0.7737413·s², KS, bfloat16 without pile-up), layouts, ranges, async twins.
import { expect } from 'chai';
import {
  glorotNormal,
  glorotNormalAsync,
  glorotUniform,
  glorotUniformAsync,
  heNormal,
  heNormalAsync,
  heUniform,
  heUniformAsync,
  lecunNormal,
  lecunNormalAsync,
  lecunUniform,
  lecunUniformAsync,
  planFor,
  varianceScaling,
  varianceScalingAsync,
} from '../lib/index';
import { ksTest } from '../lib/stats/ks';
import {
  expectSameTensor,
  moments,
  normalCdfOf,
  TRUNCATED_VARIANCE_AT_TWO,
  truncatedNormalCdf,
  uniformCdf,
  values,
  withWarnings,
} from './support/initializers';

const DTYPES = ['float32', 'float64', 'bfloat16', 'float16'] as const;

/** Keras VarianceScaling.__call__, transcribed: scale /= max(1., fan); then per distribution. */
function keras(fanIn: number, fanOut: number, scale: number, mode: string, distribution: string) {
  let s = scale;
  if (mode === 'fan_in') s /= Math.max(1.0, fanIn);
  else if (mode === 'fan_out') s /= Math.max(1.0, fanOut);
  else s /= Math.max(1.0, (fanIn + fanOut) / 2.0);
  if (distribution === 'truncated_normal') {
    const stddev = Math.sqrt(s) / 0.87962566103423978;
    return { family: 'truncated_normal', mean: 0, std: stddev, a: -2 * stddev, b: 2 * stddev };
  }
  if (distribution === 'untruncated_normal') return { family: 'normal', mean: 0, std: Math.sqrt(s) };
  const limit = Math.sqrt(3.0 * s);
  return { family: 'uniform', low: -limit, high: limit };
}

const PRESETS = [
  ['heNormal', heNormal, heNormalAsync, 2, 'fan_in', 'truncated_normal', ['he_normal', 'HeNormal']],
  ['heUniform', heUniform, heUniformAsync, 2, 'fan_in', 'uniform', ['he_uniform', 'HeUniform']],
  ['glorotNormal', glorotNormal, glorotNormalAsync, 1, 'fan_avg', 'truncated_normal', ['glorot_normal', 'GlorotNormal']],
  ['glorotUniform', glorotUniform, glorotUniformAsync, 1, 'fan_avg', 'uniform', ['glorot_uniform', 'GlorotUniform']],
  ['lecunNormal', lecunNormal, lecunNormalAsync, 1, 'fan_in', 'truncated_normal', ['lecun_normal', 'LecunNormal']],
  ['lecunUniform', lecunUniform, lecunUniformAsync, 1, 'fan_in', 'uniform', ['lecun_uniform', 'LecunUniform']],
] as const;

// (*kernel, in, out) shapes and their Keras fans.
const SHAPES: Array<[number[], number, number]> = [
  [[], 1, 1], [[10], 10, 10], [[784, 256], 784, 256], [[3, 3, 64, 128], 576, 1152],
  [[5, 16, 32], 80, 160], [[1, 1], 1, 1], [[2, 3, 3, 8, 4], 144, 72], [[0, 5], 0, 5], [[4096, 4096], 4096, 4096],
];

describe('keras: parameters as Keras 3 computes them', () => {
  for (const [name, , , scale, mode, distribution, aliases] of PRESETS) {
    it(`${name} = VarianceScaling(${scale}, ${mode}, ${distribution}) in the Keras layout`, () => {
      for (const [shape, fanIn, fanOut] of SHAPES) {
        const plan = planFor(name, shape);
        const { context, ...params } = plan;
        expect(params, JSON.stringify(shape)).to.deep.equal(keras(fanIn, fanOut, scale, mode, distribution));
        expect(context).to.include({ fanIn, fanOut, scale, mode });
        for (const alias of aliases) expect(planFor(alias, shape)).to.deep.equal(plan);
        expect(planFor('varianceScaling', shape, { scale, mode, distribution })).to.deep.include(params);
      }
    });
  }

  it('varianceScaling: defaults (1, fan_in, truncated_normal); "normal" is truncated; distribution in any case', () => {
    const { context, ...params } = planFor('varianceScaling', [784, 256]);
    expect(params).to.deep.equal(keras(784, 256, 1, 'fan_in', 'truncated_normal'));
    expect(context.initializer).to.equal('variance_scaling');
    for (const distribution of ['normal', 'Normal', 'TRUNCATED_NORMAL']) {
      const { context: _c, ...p } = planFor('varianceScaling', [784, 256], { distribution });
      expect(p, distribution).to.deep.equal(params);
    }
    const { context: _u, ...untruncated } = planFor('variance_scaling', [784, 256], { scale: 0.5, mode: 'fan_out', distribution: 'untruncated_normal' });
    expect(untruncated).to.deep.equal(keras(784, 256, 0.5, 'fan_out', 'untruncated_normal'));
  });

  it("layout 'torch' reads (out, in, *kernel): the same layer, the same numbers", () => {
    expect(planFor('heNormal', [128, 64, 3, 3], { layout: 'torch' })).to.deep.equal(planFor('heNormal', [3, 3, 64, 128]));
    expect(planFor('glorotUniform', [256, 784], { layout: 'torch' })).to.deep.equal(planFor('glorotUniform', [784, 256]));
  });

  it('each preset makes exactly varianceScaling\'s values with the same stream', () => {
    for (const [name, fn, , scale, mode, distribution] of PRESETS) {
      expectSameTensor(fn([30, 40], { seed: 61, key: 3 }), varianceScaling([30, 40], { scale, mode, distribution, seed: 61, key: 3 }), name);
    }
  });
});

describe('keras: the truncated normal (fixed seeds)', () => {
  it('heNormal [1000, 1000]: no value outside ±2·stddev, variance 0.7737413·stddev² = 2/fanIn, KS against the exact CDF', () => {
    const plan = planFor('heNormal', [1000, 1000]);
    if (plan.family !== 'truncated_normal') throw new Error(plan.family);
    const { std: s, a, b } = plan;
    for (const dtype of ['float32', 'float64'] as const) {
      const t = heNormal([1000, 1000], { seed: 71, dtype });
      const m = moments(t.data);
      expect(m.min, dtype).to.be.at.least(a);
      expect(m.max, dtype).to.be.at.most(b);
      // The point of Keras's 0.8796 constant: the truncated values have variance 2/1000.
      expect(TRUNCATED_VARIANCE_AT_TWO * s * s).to.be.closeTo(2 / 1000, 1e-15);
      expect(m.variance, dtype).to.be.closeTo(2 / 1000, (2 / 1000) * 0.005);
      expect(m.mean, dtype).to.be.closeTo(0, (5 * Math.sqrt(2 / 1000)) / 1000);
      const ks = ksTest(t.data, truncatedNormalCdf(0, s, a, b));
      expect(ks.pValue, `${dtype} D = ${ks.d}`).to.be.greaterThan(0.001);
      // Negative controls: the untruncated CDF, and the TF.js mistake (no 0.8796 correction).
      expect(ksTest(t.data, normalCdfOf(0, s)).pValue).to.be.below(1e-6);
      expect(ksTest(t.data, truncatedNormalCdf(0, s * 0.87962566103423978, a * 0.87962566103423978, b * 0.87962566103423978)).pValue).to.be.below(1e-6);
    }
  });

  it('bfloat16 and float16: inside [a, b] after rounding, the right variance, no pile-up at the bounds', () => {
    const plan = planFor('lecunNormal', [2048, 512]);
    if (plan.family !== 'truncated_normal') throw new Error(plan.family);
    for (const dtype of ['bfloat16', 'float16'] as const) {
      const v = values(lecunNormal([2048, 512], { seed: 72, dtype }));
      const m = moments(v);
      expect(m.min, dtype).to.be.at.least(plan.a);
      expect(m.max, dtype).to.be.at.most(plan.b);
      expect(m.variance, dtype).to.be.closeTo(1 / 2048, (1 / 2048) * 0.01);
      // The density at ±2s is φ(2)/Z ≈ 0.057 of the peak's 0.42·/s: a 16-bit step near the bound
      // holds well under 1% of the values. Clamping would put ~4.6% exactly on the bounds.
      const atMin = v.filter((x) => x === m.min).length / v.length;
      const atMax = v.filter((x) => x === m.max).length / v.length;
      expect(atMin, dtype).to.be.below(0.005);
      expect(atMax, dtype).to.be.below(0.005);
      expect(m.max, dtype).to.be.above(plan.b * 0.98);
    }
  });

  it('uniform presets: KS against U(±limit)', () => {
    const plan = planFor('glorotUniform', [700, 900]);
    if (plan.family !== 'uniform') throw new Error(plan.family);
    const t = glorotUniform([700, 900], { seed: 73 });
    expect(ksTest(t.data, uniformCdf(plan.low, plan.high)).pValue).to.be.greaterThan(0.001);
    const m = moments(t.data);
    expect(m.variance).to.be.closeTo(1 / 800, (1 / 800) * 0.005);
    const u = varianceScaling([1000, 500], { seed: 74, distribution: 'untruncated_normal', scale: 3 });
    expect(ksTest(u.data, normalCdfOf(0, Math.sqrt(3 / 1000))).pValue).to.be.greaterThan(0.001);
  });
});

describe('keras: ranges, async twins and empty tensors', () => {
  it('range equals the slice of the full tensor for every preset and dtype', () => {
    for (const [name, fn] of PRESETS) {
      for (const dtype of DTYPES) {
        const full = fn([3, 3, 128, 64], { seed: 81, dtype });
        for (const [start, end] of [[0, 3], [65534, 65540], [73700, 73728]] as const) {
          const part = fn([3, 3, 128, 64], { seed: 81, dtype, range: [start, end] });
          expect(Array.from(part.data), `${name} ${dtype}`).to.deep.equal(Array.from(full.data.subarray(start, end)));
        }
      }
    }
  });

  it('every async twin equals its sync twin', async () => {
    for (const [name, sync, async] of PRESETS) {
      for (const dtype of DTYPES) expectSameTensor(await async([100, 700], { seed: 82, dtype }), sync([100, 700], { seed: 82, dtype }), `${name} ${dtype}`);
    }
    const options = { seed: 83, scale: 0.1, mode: 'fan_avg', distribution: 'uniform' } as const;
    expectSameTensor(await varianceScalingAsync([64, 64], options), varianceScaling([64, 64], options));
  });

  it('zero-element tensors are empty with a warning (fans go through max(1, fan), as in Keras)', async () => {
    const { result, warnings } = await withWarnings(() => heNormal([0, 5], { seed: 1 }));
    expect(result.data.length).to.equal(0);
    expect(warnings.map((w) => w.message)).to.deep.equal(['Initializing zero-element tensors is a no-op (heNormal)']);
  });
});
