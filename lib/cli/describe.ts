/**
 * `kaiming describe <init> --shape …`: the exact distribution of one layer's
 * weights, as text (default), LaTeX formulas (--latex) or JSON (--json).
 */
import { formatShape } from '../core/shape';
import type { Description } from '../distributions/describe';
import { describeRows } from '../distributions/report';
import { formatOptions } from './args';
import type { Output } from './io';

/** `[256, 128, 3, 3]`. */
export function shapeText(shape: readonly number[]): string {
  return formatShape(shape);
}

/** The human-readable report: fans, gain, parameters, formulas with numbers, moments and source. */
export function describeText(name: string, shape: readonly number[], options: Record<string, unknown>, d: Description, latex = false): string {
  const shown = describeRows(d, latex);
  const width = Math.max(...shown.map(([k]) => k.length));
  const title = `${name} ${shapeText(shape)}${Object.keys(options).length > 0 ? ` ${formatOptions(options)}` : ''}`;
  return [title, ...shown.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n') + '\n';
}

/** JSON has no ±Infinity: written as the strings "Infinity" and "-Infinity". */
function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** The description as a plain JSON-ready object. */
export function describeJson(name: string, shape: readonly number[], options: Record<string, unknown>, d: Description): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name,
    initializer: d.initializer,
    shape: [...shape],
    options,
    family: d.family,
    params: Object.fromEntries(Object.entries(d.params).map(([k, v]) => [k, jsonNumber(v)])),
  };
  for (const key of ['fanIn', 'fanOut', 'receptiveField', 'gain', 'mode', 'nonlinearity', 'scale'] as const) {
    if (d[key] !== undefined) out[key] = d[key];
  }
  Object.assign(out, {
    support: d.support.map(jsonNumber),
    mean: d.mean,
    variance: d.variance,
    std: d.std,
    atoms: d.atoms.map((a) => ({ value: a.value, probability: a.probability })),
    exact: d.exact,
    formula: d.formula,
    cdfFormula: d.cdfFormula,
    citation: d.citation,
  });
  if (d.source !== undefined) out.source = d.source;
  if (d.note !== undefined) out.note = d.note;
  return out;
}

export function writeDescription(
  out: Output,
  name: string,
  shape: readonly number[],
  options: Record<string, unknown>,
  d: Description,
  format: { json?: boolean; latex?: boolean },
): void {
  if (format.json) out.write(`${JSON.stringify(describeJson(name, shape, options, d), null, 2)}\n`);
  else out.write(describeText(name, shape, options, d, format.latex === true));
}
