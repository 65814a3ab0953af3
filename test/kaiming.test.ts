// kaimingUniform / kaimingNormal: the std and bound of every PyTorch 1.13 fixture row,
// the sampled values (support, moments, Kolmogorov–Smirnov against the exact CDF at
// fixed seeds), dtypes, ranges, async twins, layouts and zero-element tensors.
import { expect } from 'chai';
import {
  calculateGain,
  Generator,
  type KaimingOptions,
  kaimingUniform,
  kaimingUniformAsync,
  kaimingNormal,
  kaimingNormalAsync,
  manualSeed,
  planFor,
} from '../lib/index';
import { ksTest } from '../lib/stats/ks';
import {
  expectSameTensor,
  moments,
  normalCdfOf,
  torchFans,
  uniformCdf,
  values,
  withWarnings,
} from './support/initializers';

const DTYPES = ['float32', 'float64', 'bfloat16', 'float16'] as const;

describe('kaiming: parity with PyTorch 1.13 (test/fixtures/torch_fans.json)', () => {
  const rows = torchFans.kaiming;

  it(`the planned bound of kaimingUniform and std of kaimingNormal equal torch's for all ${rows.length} rows`, () => {
    expect(rows.length).to.be.at.least(1000);
    for (const row of rows) {
      const where = `${JSON.stringify(row.shape)} ${row.mode} ${row.nonlinearity}(${row.a})`;
      const options = { a: row.a, mode: row.mode, nonlinearity: row.nonlinearity };
      const u = planFor('kaiming_uniform_', row.shape, options);
      if (u.family !== 'uniform') throw new Error(`${where}: family ${u.family}`);
      expect(u.high, where).to.equal(row.bound);
      expect(u.low, where).to.equal(-row.bound);
      expect(u.context.gain, where).to.equal(row.gain);
      expect(row.mode.toLowerCase() === 'fan_in' ? u.context.fanIn : u.context.fanOut, where).to.equal(row.fan);
      const n = planFor('kaiming_normal', row.shape, options);
      if (n.family !== 'normal') throw new Error(`${where}: family ${n.family}`);
      expect(n.std, where).to.equal(row.std);
      expect(n.mean, where).to.equal(0);
    }
  });

  it('float64 values lie in [−bound, bound) for every row replayed against the real kaiming_uniform_', () => {
    const replayed = rows.filter((r) => r.checked_against_init);
    expect(replayed.length).to.be.at.least(500);
    replayed.forEach((row, i) => {
      if (i % 4 !== 0) return; // a quarter of them: 137 tensors of up to 63K values
      const options = { a: row.a, mode: row.mode, nonlinearity: row.nonlinearity } as KaimingOptions;
      const t = kaimingUniform(row.shape, { ...options, seed: i, dtype: 'float64' });
      const m = moments(t.data);
      const where = `${JSON.stringify(row.shape)} ${row.mode}`;
      expect(m.min, where).to.be.at.least(-row.bound);
      expect(m.max, where).to.be.below(row.bound);
    });
  });

  it('defaults: a = 0, mode fan_in, leaky_relu, so gain √2 (an explicit 0 is the same value, not a missing option)', () => {
    const plan = planFor('kaimingUniform', [64, 3, 7, 7]);
    expect(plan.context).to.include({ gain: Math.SQRT2, mode: 'fan_in', nonlinearity: 'leaky_relu', fanIn: 147, fanOut: 3136 });
    if (plan.family !== 'uniform') throw new Error(plan.family);
    expect(plan.high).to.equal(Math.sqrt(3.0) * (Math.SQRT2 / Math.sqrt(147)));
    expect(planFor('kaimingUniform', [64, 3, 7, 7], { a: 0 })).to.deep.equal(plan);
    expectSameTensor(kaimingUniform([64, 3, 7, 7], { a: 0, seed: 3 }), kaimingUniform([64, 3, 7, 7], { seed: 3 }));
    // a = null is Python's None: calculate_gain's default slope 0.01.
    expect(planFor('kaimingUniform', [4, 4], { a: null }).context.gain).to.equal(calculateGain('leaky_relu'));
    expect(planFor('kaimingUniform', [4, 4], { a: 0.2 }).context.gain).to.equal(calculateGain('leaky_relu', 0.2));
  });

  it('mode in any capitalisation, as torch lower-cases it', () => {
    const lower = planFor('kaimingNormal', [30, 20, 3], { mode: 'fan_out' });
    for (const mode of ['FAN_OUT', 'Fan_Out', 'fan_OUT']) expect(planFor('kaimingNormal', [30, 20, 3], { mode })).to.deep.equal(lower);
    expect(lower.context.mode).to.equal('fan_out');
    expect(lower.context.fanOut).to.equal(90);
  });

  it("layout 'keras' reads (*kernel, in, out): the same layer gives the same bound", () => {
    const torch = planFor('kaimingUniform', [128, 64, 3, 3], { nonlinearity: 'relu' });
    const keras = planFor('kaimingUniform', [3, 3, 64, 128], { nonlinearity: 'relu', layout: 'keras' });
    expect(keras).to.deep.equal(torch);
    // Keras's rank-1 rule (n, n), where the torch layout refuses fewer than 2 dimensions.
    expect(planFor('kaimingNormal', [50], { layout: 'keras' }).context).to.include({ fanIn: 50, fanOut: 50 });
  });
});

describe('kaiming: distributions (fixed seeds, Kolmogorov–Smirnov against the exact CDF)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`kaimingUniform [1000, 1000] ${dtype}: U(±√3·√2/√1000), mean, variance, KS`, () => {
      const bound = Math.sqrt(3.0) * (Math.SQRT2 / Math.sqrt(1000));
      const t = kaimingUniform([1000, 1000], { seed: 11, dtype });
      const m = moments(t.data);
      expect(m.min).to.be.at.least(Math.fround(-bound));
      expect(m.max).to.be.below(bound);
      // sd of the mean: bound/√3/√n = 4.5e-5; variance bound²/3 = 0.002 within 0.5% (5 sd ≈ 0.45%).
      expect(m.mean).to.be.closeTo(0, 5 * 4.5e-5);
      expect(m.variance).to.be.closeTo(0.002, 0.002 * 0.005);
      const ks = ksTest(t.data, uniformCdf(-bound, bound));
      expect(ks.pValue, `D = ${ks.d}`).to.be.greaterThan(0.001);
      // Negative control: a bound 1% too large is detected.
      expect(ksTest(t.data, uniformCdf(-bound * 1.01, bound * 1.01)).pValue).to.be.below(1e-6);
    });

    it(`kaimingNormal [500, 400, 5] fan_out relu ${dtype}: N(0, 2/2500), mean, variance, KS`, () => {
      const std = Math.SQRT2 / Math.sqrt(2500);
      const t = kaimingNormal([500, 400, 5], { seed: 12, mode: 'fan_out', nonlinearity: 'relu', dtype });
      const m = moments(t.data);
      expect(m.mean).to.be.closeTo(0, (5 * std) / 1000);
      expect(m.variance).to.be.closeTo(std * std, std * std * 0.01);
      const ks = ksTest(t.data, normalCdfOf(0, std));
      expect(ks.pValue, `D = ${ks.d}`).to.be.greaterThan(0.001);
      expect(ksTest(t.data, normalCdfOf(0, std * 1.02)).pValue).to.be.below(1e-6);
    });
  }

  it('bfloat16 and float16 keep U(±0.027063) inside its support after rounding', () => {
    // fan 8192: bound = √3·√2/√8192 = 0.02706329…, which round-to-nearest carries to 0.0271 in bfloat16.
    const bound = Math.sqrt(3.0) * (Math.SQRT2 / Math.sqrt(8192));
    expect(bound).to.be.closeTo(0.027063, 1e-6);
    for (const dtype of ['bfloat16', 'float16'] as const) {
      const t = kaimingUniform([128, 8192], { seed: 13, dtype });
      expect(t.data).to.be.instanceOf(Uint16Array);
      const v = values(t);
      const m = moments(v);
      expect(m.min, dtype).to.be.at.least(-bound);
      expect(m.max, dtype).to.be.below(bound);
      // The edge is reached (the test is not vacuous) but values do not pile up there.
      const top = v.filter((x) => x === m.max).length / v.length;
      expect(m.max, dtype).to.be.above(bound * 0.99);
      expect(top, dtype).to.be.below(dtype === 'bfloat16' ? 0.01 : 0.002);
      expect(m.variance, dtype).to.be.closeTo((bound * bound) / 3, (bound * bound) / 3 * 0.01);
    }
  });

  it('the 16-bit dtypes are the float32 values rounded once (same stream)', () => {
    const f32 = kaimingNormal([64, 64], { seed: 14 }).data;
    const bf = values(kaimingNormal([64, 64], { seed: 14, dtype: 'bfloat16' }));
    for (let i = 0; i < f32.length; i++) expect(Math.abs(bf[i] - f32[i])).to.be.at.most(Math.abs(f32[i]) * 2 ** -8);
  });
});

describe('kaiming: streams, ranges, async twins and empty tensors', () => {
  it('range equals the slice of the full tensor in every dtype, across a chunk border; fans come from the full shape', () => {
    for (const fn of [kaimingUniform, kaimingNormal]) {
      for (const dtype of DTYPES) {
        const full = fn([300, 500], { seed: 21, key: 'w', dtype, mode: 'fan_out' });
        for (const [start, end] of [[0, 1], [65530, 65600], [149999, 150000], [1000, 1000]] as const) {
          const part = fn([300, 500], { seed: 21, key: 'w', dtype, mode: 'fan_out', range: [start, end] });
          expect(part.shape).to.deep.equal([300, 500]);
          expect(part.range).to.deep.equal([start, end]);
          expect(Array.from(part.data), `${fn.name} ${dtype} [${start}, ${end})`).to.deep.equal(Array.from(full.data.subarray(start, end)));
        }
      }
    }
    expect(planFor('kaimingUniform', [300, 500], { range: [0, 10] })).to.deep.equal(planFor('kaimingUniform', [300, 500]));
  });

  it('every async twin equals its sync twin (all dtypes, out, shared)', async () => {
    for (const [sync, async] of [[kaimingUniform, kaimingUniformAsync], [kaimingNormal, kaimingNormalAsync]] as const) {
      for (const dtype of DTYPES) {
        const options = { seed: 31n, key: 5, dtype, a: 0.1, nonlinearity: 'leaky_relu' as const };
        expectSameTensor(await async([70, 1000], options), sync([70, 1000], options), `${sync.name} ${dtype}`);
      }
      const out = new Float64Array(2000);
      const a = await async([40, 50], { seed: 2, out });
      expect(a.data).to.equal(out);
      expectSameTensor(a, sync([40, 50], { seed: 2, dtype: 'float64' }));
      const shared = await async([40, 50], { seed: 2, shared: true });
      expect(shared.data.buffer).to.be.instanceOf(SharedArrayBuffer);
      expectSameTensor(shared, sync([40, 50], { seed: 2 }));
    }
  });

  it('a Generator gives successive calls successive keys; manualSeed makes the default generator reproducible', () => {
    const g = new Generator(5);
    const first = kaimingUniform([8, 8], { generator: g });
    const second = kaimingUniform([8, 8], { generator: g });
    expect([first.seed, first.key, second.key]).to.deep.equal([5n, 0n, 1n]);
    expectSameTensor(first, kaimingUniform([8, 8], { seed: 5 }));
    expectSameTensor(second, kaimingUniform([8, 8], { seed: 5, key: 1 }));
    expect(Array.from(first.data)).to.not.deep.equal(Array.from(second.data));

    manualSeed(42);
    const a = kaimingNormal([16, 16]);
    const b = kaimingNormal([16, 16]);
    manualSeed(42n);
    expectSameTensor(kaimingNormal([16, 16]), a);
    expectSameTensor(kaimingNormal([16, 16]), b);
    expect(a.seed).to.equal(42n);
    // seed 0 is a seed like any other, not "unseeded".
    expectSameTensor(kaimingNormal([4, 4], { seed: 0 }), kaimingNormal([4, 4], { seed: 0n, key: 0 }));
  });

  it('a zero-element tensor is returned empty with a process warning, as PyTorch (also for 1-D, where fans do not exist)', async () => {
    for (const shape of [[0, 3], [3, 0], [0], [4, 0, 3, 3]]) {
      const { result, warnings } = await withWarnings(() => kaimingUniform(shape, { seed: 1 }));
      expect(result.data.length, JSON.stringify(shape)).to.equal(0);
      expect(result.shape).to.deep.equal(shape);
      expect(warnings.map((w) => w.message)).to.deep.equal(['Initializing zero-element tensors is a no-op (kaimingUniform)']);
      expect((warnings[0] as Error & { code?: string }).code).to.equal('KAIMING_EMPTY_TENSOR');
    }
    const { result, warnings } = await withWarnings(() => kaimingNormalAsync([0, 5], { seed: 1, dtype: 'bfloat16' }));
    expect(result.data).to.be.instanceOf(Uint16Array);
    expect(result.data.length).to.equal(0);
    expect(warnings.length).to.equal(1);
  });
});
