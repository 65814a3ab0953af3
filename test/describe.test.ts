// describe(name, shape, options): the exact law of a layer's weights. Checks
// that each law is a distribution (the pdf integrates to 1 and is the cdf's
// derivative, the quantile inverts the cdf), that 10^6 drawn weights have its
// mean and variance, and that the formula shows the layer's own numbers.
import { expect } from 'chai';
import { describe as describeLayer, type Description } from '../lib/distributions/describe';
import { init, planFor } from '../lib/initializers/registry';
import { gaussLegendre, normalCdf } from '../lib/math/special';
import { Generator } from '../lib/core/stream';
import type { TensorData } from '../lib/core/dtype';

interface Case {
  name: string;
  shape: number[];
  options?: Record<string, unknown>;
}

// Continuous laws: every family that has a density, with PyTorch's and Keras's rules.
const CONTINUOUS: Case[] = [
  { name: 'kaiming_normal', shape: [256, 128, 3, 3], options: { nonlinearity: 'relu' } },
  { name: 'kaiming_uniform', shape: [256, 128, 3, 3] },
  { name: 'kaiming_normal_', shape: [64, 32], options: { mode: 'fan_out', nonlinearity: 'leaky_relu', a: 0.2 } },
  { name: 'xavier_uniform', shape: [784, 256] },
  { name: 'xavier_normal', shape: [300, 200], options: { gain: 5 / 3 } },
  { name: 'he_normal', shape: [3, 3, 64, 128] },
  { name: 'he_uniform', shape: [3, 3, 64, 128] },
  { name: 'glorot_normal', shape: [128, 64] },
  { name: 'lecun_normal', shape: [128, 64] },
  { name: 'variance_scaling', shape: [128, 64], options: { scale: 2, mode: 'fan_avg', distribution: 'untruncated_normal' } },
  { name: 'normal', shape: [10, 10], options: { mean: 1, std: 2 } },
  { name: 'uniform', shape: [10, 10], options: { low: -1, high: 3 } },
  { name: 'trunc_normal', shape: [768, 768], options: { std: 0.02 } },
  { name: 'trunc_normal', shape: [10, 10], options: { mean: 0.5, std: 1, a: 1, b: 3 } },
  { name: 'trunc_normal', shape: [10, 10], options: { mean: 0, std: 1, a: -1, b: Infinity } },
  { name: 'orthogonal', shape: [64, 32] },
  { name: 'orthogonal', shape: [10, 20, 3], options: { gain: 2 } },
];

const label = (c: Case) => `${c.name} ${JSON.stringify(c.shape)} ${JSON.stringify(c.options ?? {})}`;

/** The interval that holds all but ~1e-20 of the mass. */
function massInterval(d: Description): [number, number] {
  const lo = Number.isFinite(d.support[0]) ? d.support[0] : d.mean - 12 * d.std;
  const hi = Number.isFinite(d.support[1]) ? d.support[1] : d.mean + 12 * d.std;
  return [lo, hi];
}

/** ∫ f over [a, b] with 4000 panels of 16-point Gauss–Legendre. */
function integrate(f: (x: number) => number, a: number, b: number, panels = 4000): number {
  let sum = 0;
  const h = (b - a) / panels;
  for (let i = 0; i < panels; i++) sum += gaussLegendre(f, a + i * h, i === panels - 1 ? b : a + (i + 1) * h);
  return sum;
}

function moments(data: TensorData): { mean: number; variance: number; m4: number } {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  const mean = sum / data.length;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < data.length; i++) {
    const d2 = (data[i] - mean) ** 2;
    s2 += d2;
    s4 += d2 * d2;
  }
  return { mean, variance: s2 / (data.length - 1), m4: s4 / data.length };
}

describe('describe(): the exact law of a layer', () => {
  describe('every continuous law is a distribution', () => {
    for (const c of CONTINUOUS) {
      const d = describeLayer(c.name, c.shape, c.options);

      it(`${label(c)}: the pdf integrates to 1`, () => {
        expect(d.atoms).to.deep.equal([]);
        const [lo, hi] = massInterval(d);
        expect(integrate((x) => d.pdf(x), lo, hi)).to.be.closeTo(1, 1e-10);
        // The cdf agrees at the ends of the interval.
        expect(d.cdf(hi) - d.cdf(lo)).to.be.closeTo(1, 1e-12);
      });

      it(`${label(c)}: the pdf is the derivative of the cdf`, () => {
        for (const p of [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]) {
          const x = d.quantile(p);
          const h = 1e-5 * d.std;
          const slope = (d.cdf(x + h) - d.cdf(x - h)) / (2 * h);
          expect(slope, `at x = ${x} (p = ${p})`).to.be.closeTo(d.pdf(x), 1e-6 * d.pdf(x));
        }
        // Area under the pdf between two quantiles is the difference of the cdf.
        const [x1, x2] = [d.quantile(0.2), d.quantile(0.75)];
        expect(integrate((x) => d.pdf(x), x1, x2, 200)).to.be.closeTo(0.55, 1e-12);
      });

      it(`${label(c)}: the quantile inverts the cdf`, () => {
        for (const p of [1e-12, 1e-6, 1e-3, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1 - 1e-6]) {
          const x = d.quantile(p);
          expect(d.cdf(x), `cdf(quantile(${p}))`).to.be.closeTo(p, 1e-12 * Math.max(p, 1e-3));
        }
        for (const p of [0.1, 0.5, 0.9]) {
          const x = d.quantile(p);
          expect(d.quantile(d.cdf(x))).to.be.closeTo(x, 1e-12 * d.std + 1e-15);
        }
        expect(d.quantile(0)).to.equal(d.support[0]);
        expect(d.quantile(1)).to.equal(d.support[1]);
        // The cdf is monotone and bounded, with sf its complement.
        let last = 0;
        for (let i = 0; i <= 200; i++) {
          const x = d.quantile(Math.min(1, Math.max(0, i / 200)));
          const f = d.cdf(x);
          expect(f).to.be.within(0, 1);
          expect(f).to.be.at.least(last - 1e-15);
          expect(f + d.sf(x)).to.be.closeTo(1, 1e-14);
          last = f;
        }
      });
    }
  });

  describe('point masses sum to 1', () => {
    const cases: Case[] = [
      { name: 'eye', shape: [5, 3] },
      { name: 'dirac', shape: [8, 4, 3, 3], options: { groups: 2 } },
      { name: 'constant', shape: [4, 4], options: { value: 0.25 } },
      { name: 'zeros', shape: [4, 4] },
    ];
    for (const c of cases) {
      it(label(c), () => {
        const d = describeLayer(c.name, c.shape, c.options);
        const total = d.atoms.reduce((s, a) => s + a.probability, 0);
        expect(total).to.be.closeTo(1, 1e-15);
        expect(d.cdf(d.support[1])).to.equal(1);
        // The cdf formula is the step function of those atoms.
        expect(d.cdfFormula.text).to.match(/^F\(x\) = 0 for x < /);
      });
    }
    it('sparse: the zeros plus the normal part', () => {
      const d = describeLayer('sparse', [64, 32], { sparsity: 0.25 });
      expect(d.atoms).to.deep.equal([{ value: 0, probability: 0.25 }]);
      expect(integrate((x) => (x === 0 ? 0 : d.pdf(x)), -0.2, 0.2)).to.be.closeTo(0.75, 1e-10);
      expect(d.cdf(0) - d.cdf(-1e-300)).to.be.closeTo(0.25, 1e-15);
    });
  });

  describe('moments of 10^6 drawn weights match the exact mean and variance', () => {
    // Fixed seeds: deterministic outcomes; the bound of 5 standard errors is then a regression check.
    const cases: Array<Case & { seed: number }> = [
      { name: 'kaiming_normal', shape: [1000, 1000], options: { nonlinearity: 'relu' }, seed: 1 },
      { name: 'kaiming_uniform', shape: [1000, 112, 3, 3], options: { a: Math.sqrt(5) }, seed: 2 },
      { name: 'xavier_uniform', shape: [1000, 1000], seed: 3 },
      { name: 'xavier_normal', shape: [1000, 1000], options: { gain: 5 / 3 }, seed: 4 },
      { name: 'he_normal', shape: [3, 3, 256, 500], seed: 5 },
      { name: 'glorot_uniform', shape: [1000, 1000], seed: 6 },
      { name: 'trunc_normal', shape: [1000, 1000], options: { mean: 0.5, std: 1, a: 1, b: 3 }, seed: 7 },
      { name: 'sparse', shape: [1000, 1000], options: { sparsity: 0.3, std: 0.02 }, seed: 8 },
    ];
    for (const c of cases) {
      it(label(c), () => {
        const d = describeLayer(c.name, c.shape, c.options);
        const { data } = init(c.name, c.shape, { ...c.options, seed: c.seed, dtype: 'float64' });
        expect(data.length).to.be.at.least(1_000_000);
        const m = moments(data);
        const n = data.length;
        expect(Math.abs(m.mean - d.mean) / Math.sqrt(d.variance / n), 'mean, in standard errors').to.be.below(5);
        const varianceSe = Math.sqrt((m.m4 - m.variance ** 2) / n);
        expect(Math.abs(m.variance - d.variance) / varianceSe, 'variance, in standard errors').to.be.below(5);
      });
    }

    it('orthogonal [1000, 500]: the mean square is exactly g²/d (the columns are unit vectors)', () => {
      const d = describeLayer('orthogonal', [1000, 500], { gain: 2 });
      const { data } = init('orthogonal', [1000, 500], { gain: 2, seed: 9, dtype: 'float64' });
      let sq = 0;
      for (const v of data) sq += v * v;
      expect(sq / data.length).to.be.closeTo(d.variance + d.mean ** 2, 1e-12);
      expect(d.variance).to.equal(4 / 1000);
    });
  });

  describe('the formula with the layer\'s numbers', () => {
    it('kaimingNormal([256, 128, 3, 3], { nonlinearity: "relu" })', () => {
      const d = describeLayer('kaimingNormal', [256, 128, 3, 3], { nonlinearity: 'relu' });
      expect(d.family).to.equal('normal');
      expect(d.fanIn).to.equal(1152);
      expect(d.fanOut).to.equal(2304);
      expect(d.receptiveField).to.equal(9);
      expect(d.gain).to.equal(Math.SQRT2);
      expect(d.mode).to.equal('fan_in');
      expect(d.nonlinearity).to.equal('relu');
      // torch: std = gain / math.sqrt(fan), in that order of operations.
      expect(d.params.std).to.equal(Math.SQRT2 / Math.sqrt(1152));
      expect(d.std).to.equal(Math.SQRT2 / Math.sqrt(1152));
      expect(d.std).to.be.closeTo(0.041667, 5e-7);
      expect(d.formula.text).to.equal('f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = gain/√fan_in = √2/√1152 ≈ 0.041667');
      expect(d.formula.general.text).to.equal('f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π))');
      expect(d.formula.latex).to.include('\\frac{\\sqrt{2}}{\\sqrt{1152}} \\approx 0.041667');
      expect(d.cdfFormula.text).to.equal('F(x) = Φ(x/σ) = ½[1 + erf(x/(σ√2))], σ = 0.041667, σ√2 = 0.058926');
      expect(d.citation).to.equal('The rule comes from He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers", §2.2.');
      // The density and cdf are the formula's.
      const sigma = d.std;
      for (const x of [0, 0.01, -0.05, 0.2]) {
        expect(d.pdf(x)).to.be.closeTo(Math.exp(-(x * x) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI)), 1e-13 * d.pdf(0));
        expect(d.cdf(x)).to.be.closeTo(normalCdf(x / sigma), 1e-16);
      }
      // The often-quoted 1/(2σ√(2π))·exp(−(x/σ)²) is not a density: it integrates to ½·(1/√2).
      const wrong = (x: number) => Math.exp(-((x / sigma) ** 2)) / (2 * sigma * Math.sqrt(2 * Math.PI));
      expect(integrate(wrong, -12 * sigma, 12 * sigma)).to.be.closeTo(0.5 / Math.SQRT2, 1e-10);
    });

    it('kaiming_uniform: bound = √3·√2/√1152 and the cdf is linear on the support', () => {
      const d = describeLayer('kaiming_uniform', [256, 128, 3, 3], { nonlinearity: 'relu' });
      const plan = planFor('kaiming_uniform', [256, 128, 3, 3], { nonlinearity: 'relu' });
      expect(plan.family === 'uniform' && [plan.low, plan.high]).to.deep.equal([d.params.low, d.params.high]);
      expect(d.params.high).to.equal(Math.sqrt(3) * (Math.SQRT2 / Math.sqrt(1152)));
      expect(d.formula.text).to.include('bound = √3·σ = √3·gain/√fan_in = √3·√2/√1152 ≈ 0.072169');
      expect(d.cdfFormula.text).to.equal('F(x) = (x + 0.072169)/0.14434 for −0.072169 ≤ x < 0.072169 (0 below, 1 above)');
    });

    it('he_normal: the truncated normal at ±2σ with Keras\'s 0.8796… correction', () => {
      const d = describeLayer('he_normal', [3, 3, 64, 128]);
      const s = d.params.std;
      expect(d.params.a).to.equal(-2 * s);
      expect(d.params.b).to.equal(2 * s);
      // REFERENCE.md: variance 0.7737413035499232·s², std 0.8796256610342398·s.
      expect(d.variance / (s * s)).to.be.closeTo(0.7737413035499232, 1e-15);
      expect(d.std).to.be.closeTo(Math.sqrt(2 / 576), 1e-15);
      expect(d.cdfFormula.text).to.include('Z = Φ(β) − Φ(α) = 0.9545');
      expect(d.citation).to.match(/^The rule comes from He et al\. 2015/);
    });

    it('the same plan as the initializer, and no generator advances', () => {
      const shape = [32, 16, 5];
      const plan = planFor('xavier_normal', shape, { gain: 2 });
      const d = describeLayer('xavier_normal', shape, { gain: 2 });
      expect(d.plan).to.deep.equal(plan);
      const g = new Generator(11);
      describeLayer('kaiming_normal', shape, { generator: g });
      expect(init('kaiming_normal', shape, { generator: g }).key).to.equal(0n);
    });

    it('functions without a paper name their PyTorch source', () => {
      expect(describeLayer('uniform', [2, 2]).citation).to.match(/torch\.nn\.init\.uniform_/);
      expect(describeLayer('dirac', [4, 4, 3]).citation).to.match(/dirac_/);
      expect(describeLayer('orthogonal', [4, 4]).citation).to.equal('The rule comes from Saxe, McClelland & Ganguli 2013.');
    });
  });

  describe('arguments are validated as init() validates them', () => {
    const cases: Array<[string, () => unknown, ErrorConstructor, string | RegExp]> = [
      ['unknown name', () => describeLayer('kaiming_nromal', [4, 4]), RangeError, 'Unknown initializer "kaiming_nromal"; did you mean "kaiming_normal"?'],
      ['name not a string', () => describeLayer(3 as never, [4, 4]), TypeError, 'Expected an initializer name (string) for name but received 3 (number)'],
      ['unknown option', () => describeLayer('kaiming_normal', [4, 4], { nonlinerity: 'relu' }), RangeError, 'Unknown option "nonlinerity" for kaimingNormal; did you mean "nonlinearity"?'],
      ['bad option value', () => describeLayer('kaiming_normal', [4, 4], { mode: 'fan_avg' }), RangeError, /^Expected one of "fan_in", "fan_out" for mode but received "fan_avg" \(string\)$/],
      ['one dimension', () => describeLayer('kaiming_normal', [4]), RangeError, /fewer than 2 dimensions/],
      ['bad shape', () => describeLayer('kaiming_normal', [4, -1]), RangeError, /shape\[1\]/],
    ];
    for (const [what, call, type, message] of cases) {
      it(what, () => {
        expect(call).to.throw(type, message);
      });
    }
  });
});
