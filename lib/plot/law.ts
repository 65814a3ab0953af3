/**
 * The histogram of a sample with its law's exact density over it: the axis range, the bins on
 * the support, the density or the point masses, as `kaiming plot` writes it and the
 * `kaiming explore` page draws it (lib/plot/svg.ts draws).
 */
import type { Description } from '../distributions/describe';
import { histogramSvg } from './svg';

/** The x range: the support when it is finite, else the central 99.98% of the law, widened a little. */
export function plotRange(d: Description, values: ArrayLike<number>): [number, number] {
  let [lo, hi] = d.support;
  if (d.atoms.length > 0 && d.atoms.reduce((s, a) => s + a.probability, 0) >= 1 - 1e-12) {
    const vs = d.atoms.map((a) => a.value);
    lo = Math.min(...vs);
    hi = Math.max(...vs);
    const pad = hi > lo ? (hi - lo) * 0.25 : Math.max(0.5, Math.abs(lo) * 0.5);
    return [lo - pad, hi + pad];
  }
  if (!Number.isFinite(lo)) lo = d.quantile(1e-4);
  if (!Number.isFinite(hi)) hi = d.quantile(1 - 1e-4);
  // A support much wider than the mass (trunc_normal's default ±2 for σ = 0.02, an orthogonal matrix in [−g, g]): use the quantiles.
  const q0 = d.quantile(1e-4);
  const q1 = d.quantile(1 - 1e-4);
  if (Number.isFinite(q0) && Number.isFinite(q1) && q1 > q0 && (hi - lo) > 2 * (q1 - q0)) {
    lo = q0;
    hi = q1;
  }
  if (!(hi > lo)) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
    lo = min;
    hi = max;
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

export interface LawHistogram {
  description: Description;
  values: ArrayLike<number>;
  bins: number;
  title: string;
  caption: string[];
  width?: number;
  height?: number;
}

/** The SVG document: bars of the sample, the exact pdf (or the atoms) of the law over them. */
export function lawHistogramSvg(h: LawHistogram): string {
  const d = h.description;
  const continuous = d.atoms.reduce((s, a) => s + a.probability, 0) < 1 - 1e-12;
  const breaks = d.support.filter((s) => Number.isFinite(s));
  const range = plotRange(d, h.values);
  // Bins cover the support exactly when it lies inside the axis range, so its ends are bin edges.
  const [s0, s1] = d.support;
  const binRange: [number, number] = [Number.isFinite(s0) && s0 >= range[0] ? s0 : range[0], Number.isFinite(s1) && s1 <= range[1] ? s1 : range[1]];
  return histogramSvg({
    values: h.values,
    bins: h.bins,
    range,
    binRange,
    pdf: continuous ? (x) => d.pdf(x) : undefined,
    breaks,
    atoms: d.atoms,
    title: h.title,
    subtitle: [d.formula.text],
    caption: h.caption,
    xLabel: 'weight value x',
    yLabel: continuous ? 'density f(x)' : 'probability P(X = x)',
    ...(h.width !== undefined ? { width: h.width } : {}),
    ...(h.height !== undefined ? { height: h.height } : {}),
  });
}
