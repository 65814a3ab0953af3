// Each transform against its exact distribution: mean, variance and a
// Kolmogorov–Smirnov test on 10^6 values at fixed seeds. Fixed seeds make the
// outcome deterministic; the negative controls show the tests can fail.
import { expect } from 'chai';
import { normal, truncNormal, uniform } from '../lib/index';
import { ksTest } from '../lib/stats/ks';
import { normalCdf } from '../lib/math/special';
import type { TensorData } from '../lib/core/dtype';

const N = 1_000_000;

function moments(data: TensorData): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  const mean = sum / data.length;
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += (data[i] - mean) ** 2;
  return { mean, variance: sq / (data.length - 1) };
}

const uniformCdf = (lo: number, hi: number) => (x: number) => Math.min(1, Math.max(0, (x - lo) / (hi - lo)));
const normalCdfOf = (mu: number, sigma: number) => (x: number) => normalCdf((x - mu) / sigma);

describe('statistics of the transforms (10^6 values, fixed seeds)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`uniform ${dtype} on [-2, 3)`, () => {
      const { data } = uniform([N], { seed: 2024, low: -2, high: 3, dtype });
      const m = moments(data);
      // Standard errors: sd/√n = 1.44e-3 for the mean; the variance 25/12 within 0.5%.
      expect(m.mean).to.be.closeTo(0.5, 5 * 1.44e-3);
      expect(m.variance).to.be.closeTo(25 / 12, 0.01);
      expect(ksTest(data, uniformCdf(-2, 3)).pValue).to.be.greaterThan(0.001);
      expect(Math.min(...data.subarray(0, 100000))).to.be.at.least(-2);
      expect(Math.max(...data.subarray(0, 100000))).to.be.below(3);
    });

    it(`normal ${dtype} N(1, 0.5²)`, () => {
      const { data } = normal([N], { seed: 2025, mean: 1, std: 0.5, dtype });
      const m = moments(data);
      expect(m.mean).to.be.closeTo(1, 5 * 0.5e-3);
      expect(m.variance).to.be.closeTo(0.25, 0.25 * 0.01);
      expect(ksTest(data, normalCdfOf(1, 0.5)).pValue).to.be.greaterThan(0.001);
    });
  }

  it('truncated normal on [-2, 2] has variance 0.7737413·s²', () => {
    const { data } = truncNormal([N], { seed: 2026, std: 1 });
    const m = moments(data);
    expect(m.variance).to.be.closeTo(0.7737413035499232, 0.006);
    const z = normalCdf(2) - normalCdf(-2);
    const cdf = (x: number) => (x <= -2 ? 0 : x >= 2 ? 1 : (normalCdf(x) - normalCdf(-2)) / z);
    expect(ksTest(data, cdf).pValue).to.be.greaterThan(0.001);
  });

  it('negative controls: the KS test rejects a slightly wrong distribution', () => {
    const { data } = normal([N], { seed: 2025, mean: 1, std: 0.5 });
    expect(ksTest(data, normalCdfOf(1, 0.505)).pValue).to.be.below(1e-6);
    const u = uniform([N], { seed: 2024, low: -2, high: 3 }).data;
    expect(ksTest(u, uniformCdf(-2, 3.02)).pValue).to.be.below(1e-6);
  });
});
