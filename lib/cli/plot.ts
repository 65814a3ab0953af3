/**
 * `kaiming plot <init> --shape … --out hist.svg`: a histogram of a sample
 * with the exact density drawn over it (lib/plot/law.ts).
 */
import type { Description } from '../distributions/describe';
import { AtomicFile } from '../io/atomic-file';
import { lawHistogramSvg } from '../plot/law';
import { shapeText } from './describe';
import type { Drawn } from '../distributions/draw';

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
  const what = r.drawn.independent
    ? `${r.values.length} ${r.dtype} values of the layer's law`
    : `the layer's ${r.values.length} ${r.dtype} elements (per-element marginal)`;
  return lawHistogramSvg({
    description: d,
    values: r.values,
    bins: r.bins,
    title: `${r.name} ${shapeText(r.shape)}: ${d.family.replace('_', ' ')} law of the weights`,
    caption: [
      ['eye', 'dirac', 'constant'].includes(d.family) ? `${what} (deterministic)` : `${what}, seed ${r.seed}, key ${String(r.key)}`,
      d.citation,
    ],
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
