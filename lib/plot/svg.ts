/**
 * A histogram with an exact density drawn over it, as a standalone SVG 1.1
 * document: no dependency, no script, no external font or style sheet, so a
 * browser, an image viewer or a Markdown renderer shows it as is.
 *
 * The bars are the sample's density (count / (n · bin width)), so they sit on
 * the pdf when the sample follows the law. Point masses (the zeros of a
 * sparse matrix, the values of eye and dirac) are kept out of the bars and
 * drawn as labelled stems with their exact and observed probabilities; a law
 * made only of point masses is drawn on a probability axis instead.
 */

export interface PointMass {
  value: number;
  probability: number;
}

export interface HistogramInput {
  /** The sample. */
  values: ArrayLike<number>;
  /** Number of bins (default 80). */
  bins?: number;
  /** The x range of the axis; default: the sample's range. */
  range?: [number, number];
  /** The x range the bins cover (default: `range`), e.g. a finite support, so that its ends are bin edges. */
  binRange?: [number, number];
  /** Density of the continuous part of the law, drawn as a line. */
  pdf?: (x: number) => number;
  /** Points where the density jumps (support ends), drawn as vertical steps. */
  breaks?: readonly number[];
  /** Point masses of the law. */
  atoms?: readonly PointMass[];
  /** First line of the title. */
  title: string;
  /** Further lines under the title (the formula), wrapped to the width. */
  subtitle?: readonly string[];
  /** Lines at the bottom (sample size, seed, source), wrapped to the width. */
  caption?: string | readonly string[];
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

const MINUS = '\u2212';

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** A coordinate with two decimals and no trailing zeros. */
function c(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Tick positions at 1, 2 or 5 × 10^k covering [lo, hi] with about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.ceil(lo / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i * step <= hi + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** A tick label: shortest exact decimal, with a real minus sign. */
function tickLabel(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a >= 1e-3 && a < 1e5 ? String(Number(a.toPrecision(10))) : a.toExponential(2).replace(/\.?0+e/, 'e');
  return (x < 0 ? MINUS : '') + text;
}

/** Splits a long line at ", " or "; " boundaries so that each piece has at most `max` characters. */
export function wrapText(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = -1;
    for (const sep of ['; ', ', ', ' ']) {
      const at = rest.lastIndexOf(sep, max);
      if (at > max / 3) {
        cut = at + sep.length - 1;
        break;
      }
    }
    if (cut < 0) cut = max;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') out.push(rest);
  return out;
}

/** Values that are neither atoms nor inside [lo, hi]. */
function outsideCount(values: ArrayLike<number>, lo: number, hi: number, atoms: Map<number, number>): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!atoms.has(v) && !(v >= lo && v <= hi)) k++;
  }
  return k;
}

/** Renders the histogram document. */
export function histogramSvg(input: HistogramInput): string {
  const width = input.width ?? 900;
  const height = input.height ?? 560;
  const bins = input.bins ?? 80;
  const atoms = (input.atoms ?? []).filter((a) => a.probability > 0);
  const atomMass = atoms.reduce((s, a) => s + a.probability, 0);
  const discrete = atoms.length > 0 && (input.pdf === undefined || atomMass >= 1 - 1e-12);
  const values = input.values;
  const n = values.length;

  // Sample range (for the default x range) and the observed frequency of each atom.
  let min = Infinity;
  let max = -Infinity;
  const atomCounts = new Map<number, number>(atoms.map((a) => [a.value, 0]));
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    const k = atomCounts.get(v);
    if (k !== undefined) atomCounts.set(v, k + 1);
  }
  let [lo, hi] = input.range ?? [min, max];
  if (!(hi > lo)) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) / 2 : 1;
    lo -= pad;
    hi += pad;
  }

  // Bars: density of the values that are not atoms.
  const [binLo, binHi] = input.binRange !== undefined && input.binRange[1] > input.binRange[0] ? input.binRange : [lo, hi];
  const binWidth = (binHi - binLo) / bins;
  const counts = new Float64Array(bins);
  if (!discrete) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (atomCounts.has(v)) continue;
      if (!(v >= binLo && v <= binHi)) continue;
      counts[Math.min(bins - 1, Math.floor((v - binLo) / binWidth))]++;
    }
  }
  const densities = Array.from(counts, (k) => (n > 0 ? k / (n * binWidth) : 0));

  // Layout.
  const subtitle = (input.subtitle ?? []).flatMap((line) => wrapText(line, Math.floor((width - 40) / 7)));
  const captionLines = [...(typeof input.caption === 'string' ? [input.caption] : (input.caption ?? []))];
  const outside = discrete ? 0 : outsideCount(values, binLo, binHi, atomCounts);
  if (outside > 0) captionLines.push(`${outside} of ${n} values lie outside the plotted range`);
  const caption = captionLines.flatMap((line) => wrapText(line, Math.floor((width - 40) / 6.2)));
  const legendY = 34 + 17 * subtitle.length + 8;
  const top = legendY + 22;
  const left = 78;
  const right = 24;
  const bottom = 56 + 14 * caption.length;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * plotW;

  // The density curve, with vertical steps at the breaks.
  const curve: [number, number][] = [];
  if (!discrete && input.pdf !== undefined) {
    const steps = 600;
    const xs: number[] = [];
    for (let i = 0; i <= steps; i++) xs.push(lo + ((hi - lo) * i) / steps);
    const eps = (hi - lo) * 1e-9;
    const breaks = (input.breaks ?? []).filter((b) => b > lo && b < hi);
    const points = [...xs.filter((v) => !breaks.some((b) => Math.abs(v - b) <= eps)).map((v) => [v, v] as const)];
    for (const b of breaks) points.push([b - eps, b - eps], [b + eps, b + eps]);
    points.sort((p, q) => p[0] - q[0]);
    for (const [at] of points) {
      const y = input.pdf(at);
      if (Number.isFinite(y)) curve.push([at, y]);
      else if (y === Infinity) curve.push([at, Number.MAX_VALUE]);
    }
  }

  // y range: the bars and the curve, but a curve that blows up (an arcsine
  // density at its ends) does not flatten the bars.
  const maxBar = Math.max(0, ...densities);
  const maxCurve = curve.reduce((m, [, y]) => Math.max(m, y), 0);
  let yMax: number;
  if (discrete) yMax = Math.min(1, 1.15 * Math.max(...atoms.map((a) => Math.max(a.probability, (atomCounts.get(a.value) ?? 0) / Math.max(1, n)))));
  else yMax = 1.1 * Math.max(maxBar, maxBar > 0 ? Math.min(maxCurve, 1.5 * maxBar) : maxCurve);
  if (!(yMax > 0)) yMax = 1;
  const yTicks = niceTicks(0, yMax, 5);
  if (yTicks.length > 1 && yTicks[yTicks.length - 1] < yMax) {
    const step = yTicks[1] - yTicks[0];
    yTicks.push(Number((yTicks[yTicks.length - 1] + step).toPrecision(12)));
  }
  yMax = Math.max(yMax, yTicks[yTicks.length - 1]);
  const y = (v: number) => top + plotH - (Math.min(v, yMax * 10) / yMax) * plotH;

  const parts: string[] = [];
  const push = (s: string) => parts.push(s);
  push('<?xml version="1.0" encoding="UTF-8"?>');
  push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
  );
  push(`<title>${escapeXml(input.title)}</title>`);
  if (subtitle.length > 0) push(`<desc>${escapeXml(subtitle.join(' '))}</desc>`);
  push(`<defs><clipPath id="plot-area"><rect x="${c(left)}" y="${c(top)}" width="${c(plotW)}" height="${c(plotH)}"/></clipPath></defs>`);
  push(`<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  push(`<text class="title" x="${c(width / 2)}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(input.title)}</text>`);
  subtitle.forEach((line, i) => {
    push(`<text class="formula" x="${c(width / 2)}" y="${c(48 + 17 * i)}" text-anchor="middle" font-size="12.5">${escapeXml(line)}</text>`);
  });

  // Grid lines under everything.
  push('<g class="grid" stroke="#e6e6e6" stroke-width="1">');
  for (const t of yTicks) push(`<line x1="${c(left)}" y1="${c(y(t))}" x2="${c(left + plotW)}" y2="${c(y(t))}"/>`);
  push('</g>');

  if (!discrete) {
    push('<g class="bars" fill="#9ecae1" stroke="#3d85c6" stroke-width="0.5">');
    densities.forEach((dens, i) => {
      const x0 = x(binLo + i * binWidth);
      const x1 = x(binLo + (i + 1) * binWidth);
      const yTop = y(Math.min(dens, yMax));
      push(`<rect class="bar" x="${c(x0)}" y="${c(yTop)}" width="${c(x1 - x0)}" height="${c(top + plotH - yTop)}"/>`);
    });
    push('</g>');
  }

  if (atoms.length > 0) {
    push('<g class="atoms" font-size="11">');
    for (const a of atoms) {
      if (!(a.value >= lo && a.value <= hi)) continue;
      const observed = (atomCounts.get(a.value) ?? 0) / Math.max(1, n);
      const ax = x(a.value);
      const label = `P(X = ${tickLabel(a.value)}) = ${tickLabel(Number(a.probability.toPrecision(5)))}, sample ${tickLabel(Number(observed.toPrecision(5)))}`;
      // Labels near the right edge go on the left of their stem.
      const onLeft = ax > left + plotW * 0.6;
      const anchor = onLeft ? ' text-anchor="end"' : '';
      if (discrete) {
        const barW = Math.max(4, plotW / 60);
        const yObs = y(observed);
        push(`<rect class="bar" x="${c(ax - barW / 2)}" y="${c(yObs)}" width="${c(barW)}" height="${c(top + plotH - yObs)}" fill="#9ecae1" stroke="#3d85c6"/>`);
        push(`<circle class="atom" cx="${c(ax)}" cy="${c(y(a.probability))}" r="4" fill="#d62728"/>`);
        push(`<text x="${c(onLeft ? ax - barW : ax + barW)}" y="${c(Math.max(top + 12, y(a.probability) - 6))}" fill="#d62728"${anchor}>${escapeXml(label)}</text>`);
      } else {
        push(`<line class="atom" x1="${c(ax)}" y1="${c(top + plotH)}" x2="${c(ax)}" y2="${c(top + 4)}" stroke="#d62728" stroke-width="2"/>`);
        push(`<path d="M${c(ax - 5)},${c(top + 12)} L${c(ax)},${c(top + 2)} L${c(ax + 5)},${c(top + 12)} Z" fill="#d62728"/>`);
        push(`<text x="${c(onLeft ? ax - 8 : ax + 8)}" y="${c(top + 14)}" fill="#d62728"${anchor}>${escapeXml(`point mass ${label}`)}</text>`);
      }
    }
    push('</g>');
  }

  if (curve.length > 1) {
    const d = curve.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${c(x(px))},${c(y(py))}`).join(' ');
    push(`<path class="pdf" d="${d}" fill="none" stroke="#d62728" stroke-width="2" stroke-linejoin="round" clip-path="url(#plot-area)"/>`);
  }

  // Axes with ticks and labels.
  const xTicks = niceTicks(lo, hi, 8);
  push('<g class="axis x-axis" stroke="#222222" stroke-width="1">');
  push(`<line x1="${c(left)}" y1="${c(top + plotH)}" x2="${c(left + plotW)}" y2="${c(top + plotH)}"/>`);
  for (const t of xTicks) {
    push(`<line x1="${c(x(t))}" y1="${c(top + plotH)}" x2="${c(x(t))}" y2="${c(top + plotH + 5)}"/>`);
    push(`<text x="${c(x(t))}" y="${c(top + plotH + 18)}" text-anchor="middle" stroke="none" fill="#222222">${escapeXml(tickLabel(t))}</text>`);
  }
  push(`<text class="label" x="${c(left + plotW / 2)}" y="${c(top + plotH + 40)}" text-anchor="middle" stroke="none" fill="#222222" font-size="13">${escapeXml(input.xLabel ?? 'x')}</text>`);
  push('</g>');
  push('<g class="axis y-axis" stroke="#222222" stroke-width="1">');
  push(`<line x1="${c(left)}" y1="${c(top)}" x2="${c(left)}" y2="${c(top + plotH)}"/>`);
  for (const t of yTicks) {
    push(`<line x1="${c(left - 5)}" y1="${c(y(t))}" x2="${c(left)}" y2="${c(y(t))}"/>`);
    push(`<text x="${c(left - 8)}" y="${c(y(t) + 4)}" text-anchor="end" stroke="none" fill="#222222">${escapeXml(tickLabel(t))}</text>`);
  }
  const yLabel = input.yLabel ?? (discrete ? 'probability' : 'density');
  push(
    `<text class="label" x="${c(20)}" y="${c(top + plotH / 2)}" text-anchor="middle" stroke="none" fill="#222222" font-size="13" ` +
      `transform="rotate(-90 ${c(20)} ${c(top + plotH / 2)})">${escapeXml(yLabel)}</text>`,
  );
  push('</g>');

  // Legend: one row above the plot area, right-aligned, so it never covers data.
  const lx = left + plotW - 420;
  const ly = legendY;
  push('<g class="legend" font-size="11">');
  push(`<rect x="${c(lx)}" y="${c(ly + 1)}" width="18" height="10" fill="#9ecae1" stroke="#3d85c6" stroke-width="0.5"/>`);
  push(`<text x="${c(lx + 24)}" y="${c(ly + 10)}">${discrete ? 'sample frequency' : `sample histogram (${bins} bins, density)`}</text>`);
  if (discrete) push(`<circle cx="${c(lx + 239)}" cy="${c(ly + 6)}" r="4" fill="#d62728"/>`);
  else push(`<line x1="${c(lx + 230)}" y1="${c(ly + 6)}" x2="${c(lx + 248)}" y2="${c(ly + 6)}" stroke="#d62728" stroke-width="2"/>`);
  push(`<text x="${c(lx + 254)}" y="${c(ly + 10)}">${discrete ? 'exact probability' : 'exact density f(x)'}</text>`);
  push('</g>');

  caption.forEach((line, i) => {
    const cy = height - 12 - 14 * (caption.length - 1 - i);
    push(`<text class="caption" x="${c(width / 2)}" y="${c(cy)}" text-anchor="middle" font-size="11" fill="#555555">${escapeXml(line)}</text>`);
  });
  push('</svg>');
  return `${parts.join('\n')}\n`;
}
