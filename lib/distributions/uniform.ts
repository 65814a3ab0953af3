/**
 * uniform(low, high): U(a, b), values in [a, b) as PyTorch's `uniform_`
 * draws them. Density 1/(b − a) on the interval, mean (a + b)/2, variance
 * (b − a)²/12; for the symmetric U(−L, L) of Kaiming/Glorot, L = √3·σ
 * (REFERENCE.md: U(−L, L) has variance L²/3).
 */

import { finiteNumber, rangeError } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext, type Formula } from './distribution';
import { pointMassCore } from './discrete';
import { pointMassFormula } from './constant';
import { num, numTex, scaleDerivation } from './format';

function uniformFormula(low: number, high: number, context: DistributionContext): Formula {
  const width = high - low;
  const density = 1 / width;
  const general = {
    text: 'f(x) = 1/(b − a) for a ≤ x < b, 0 otherwise',
    latex: 'f(x) = \\frac{1}{b - a}\\ \\text{for } a \\le x < b,\\ 0\\ \\text{otherwise}',
  };
  let text = `f(x) = 1/(b − a) = ${num(density)} for ${num(low)} ≤ x < ${num(high)}, 0 otherwise`;
  let latex = `f(x) = \\frac{1}{${numTex(high)} - (${numTex(low)})} = ${numTex(density)}\\ \\text{for } ${numTex(low)} \\le x < ${numTex(high)}`;
  if (low === -high) {
    const derivation = scaleDerivation('bound', high, context);
    const sigma = high / Math.sqrt(3);
    text += `; a = −bound, b = bound, ${derivation?.text ?? `bound = ${num(high)}`} (σ = bound/√3 = ${num(sigma)})`;
    latex += `,\\quad a = -\\mathrm{bound},\\ b = \\mathrm{bound},\\ ${derivation?.latex ?? `\\mathrm{bound} = ${numTex(high)}`}`;
  }
  return { text, latex, general };
}

/** U(low, high); low === high is the point mass at low (e.g. xavier_uniform_ with gain 0). */
export function uniformDistribution(low: number, high: number, context: DistributionContext = {}): Distribution {
  finiteNumber(low, 'low');
  finiteNumber(high, 'high');
  if (!(high >= low)) throw rangeError(`a number ≥ low (${low})`, 'high', high);
  if (high === low) {
    return makeDistribution(pointMassCore('uniform', { low, high }, low, pointMassFormula(low)), context);
  }
  const width = high - low;
  const density = 1 / width;
  return makeDistribution(
    {
      family: 'uniform',
      params: { low, high },
      support: [low, high],
      mean: low / 2 + high / 2,
      variance: (width * width) / 12,
      // SciPy's convention: the density is 1/(b − a) on the closed interval.
      pdf: (x) => (x >= low && x <= high ? density : 0),
      cdf: (x) => (x <= low ? 0 : x >= high ? 1 : (x - low) / width),
      sf: (x) => (x <= low ? 1 : x >= high ? 0 : (high - x) / width),
      // Each half measured from its own end so that p near 0 or 1 keeps its digits.
      quantile: (p) => (p <= 0.5 ? low + p * width : high - (1 - p) * width),
      formula: uniformFormula(low, high, context),
      exact: true,
    },
    context,
  );
}
