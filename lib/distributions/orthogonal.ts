/**
 * orthogonal(gain): PyTorch's `orthogonal_` fills a (rows × cols) view
 * (rows = shape[0], cols = ∏shape[1:]) with gain·Q, Q the QR factor of a
 * Gaussian matrix with the signs of diag(R) folded in, i.e. a Haar-random
 * matrix with orthonormal columns (rows ≥ cols) or rows (rows < cols).
 *
 * Per-element marginal: each column (or row) of Q is a uniform point on the
 * unit sphere S^(d−1), d = max(rows, cols), so every entry is x = g·u with u
 * one coordinate of such a point: u² ~ Beta(½, (d − 1)/2), i.e. density
 *
 *   f(x) = (1 − x²/g²)^((d−3)/2) / (|g|·B(½, (d−1)/2)) on [−|g|, |g|],
 *
 * mean 0, variance g²/d; P(|U| ≥ v) = 1 − I_{v²}(½, (d−1)/2) through the
 * regularized incomplete beta for d < 100 and by quadrature of the density
 * above (see `sphereCoordinateTail`). d = 2 is the arcsine law,
 * d = 3 the uniform law, d = 1 the two points ±g. The entries are not
 * independent (rows/columns are orthonormal): this is the marginal, not the
 * joint law.
 */

import { gaussLegendre, incompleteBetaPair, logBeta, normalQuantile } from '../math/special';
import { finiteNumber, rangeError } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext, type Formula } from './distribution';
import { numel } from '../core/shape';
import { discreteCore, pointMassCore } from './discrete';
import { pointMassFormula } from './constant';
import { gainSymbol, num, numTex } from './format';
import { shapeArg } from './eye';

const NOTE =
  'Per-element marginal: the entries of a Haar-random (semi-)orthogonal matrix are dependent (its columns, or rows ' +
  'when rows < cols, are orthonormal); each entry alone is gain times one coordinate of a uniform point on the unit ' +
  'sphere in dimension d = max(rows, cols).';

/**
 * P(U ≥ v) for v ∈ [0, 1). For d < 100 by the incomplete beta function,
 * P(|U| ≥ v) = 1 − I_{v²}(½, (d−1)/2). For larger d that continued fraction
 * is ill-conditioned near the mode (its first partial denominators are
 * 1 − O(1/d), costing ~1e−12 at d = 1e5), so the tail is integrated
 * instead: P(U ≥ v) = f(v)·∫₀^{1−v} exp(k·log1p(−(2vs + s²)/(1 − v²))) ds,
 * k = (d − 3)/2, the ratio f(v + s)/f(v) written so that no node loses
 * digits, by 16-point Gauss–Legendre on panels short against the
 * integrand's decay rate, up to where it falls below e^−92.
 */
function sphereCoordinateTail(v: number, d: number, logNorm: number): number {
  if (v >= 1) return 0;
  if (d < 100) {
    const [, beyond] = incompleteBetaPair(0.5, (d - 1) / 2, v * v, (1 - v) * (1 + v));
    return beyond / 2;
  }
  const k = (d - 3) / 2;
  const w = (1 - v) * (1 + v);
  // k·(2vs + s²)/w ≥ 92 once s ≥ (92w/k)/(√(v² + 92w/k) + v), and log1p(−x) ≤ −x.
  const reach = Math.min(1 - v, (92 * w) / k / (Math.sqrt(v * v + (92 * w) / k) + v));
  const rate = (2 * k * (v + reach)) / w; // bound on |d/ds log integrand| over the range
  const panels = Math.max(1, Math.ceil(reach * (1 + rate)));
  const h = reach / panels;
  const ratio = (s: number): number => Math.exp(k * Math.log1p(-(s * (2 * v + s)) / w));
  let sum = 0;
  for (let i = 0; i < panels; i++) {
    const from = i * h;
    sum += gaussLegendre(ratio, from, i === panels - 1 ? reach : from + h);
  }
  return sphereCoordinatePdf(v, d, logNorm) * sum;
}

/** P(U ≤ u) for U a coordinate of a uniform point on S^(d−1), with its complement. */
function sphereCoordinateCdf(u: number, d: number, logNorm: number): [number, number] {
  if (u <= -1) return [0, 1];
  if (u >= 1) return [1, 0];
  const tail = sphereCoordinateTail(Math.abs(u), d, logNorm);
  return u < 0 ? [tail, 1 - tail] : [1 - tail, tail];
}

/** Density of U: (1 − u²)^((d−3)/2)/B(½, (d−1)/2). */
function sphereCoordinatePdf(u: number, d: number, logNorm: number): number {
  if (!(u >= -1 && u <= 1)) return 0;
  if (d === 3) return 0.5;
  // log(1 − u²) from log1p when u is small: for large d the exponent (d − 3)/2
  // multiplies its absolute error.
  const logW = Math.abs(u) < 0.5 ? Math.log1p(-u * u) : Math.log((1 - u) * (1 + u));
  return Math.exp(((d - 3) / 2) * logW - logNorm);
}

/**
 * Lower-tail quantile of U for p ∈ (0, ½): Newton's method on log F(u) =
 * log p, safeguarded by bisection on [−1, 0]. The logarithm makes the
 * iteration exact for the power-law tail F(u) ∝ (1 + u)^((d−1)/2) near −1
 * (plain Newton would creep towards it by a factor 1 − 2/(d − 1) per step).
 */
function sphereCoordinateQuantile(p: number, d: number, logNorm: number): number {
  if (d === 3) return 2 * p - 1; // uniform on [−1, 1]
  const logP = Math.log(p);
  let lo = -1;
  let hi = 0;
  let u = Math.max(-1 + 1e-12, Math.min(-1e-300, normalQuantile(p) / Math.sqrt(d)));
  for (let i = 0; i < 400; i++) {
    const f = sphereCoordinateCdf(u, d, logNorm)[0];
    if (f === p) return u;
    if (f > p) hi = u;
    else lo = u;
    const density = sphereCoordinatePdf(u, d, logNorm);
    let next = u - ((Math.log(f) - logP) * f) / density;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - u) <= 2e-16 * Math.abs(u) || hi - lo <= 2e-16 * Math.abs(u)) return next;
    u = next;
  }
  return u;
}

function orthogonalFormula(g: number, d: number, rows: number, cols: number): Formula {
  const ag = Math.abs(g);
  const gs = gainSymbol(ag);
  const exponent = (d - 3) / 2;
  const b = (d - 1) / 2;
  return {
    text:
      `f(x) = (1 − x²/g²)^(${num(exponent)}) / (g·B(½, ${num(b)})) for |x| ≤ g, g = ${gs.text}, ` +
      `d = max(rows, cols) = max(${rows}, ${cols}) = ${d}; mean 0, variance g²/d = ${num((ag * ag) / d)}`,
    latex:
      `f(x) = \\frac{(1 - x^2/g^2)^{${numTex(exponent)}}}{g\\,B(\\tfrac12, ${numTex(b)})}\\ \\text{for } |x| \\le g,\\quad ` +
      `g = ${gs.latex},\\ d = \\max(${rows}, ${cols}) = ${d}`,
    general: {
      text: 'f(x) = (1 − x²/g²)^((d−3)/2) / (g·B(½, (d−1)/2)) for |x| ≤ g, d = max(rows, cols): (x/g)² ~ Beta(½, (d−1)/2)',
      latex:
        'f(x) = \\frac{(1 - x^2/g^2)^{(d-3)/2}}{g\\,B\\left(\\tfrac12, \\tfrac{d-1}{2}\\right)}\\ \\text{for } |x| \\le g,' +
        '\\quad d = \\max(\\mathrm{rows}, \\mathrm{cols})',
    },
  };
}

/** Per-element marginal of gain·Q for Q Haar on the (rows × cols) Stiefel manifold. */
export function orthogonalDistribution(
  shape: readonly number[],
  gain = 1,
  context: DistributionContext = {},
): Distribution {
  const dims = shapeArg(shape);
  if (dims.length < 2) throw rangeError('a shape with at least 2 dimensions', 'shape', shape);
  finiteNumber(gain, 'gain');
  const rows = dims[0];
  const cols = numel(dims) / rows;
  const d = Math.max(rows, cols);
  const g = Math.abs(gain); // gain·Q and −gain·Q have the same law
  const params = { gain };
  if (g === 0) {
    return makeDistribution(pointMassCore('orthogonal', params, 0, pointMassFormula(0), { shape: dims }), context);
  }
  if (d === 1) {
    const core = discreteCore(
      'orthogonal',
      params,
      [
        { value: -g, probability: 0.5 },
        { value: g, probability: 0.5 },
      ],
      {
        text: `P(X = −${num(g)}) = P(X = ${num(g)}) = ½ (a 1×1 orthogonal matrix is ±1)`,
        latex: `P(X = -${numTex(g)}) = P(X = ${numTex(g)}) = \\tfrac12`,
        general: { text: 'P(X = −g) = P(X = g) = ½', latex: 'P(X = -g) = P(X = g) = \\tfrac12' },
      },
      false,
      { note: NOTE, shape: dims },
    );
    return makeDistribution(core, context);
  }
  const logNorm = logBeta(0.5, (d - 1) / 2);
  const cdfPair = (x: number): [number, number] => sphereCoordinateCdf(x / g, d, logNorm);
  return makeDistribution(
    {
      family: 'orthogonal',
      params,
      shape: dims,
      support: [-g, g],
      mean: 0,
      variance: (g * g) / d,
      pdf: (x) => sphereCoordinatePdf(x / g, d, logNorm) / g,
      cdf: (x) => cdfPair(x)[0],
      sf: (x) => cdfPair(x)[1],
      quantile: (p) => {
        if (p === 0) return -g;
        if (p === 1) return g;
        if (p === 0.5) return 0;
        // Symmetric law: the upper half from the lower tail of 1 − p (exact for p ≥ ½).
        return p < 0.5 ? g * sphereCoordinateQuantile(p, d, logNorm) : -g * sphereCoordinateQuantile(1 - p, d, logNorm);
      },
      formula: orthogonalFormula(gain, d, rows, cols),
      exact: false,
      note: NOTE,
    },
    context,
  );
}
