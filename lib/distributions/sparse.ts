/**
 * sparse(sparsity, std): PyTorch's `sparse_` (Martens 2010) on a 2-D
 * (rows × cols) tensor fills it with N(0, std²) and then, in every column,
 * sets ⌈sparsity·rows⌉ entries at uniformly random rows to zero.
 *
 * Per-element marginal: a mixture of a point mass at 0 with probability
 * p₀ = ⌈sparsity·rows⌉/rows and N(0, std²) with probability 1 − p₀:
 *
 *   f(x) = p₀·δ(x) + (1 − p₀)·exp(−x²/(2σ²))/(σ√(2π)),
 *
 * mean 0, variance (1 − p₀)σ². The zeros of a column are not independent
 * (exactly ⌈sparsity·rows⌉ of them per column), hence `exact: false`.
 */

import { normalCdf, normalPdf, normalQuantile, normalQuantileUpper } from '../math/special';
import { nonNegativeNumber, numberInRange, rangeError } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext, type Formula } from './distribution';
import { pointMassCore } from './discrete';
import { pointMassFormula } from './constant';
import { num, numTex } from './format';
import { shapeArg } from './eye';

const NOTE =
  'Per-element marginal: each column has exactly ⌈sparsity·rows⌉ zeros at uniformly random rows, so the zeros are ' +
  'dependent within a column; the other entries are i.i.d. N(0, std²).';

function sparseFormula(p0: number, std: number, zeros: number, rows: number, sparsity: number): Formula {
  const keep = 1 - p0;
  return {
    text:
      `f(x) = p₀·δ(x) + (1 − p₀)·exp(−x²/(2σ²))/(σ√(2π)), p₀ = ⌈sparsity·rows⌉/rows = ⌈${num(sparsity)}·${rows}⌉/${rows} = ` +
      `${zeros}/${rows} ≈ ${num(p0)}, σ = ${num(std)}; variance (1 − p₀)σ² = ${num(keep * std * std)}`,
    latex:
      `f(x) = p_0\\,\\delta(x) + \\frac{1 - p_0}{\\sigma\\sqrt{2\\pi}}\\exp\\!\\left(-\\frac{x^2}{2\\sigma^2}\\right),\\quad ` +
      `p_0 = \\frac{\\lceil ${numTex(sparsity)}\\cdot ${rows}\\rceil}{${rows}} = \\frac{${zeros}}{${rows}},\\ \\sigma = ${numTex(std)}`,
    general: {
      text: 'f(x) = p₀·δ(x) + (1 − p₀)·exp(−x²/(2σ²))/(σ√(2π)), p₀ = ⌈sparsity·rows⌉/rows',
      latex:
        'f(x) = p_0\\,\\delta(x) + \\frac{1 - p_0}{\\sigma\\sqrt{2\\pi}}\\exp\\!\\left(-\\frac{x^2}{2\\sigma^2}\\right),' +
        '\\quad p_0 = \\frac{\\lceil \\mathrm{sparsity}\\cdot\\mathrm{rows}\\rceil}{\\mathrm{rows}}',
    },
  };
}

/** Per-element marginal of PyTorch's sparse_ on a rows × cols tensor. */
export function sparseDistribution(
  shape: readonly number[],
  sparsity: number,
  std = 0.01,
  context: DistributionContext = {},
): Distribution {
  const dims = shapeArg(shape);
  if (dims.length !== 2) throw rangeError('a 2-D shape', 'shape', shape);
  numberInRange(sparsity, 'sparsity', 0, 1);
  nonNegativeNumber(std, 'std');
  const rows = dims[0];
  const zeros = Math.min(rows, Math.ceil(sparsity * rows)); // as PyTorch: int(math.ceil(sparsity * rows))
  const p0 = zeros / rows;
  const keep = (rows - zeros) / rows; // exact complement of p0
  const params = { sparsity, std };
  if (keep === 0 || std === 0) {
    return makeDistribution(pointMassCore('sparse', params, 0, pointMassFormula(0), { note: NOTE, shape: dims }), context);
  }
  const atoms = p0 > 0 ? [{ value: 0, probability: p0 }] : [];
  const lowerEnd = keep / 2; // P(X < 0)
  return makeDistribution(
    {
      family: 'sparse',
      params,
      shape: dims,
      support: [-Infinity, Infinity],
      mean: 0,
      variance: keep * std * std,
      atoms,
      pdf: (x) => (x === 0 && p0 > 0 ? Infinity : (keep * normalPdf(x / std)) / std),
      cdf: (x) => keep * normalCdf(x / std) + (x >= 0 ? p0 : 0),
      sf: (x) => keep * normalCdf(-x / std) + (x < 0 ? p0 : 0),
      quantile: (p) => {
        if (p === 0) return -Infinity;
        if (p === 1) return Infinity;
        if (p <= lowerEnd) return std * normalQuantile(Math.min(0.5, p / keep));
        if (p <= lowerEnd + p0) return 0;
        return std * normalQuantileUpper(Math.min(0.5, (1 - p) / keep));
      },
      formula: sparseFormula(p0, std, zeros, rows, sparsity),
      exact: false,
      note: NOTE,
    },
    context,
  );
}
