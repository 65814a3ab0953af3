import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  binomialPmf,
  erf,
  erfc,
  erfinv,
  incompleteBeta,
  incompleteBetaComplement,
  logBeta,
  logGamma,
  logNormalCdf,
  millsRatio,
  normalCdf,
  normalMass,
  normalPdf,
  normalQuantile,
  normalQuantileFromLog,
  normalQuantileUpper,
  normalSf,
  scaledUpperMass,
  stirlingError,
} from '../lib/math/special';

// Fixtures from test/fixtures/make_scipy_fixtures.py: each case has SciPy's
// value and a 60-digit mpmath reference rounded to double. The code is held
// to the reference; SciPy's own error is reported alongside for comparison.
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'scipy_special.json'), 'utf8'));

type Ref = { scipy: number | string; mpmath: number | string };
const num = (v: number | string): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : (v as number);

const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Relative error. A subnormal reference has fewer than 53 significant bits,
 * so there the error is judged as 1e−14 relative plus 4 subnormal ulps
 * ("relative where the value is representable").
 */
function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  if (Math.abs(expected) < MIN_NORMAL) {
    return Math.abs(actual - expected) <= 1e-14 * Math.abs(expected) + 4 * Number.MIN_VALUE ? 0 : Infinity;
  }
  return Math.abs(actual - expected) / Math.abs(expected);
}

/**
 * Checks every case: |ours − mpmath| within `tol` relative, and never
 * farther from SciPy than SciPy is from mpmath (plus `tol`). Returns the
 * largest relative error seen, so tests can also assert it is not zero by
 * accident (i.e. the comparison really ran).
 */
function checkAll<T>(cases: T[], label: (c: T) => string, ours: (c: T) => number, ref: (c: T) => Ref, tol: number | ((c: T) => number)): number {
  let worst = 0;
  expect(cases.length).to.be.greaterThan(0);
  for (const c of cases) {
    const r = ref(c);
    const expected = num(r.mpmath);
    const actual = ours(c);
    const t = typeof tol === 'number' ? tol : tol(c);
    const e = relativeError(actual, expected);
    worst = Math.max(worst, e);
    if (!(e <= t)) expect.fail(`${label(c)}: got ${actual}, mpmath ${expected} (relative error ${e.toExponential(2)} > ${t})`);
    const s = num(r.scipy);
    const scipyError = relativeError(s, expected);
    const fromScipy = relativeError(actual, s);
    if (Number.isFinite(s) && !(fromScipy <= scipyError + t + 1e-300)) {
      expect.fail(`${label(c)}: ${actual} is ${fromScipy} from SciPy ${s}, whose own error is ${scipyError}`);
    }
  }
  return worst;
}

describe('special: error function (fdlibm s_erf.c)', () => {
  it('erf matches mpmath to 1e-15 relative', () => {
    checkAll(fixture.erf, (c: any) => `erf(${c.x})`, (c: any) => erf(c.x), (c: any) => c.erf, 1e-15);
  });
  it('erfc matches mpmath to 1e-15 relative, including erfc(26.5) ≈ 1e-307', () => {
    checkAll(fixture.erf, (c: any) => `erfc(${c.x})`, (c: any) => erfc(c.x), (c: any) => c.erfc, 1e-15);
    expect(relativeError(erfc(26.5), 2.2109076642637343e-307)).to.be.below(1e-14);
  });
  it('has the exact values at 0 and ±Infinity', () => {
    expect(erf(0)).to.equal(0);
    expect(Object.is(erf(-0), -0)).to.equal(true);
    expect(erf(Infinity)).to.equal(1);
    expect(erf(-Infinity)).to.equal(-1);
    expect(erfc(-Infinity)).to.equal(2);
    expect(erfc(Infinity)).to.equal(0);
  });
});

describe('special: normal distribution (Cody ANORM)', () => {
  const rows = fixture.normal.filter((r: any) => r.cdf !== undefined);
  it('covers x from −38 to 8', () => {
    const xs = rows.map((r: any) => r.x);
    expect(Math.min(...xs)).to.be.at.most(-38);
    expect(Math.max(...xs)).to.be.at.least(8);
  });
  it('cdf is within 1e-14 relative of mpmath (SciPy ndtr is off by up to ~2e-13 in the lower tail)', () => {
    const worst = checkAll(rows, (c: any) => `normalCdf(${c.x})`, (c: any) => normalCdf(c.x), (c: any) => c.cdf, 1e-14);
    expect(worst).to.be.below(1e-15);
  });
  it('sf is within 1e-14 relative of mpmath', () => {
    checkAll(rows, (c: any) => `normalSf(${c.x})`, (c: any) => normalSf(c.x), (c: any) => c.sf, 1e-14);
  });
  it('pdf is within 1e-14 relative of mpmath (x² is split so that its rounding does not reach exp)', () => {
    checkAll(rows, (c: any) => `normalPdf(${c.x})`, (c: any) => normalPdf(c.x), (c: any) => c.pdf, 1e-14);
  });
  it('log cdf is within 1e-14 relative of mpmath, far beyond the underflow of Φ', () => {
    checkAll(fixture.normal, (c: any) => `logNormalCdf(${c.x})`, (c: any) => logNormalCdf(c.x), (c: any) => c.logcdf, 1e-14);
    expect(logNormalCdf(-1e10)).to.be.closeTo(-5e19, 1e5);
  });
  it('is symmetric and complementary', () => {
    for (const x of [-30, -5, -0.3, 0, 0.3, 5, 30]) {
      expect(normalSf(x)).to.equal(normalCdf(-x));
      expect(Math.abs(normalCdf(x) + normalSf(x) - 1)).to.be.below(2.3e-16);
    }
    expect(normalCdf(0)).to.equal(0.5);
    expect(normalCdf(-Infinity)).to.equal(0);
    expect(normalCdf(Infinity)).to.equal(1);
    expect(normalPdf(0)).to.equal(0.3989422804014327);
  });
  it('pdf is the derivative of cdf', () => {
    for (const x of [-6, -2, -0.5, 0.1, 1, 3]) {
      const h = 1e-5;
      const slope = (normalCdf(x + h) - normalCdf(x - h)) / (2 * h);
      expect(relativeError(slope, normalPdf(x))).to.be.below(1e-8);
    }
  });
  it('Mills ratio and interval masses keep their digits in the far tail', () => {
    // R(x) ~ 1/x − 1/x³ + 3/x⁵ for large x.
    const x = 1e4;
    expect(relativeError(millsRatio(x), 1 / x - 1 / x ** 3 + 3 / x ** 5)).to.be.below(1e-15);
    expect(millsRatio(0)).to.be.closeTo(Math.sqrt(Math.PI / 2), 1e-16);
    // Φ(9) − Φ(8) from the fixture's mpmath values of the two tails.
    const mass89 = 6.21983198586583e-16; // mpmath, 50 digits
    expect(relativeError(normalMass(8, 9), mass89)).to.be.below(1e-14);
    expect(relativeError(normalMass(-9, -8), mass89)).to.be.below(1e-14);
    // A short interval: ∫ φ over [0, 1e−3] = φ(0)·(1e−3 − 1e−9/6 + …).
    expect(relativeError(normalMass(0, 1e-3), 0.3989422804014327 * 0.0009999998333333584)).to.be.below(4e-16);
    // Beyond the double range of Q: (Q(40) − Q(41))/φ(40) ≈ R(40) (the second term is e^−40.5 smaller).
    expect(relativeError(scaledUpperMass(40, 1), millsRatio(40) - millsRatio(41) * Math.exp(-40.5))).to.be.below(1e-15);
  });
});

describe('special: normal quantile (Wichura AS 241 + Halley step)', () => {
  it('covers p from 1e-300 to 1 − 1e-16', () => {
    const ps = fixture.quantile.map((r: any) => r.p);
    expect(ps).to.include(1e-300);
    expect(ps).to.include(1 - 1e-16);
  });
  it('is within 1e-14 relative of mpmath', () => {
    const cases = fixture.quantile.filter((r: any) => r.p !== 0.5);
    const worst = checkAll(cases, (c: any) => `normalQuantile(${c.p})`, (c: any) => normalQuantile(c.p), (c: any) => c, 1e-14);
    expect(worst).to.be.below(1e-15);
    expect(normalQuantile(0.5)).to.equal(0);
  });
  it('inverts from the upper tail without forming 1 − q', () => {
    expect(relativeError(normalQuantileUpper(1e-300), -normalQuantile(1e-300))).to.equal(0);
    expect(normalQuantileUpper(0.3)).to.equal(-normalQuantile(0.3));
  });
  it('inverts log-probabilities far beyond the double range', () => {
    checkAll(fixture.quantileFromLog, (c: any) => `normalQuantileFromLog(${c.logp})`, (c: any) => normalQuantileFromLog(c.logp), (c: any) => c, 1e-14);
  });
  it('has exact limits and symmetry', () => {
    expect(normalQuantile(0)).to.equal(-Infinity);
    expect(normalQuantile(1)).to.equal(Infinity);
    // 1 − p is exact for p ∈ [½, 1], and the implementation is symmetric bit for bit.
    for (const p of [0.5000001, 0.6, 0.9, 0.99, 1 - 2 ** -30, 1 - 2 ** -52]) expect(normalQuantile(p)).to.equal(-normalQuantile(1 - p));
    for (const q of [1e-300, 1e-20, 0.01, 0.3]) expect(normalQuantileUpper(q)).to.equal(-normalQuantile(q));
  });
  it('round-trips through the cdf', () => {
    for (const x of [-37, -20, -8, -1.5, -0.2, 0.01, 0.7, 3, 8]) {
      const p = normalCdf(x);
      const back = x > 0 ? normalQuantileUpper(normalSf(x)) : normalQuantile(p);
      expect(relativeError(back, x)).to.be.below(4e-15);
    }
  });
  it('erfinv is within 1e-14 relative of mpmath, tiny arguments included', () => {
    checkAll(fixture.erfinv, (c: any) => `erfinv(${c.y})`, (c: any) => erfinv(c.y), (c: any) => c, 1e-14);
    expect(erfinv(1)).to.equal(Infinity);
    expect(erfinv(-1)).to.equal(-Infinity);
  });
});

describe('special: gamma, beta, binomial', () => {
  it('logGamma is within 1e-15 of mpmath (relative above 1, absolute below)', () => {
    for (const c of fixture.gamma) {
      const ref = num(c.lgamma.mpmath);
      expect(Math.abs(logGamma(c.x) - ref), `logGamma(${c.x})`).to.be.at.most(1e-15 * Math.max(1, Math.abs(ref)));
    }
  });
  it('stirlingError is within 5e-16 absolute of mpmath', () => {
    for (const c of fixture.gamma) {
      if (c.x < 0.4) continue; // δ(x) → ∞ as x → 0; only used for x ≥ ½
      expect(Math.abs(stirlingError(c.x) - c.stirlingError), `stirlingError(${c.x})`).to.be.at.most(5e-16);
    }
  });
  it('logBeta has no large-argument cancellation', () => {
    // B(½, b) ~ √(π/b) for large b.
    const b = 1e12;
    expect(logBeta(0.5, b)).to.be.closeTo(0.5 * Math.log(Math.PI / b), 1e-12);
  });
  it('incompleteBeta and its complement match mpmath to ~ε·|log value|·√max(a, b)', () => {
    // The continued fraction loses accuracy near its switch-over point for large a, b
    // (its partial denominators cancel); the documented bound grows like √max(a, b).
    const tol = (c: any, v: number): number =>
      1e-15 * (10 + Math.abs(Math.log(Math.abs(v)))) * (1 + Math.sqrt(Math.max(c.a, c.b)) / 10);
    for (const c of fixture.incompleteBeta) {
      const ref = num(c.mpmath);
      const refc = num(c.complement.mpmath);
      if (ref >= MIN_NORMAL) expect(relativeError(incompleteBeta(c.a, c.b, c.x), ref), `I(${c.a},${c.b},${c.x})`).to.be.at.most(tol(c, ref));
      if (refc >= MIN_NORMAL) expect(relativeError(incompleteBetaComplement(c.a, c.b, c.x), refc), `1−I(${c.a},${c.b},${c.x})`).to.be.at.most(tol(c, refc));
    }
  });
  it('binomialPmf matches mpmath to ~ε·|log value| for n up to 1e7', () => {
    for (const c of fixture.binomialPmf) {
      const ref = num(c.mpmath);
      expect(relativeError(binomialPmf(c.k, c.n, c.p), ref), `b(${c.k}; ${c.n}, ${c.p})`).to.be.at.most(1e-15 * (10 + Math.abs(Math.log(ref))));
    }
  });
});

describe('special: argument validation', () => {
  it('rejects non-numbers with TypeError and NaN or out-of-domain values with RangeError', () => {
    expect(() => normalCdf('1' as unknown as number)).to.throw(TypeError, 'Expected a number for x but received "1" (string)');
    expect(() => erf(NaN)).to.throw(RangeError, 'Expected a number for x but received NaN (number)');
    expect(() => normalQuantile(1.5)).to.throw(RangeError, 'Expected a probability between 0 and 1 for p but received 1.5 (number)');
    expect(() => normalQuantile(null as unknown as number)).to.throw(TypeError, 'Expected a probability between 0 and 1 for p but received null');
    expect(() => erfinv(2)).to.throw(RangeError, 'Expected a number between -1 and 1 for y but received 2 (number)');
    expect(() => logGamma(0)).to.throw(RangeError, 'Expected a positive number for x but received 0 (number)');
    expect(() => incompleteBeta(1, 1, 1.5)).to.throw(RangeError, 'Expected a number between 0 and 1 for x but received 1.5 (number)');
    expect(() => normalQuantileFromLog(0.1)).to.throw(RangeError, 'Expected a log-probability ≤ 0 for logP but received 0.1 (number)');
  });
});
