// xavierUniform / xavierNormal: the std and bound of every PyTorch 1.13 fixture row,
// distributions at fixed seeds, gain 0, layouts, ranges, async twins, empty tensors.
import { expect } from 'chai';
import { calculateGain, planFor, xavierNormal, xavierNormalAsync, xavierUniform, xavierUniformAsync } from '../lib/index';
import { ksTest } from '../lib/stats/ks';
import { expectSameTensor, moments, normalCdfOf, torchFans, uniformCdf, values, withWarnings } from './support/initializers';

const DTYPES = ['float32', 'float64', 'bfloat16', 'float16'] as const;

describe('xavier: parity with PyTorch 1.13 (test/fixtures/torch_fans.json)', () => {
  const rows = torchFans.xavier;

  it(`the planned bound and std equal torch's for all ${rows.length} rows`, () => {
    expect(rows.length).to.be.at.least(400);
    for (const row of rows) {
      const where = `${JSON.stringify(row.shape)} gain ${row.gain}`;
      const u = planFor('xavier_uniform_', row.shape, { gain: row.gain });
      const n = planFor('xavier_normal', row.shape, { gain: row.gain });
      expect([u.context.fanIn, u.context.fanOut], where).to.deep.equal([row.fan_in, row.fan_out]);
      if (row.bound === 0) {
        // gain 0: torch's uniform_(−0, 0) writes zeros; so does the constant-0 plan.
        expect(u, where).to.include({ family: 'constant', value: 0 });
      } else {
        if (u.family !== 'uniform') throw new Error(`${where}: ${u.family}`);
        expect(u.high, where).to.equal(row.bound);
        expect(u.low, where).to.equal(-row.bound);
      }
      if (n.family !== 'normal') throw new Error(`${where}: ${n.family}`);
      expect(n.std, where).to.equal(row.std);
    }
  });

  it('gain defaults to 1 and an explicit gain 0 is a value: all zeros, not the default', () => {
    const plan = planFor('xavierUniform', [3, 5]);
    if (plan.family !== 'uniform') throw new Error(plan.family);
    expect(plan.high).to.equal(Math.sqrt(3.0) * 0.5);
    for (const dtype of DTYPES) {
      expect(Array.from(xavierUniform([3, 5], { gain: 0, seed: 1, dtype }).data), dtype).to.deep.equal(new Array(15).fill(0));
      expect(Array.from(values(xavierNormal([3, 5], { gain: 0, seed: 1, dtype }))).every((v) => v === 0), dtype).to.equal(true);
    }
  });

  it("layout 'keras' gives the same bound for the same layer", () => {
    expect(planFor('xavierUniform', [3, 3, 16, 32], { layout: 'keras', gain: 2 })).to.deep.equal(
      planFor('xavierUniform', [32, 16, 3, 3], { gain: 2 }),
    );
  });
});

describe('xavier: distributions (fixed seeds, Kolmogorov–Smirnov against the exact CDF)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`xavierUniform [800, 1200] gain 5/3 ${dtype}: U(±5/3·√3·√(2/2000)), moments, KS`, () => {
      const gain = calculateGain('tanh');
      const bound = Math.sqrt(3.0) * (gain * Math.sqrt(2.0 / 2000));
      const t = xavierUniform([800, 1200], { gain, seed: 41, dtype });
      const m = moments(t.data);
      expect(m.min).to.be.at.least(Math.fround(-bound));
      expect(m.max).to.be.below(bound);
      const variance = (bound * bound) / 3;
      expect(m.mean).to.be.closeTo(0, (5 * Math.sqrt(variance)) / Math.sqrt(960000));
      expect(m.variance).to.be.closeTo(variance, variance * 0.005);
      const ks = ksTest(t.data, uniformCdf(-bound, bound));
      expect(ks.pValue, `D = ${ks.d}`).to.be.greaterThan(0.001);
      expect(ksTest(t.data, uniformCdf(-bound * 1.01, bound * 1.01)).pValue).to.be.below(1e-6);
    });

    it(`xavierNormal [100, 50, 3, 3] ${dtype}: N(0, 2/1350), moments, KS`, () => {
      const std = Math.sqrt(2.0 / 1350);
      const t = xavierNormal([100, 50, 3, 3], { seed: 42, dtype });
      expect(t.data.length).to.equal(45000);
      const m = moments(t.data);
      expect(m.variance).to.be.closeTo(std * std, std * std * 0.04);
      const ks = ksTest(t.data, normalCdfOf(0, std));
      expect(ks.pValue, `D = ${ks.d}`).to.be.greaterThan(0.001);
      expect(ksTest(t.data, normalCdfOf(0, std * 1.05)).pValue).to.be.below(1e-3);
    });
  }

  it('bfloat16/float16 values stay inside [−bound, bound)', () => {
    const bound = Math.sqrt(3.0) * Math.sqrt(2.0 / (4096 + 12288));
    for (const dtype of ['bfloat16', 'float16'] as const) {
      const m = moments(values(xavierUniform([4096, 12288 / 64, 8, 8], { seed: 43, dtype, range: [0, 1 << 20] })));
      expect(m.min).to.be.at.least(-bound);
      expect(m.max).to.be.below(bound);
    }
  });
});

describe('xavier: ranges, async twins and empty tensors', () => {
  it('range equals the slice of the full tensor', () => {
    for (const fn of [xavierUniform, xavierNormal]) {
      for (const dtype of DTYPES) {
        const full = fn([256, 300], { seed: 51, dtype });
        for (const [start, end] of [[0, 7], [65535, 65537], [76790, 76800]] as const) {
          const part = fn([256, 300], { seed: 51, dtype, range: [start, end] });
          expect(Array.from(part.data), `${fn.name} ${dtype}`).to.deep.equal(Array.from(full.data.subarray(start, end)));
        }
      }
    }
  });

  it('every async twin equals its sync twin', async () => {
    for (const [sync, async] of [[xavierUniform, xavierUniformAsync], [xavierNormal, xavierNormalAsync]] as const) {
      for (const dtype of DTYPES) {
        expectSameTensor(await async([90, 900], { seed: 52, key: 'x', gain: 0.5, dtype }), sync([90, 900], { seed: 52, key: 'x', gain: 0.5, dtype }));
      }
    }
  });

  it('zero-element tensors are empty with a warning (PyTorch raises ZeroDivisionError for [0, 0])', async () => {
    for (const shape of [[0, 0], [4, 3, 0, 5], [0, 7]]) {
      const { result, warnings } = await withWarnings(() => xavierUniform(shape, { seed: 1 }));
      expect(result.data.length).to.equal(0);
      expect(warnings.map((w) => w.message)).to.deep.equal(['Initializing zero-element tensors is a no-op (xavierUniform)']);
    }
    const { result, warnings } = await withWarnings(() => xavierNormalAsync([0, 0], { seed: 1 }));
    expect(result.data.length).to.equal(0);
    expect(warnings.length).to.equal(1);
  });
});
