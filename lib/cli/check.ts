/**
 * `kaiming check <init> --shape … [--n 1000000]`: draws a sample and compares
 * it with the exact law: the Kolmogorov–Smirnov statistic D and its p-value
 * against the exact cdf, and the sample mean and variance next to the exact
 * ones (with their distance in standard errors).
 *
 * bfloat16 and float16 samples are rounded, so their law is discrete: D is
 * then measured against the exact law of the *rounded* value,
 * P(round(X) ≤ v) = F(upper edge of v's rounding cell), and the p-value of
 * the continuous Kolmogorov distribution is conservative for a discrete law
 * (it can only overstate p).
 */
import type { Description } from '../distributions/describe';
import { num } from '../distributions/format';
import { bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits, type DType } from '../core/dtype';
import { ksPValue, ksTest } from '../stats/ks';

export interface Moments {
  n: number;
  mean: number;
  variance: number;
  /** Fourth central moment (for the standard error of the variance). */
  m4: number;
  min: number;
  max: number;
}

/**
 * Mean, variance and fourth central moment, two-pass in double. The variance
 * is the unbiased one (÷ (n − 1)) for a sample of a law, the population one
 * (÷ n) when the values are a whole matrix whose per-element marginal is
 * compared (eye's 0.16 is then exact).
 */
export function sampleMoments(values: ArrayLike<number>, unbiased = true): Moments {
  const n = values.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const dv = values[i] - mean;
    const d2 = dv * dv;
    s2 += d2;
    s4 += d2 * d2;
  }
  return { n, mean, variance: unbiased && n > 1 ? s2 / (n - 1) : s2 / n, m4: s4 / n, min, max };
}

/** The neighbouring representable 16-bit values of v (bfloat16 or float16), from its bit pattern. */
function neighbours(v: number, dtype: 'bfloat16' | 'float16'): [number, number] {
  const toBits = dtype === 'bfloat16' ? float32ToBfloat16Bits : float32ToFloat16Bits;
  const fromBits = dtype === 'bfloat16' ? bfloat16BitsToFloat32 : float16BitsToFloat32;
  const bits = toBits(v);
  const negative = (bits & 0x8000) !== 0;
  const magnitude = bits & 0x7fff;
  // One step away from zero and one step towards zero (through ±0 to the smallest value of the other sign).
  const up = negative ? (magnitude === 0 ? 0x0001 : bits - 1) : bits + 1;
  const down = negative ? bits + 1 : magnitude === 0 ? 0x8001 : bits - 1;
  return [fromBits(down & 0xffff), fromBits(up & 0xffff)];
}

/**
 * Two-sided KS distance between a sample of rounded values and the law of
 * round(X), X ~ dist: for each distinct value v with rounding cell (l, u],
 * max(Fₙ(v) − F(u), F(l) − Fₙ(v⁻)).
 */
export function roundedKs(values: Float64Array, dist: Description, dtype: 'bfloat16' | 'float16'): { d: number; pValue: number; n: number } {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; ) {
    const v = sorted[i];
    let j = i;
    while (j < n && sorted[j] === v) j++;
    const [below, above] = neighbours(v, dtype);
    const lowerEdge = Number.isFinite(below) ? (below + v) / 2 : -Infinity;
    const upperEdge = Number.isFinite(above) ? (v + above) / 2 : Infinity;
    const fBelow = lowerEdge === -Infinity ? 0 : dist.cdf(lowerEdge);
    const fAt = upperEdge === Infinity ? 1 : dist.cdf(upperEdge);
    d = Math.max(d, j / n - fAt, fBelow - i / n);
    i = j;
  }
  return { d, pValue: ksPValue(Math.min(1, d), n), n };
}

export interface CheckResult {
  moments: Moments;
  ks?: { d: number; pValue: number; n: number; rounded: boolean };
  /** z-scores of the sample mean and variance against the exact values. */
  meanZ: number;
  varianceZ: number;
  atoms: { value: number; probability: number; observed: number }[];
}

/** Runs the comparison. KS is run only when the elements are i.i.d. draws of a continuous law. */
export function checkSample(values: Float64Array, dist: Description, dtype: DType, independent: boolean): CheckResult {
  const moments = sampleMoments(values, independent);
  const n = moments.n;
  const meanSe = Math.sqrt(dist.variance / n);
  const varianceSe = Math.sqrt(Math.max(0, moments.m4 - moments.variance * moments.variance) / n);
  const z = (diff: number, se: number) => (se > 0 ? diff / se : diff === 0 ? 0 : Infinity * Math.sign(diff));
  const atomCounts = new Map<number, number>(dist.atoms.map((a) => [a.value, 0]));
  if (atomCounts.size > 0) {
    for (let i = 0; i < n; i++) {
      const k = atomCounts.get(values[i]);
      if (k !== undefined) atomCounts.set(values[i], k + 1);
    }
  }
  const result: CheckResult = {
    moments,
    meanZ: z(moments.mean - dist.mean, meanSe),
    varianceZ: z(moments.variance - dist.variance, varianceSe),
    atoms: dist.atoms.map((a) => ({ value: a.value, probability: a.probability, observed: (atomCounts.get(a.value) ?? 0) / n })),
  };
  if (independent && dist.atoms.length === 0 && dist.exact) {
    if (dtype === 'bfloat16' || dtype === 'float16') result.ks = { ...roundedKs(values, dist, dtype), rounded: true };
    else result.ks = { ...ksTest(values, (x) => dist.cdf(x)), rounded: false };
  }
  return result;
}

function zText(z: number): string {
  return `${z >= 0 ? '+' : '−'}${Math.abs(z).toFixed(2)} standard errors`;
}

/** The report printed by `kaiming check`. */
export function checkText(title: string, sampleLine: string, dist: Description, r: CheckResult, alpha: number | undefined): string {
  const rows: [string, string][] = [['sample', sampleLine]];
  if (r.ks !== undefined) {
    const law = r.ks.rounded ? 'the exact law of the rounded values (conservative p-value)' : 'the exact cdf';
    rows.push(['KS', `D = ${r.ks.d.toExponential(3)}, p-value = ${formatP(r.ks.pValue)} against ${law}`]);
  } else if (!dist.exact) {
    rows.push(['KS', 'not run: the elements are not independent draws (per-element marginal), see the note']);
  } else {
    rows.push(['KS', 'not run: the law has point masses (compare the frequencies below)']);
  }
  rows.push(['mean', `sample ${num(r.moments.mean)}, exact ${num(dist.mean)} (${zText(r.meanZ)})`]);
  rows.push(['variance', `sample ${num(r.moments.variance)}, exact ${num(dist.variance)} (${zText(r.varianceZ)})`]);
  rows.push(['std', `sample ${num(Math.sqrt(r.moments.variance))}, exact ${num(dist.std)}`]);
  rows.push(['range', `sample [${num(r.moments.min)}, ${num(r.moments.max)}], support ${supportText(dist)}`]);
  for (const a of r.atoms) rows.push(['P(X = ' + num(a.value) + ')', `sample ${num(a.observed)}, exact ${num(a.probability)}`]);
  if (dist.note !== undefined) rows.push(['note', dist.note]);
  if (r.ks !== undefined) {
    const level = alpha ?? 0.001;
    rows.push([
      'verdict',
      r.ks.pValue >= level
        ? `consistent with the exact law (p ≥ ${level})`
        : `NOT consistent with the exact law (p < ${level})`,
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n') + '\n';
}

function supportText(d: Description): string {
  const [lo, hi] = d.support;
  return `${Number.isFinite(lo) ? '[' : '('}${num(lo)}, ${num(hi)}${Number.isFinite(hi) ? ']' : ')'}`;
}

function formatP(p: number): string {
  return p >= 1e-3 ? p.toFixed(4) : p.toExponential(2);
}
