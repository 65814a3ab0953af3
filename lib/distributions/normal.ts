/**
 * normal(mean, std): N(μ, σ²) with density
 * f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)) and distribution function
 * Φ((x − μ)/σ) = ½[1 + erf((x − μ)/(σ√2))], evaluated with Cody's
 * algorithm in both tails (see ../math/special).
 */

import { finiteNumber, nonNegativeNumber } from '../core/validate';
import { normalCdf, normalPdf, normalQuantile, normalQuantileUpper } from '../math/special';
import { makeDistribution, type Distribution, type DistributionContext, type Formula } from './distribution';
import { pointMassCore } from './discrete';
import { pointMassFormula } from './constant';
import { num, numTex, scaleDerivation } from './format';

/** The normal density formula with μ and σ substituted (and σ's derivation when known). */
export function normalFormula(mean: number, std: number, context: DistributionContext): Formula {
  const general = {
    text: 'f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π))',
    latex: 'f(x) = \\frac{1}{\\sigma\\sqrt{2\\pi}}\\exp\\!\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right)',
  };
  const derivation = scaleDerivation('std', std, context);
  const sigmaText = derivation?.text ?? `σ = ${num(std)}`;
  const sigmaTex = derivation?.latex ?? `\\sigma = ${numTex(std)}`;
  if (mean === 0) {
    return {
      text: `f(x) = exp(−x²/(2σ²)) / (σ√(2π)), ${sigmaText}`,
      latex: `f(x) = \\frac{1}{\\sigma\\sqrt{2\\pi}}\\exp\\!\\left(-\\frac{x^2}{2\\sigma^2}\\right),\\quad ${sigmaTex}`,
      general,
    };
  }
  return {
    text: `f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)), μ = ${num(mean)}, ${sigmaText}`,
    latex: `f(x) = \\frac{1}{\\sigma\\sqrt{2\\pi}}\\exp\\!\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right),\\quad \\mu = ${numTex(mean)},\\ ${sigmaTex}`,
    general,
  };
}

/** N(mean, std²); std = 0 is the point mass at mean (PyTorch's normal_ accepts std = 0). */
export function normalDistribution(mean: number, std: number, context: DistributionContext = {}): Distribution {
  finiteNumber(mean, 'mean');
  nonNegativeNumber(std, 'std');
  if (std === 0) {
    return makeDistribution(pointMassCore('normal', { mean, std }, mean, pointMassFormula(mean)), context);
  }
  const z = (x: number): number => (x - mean) / std;
  return makeDistribution(
    {
      family: 'normal',
      params: { mean, std },
      support: [-Infinity, Infinity],
      mean,
      variance: std * std,
      pdf: (x) => normalPdf(z(x)) / std,
      cdf: (x) => normalCdf(z(x)),
      sf: (x) => normalCdf(-z(x)),
      quantile: (p) => (p <= 0.5 ? mean + std * normalQuantile(p) : mean + std * normalQuantileUpper(1 - p)),
      formula: normalFormula(mean, std, context),
      exact: true,
    },
    context,
  );
}
