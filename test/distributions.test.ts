import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../lib/rules/plan';
import {
  constantDistribution,
  diracDistribution,
  distributionFromPlan,
  eyeDistribution,
  normalDistribution,
  orthogonalDistribution,
  sparseDistribution,
  truncatedNormalDistribution,
  uniformDistribution,
  type Distribution,
} from '../lib/distributions';
import { gaussLegendre, normalQuantile } from '../lib/math/special';
import { ksTest } from '../lib/stats/ks';

// Fixtures from test/fixtures/make_scipy_fixtures.py: scipy.stats.truncnorm
// and the Beta form of the sphere-coordinate law, with 60-digit mpmath
// references (rounded to double) that the code is held to.
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'scipy_distributions.json'), 'utf8'));

const MIN_NORMAL = 2.2250738585072014e-308;

function relErr(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Mulberry32: a tiny seeded generator, so the statistical tests are deterministic. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296; // in (0, 1)
  };
}

function gaussianSource(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => normalQuantile(uniform());
}

/** ∫ f over [a, b] by 16-point Gauss–Legendre on `panels` equal panels. */
function integrate(f: (x: number) => number, a: number, b: number, panels = 200): number {
  const h = (b - a) / panels;
  let s = 0;
  for (let i = 0; i < panels; i++) s += gaussLegendre(f, a + i * h, i === panels - 1 ? b : a + (i + 1) * h);
  return s;
}

/** Total mass of the continuous part, integrated between far quantiles (tails added from the cdf). */
function continuousMass(dist: Distribution): number {
  const atoms = dist.atoms.reduce((s, a) => s + a.probability, 0);
  const lo = Number.isFinite(dist.support[0]) ? dist.support[0] : dist.quantile(1e-15);
  const hi = Number.isFinite(dist.support[1]) ? dist.support[1] : dist.quantile(1 - 1e-15);
  const tails = (Number.isFinite(dist.support[0]) ? 0 : dist.cdf(lo)) + (Number.isFinite(dist.support[1]) ? 0 : dist.sf(hi));
  // Split at the atoms so that no panel straddles a point where pdf is Infinity.
  const cuts = [lo, ...dist.atoms.map((a) => a.value).filter((v) => v > lo && v < hi), hi];
  let mass = 0;
  for (let i = 0; i + 1 < cuts.length; i++) mass += integrate((x) => (dist.pmf(x) > 0 ? 0 : dist.pdf(x)), cuts[i], cuts[i + 1]);
  return mass + tails + atoms;
}

describe('distributions: truncated normal against mpmath (scipy.stats.truncnorm cases)', () => {
  const cases: any[] = fixture.truncatedNormal;
  it('covers far tails ([8, 9], [30, 31], [37, 40], mirrored) and the ±2σ rule', () => {
    const bounds = cases.map((c) => `${c.a},${c.b}`);
    for (const b of ['8,9', '-9,-8', '-2,2', '30,31', '37,40']) expect(bounds).to.include(b);
  });
  for (const c of cases) {
    describe(`N(${c.mean}, ${c.std}²) on [${c.a}, ${c.b}]`, () => {
      const dist = truncatedNormalDistribution(c.mean, c.std, c.a, c.b);
      it('quantile is within 1e-14 relative of mpmath', () => {
        for (const r of c.points) {
          const q = dist.quantile(r.p);
          const ref = r.ppf.mpmath;
          expect(Math.abs(q - ref), `p = ${r.p}: ${q} vs ${ref}`).to.be.at.most(1e-14 * Math.abs(ref) + 1e-16 * c.std);
        }
      });
      it('cdf and pdf are within 1e-14 relative of mpmath', () => {
        for (const r of c.points) {
          const cdf = dist.cdf(r.x);
          const pdf = dist.pdf(r.x);
          if (r.cdf.mpmath >= MIN_NORMAL) expect(relErr(cdf, r.cdf.mpmath), `cdf(${r.x}) = ${cdf} vs ${r.cdf.mpmath}`).to.be.at.most(1e-14);
          if (r.pdf.mpmath >= MIN_NORMAL) expect(relErr(pdf, r.pdf.mpmath), `pdf(${r.x}) = ${pdf} vs ${r.pdf.mpmath}`).to.be.at.most(1e-14);
          expect(Math.abs(dist.cdf(r.x) + dist.sf(r.x) - 1)).to.be.at.most(1e-15);
        }
      });
      it('mean and variance are within 1e-14 relative of mpmath (SciPy loses up to 1e-6 here)', () => {
        expect(Math.abs(dist.mean - c.mean_.mpmath), 'mean').to.be.at.most(1e-14 * Math.abs(c.mean_.mpmath) + 1e-16 * c.std);
        expect(relErr(dist.variance, c.var.mpmath), `variance ${dist.variance} vs ${c.var.mpmath}`).to.be.at.most(1e-14);
      });
    });
  }
  it('at ±2σ: Z = 0.9544997361036416, variance 0.7737413035499232·s², std 0.8796256610342398·s', () => {
    const s = 0.02;
    const dist = truncatedNormalDistribution(0, s, -2 * s, 2 * s);
    expect(relErr(dist.variance, 0.7737413035499232 * s * s)).to.be.below(1e-15);
    expect(relErr(dist.std, 0.8796256610342398 * s)).to.be.below(1e-15);
    // pdf(0)·s·√(2π) = 1/Z.
    expect(relErr(dist.pdf(0) * s * Math.sqrt(2 * Math.PI), 1 / 0.9544997361036416)).to.be.below(1e-15);
    expect(dist.formula.text).to.include('Z = Φ(2) − Φ(−2) ≈ 0.9545');
  });
  it('Keras he_normal: drawing with σ/0.8796… at ±2σ gives std √(2/fan_in) exactly', () => {
    const fanIn = 1152;
    const target = Math.sqrt(2 / fanIn);
    const sigma = target / 0.87962566103423978;
    const dist = truncatedNormalDistribution(0, sigma, -2 * sigma, 2 * sigma, {
      initializer: 'he_normal', fanIn, fanOut: 576, scale: 2, mode: 'fan_in',
    });
    expect(relErr(dist.std, target)).to.be.below(1e-15);
    expect(dist.formula.text).to.include('σ = √(scale/n)/0.87962566103423978 = √(2/1152)/0.87963 ≈ 0.047369, n = fan_in = 1152');
  });
  it('keeps full precision next to a bound near the mean', () => {
    // N(0, 1) on [0, 1e−3] is nearly uniform: quantile(p) ≈ 1e−3·p.
    const dist = truncatedNormalDistribution(0, 1, 0, 1e-3);
    expect(relErr(dist.quantile(1e-12), 1e-15)).to.be.below(1e-6);
    expect(relErr(dist.cdf(1e-15), 1e-12)).to.be.below(1e-6);
  });
  it('handles infinite bounds and underflowing masses', () => {
    const half = truncatedNormalDistribution(0, 1, 0, Infinity);
    expect(relErr(half.mean, Math.sqrt(2 / Math.PI))).to.be.below(1e-15);
    expect(relErr(half.variance, 1 - 2 / Math.PI)).to.be.below(1e-15);
    const far = truncatedNormalDistribution(0, 1, 40, 41); // Z ≈ 3.6e−350 is not a double
    expect(far.mean).to.be.within(40, 41);
    expect(relErr(far.quantile(0.5), 40 + Math.LN2 / 40.02)).to.be.below(1e-3);
    expect(far.cdf(far.quantile(0.25))).to.be.closeTo(0.25, 1e-13);
    expect(far.formula.text).to.match(/Z = Φ\(41\) − Φ\(40\) = exp\(−80[0-9.]+\)/);
  });
});

describe('distributions: orthogonal per-element marginal', () => {
  for (const c of fixture.orthogonal as any[]) {
    it(`d = ${c.d}: cdf, sf and pdf match the Beta(½, (d−1)/2) form in mpmath`, () => {
      const dist = orthogonalDistribution([c.d, 1], 1);
      for (const r of c.points) {
        const tol = (v: number): number => 1e-15 * (10 + Math.abs(Math.log(v)));
        if (r.cdf.mpmath >= MIN_NORMAL) expect(relErr(dist.cdf(r.u), r.cdf.mpmath), `cdf(${r.u})`).to.be.at.most(tol(r.cdf.mpmath));
        if (r.sf >= MIN_NORMAL) expect(relErr(dist.sf(r.u), r.sf), `sf(${r.u})`).to.be.at.most(tol(r.sf));
        if (r.pdf >= MIN_NORMAL) expect(relErr(dist.pdf(r.u), r.pdf), `pdf(${r.u})`).to.be.at.most(tol(r.pdf));
        // quantile inverts the tail that is accurate: cdf below ½, sf (by symmetry) above.
        if (r.cdf.mpmath >= 1e-300 && r.cdf.mpmath <= 0.5) expect(Math.abs(dist.quantile(r.cdf.mpmath) - r.u), `quantile(cdf(${r.u}))`).to.be.at.most(1e-14 * Math.abs(r.u) + 1e-16);
        if (r.sf >= 1e-300 && r.sf <= 0.5) expect(Math.abs(dist.quantile(r.sf) + r.u), `quantile(sf(${r.u}))`).to.be.at.most(1e-14 * Math.abs(r.u) + 1e-16);
      }
    });
  }
  it('has variance gain²/d, checked by integrating x²·pdf', () => {
    for (const [shape, gain] of [[[2, 1], 1], [[3, 3], 2], [[5, 2, 1], 0.5], [[64, 128], Math.SQRT2], [[1000, 10], 1]] as [number[], number][]) {
      const dist = orthogonalDistribution(shape, gain);
      const rows = shape[0];
      const cols = shape.slice(1).reduce((a, b) => a * b, 1);
      const d = Math.max(rows, cols);
      expect(relErr(dist.variance, (gain * gain) / d), `variance field, shape ${shape}`).to.be.below(1e-15);
      // x = g·sin θ removes the arcsine endpoint singularity of d = 2.
      const g = Math.abs(gain);
      const moment = (k: number): number =>
        integrate((t) => (g * Math.sin(t)) ** k * dist.pdf(g * Math.sin(t)) * g * Math.cos(t), -Math.PI / 2, Math.PI / 2, 400);
      // (1e−10: near θ = ±π/2 the nodes' sin θ carries an absolute rounding error that 1 − sin²θ magnifies.)
      expect(moment(0), `mass, shape ${shape}`).to.be.closeTo(1, 1e-10);
      expect(moment(1), `mean, shape ${shape}`).to.be.closeTo(0, 1e-10);
      expect(relErr(moment(2), (gain * gain) / d), `E[x²], shape ${shape}`).to.be.below(1e-10);
    }
  });
  it('is the arcsine law for d = 2 and the uniform law for d = 3', () => {
    const arcsine = orthogonalDistribution([2, 2], 1);
    const uniform = orthogonalDistribution([3, 1], 1);
    for (const u of [-0.99, -0.5, -0.1, 0.2, 0.7]) {
      expect(arcsine.cdf(u)).to.be.closeTo(0.5 + Math.asin(u) / Math.PI, 1e-15);
      expect(uniform.cdf(u)).to.be.closeTo((u + 1) / 2, 1e-15);
      expect(uniform.pdf(u)).to.equal(0.5);
    }
  });
  it('is the law of an entry of a Haar-random matrix (Gram–Schmidt of Gaussian columns), and not of d = 8', () => {
    // 2000 independent 16×4 matrices, entry [0, 0] of each: i.i.d. draws of the marginal with d = 16.
    const next = gaussianSource(12345);
    const rows = 16;
    const cols = 4;
    const sample: number[] = [];
    for (let m = 0; m < 2000; m++) {
      const a = Array.from({ length: cols }, () => Array.from({ length: rows }, next));
      for (let j = 0; j < cols; j++) {
        for (let k = 0; k < j; k++) {
          let dot = 0;
          for (let i = 0; i < rows; i++) dot += a[j][i] * a[k][i];
          for (let i = 0; i < rows; i++) a[j][i] -= dot * a[k][i];
        }
        const norm = Math.hypot(...a[j]);
        for (let i = 0; i < rows; i++) a[j][i] /= norm;
      }
      sample.push(a[0][0]);
    }
    const right = orthogonalDistribution([rows, cols], 1);
    const wrong = orthogonalDistribution([8, cols], 1);
    expect(ksTest(sample, right.cdf).pValue).to.be.above(0.01);
    expect(ksTest(sample, wrong.cdf).pValue).to.be.below(1e-6);
  });
  it('degenerates to ±gain for a 1×1 matrix and to 0 for gain 0', () => {
    const one = orthogonalDistribution([1, 1], -2);
    expect(one.atoms).to.deep.equal([{ value: -2, probability: 0.5 }, { value: 2, probability: 0.5 }]);
    expect(one.variance).to.equal(4);
    expect(orthogonalDistribution([4, 4], 0).variance).to.equal(0);
  });
});

describe('distributions: every family is a probability law', () => {
  const families: [string, Distribution][] = [
    ['uniform', uniformDistribution(-1, 3)],
    ['normal', normalDistribution(1, 2)],
    ['truncated normal ±2', truncatedNormalDistribution(0, 1, -2, 2)],
    ['truncated normal [8, 9]', truncatedNormalDistribution(0, 1, 8, 9)],
    ['truncated normal [-1, 30]', truncatedNormalDistribution(0, 1, -1, 30)],
    ['truncated normal [-9, -8]', truncatedNormalDistribution(0.5, 0.1, -0.4, -0.3)],
    ['orthogonal d = 5', orthogonalDistribution([5, 3], 1.5)],
    ['orthogonal d = 400', orthogonalDistribution([20, 400], 1)],
    ['sparse', sparseDistribution([10, 4], 0.25, 0.5)],
  ];
  for (const [name, dist] of families) {
    it(`${name}: pdf integrates to 1 − Σ atoms`, () => {
      if (name.startsWith('orthogonal')) return; // the arcsine-type endpoints are checked by substitution above
      expect(continuousMass(dist)).to.be.closeTo(1, 1e-12);
    });
    it(`${name}: pdf is the derivative of cdf`, () => {
      for (const p of [0.01, 0.2, 0.5, 0.8, 0.99]) {
        const x = dist.quantile(p);
        if (dist.pmf(x) > 0) continue;
        const h = 1e-5 * dist.std;
        const slope = (dist.cdf(x + h) - dist.cdf(x - h)) / (2 * h);
        expect(relErr(slope, dist.pdf(x)), `${name} at p = ${p}`).to.be.below(1e-6);
      }
    });
    it(`${name}: quantile and cdf are inverse (to the resolution of the doubles involved)`, () => {
      const ulp = (x: number): number => Math.max(Number.MIN_VALUE, Math.abs(x) * 2 ** -52);
      for (const p of [1e-9, 0.001, 0.1, 0.37, 0.5, 0.63, 0.9, 0.999, 1 - 1e-9]) {
        const x = dist.quantile(p);
        if (dist.pmf(x) > 0) continue;
        const density = dist.pdf(x);
        // The nearest double to the true quantile moves the probability by up to pdf·ulp(x).
        const back = p <= 0.5 ? dist.cdf(x) : 1 - dist.sf(x);
        expect(Math.abs(back - p), `${name}: cdf(quantile(${p}))`).to.be.at.most(1e-13 * Math.min(p, 1 - p) + density * ulp(x) + 1e-16);
        // And a probability p > ½ is itself only known to ulp(p), which moves x by ulp(p)/pdf.
        const again = p <= 0.5 ? dist.quantile(dist.cdf(x)) : dist.quantile(1 - dist.sf(x));
        expect(Math.abs(again - x), `${name}: quantile(cdf(${x}))`).to.be.at.most(1e-13 * (Math.abs(x) + dist.std) + 2 * ulp(p) / density);
      }
    });
    it(`${name}: moments agree with the pdf`, () => {
      const lo = Math.max(dist.support[0], dist.quantile(1e-15));
      const hi = Math.min(dist.support[1], dist.quantile(1 - 1e-15));
      const first = integrate((x) => (dist.pmf(x) > 0 ? 0 : x * dist.pdf(x)), lo, hi, 400);
      const second = integrate((x) => (dist.pmf(x) > 0 ? 0 : (x - dist.mean) ** 2 * dist.pdf(x)), lo, hi, 400);
      const atomFirst = dist.atoms.reduce((s, a) => s + a.probability * a.value, 0);
      const atomSecond = dist.atoms.reduce((s, a) => s + a.probability * (a.value - dist.mean) ** 2, 0);
      expect(first + atomFirst).to.be.closeTo(dist.mean, 1e-9 * (Math.abs(dist.mean) + dist.std));
      expect(relErr(second + atomSecond, dist.variance)).to.be.below(1e-9);
    });
  }
  it('truncated normal samples pass a KS test against their law and fail against ±2.5', () => {
    const next = gaussianSource(2024);
    const sample: number[] = [];
    while (sample.length < 50000) {
      const z = next();
      if (z >= -2 && z <= 2) sample.push(0.1 * z);
    }
    expect(ksTest(sample, truncatedNormalDistribution(0, 0.1, -0.2, 0.2).cdf).pValue).to.be.above(0.01);
    expect(ksTest(sample, truncatedNormalDistribution(0, 0.1, -0.25, 0.25).cdf).pValue).to.be.below(1e-6);
  });
});

describe('distributions: formulas', () => {
  const kaiming = { initializer: 'kaiming_normal', fanIn: 1152, fanOut: 576, gain: Math.SQRT2, mode: 'fan_in', nonlinearity: 'relu' };
  it('normal: exp(−(x−μ)²/(2σ²))/(σ√(2π)) with σ = gain/√fan_in substituted', () => {
    const dist = normalDistribution(0, Math.SQRT2 / Math.sqrt(1152), kaiming);
    expect(dist.formula.general.text).to.equal('f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π))');
    expect(dist.formula.text).to.equal('f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = gain/√fan_in = √2/√1152 ≈ 0.041667');
    expect(dist.formula.latex).to.include('\\frac{1}{\\sigma\\sqrt{2\\pi}}\\exp');
    expect(dist.formula.latex).to.include('\\frac{\\sqrt{2}}{\\sqrt{1152}} \\approx 0.041667');
    // The general formula, evaluated literally, is the pdf.
    const sigma = dist.params.std;
    for (const x of [-0.1, 0, 0.03, 0.2]) {
      const literal = Math.exp(-((x - 0) ** 2) / (2 * sigma ** 2)) / (sigma * Math.sqrt(2 * Math.PI));
      expect(relErr(dist.pdf(x), literal)).to.be.below(1e-14);
    }
    expect(normalDistribution(1, 0.5).formula.text).to.equal('f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)), μ = 1, σ = 0.5');
  });
  it('normal: Glorot σ = gain·√(2/(fan_in + fan_out)) is recognized', () => {
    const dist = normalDistribution(0, Math.sqrt(2 / 300), { initializer: 'xavier_normal', fanIn: 100, fanOut: 200, gain: 1 });
    expect(dist.formula.text).to.include('σ = gain·√(2/(fan_in + fan_out)) = 1·√(2/(100 + 200)) ≈ 0.08165');
  });
  it('uniform: 1/(b − a) on [a, b) with bound = √3·σ', () => {
    const bound = Math.sqrt(3) * (Math.SQRT2 / Math.sqrt(1152));
    const dist = uniformDistribution(-bound, bound, { ...kaiming, initializer: 'kaiming_uniform' });
    expect(dist.formula.general.text).to.equal('f(x) = 1/(b − a) for a ≤ x < b, 0 otherwise');
    expect(dist.formula.text).to.include('f(x) = 1/(b − a) = 6.9282 for −0.072169 ≤ x < 0.072169');
    expect(dist.formula.text).to.include('bound = √3·σ = √3·gain/√fan_in = √3·√2/√1152 ≈ 0.072169');
    expect(relErr(dist.variance, 2 / 1152)).to.be.below(1e-15);
    // PyTorch's default layer init: kaiming_uniform(a = √5) gives bound = 1/√fan_in.
    const linear = uniformDistribution(-1 / Math.sqrt(64), 1 / Math.sqrt(64), { fanIn: 64, fanOut: 10, gain: Math.sqrt(1 / 3), mode: 'fan_in' });
    expect(linear.formula.text).to.include('bound = √3·σ = √3·gain/√fan_in = √3·√(1/3)/√64 = 0.125');
  });
  it('does not invent a derivation the context does not reproduce', () => {
    const dist = normalDistribution(0, 0.5, kaiming);
    expect(dist.formula.text).to.equal('f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = 0.5');
  });
  it('orthogonal, sparse, eye and constant spell out their parameters', () => {
    expect(orthogonalDistribution([64, 128], 1).formula.text).to.include('d = max(rows, cols) = max(64, 128) = 128');
    expect(sparseDistribution([100, 50], 0.1, 0.01).formula.text).to.include('p₀ = ⌈sparsity·rows⌉/rows = ⌈0.1·100⌉/100 = 10/100');
    expect(eyeDistribution([3, 5]).formula.text).to.include('P(X = 1) = min(3, 5)/(3·5) = 3/15 ≈ 0.2');
    expect(constantDistribution(-0.5).formula.text).to.include('f(x) = δ(x + 0.5)');
  });
});

describe('distributions: point masses and per-element marginals', () => {
  it('constant: pdf is Infinity at the value (a Dirac delta), cdf a step, quantile the value', () => {
    const dist = constantDistribution(0.5);
    expect(dist.pdf(0.5)).to.equal(Infinity);
    expect(dist.pdf(0.4)).to.equal(0);
    expect(dist.pmf(0.5)).to.equal(1);
    expect(dist.cdf(0.4999)).to.equal(0);
    expect(dist.cdf(0.5)).to.equal(1);
    expect(dist.sf(0.5)).to.equal(0);
    for (const p of [0, 0.3, 1]) expect(dist.quantile(p)).to.equal(0.5);
    expect(dist.variance).to.equal(0);
    expect(dist.exact).to.equal(true);
  });
  it('eye: P(1) = min(rows, cols)/(rows·cols)', () => {
    const dist = eyeDistribution([3, 5]);
    expect(dist.atoms).to.deep.equal([{ value: 0, probability: 0.8 }, { value: 1, probability: 0.2 }]);
    expect(dist.cdf(-0.1)).to.equal(0);
    expect(dist.cdf(0)).to.equal(0.8);
    expect(dist.cdf(0.99)).to.equal(0.8);
    expect(dist.cdf(1)).to.equal(1);
    expect(dist.quantile(0.8)).to.equal(0);
    expect(dist.quantile(0.81)).to.equal(1);
    expect(dist.mean).to.be.closeTo(0.2, 1e-16);
    expect(dist.variance).to.be.closeTo(0.16, 1e-16);
    expect(dist.exact).to.equal(false);
    expect(dist.note).to.match(/Per-element marginal/);
  });
  it('dirac: P(1) = groups·min(out/groups, in)/∏shape', () => {
    expect(diracDistribution([4, 2, 3, 3], 2).pmf(1)).to.be.closeTo(4 / 72, 1e-17);
    expect(diracDistribution([6, 2, 3], 3).pmf(1)).to.be.closeTo(6 / 36, 1e-17);
    expect(diracDistribution([8, 3, 3, 3, 3]).pmf(1)).to.be.closeTo(3 / 648, 1e-17);
    expect(() => diracDistribution([6, 2, 3], 4)).to.throw(RangeError, 'Expected a number of groups that divides shape[0] = 6 for groups but received 4 (number)');
    expect(() => diracDistribution([6, 2])).to.throw(RangeError, 'Expected a 3-D, 4-D or 5-D shape for shape but received an array of length 2');
  });
  it('sparse: a point mass ⌈sparsity·rows⌉/rows at 0 plus N(0, std²)', () => {
    const dist = sparseDistribution([10, 4], 0.25, 0.5); // ⌈2.5⌉ = 3 zeros per column
    expect(dist.pmf(0)).to.be.closeTo(0.3, 1e-16);
    expect(dist.pdf(0)).to.equal(Infinity);
    expect(dist.cdf(0)).to.be.closeTo(0.65, 1e-15);
    expect(dist.cdf(-1e-300)).to.be.closeTo(0.35, 1e-15);
    expect(dist.quantile(0.5)).to.equal(0);
    expect(relErr(dist.quantile(0.2), 0.5 * normalQuantile(0.2 / 0.7))).to.be.below(1e-15);
    expect(relErr(dist.variance, 0.7 * 0.25)).to.be.below(1e-15);
    expect(dist.exact).to.equal(false);
  });
  it('a zero scale is a point mass (xavier with gain 0, normal with std 0)', () => {
    expect(uniformDistribution(0, 0).pdf(0)).to.equal(Infinity);
    expect(normalDistribution(2, 0).quantile(0.3)).to.equal(2);
    expect(truncatedNormalDistribution(0.1, 0, -1, 1).cdf(0.1)).to.equal(1);
    expect(() => truncatedNormalDistribution(3, 0, -1, 1)).to.throw(RangeError, 'Expected a mean within [-1, 1] when std is 0 for mean but received 3 (number)');
  });
});

describe('distributions: distributionFromPlan', () => {
  const shape = [64, 128, 3, 3];
  const context = { initializer: 'kaiming_normal', fanIn: 1152, fanOut: 576, gain: Math.SQRT2, mode: 'fan_in', nonlinearity: 'relu', source: 'He et al. 2015' };
  it('builds every family from its plan and copies the context', () => {
    const plans: [Plan, number[], string][] = [
      [{ family: 'normal', mean: 0, std: Math.SQRT2 / Math.sqrt(1152), context }, shape, 'normal'],
      [{ family: 'uniform', low: -0.1, high: 0.1, context }, shape, 'uniform'],
      [{ family: 'truncated_normal', mean: 0, std: 1, a: -2, b: 2, context: { initializer: 'trunc_normal' } }, shape, 'truncated_normal'],
      [{ family: 'constant', value: 0, context: { initializer: 'zeros' } }, shape, 'constant'],
      [{ family: 'eye', context: { initializer: 'eye' } }, [3, 5], 'eye'],
      [{ family: 'dirac', groups: 1, context: { initializer: 'dirac' } }, [4, 4, 3, 3], 'dirac'],
      [{ family: 'orthogonal', gain: 1, context: { initializer: 'orthogonal' } }, [64, 128], 'orthogonal'],
      [{ family: 'sparse', sparsity: 0.1, std: 0.01, context: { initializer: 'sparse' } }, [100, 50], 'sparse'],
    ];
    for (const [plan, dims, family] of plans) {
      const dist = distributionFromPlan(plan, dims);
      expect(dist.family).to.equal(family);
      expect(dist.initializer).to.equal(plan.context.initializer);
      expect(Object.isFrozen(dist)).to.equal(true);
    }
    const normal = distributionFromPlan(plans[0][0], shape);
    expect(normal.fanIn).to.equal(1152);
    expect(normal.gain).to.equal(Math.SQRT2);
    expect(normal.mode).to.equal('fan_in');
    expect(normal.nonlinearity).to.equal('relu');
    expect(normal.source).to.equal('He et al. 2015');
    expect(normal.exact).to.equal(true);
    expect(distributionFromPlan(plans[6][0], [64, 128]).variance).to.equal(1 / 128);
  });
  it('rejects bad plans and shapes', () => {
    expect(() => distributionFromPlan({ family: 'gamma', context: { initializer: 'x' } } as unknown as Plan, [2, 2])).to.throw(TypeError, /for plan.family but received "gamma" \(string\)/);
    expect(() => distributionFromPlan({ family: 'eye', context: { initializer: 'eye' } }, [2, 0])).to.throw(RangeError, 'Expected a positive integer for shape[1] but received 0 (number)');
    expect(() => distributionFromPlan({ family: 'eye', context: { initializer: 'eye' } }, 'x' as unknown as number[])).to.throw(TypeError, 'Expected an array of positive integers for shape but received "x" (string)');
    expect(() => distributionFromPlan({ family: 'eye', context: { initializer: 'eye' } }, [2, 2, 2])).to.throw(RangeError, 'Expected a 2-D shape for shape but received an array of length 3');
  });
});

describe('distributions: argument validation', () => {
  const dist = normalDistribution(0, 1);
  it('pdf, cdf, sf and pmf take numbers (TypeError) that are not NaN (RangeError)', () => {
    for (const f of [dist.pdf, dist.cdf, dist.sf, dist.pmf]) {
      expect(() => f('1' as unknown as number)).to.throw(TypeError, 'Expected a number for x but received "1" (string)');
      expect(() => f(NaN)).to.throw(RangeError, 'Expected a number for x but received NaN (number)');
    }
    expect(dist.cdf(-Infinity)).to.equal(0);
    expect(dist.pdf(Infinity)).to.equal(0);
  });
  it('quantile takes p in [0, 1]', () => {
    expect(() => dist.quantile(1.5)).to.throw(RangeError, 'Expected a number between 0 and 1 for p but received 1.5 (number)');
    expect(() => dist.quantile(-0.1)).to.throw(RangeError, 'Expected a number between 0 and 1 for p but received -0.1 (number)');
    expect(() => dist.quantile(true as unknown as number)).to.throw(TypeError, 'Expected a number between 0 and 1 for p but received true (boolean)');
    expect(dist.quantile(0)).to.equal(-Infinity);
    expect(dist.quantile(1)).to.equal(Infinity);
  });
  it('factories check their parameters', () => {
    expect(() => normalDistribution(0, -1)).to.throw(RangeError, 'Expected a non-negative number for std but received -1 (number)');
    expect(() => normalDistribution('0' as unknown as number, 1)).to.throw(TypeError, 'Expected a finite number for mean but received "0" (string)');
    expect(() => uniformDistribution(1, 0)).to.throw(RangeError, 'Expected a number ≥ low (1) for high but received 0 (number)');
    expect(() => truncatedNormalDistribution(0, 1, 2, 2)).to.throw(RangeError, 'Expected a number greater than a (2) for b but received 2 (number)');
    expect(() => truncatedNormalDistribution(0, 1, NaN, 2)).to.throw(RangeError, 'Expected a number for a but received NaN (number)');
    expect(() => sparseDistribution([10, 4], 1.5)).to.throw(RangeError, 'Expected a number between 0 and 1 for sparsity but received 1.5 (number)');
    expect(() => orthogonalDistribution([4], 1)).to.throw(RangeError, 'Expected a shape with at least 2 dimensions for shape but received an array of length 1');
  });
});
