import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalCdf, normalQuantile } from '../lib/math/special';
import { ksCdf, ksOneSidedPValue, ksPValue, ksStatistic, ksTest } from '../lib/stats/ks';

// Fixtures from test/fixtures/make_scipy_fixtures.py: scipy.stats.kstwo
// (sf, cdf) and ksone (one-sided sf) on a grid of (n, d), n from 1 to 1e7;
// mpmath references for the one-sided tail at n > 1e6 (where SciPy's
// smirnov switches to a closed-form approximation); whole kstest runs.
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'scipy_ks.json'), 'utf8'));

const uniformCdf = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);

interface GridRow {
  n: number;
  d: number;
  sf: number;
  cdf: number;
  oneSided: number;
}

/** Where SciPy itself approximates P(Dₙ ≥ d) = 2·smirnov(n, d) (n > 1e6, n·d² ≥ 2.2): not a reference. */
function scipyApproximates(r: GridRow): boolean {
  return r.n > 1_000_000 && r.n * r.d * r.d >= 2.2 && r.d < 0.5;
}

describe('ks: statistic', () => {
  it('is max over i of max((i+1)/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − i/n)', () => {
    // Sorted 0.1, 0.4, 0.7 against U(0, 1): the gaps are 0.233, 0.1, 0.267, 0.067, 0.3, 0.033.
    expect(ksStatistic([0.7, 0.1, 0.4], uniformCdf)).to.be.closeTo(0.3, 1e-15);
    expect(ksStatistic([0.5], uniformCdf)).to.equal(0.5);
    expect(ksStatistic(new Float32Array([0.25, 0.75]), uniformCdf)).to.equal(0.25);
  });
  it('leaves the caller’s array unsorted', () => {
    const sample = [0.9, 0.1, 0.5];
    ksStatistic(sample, uniformCdf);
    expect(sample).to.deep.equal([0.9, 0.1, 0.5]);
  });
  it('validates its arguments', () => {
    expect(() => ksStatistic('abc' as unknown as number[], uniformCdf)).to.throw(TypeError, 'Expected an array of numbers for sample but received "abc" (string)');
    expect(() => ksStatistic([], uniformCdf)).to.throw(RangeError, 'Expected a non-empty array of numbers for sample but received an array of length 0');
    expect(() => ksStatistic([0.1, NaN], uniformCdf)).to.throw(RangeError, 'Expected a number for sample[1] but received NaN (number)');
    expect(() => ksStatistic([0.1, '2'] as unknown as number[], uniformCdf)).to.throw(TypeError, 'Expected a number for sample[1] but received "2" (string)');
    expect(() => ksStatistic([0.1], 3 as unknown as (x: number) => number)).to.throw(TypeError, 'Expected a function for cdf but received 3 (number)');
    expect(() => ksStatistic([0.1], () => 2)).to.throw(RangeError, 'Expected a probability between 0 and 1 for cdf(0.1) but received 2 (number)');
    expect(() => ksPValue(1.5, 10)).to.throw(RangeError, 'Expected a number between 0 and 1 for d but received 1.5 (number)');
    expect(() => ksPValue(0.1, 2.5)).to.throw(RangeError, 'Expected a positive integer for n but received 2.5 (number)');
    expect(() => ksPValue(0.1, '10' as unknown as number)).to.throw(TypeError, 'Expected a positive integer for n but received "10" (string)');
  });
});

describe('ks: distribution of Dₙ against scipy.stats.kstwo / ksone', () => {
  const grid: GridRow[] = fixture.grid;
  it('covers n from 1 to 1e7 and every method region', () => {
    const ns = new Set(grid.map((r) => r.n));
    for (const n of [1, 2, 140, 141, 100000, 100001, 10000000]) expect(ns.has(n), `n = ${n}`).to.equal(true);
    expect(grid.some((r) => r.n <= 140 && r.n * r.d * r.d <= 0.754693 && r.n * r.d > 1)).to.equal(true); // Durbin/MTW
    expect(grid.some((r) => r.n <= 140 && r.n * r.d * r.d > 0.754693 && r.n * r.d * r.d <= 4)).to.equal(true); // Pomeranz
    expect(grid.some((r) => r.n > 100000 && r.n * r.d * r.d < 2.2 && r.n * r.d > 1)).to.equal(true); // Pelz–Good
  });
  it('p-value P(Dₙ ≥ d) matches kstwo.sf to 1e-12 relative (3e-15 absolute where it is 1 − cdf)', () => {
    let checked = 0;
    for (const r of grid) {
      if (scipyApproximates(r)) continue;
      const p = ksPValue(r.d, r.n);
      const tol = 1e-12 * r.sf + 3e-15;
      expect(Math.abs(p - r.sf), `n=${r.n} d=${r.d}: ${p} vs ${r.sf}`).to.be.at.most(tol);
      checked++;
    }
    expect(checked).to.be.greaterThan(300);
  });
  it('cdf P(Dₙ ≤ d) matches kstwo.cdf to 3e-15 absolute', () => {
    for (const r of grid) {
      const c = ksCdf(r.d, r.n);
      expect(Math.abs(c - r.cdf), `n=${r.n} d=${r.d}: ${c} vs ${r.cdf}`).to.be.at.most(3e-15);
    }
  });
  it('one-sided P(Dₙ⁺ ≥ d) matches ksone.sf to 1e-13 relative for n ≤ 1e6', () => {
    for (const r of grid) {
      if (r.n > 1_000_000 || r.oneSided < 1e-300) continue;
      const p = ksOneSidedPValue(r.d, r.n);
      expect(Math.abs(p - r.oneSided), `n=${r.n} d=${r.d}: ${p} vs ${r.oneSided}`).to.be.at.most(1e-13 * r.oneSided + 1e-16);
    }
  });
  it('matches 40-digit references for n up to 1e7, where SciPy approximates', () => {
    for (const r of fixture.largeN) {
      const ref = r.oneSided.mpmath;
      const one = ksOneSidedPValue(r.d, r.n);
      expect(Math.abs(one - ref) / ref, `one-sided n=${r.n} d=${r.d}: ${one} vs ${ref}`).to.be.below(1e-13);
      // The two-sided p-value is 2·P(Dₙ⁺ ≥ d) here (n·d² ≥ 2.2, the intersection term is omitted as in SciPy).
      if (r.n * r.d * r.d >= 2.2) expect(Math.abs(ksPValue(r.d, r.n) - 2 * ref) / (2 * ref)).to.be.below(1e-13);
      // SciPy's closed form is ~1e−7 … 1e−4 off here; ours is not.
      if (r.n > 1_000_000) expect(Math.abs(r.oneSided.scipy - ref) / ref).to.be.above(1e-9);
    }
  });
  it('computes n = 1e7 p-values in well under a second', () => {
    const start = process.hrtime.bigint();
    const n = 10_000_000;
    for (const z of [0.5, 1, 1.36, 1.63, 2, 3, 5]) {
      const p = ksPValue(z / Math.sqrt(n), n);
      expect(p).to.be.within(0, 1);
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(ms).to.be.below(1000);
  });
  it('has the exact edge values', () => {
    expect(ksPValue(0, 10)).to.equal(1);
    expect(ksPValue(1, 10)).to.equal(0);
    expect(ksPValue(0.04, 10)).to.equal(1); // d ≤ 1/(2n): Dₙ ≥ 1/(2n) always
    // Ruben–Gambino: P(Dₙ ≥ d) = 2(1 − d)ⁿ for d ≥ 1 − 1/n.
    expect(ksPValue(0.95, 10)).to.be.closeTo(2 * 0.05 ** 10, 1e-25);
    // n = 1: D₁ = max(F, 1 − F) for F uniform, P(D₁ ≥ d) = 2(1 − d) for d ≥ ½.
    expect(ksPValue(0.7, 1)).to.be.closeTo(0.6, 1e-15);
  });
  it('is monotone in d', () => {
    for (const n of [5, 150, 5000, 200000]) {
      let previous = 1;
      for (let z = 0.1; z < 6; z += 0.05) {
        const p = ksPValue(Math.min(1, z / Math.sqrt(n)), n);
        expect(p, `n=${n} z=${z}`).to.be.at.most(previous + 1e-15);
        previous = p;
      }
    }
  });
});

describe('ks: test', () => {
  it('reproduces scipy.stats.kstest(sample, "norm") statistic and p-value', () => {
    for (const t of fixture.kstest) {
      const r = ksTest(t.sample, normalCdf);
      expect(r.n).to.equal(t.sample.length);
      expect(Math.abs(r.d - t.d), `n=${r.n}`).to.be.at.most(1e-15);
      expect(Math.abs(r.pValue - t.pValue) / t.pValue, `n=${r.n}`).to.be.below(1e-12);
    }
  });
  it('accepts a sample that follows the distribution and rejects one that does not', () => {
    // Stratified normal quantiles: the closest possible fit, D = 1/(2n).
    const n = 2000;
    const sample = Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
    const good = ksTest(sample, normalCdf);
    expect(good.d).to.be.closeTo(0.5 / n, 1e-12);
    expect(good.pValue).to.equal(1);
    // Shifted by 0.1σ: D ≈ φ(0)·0.1 ≈ 0.04, √n·D ≈ 1.78, p ≈ 0.003 (Kolmogorov: 2e^(−2·1.78²) ≈ 0.0036).
    const shifted = ksTest(sample.map((x) => x + 0.1), normalCdf);
    expect(shifted.d).to.be.closeTo(0.0399, 5e-4);
    expect(shifted.pValue).to.be.within(0.001, 0.01);
    // Shifted by 0.2σ: √n·D ≈ 3.55, p ≈ 2e^(−2·3.55²) ≈ 2e−11.
    const far = ksTest(sample.map((x) => x + 0.2), normalCdf);
    expect(far.pValue).to.be.within(1e-12, 1e-10);
  });
});
