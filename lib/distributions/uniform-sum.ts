/**
 * uniformSum(a, b): the law of U(−a, a) + U(−b, b), two independent uniforms. It is what
 * TF.js's single recurrent bias holds under kaiming/tfjs's 'torch' recipe: PyTorch's
 * nn.RNN/GRU/LSTM draw bias_ih and bias_hh each from U(±1/√h) and add both to every gate
 * (torch 1.13 `torch/nn/modules/rnn.py`), so the one TF.js bias is their sum
 * (docs/tfjs.md, "The recurrent bias").
 *
 * With 0 < a ≤ b, c = a + b, d = b − a, the density is the convolution of the two
 * rectangles: a trapezoid, 1/(2b) on |x| ≤ d, falling linearly to 0 at |x| = c:
 * f(x) = (c − |x|)/(4ab) for d ≤ |x| ≤ c. For a = b it is the triangular law on [−2b, 2b],
 * f(x) = (2b − |x|)/(4b²). F(x) = (x + c)²/(8ab) on [−c, −d], a/(2b) + (x + d)/(2b) on
 * [−d, d], and 1 − F(−x) above; mean 0, variance (a² + b²)/3.
 */
import { positiveNumber } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext, type Formula } from './distribution';
import { num, numTex } from './format';

function uniformSumFormula(a: number, b: number): Formula {
  const general = {
    text: 'f(x) = 1/(2b) for |x| ≤ b − a, (a + b − |x|)/(4ab) for b − a ≤ |x| ≤ a + b, 0 otherwise: the law of U(−a, a) + U(−b, b), a ≤ b',
    latex: 'f(x) = \\frac{1}{2b}\\ \\text{for } |x| \\le b - a,\\quad \\frac{a + b - |x|}{4ab}\\ \\text{for } b - a \\le |x| \\le a + b',
  };
  if (a === b) {
    return {
      text: `f(x) = (${num(2 * b)} − |x|)/${num(4 * b * b)} for |x| ≤ ${num(2 * b)}, 0 otherwise (triangular: U(±${num(b)}) + U(±${num(b)}))`,
      latex: `f(x) = \\frac{${numTex(2 * b)} - |x|}{${numTex(4 * b * b)}}\\ \\text{for } |x| \\le ${numTex(2 * b)}`,
      general,
    };
  }
  return {
    text: `f(x) = ${num(1 / (2 * b))} for |x| ≤ ${num(b - a)}, (${num(a + b)} − |x|)/${num(4 * a * b)} for ${num(b - a)} ≤ |x| ≤ ${num(a + b)}, 0 otherwise`,
    latex: `f(x) = ${numTex(1 / (2 * b))}\\ \\text{for } |x| \\le ${numTex(b - a)},\\quad \\frac{${numTex(a + b)} - |x|}{${numTex(4 * a * b)}}\\ \\text{for } ${numTex(b - a)} \\le |x| \\le ${numTex(a + b)}`,
    general,
  };
}

/** The law of U(−low, low) + U(−high, high) for half-widths > 0 (in either order). */
export function uniformSumDistribution(halfWidth1: number, halfWidth2: number, context: DistributionContext = {}): Distribution {
  const [a, b] = [positiveNumber(halfWidth1, 'halfWidth1'), positiveNumber(halfWidth2, 'halfWidth2')].sort((x, y) => x - y);
  const c = a + b;
  const d = b - a;
  const k = 8 * a * b;
  const lower = (x: number): number => (x <= -c ? 0 : x <= -d ? ((x + c) * (x + c)) / k : a / (2 * b) + (x + d) / (2 * b));
  return makeDistribution(
    {
      family: 'uniform_sum',
      params: { a, b },
      support: [-c, c],
      mean: 0,
      variance: (a * a + b * b) / 3,
      pdf: (x) => {
        const ax = Math.abs(x);
        return ax <= d ? 1 / (2 * b) : ax <= c ? (c - ax) / (4 * a * b) : 0;
      },
      // Each side from its own end, so that tail probabilities keep their digits.
      cdf: (x) => (x <= 0 ? lower(x) : 1 - lower(-x)),
      sf: (x) => (x >= 0 ? lower(-x) : 1 - lower(x)),
      quantile: (p) => {
        const edge = a / (2 * b);
        if (p <= edge) return -c + Math.sqrt(k * p);
        if (p >= 1 - edge) return c - Math.sqrt(k * (1 - p));
        return -d + (p - edge) * 2 * b;
      },
      formula: uniformSumFormula(a, b),
      exact: true,
    },
    context,
  );
}
