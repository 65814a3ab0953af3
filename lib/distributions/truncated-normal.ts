/**
 * truncated_normal(mean, std, a, b): N(μ, s²) conditioned on a ≤ x ≤ b, with
 * a and b absolute bounds as in PyTorch's `trunc_normal_` (which, since its
 * switch to rejection sampling, draws exactly this law). With
 * α = (a − μ)/s, β = (b − μ)/s and Z = Φ(β) − Φ(α) (REFERENCE.md):
 *
 *   pdf   φ((x − μ)/s)/(s·Z) on [a, b]
 *   mean  μ + s·(φ(α) − φ(β))/Z
 *   var   s²·[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²]
 *
 * At ±2s: Z = 0.9544997361036416, var = 0.7737413035499232·s²,
 * std = 0.8796256610342398·s (Keras's correction constant).
 *
 * Numerics. Everything is computed so that it keeps its relative accuracy
 * far in the tails, where Φ(α) and Φ(β) are both ≈ 1 (or ≈ 0) and Z is their
 * small difference, or where Z underflows entirely (a = 40s):
 *
 * - When α ≥ 0 all masses are measured in units of φ(α), the density at the
 *   left bound: Z/φ(α) = ∫₀^{β−α} exp(−αt − t²/2) dt (`scaledUpperMass`), a
 *   quantity of moderate size for any α. The cdf at x is the same integral to
 *   u = (x − a)/s divided by it, the pdf is exp(−u(u + 2α)/2)/(s·Z/φ(α)),
 *   with u formed from x − a directly so that points next to the bound keep
 *   their precision. The quantile solves Q(ξ) = Q(β) + (1 − p)·Z, i.e.
 *   Q(ξ)/φ(α) = (1 − p)·Z/φ(α) + R(β)·φ(β)/φ(α) (R the Mills ratio): a sum
 *   of positive terms, inverted by Q⁻¹ (or by log Q⁻¹ and a Newton step when
 *   Q(ξ) is below the double range).
 * - When β ≤ 0 the law is reflected (X ↦ −X) into the previous case.
 * - Otherwise (α < 0 < β) Z ≥ the mass of a neighbourhood of 0 and plain
 *   differences of Φ on the side of 0 where they are small suffice
 *   (`normalMass`); the quantile inverts Φ below the median and Q above it.
 * - The mean uses the closed form (it has no cancellation: in the upper case
 *   E[ξ] = (1 − φ(β)/φ(α))/(Z/φ(α))). The variance formula above cancels
 *   catastrophically in the tails (for α = 30 it subtracts numbers ~900 to
 *   get ~1e−3), so it is computed as E[(ξ − c)²] − (E[ξ] − c)² with c the
 *   closed-form mean, the expectations by 16-point Gauss–Legendre on panels
 *   short compared with the density's scale 1/max(1, |ρ|), ρ the point of
 *   [α, β] nearest 0, over the range where the density exceeds e^−92 of its
 *   maximum: all integrands are positive and the result is accurate to a few
 *   ulps.
 */

import {
  gaussLegendre,
  logNormalPdf,
  millsRatio,
  normalCdf,
  normalMass,
  normalPdf,
  normalQuantile,
  normalQuantileFromLog,
  normalQuantileUpper,
  normalSf,
  scaledUpperMass,
} from '../math/special';
import { finiteNumber, nonNegativeNumber, rangeError, typeError } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext, type Formula } from './distribution';
import { pointMassCore } from './discrete';
import { pointMassFormula } from './constant';
import { approx, approxTex, num, numTex, scaleDerivation } from './format';

/** The standardized pieces every case provides, in x-space. */
interface TruncatedCore {
  pdf(x: number): number;
  cdf(x: number): number;
  sf(x: number): number;
  /** Quantile from the upper-tail probability q = 1 − p (exact for the reflection). */
  quantileFromUpper(q: number): number;
  /** Quantile from the lower-tail probability p. */
  quantileFromLower(p: number): number;
  /** Standardized mean E[(X − μ)/s]. */
  standardMean: number;
  /** log Z. */
  logMass: number;
}

/**
 * The case α ≥ 0, all masses in units of φ(α). `mu`, `s`, `a`, `b` are in
 * x-space; b may be +Infinity.
 */
function upperCore(mu: number, s: number, a: number, b: number): TruncatedCore {
  const alpha = Math.max(0, (a - mu) / s);
  const widthAB = b === Infinity ? Infinity : (b - a) / s;
  const beta = b === Infinity ? Infinity : (b - mu) / s;
  // Z/φ(α) and φ(β)/φ(α) = exp(−w(w + 2α)/2), w = β − α.
  const massScaled = scaledUpperMass(alpha, widthAB);
  const densityRatioB = widthAB === Infinity ? 0 : Math.exp(-0.5 * widthAB * (widthAB + 2 * alpha));
  // Q(β)/φ(α) = R(β)·φ(β)/φ(α).
  const tailB = densityRatioB === 0 ? 0 : millsRatio(beta) * densityRatioB;
  const logPhiAlpha = logNormalPdf(alpha);
  const phiAlpha = normalPdf(alpha);
  const offset = (x: number): number => (x - a) / s; // u = ξ − α
  const fromUpper = (q: number): number => {
    if (q <= 0) return b;
    if (q >= 1) return a;
    const target = q * massScaled + tailB; // Q(ξ)/φ(α)
    let xi: number;
    const qXi = target * phiAlpha;
    if (qXi > 1e-300) {
      xi = normalQuantileUpper(Math.min(qXi, 1));
    } else {
      // Below the double range: start from log Q and polish by Newton on
      // h(ξ) = log R(ξ) − (ξ − α)(ξ + α)/2 − log target, h′(ξ) = −1/R(ξ).
      const logTarget = Math.log(target);
      xi = -normalQuantileFromLog(logTarget + logPhiAlpha);
      for (let i = 0; i < 3; i++) {
        const r = millsRatio(xi);
        const h = Math.log(r) - 0.5 * (xi - alpha) * (xi + alpha) - logTarget;
        xi += h * r;
      }
    }
    const x = mu + s * xi;
    return x < a ? a : x > b ? b : x;
  };
  return {
    pdf: (x) => {
      if (!(x >= a && x <= b)) return 0;
      const u = offset(x);
      return Math.exp(-0.5 * u * (u + 2 * alpha)) / (s * massScaled);
    },
    cdf: (x) => {
      if (x <= a) return 0;
      if (x >= b) return 1;
      return Math.min(1, scaledUpperMass(alpha, offset(x)) / massScaled);
    },
    sf: (x) => {
      if (x <= a) return 1;
      if (x >= b) return 0;
      const u = offset(x);
      const xi = Math.max(alpha, (x - mu) / s);
      const v = b === Infinity ? Infinity : (b - x) / s;
      return Math.min(1, (Math.exp(-0.5 * u * (u + 2 * alpha)) * scaledUpperMass(xi, v)) / massScaled);
    },
    quantileFromUpper: fromUpper,
    quantileFromLower: (p) => fromUpper(1 - p),
    standardMean: -Math.expm1(-0.5 * widthAB * (widthAB + 2 * alpha)) / massScaled,
    logMass: logPhiAlpha + Math.log(massScaled),
  };
}

/** The case α < 0 < β (Z is not small unless [a, b] is short, which normalMass handles). */
function centralCore(mu: number, s: number, a: number, b: number): TruncatedCore {
  const alpha = (a - mu) / s;
  const beta = (b - mu) / s;
  const widthAB = (b - a) / s;
  const mass = normalMass(alpha, beta, widthAB);
  const cdfAlpha = normalCdf(alpha);
  const sfBeta = normalSf(beta);
  const xiOf = (x: number): number => (x - mu) / s;
  const clamp = (x: number): number => (x < a ? a : x > b ? b : x);
  const fromLower = (p: number): number => {
    if (p <= 0) return a;
    if (p >= 1) return b;
    const lower = cdfAlpha + p * mass; // Φ(ξ), a sum of non-negative terms
    if (lower <= 0.5) {
      if (lower > 1e-300) return clamp(mu + s * normalQuantile(lower));
      return clamp(mu + s * normalQuantileFromLog(logAdd(Math.log(cdfAlpha), Math.log(p) + Math.log(mass))));
    }
    const upper = sfBeta + (1 - p) * mass; // Q(ξ)
    return clamp(mu + s * normalQuantileUpper(Math.min(upper, 1)));
  };
  const fromUpper = (q: number): number => {
    if (q <= 0) return b;
    if (q >= 1) return a;
    const upper = sfBeta + q * mass;
    if (upper <= 0.5) {
      if (upper > 1e-300) return clamp(mu + s * normalQuantileUpper(upper));
      return clamp(mu - s * normalQuantileFromLog(logAdd(Math.log(sfBeta), Math.log(q) + Math.log(mass))));
    }
    return clamp(mu + s * normalQuantile(Math.min(cdfAlpha + (1 - q) * mass, 1)));
  };
  return {
    pdf: (x) => (x >= a && x <= b ? normalPdf(xiOf(x)) / (s * mass) : 0),
    cdf: (x) => {
      if (x <= a) return 0;
      if (x >= b) return 1;
      return Math.min(1, normalMass(alpha, Math.max(alpha, xiOf(x)), (x - a) / s) / mass);
    },
    sf: (x) => {
      if (x <= a) return 1;
      if (x >= b) return 0;
      return Math.min(1, normalMass(Math.min(beta, xiOf(x)), beta, (b - x) / s) / mass);
    },
    quantileFromUpper: fromUpper,
    quantileFromLower: fromLower,
    standardMean: (normalPdf(alpha) - normalPdf(beta)) / mass,
    logMass: Math.log(mass),
  };
}

/** log(eˣ + eʸ) without overflow. */
function logAdd(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  return m + Math.log1p(Math.exp(-Math.abs(x - y)));
}

/**
 * Var[ξ] of the standard normal truncated to [α, β], by Gauss–Legendre on the
 * scaled density exp(−t(t + 2ρ)/2), t = ξ − ρ, ρ the point of [α, β] nearest
 * 0, as E[(t − c)²] − (E[t] − c)² with c ≈ E[t] from the closed-form mean.
 * Working in t (not ξ) keeps the nodes exact relative to the bound: in the
 * far tail ξ ≈ 37 while the standard deviation is ≈ 0.027, and ξ − c would
 * lose 10 bits. The tail of the range where the density is below e^−92 of
 * its maximum is skipped. `width` is β − α, formed as (b − a)/s.
 */
function standardVariance(alpha: number, beta: number, width: number, mean: number): number {
  const rho = alpha > 0 ? alpha : beta < 0 ? beta : 0;
  const r = Math.abs(rho);
  // exp(−t(t + 2|ρ|)/2) < e^−92 beyond |t| = 184/(√(ρ² + 184) + |ρ|).
  const reach = 184 / (Math.sqrt(r * r + 184) + r);
  const lo = alpha > 0 ? 0 : beta < 0 ? -Math.min(width, reach) : Math.max(alpha, -reach);
  const hi = alpha > 0 ? Math.min(width, reach) : beta < 0 ? 0 : Math.min(beta, reach);
  const c = mean - rho;
  const panelWidth = 0.5 / Math.max(1, r);
  const panels = Math.max(1, Math.ceil((hi - lo) / panelWidth));
  const h = (hi - lo) / panels;
  const density = (t: number): number => Math.exp(-0.5 * t * (t + 2 * rho));
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let k = 0; k < panels; k++) {
    const from = lo + k * h;
    const to = k === panels - 1 ? hi : from + h;
    m0 += gaussLegendre(density, from, to);
    m1 += gaussLegendre((t) => (t - c) * density(t), from, to);
    m2 += gaussLegendre((t) => (t - c) * (t - c) * density(t), from, to);
  }
  const shift = m1 / m0;
  return m2 / m0 - shift * shift;
}

/**
 * Up to two Newton steps on the accurate cdf (p ≤ ½) or sf (p > ½). The
 * closed-form inversions go through Φ⁻¹/Q⁻¹ of a probability that can be
 * ≈ ½ (a bound near the mean), which fixes ξ only to ~1e−16 absolutely; the
 * cdf and sf measure x from the nearer bound, so a Newton step on them
 * restores the relative precision of x next to a bound (e.g. the 1e−12
 * quantile of N(0, 1) on [0, 0.001] is 1e−15 to all digits).
 */
function polishQuantile(
  x0: number,
  p: number,
  pdf: (x: number) => number,
  cdf: (x: number) => number,
  sf: (x: number) => number,
  a: number,
  b: number,
): number {
  let x = x0;
  for (let i = 0; i < 2; i++) {
    const density = pdf(x);
    if (!(density > 0) || !Number.isFinite(density)) break;
    const residual = p <= 0.5 ? cdf(x) - p : 1 - p - sf(x);
    const next = x - residual / density;
    if (!(next >= a && next <= b) || next === x) break;
    const nextResidual = p <= 0.5 ? cdf(next) - p : 1 - p - sf(next);
    if (!(Math.abs(nextResidual) < Math.abs(residual))) break;
    x = next;
  }
  return x;
}

function boundArg(value: unknown, name: string): number {
  if (typeof value !== 'number') throw typeError('a number', name, value);
  if (Number.isNaN(value)) throw rangeError('a number', name, value);
  return value;
}

function truncatedFormula(
  mean: number,
  std: number,
  a: number,
  b: number,
  alpha: number,
  beta: number,
  logMass: number,
  context: DistributionContext,
): Formula {
  const general = {
    text:
      'f(x) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)·Z) for a ≤ x ≤ b, 0 otherwise; ' +
      'Z = Φ(β) − Φ(α), α = (a − μ)/σ, β = (b − μ)/σ, Φ(z) = ½[1 + erf(z/√2)]',
    latex:
      'f(x) = \\frac{\\exp\\!\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right)}{\\sigma\\sqrt{2\\pi}\\,Z}\\ \\text{for } a \\le x \\le b,' +
      '\\quad Z = \\Phi(\\beta) - \\Phi(\\alpha),\\ \\alpha = \\frac{a-\\mu}{\\sigma},\\ \\beta = \\frac{b-\\mu}{\\sigma}',
  };
  const derivation =
    scaleDerivation('truncatedStd', std, context) ?? scaleDerivation('std', std, context);
  const sigmaText = derivation?.text ?? `σ = ${num(std)}`;
  const sigmaTex = derivation?.latex ?? `\\sigma = ${numTex(std)}`;
  const z = Math.exp(logMass);
  const zText = z > 1e-300 ? `${approx(z)} ${num(z)}` : `= exp(${num(logMass)})`;
  const zTex = z > 1e-300 ? `${approxTex(z)} ${numTex(z)}` : `= e^{${numTex(logMass)}}`;
  const boundsText =
    a === -b && mean === 0 && Number.isFinite(b) ? `, a = −${num(b / std)}σ, b = ${num(b / std)}σ` : '';
  const density = mean === 0 ? 'exp(−x²/(2σ²))' : 'exp(−(x − μ)²/(2σ²))';
  const densityTex = mean === 0 ? '\\exp\\!\\left(-\\frac{x^2}{2\\sigma^2}\\right)' : '\\exp\\!\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right)';
  const muText = mean === 0 ? '' : `μ = ${num(mean)}, `;
  const muTex = mean === 0 ? '' : `\\mu = ${numTex(mean)},\\ `;
  return {
    text:
      `f(x) = ${density} / (σ√(2π)·Z) for ${num(a)} ≤ x ≤ ${num(b)}, 0 otherwise; ${muText}${sigmaText}${boundsText}, ` +
      `Z = Φ(${num(beta)}) − Φ(${num(alpha)}) ${zText}`,
    latex:
      `f(x) = \\frac{${densityTex}}{\\sigma\\sqrt{2\\pi}\\,Z}\\ \\text{for } ${numTex(a)} \\le x \\le ${numTex(b)},\\quad ` +
      `${muTex}${sigmaTex},\\ Z = \\Phi(${numTex(beta)}) - \\Phi(${numTex(alpha)}) ${zTex}`,
    general,
  };
}

/**
 * N(mean, std²) truncated to [a, b] (absolute bounds; a may be −Infinity and
 * b +Infinity). std = 0 is the point mass at mean, which must lie in [a, b].
 */
export function truncatedNormalDistribution(
  mean: number,
  std: number,
  a: number,
  b: number,
  context: DistributionContext = {},
): Distribution {
  finiteNumber(mean, 'mean');
  nonNegativeNumber(std, 'std');
  boundArg(a, 'a');
  boundArg(b, 'b');
  if (!(a < b)) throw rangeError(`a number greater than a (${a})`, 'b', b);
  const params = { mean, std, a, b };
  if (std === 0) {
    if (!(mean >= a && mean <= b)) throw rangeError(`a mean within [${a}, ${b}] when std is 0`, 'mean', mean);
    return makeDistribution(pointMassCore('truncated_normal', params, mean, pointMassFormula(mean)), context);
  }
  const alpha = (a - mean) / std;
  const beta = (b - mean) / std;
  let core: TruncatedCore;
  let pdf: (x: number) => number;
  let cdf: (x: number) => number;
  let sf: (x: number) => number;
  let quantile: (p: number) => number;
  let standardMean: number;
  if (beta <= 0) {
    // Reflect: X = −Y with Y ~ TN(−μ, s) on [−b, −a], which has α_Y = −β ≥ 0.
    core = upperCore(-mean, std, -b, -a);
    pdf = (x) => core.pdf(-x);
    cdf = (x) => core.sf(-x);
    sf = (x) => core.cdf(-x);
    quantile = (p) => -core.quantileFromUpper(p);
    standardMean = -core.standardMean;
  } else {
    core = alpha >= 0 ? upperCore(mean, std, a, b) : centralCore(mean, std, a, b);
    pdf = core.pdf;
    cdf = core.cdf;
    sf = core.sf;
    quantile = (p) => (p <= 0.5 ? core.quantileFromLower(p) : core.quantileFromUpper(1 - p));
    standardMean = core.standardMean;
  }
  const variance = std * std * standardVariance(alpha, beta, (b - a) / std, standardMean);
  return makeDistribution(
    {
      family: 'truncated_normal',
      params,
      support: [a, b],
      mean: mean + std * standardMean,
      variance,
      pdf,
      cdf,
      sf,
      quantile: (p) => (p === 0 ? a : p === 1 ? b : polishQuantile(quantile(p), p, pdf, cdf, sf, a, b)),
      formula: truncatedFormula(mean, std, a, b, alpha, beta, core.logMass, context),
      exact: true,
    },
    context,
  );
}
