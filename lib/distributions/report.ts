/**
 * The report of a Description as labelled rows of text (fans, gain, law, pdf and cdf with this
 * layer's numbers, moments, support, atoms, quantiles, note, source): what `kaiming describe`
 * prints and what the `kaiming explore` page shows, from one place.
 */
import type { Description } from './describe';
import { gainSymbol, num } from './format';

export function interval(d: Description): string {
  const [lo, hi] = d.support;
  const open = (x: number, left: boolean) => (Number.isFinite(x) ? (left ? '[' : ']') : left ? '(' : ')');
  // The uniform family excludes its upper bound (values in [a, b)).
  const right = d.family === 'uniform' && d.atoms.length === 0 ? ')' : open(hi, false);
  return `${open(lo, true)}${num(lo)}, ${num(hi)}${right}`;
}

/** The family with its exact double parameters, and the "bound or std" the user asked for. */
export function lawLine(d: Description): string {
  const p = d.params;
  switch (d.family) {
    case 'uniform':
      if (p.low === -p.high && p.high > 0) return `uniform U(−bound, bound), bound = ${p.high} (σ = bound/√3 = ${p.high / Math.sqrt(3)})`;
      return `uniform U(low, high), low = ${p.low}, high = ${p.high}`;
    case 'normal':
      return p.mean === 0 ? `normal N(0, σ²), σ = ${p.std}` : `normal N(μ, σ²), μ = ${p.mean}, σ = ${p.std}`;
    case 'truncated_normal':
      return (
        `truncated normal N(${p.mean === 0 ? '0' : 'μ'}, σ²) on [a, b], ${p.mean === 0 ? '' : `μ = ${p.mean}, `}σ = ${p.std}, ` +
        `a = ${p.a}, b = ${p.b} (std after truncation ${d.std})`
      );
    case 'constant':
      return `constant, value = ${p.value}`;
    case 'orthogonal':
      return `orthogonal (semi-orthogonal matrix times gain), gain = ${p.gain}`;
    case 'sparse':
      return `sparse, sparsity = ${p.sparsity}, σ = ${p.std}`;
    case 'dirac':
      return `dirac (identity convolution), groups = ${p.groups}`;
    default:
      return d.family;
  }
}

function fansLine(d: Description): string | undefined {
  if (d.fanIn === undefined || d.fanOut === undefined) return undefined;
  const rf = d.receptiveField !== undefined && d.receptiveField !== 1 ? ` (receptive field ${d.receptiveField})` : '';
  const mode = d.mode !== undefined ? `, mode ${d.mode}` : '';
  const scale = d.scale !== undefined ? `, scale ${num(d.scale)}` : '';
  return `fan_in = ${d.fanIn}, fan_out = ${d.fanOut}${rf}${mode}${scale}`;
}

function gainLine(d: Description): string | undefined {
  if (d.gain === undefined) return undefined;
  const g = gainSymbol(d.gain);
  const symbol = g.text === num(d.gain) ? '' : `${g.text} = `;
  const why = d.nonlinearity !== undefined ? ` (nonlinearity ${d.nonlinearity})` : '';
  return `${symbol}${d.gain}${why}`;
}

function quantileLine(d: Description): string | undefined {
  if (d.atoms.length > 0) return undefined;
  const q = (p: number) => num(d.quantile(p));
  return `1% ${q(0.01)}, 50% ${q(0.5)}, 99% ${q(0.99)} (99.9% of values within [${q(0.0005)}, ${q(0.9995)}])`;
}

function atomsLine(d: Description): string | undefined {
  if (d.atoms.length === 0) return undefined;
  return d.atoms.map((a) => `P(X = ${num(a.value)}) = ${num(a.probability)}`).join(', ');
}

/** One row of the report: a label and its text. */
export type ReportRow = [label: string, text: string];

/** The rows that apply to this description, in order; LaTeX formulas when `latex`. */
export function describeRows(d: Description, latex = false): ReportRow[] {
  const rows: [string, string | undefined][] = [
    ['fans', fansLine(d)],
    ['gain', gainLine(d)],
    ['law', lawLine(d)],
    ['pdf', latex ? d.formula.latex : d.formula.text],
    ['cdf', latex ? d.cdfFormula.latex : d.cdfFormula.text],
    ['general', latex ? `${d.formula.general.latex}; ${d.cdfFormula.general.latex}` : `${d.formula.general.text}; ${d.cdfFormula.general.text}`],
    ['moments', `mean ${num(d.mean)}, variance ${num(d.variance)}, std ${num(d.std)} (exact doubles: ${d.mean}, ${d.variance}, ${d.std})`],
    ['support', interval(d)],
    ['atoms', atomsLine(d)],
    ['quantiles', quantileLine(d)],
    ['note', d.note],
    ['source', d.citation],
  ];
  return rows.filter((r): r is ReportRow => r[1] !== undefined);
}
