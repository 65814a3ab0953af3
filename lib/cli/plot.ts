/**
 * `kaiming plot <init> --shape … --out hist.svg`: a histogram of a sample
 * with the exact density drawn over it (lib/plot/svg.ts).
 */
import type { Description } from '../distributions/describe';
import { AtomicFile } from '../io/atomic-file';
import { histogramSvg } from '../plot/svg';
import { shapeText } from './describe';
import type { Drawn } from './draw';

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

export interface PlotRequest {
  name: string;
  shape: number[];
  options: Record<string, unknown>;
  description: Description;
  drawn: Drawn;
  values: Float64Array;
  bins: number;
  seed: bigint;
  key: bigint | string;
  dtype: string;
}

/** The SVG document for a plot request. */
export function plotSvg(r: PlotRequest): string {
  const d = r.description;
  const continuous = d.atoms.reduce((s, a) => s + a.probability, 0) < 1 - 1e-12;
  const what = r.drawn.independent
    ? `${r.values.length} ${r.dtype} values of the layer's law`
    : `the layer's ${r.values.length} ${r.dtype} elements (per-element marginal)`;
  const breaks = d.support.filter((s) => Number.isFinite(s));
  const range = plotRange(d, r.values);
  // Bins cover the support exactly when it lies inside the axis range, so its ends are bin edges.
  const [s0, s1] = d.support;
  const binRange: [number, number] = [Number.isFinite(s0) && s0 >= range[0] ? s0 : range[0], Number.isFinite(s1) && s1 <= range[1] ? s1 : range[1]];
  return histogramSvg({
    values: r.values,
    bins: r.bins,
    range,
    binRange,
    pdf: continuous ? (x) => d.pdf(x) : undefined,
    breaks,
    atoms: d.atoms,
    title: `${r.name} ${shapeText(r.shape)}: ${d.family.replace('_', ' ')} law of the weights`,
    subtitle: [d.formula.text],
    caption: [
      ['eye', 'dirac', 'constant'].includes(d.family) ? `${what} (deterministic)` : `${what}, seed ${r.seed}, key ${String(r.key)}`,
      d.citation,
    ],
    xLabel: 'weight value x',
    yLabel: continuous ? 'density f(x)' : 'probability P(X = x)',
  });
}

/** Writes text to a file atomically (temporary file, then rename); refuses an existing file unless force. */
export async function writeTextFile(path: string, text: string, force: boolean): Promise<void> {
  const file = await AtomicFile.create(path, force);
  try {
    await file.write(Buffer.from(text, 'utf8'), 0);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}
