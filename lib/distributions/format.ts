/**
 * Number and derivation formatting for `Distribution.formula`: numbers to
 * five significant digits with a proper minus sign, the common gains as
 * symbols (√2, 5/3, 3/4, √(1/3)), and the chain of substitutions that gave
 * a scale parameter, e.g.
 *
 *   σ = gain/√fan_in = √2/√1152 ≈ 0.041667
 *
 * The derivation is only printed when the plan context reproduces the value
 * (to 1e−12 relative), so the formula never shows a rule that was not used.
 */

import type { DistributionContext, FormulaText } from './distribution';

const MINUS = '\u2212';

/** Five significant digits, Unicode minus, exponent form outside [1e−4, 1e6). */
export function num(x: number): string {
  return render(x, false);
}

/** The same number for LaTeX. */
export function numTex(x: number): string {
  return render(x, true);
}

function render(x: number, tex: boolean): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return tex ? '\\infty' : '∞';
  if (x === -Infinity) return tex ? '-\\infty' : `${MINUS}∞`;
  const sign = x < 0 || Object.is(x, -0) ? (tex ? '-' : MINUS) : '';
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (Number.isInteger(a) && a < 1e15) return sign + String(a);
  if (a >= 1e-4 && a < 1e6) return sign + trimZeros(a.toPrecision(5));
  const [mantissa, exponent] = a.toExponential(4).split('e');
  const m = trimZeros(mantissa);
  const e = Number(exponent);
  return tex ? `${sign}${m}\\times 10^{${e}}` : `${sign}${m}e${e < 0 ? MINUS : ''}${Math.abs(e)}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** `=` when the rendered number is the exact value, `≈` otherwise. */
export function approx(x: number): string {
  return String(Number(num(x).replaceAll(MINUS, '-'))) === String(x) ? '=' : '≈';
}

/** {@link approx} for LaTeX: `=` or `\\approx`. */
export function approxTex(x: number): string {
  return approx(x) === '=' ? '=' : '\\approx';
}

interface Symbolic {
  value: number;
  text: string;
  latex: string;
}

/** Gains that PyTorch's calculate_gain produces, with their exact form. */
const KNOWN_GAINS: readonly Symbolic[] = [
  { value: 1, text: '1', latex: '1' },
  { value: Math.SQRT2, text: '√2', latex: '\\sqrt{2}' },
  { value: 5 / 3, text: '5/3', latex: '\\tfrac{5}{3}' },
  { value: 3 / 4, text: '3/4', latex: '\\tfrac{3}{4}' },
  { value: Math.sqrt(1 / 3), text: '√(1/3)', latex: '\\sqrt{1/3}' },
];

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.abs(b);
}

/** A gain as √2, 5/3, … when it is one of those, else its digits. */
export function gainSymbol(gain: number): Symbolic {
  for (const g of KNOWN_GAINS) if (close(gain, g.value)) return g;
  return { value: gain, text: num(gain), latex: numTex(gain) };
}

/** Which quantity the derivation explains. */
export type ScaleKind = 'std' | 'bound' | 'truncatedStd';

/** Keras's std of N(0, 1) truncated to ±2: the divisor of its truncated_normal. */
const KERAS_TRUNCATION_STD = 0.87962566103423978;

interface Candidate {
  value: number;
  text: string;
  latex: string;
}

/**
 * The derivation of σ (kind 'std'), of the uniform bound (kind 'bound') or
 * of the pre-truncation σ of Keras's truncated normal ('truncatedStd') from
 * the plan context, or undefined when no known rule reproduces `value`.
 */
export function scaleDerivation(kind: ScaleKind, value: number, ctx: DistributionContext): FormulaText | undefined {
  const candidates: Candidate[] = [];
  const fanIn = ctx.fanIn;
  const fanOut = ctx.fanOut;
  const mode = ctx.mode;
  const fanName = (m: string): [string, string] => [m, `\\mathrm{${m.replace('_', '\\_')}}`];

  // Keras VarianceScaling: n = max(1, fan) with fan by mode (fan_avg = (in + out)/2).
  if (ctx.scale !== undefined && fanIn !== undefined && fanOut !== undefined && mode !== undefined) {
    const fan = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : mode === 'fan_avg' ? (fanIn + fanOut) / 2 : NaN;
    if (Number.isFinite(fan)) {
      const n = Math.max(1, fan);
      const s = ctx.scale;
      const nText = mode === 'fan_avg' ? `(fan_in + fan_out)/2 = ${num(n)}` : `${mode} = ${num(n)}`;
      const nTex = mode === 'fan_avg' ? `\\tfrac{1}{2}(\\mathrm{fan\\_in}+\\mathrm{fan\\_out}) = ${numTex(n)}` : `${fanName(mode)[1]} = ${numTex(n)}`;
      if (kind === 'std') {
        const v = Math.sqrt(s / n);
        candidates.push({
          value: v,
          text: `σ = √(scale/n) = √(${num(s)}/${num(n)}) ${approx(value)} ${num(value)}, n = ${nText}`,
          latex: `\\sigma = \\sqrt{\\mathrm{scale}/n} = \\sqrt{${numTex(s)}/${numTex(n)}} ${approxTex(value)} ${numTex(value)},\\quad n = ${nTex}`,
        });
      } else if (kind === 'truncatedStd') {
        const v = Math.sqrt(s / n) / KERAS_TRUNCATION_STD;
        candidates.push({
          value: v,
          text: `σ = √(scale/n)/0.87962566103423978 = √(${num(s)}/${num(n)})/0.87963 ${approx(value)} ${num(value)}, n = ${nText} (0.8796… is the std of N(0, 1) truncated to ±2, so the truncated law has std √(scale/n))`,
          latex: `\\sigma = \\frac{\\sqrt{\\mathrm{scale}/n}}{0.87962566103423978} = \\frac{\\sqrt{${numTex(s)}/${numTex(n)}}}{0.87963} ${approxTex(value)} ${numTex(value)},\\quad n = ${nTex}`,
        });
      } else {
        const v = Math.sqrt((3 * s) / n);
        candidates.push({
          value: v,
          text: `bound = √(3·scale/n) = √(3·${num(s)}/${num(n)}) ${approx(value)} ${num(value)}, n = ${nText}`,
          latex: `\\mathrm{bound} = \\sqrt{3\\,\\mathrm{scale}/n} = \\sqrt{3\\cdot ${numTex(s)}/${numTex(n)}} ${approxTex(value)} ${numTex(value)},\\quad n = ${nTex}`,
        });
      }
    }
  }

  if (ctx.gain !== undefined && kind !== 'truncatedStd') {
    const g = gainSymbol(ctx.gain);
    // He et al. (2015): σ = gain/√fan with fan = fan_in or fan_out.
    if ((mode === 'fan_in' || mode === 'fan_out') && (mode === 'fan_in' ? fanIn : fanOut) !== undefined) {
      const fan = (mode === 'fan_in' ? fanIn : fanOut) as number;
      const [fn, fnTex] = fanName(mode);
      const std = ctx.gain / Math.sqrt(fan);
      if (kind === 'std') {
        candidates.push({
          value: std,
          text: `σ = gain/√${fn} = ${g.text}/√${num(fan)} ${approx(value)} ${num(value)}`,
          latex: `\\sigma = \\frac{\\mathrm{gain}}{\\sqrt{${fnTex}}} = \\frac{${g.latex}}{\\sqrt{${numTex(fan)}}} ${approxTex(value)} ${numTex(value)}`,
        });
      } else {
        candidates.push({
          value: Math.sqrt(3) * std,
          text: `bound = √3·σ = √3·gain/√${fn} = √3·${g.text}/√${num(fan)} ${approx(value)} ${num(value)}`,
          latex: `\\mathrm{bound} = \\sqrt{3}\\,\\sigma = \\frac{\\sqrt{3}\\,\\mathrm{gain}}{\\sqrt{${fnTex}}} = \\frac{\\sqrt{3}\\cdot ${g.latex}}{\\sqrt{${numTex(fan)}}} ${approxTex(value)} ${numTex(value)}`,
        });
      }
    }
    // Glorot & Bengio (2010): σ = gain·√(2/(fan_in + fan_out)).
    if (fanIn !== undefined && fanOut !== undefined) {
      const std = ctx.gain * Math.sqrt(2 / (fanIn + fanOut));
      if (kind === 'std') {
        candidates.push({
          value: std,
          text: `σ = gain·√(2/(fan_in + fan_out)) = ${g.text}·√(2/(${num(fanIn)} + ${num(fanOut)})) ${approx(value)} ${num(value)}`,
          latex: `\\sigma = \\mathrm{gain}\\sqrt{\\frac{2}{\\mathrm{fan\\_in}+\\mathrm{fan\\_out}}} = ${g.latex}\\sqrt{\\frac{2}{${numTex(fanIn)}+${numTex(fanOut)}}} ${approxTex(value)} ${numTex(value)}`,
        });
      } else {
        candidates.push({
          value: Math.sqrt(3) * std,
          text: `bound = √3·σ = gain·√(6/(fan_in + fan_out)) = ${g.text}·√(6/(${num(fanIn)} + ${num(fanOut)})) ${approx(value)} ${num(value)}`,
          latex: `\\mathrm{bound} = \\sqrt{3}\\,\\sigma = \\mathrm{gain}\\sqrt{\\frac{6}{\\mathrm{fan\\_in}+\\mathrm{fan\\_out}}} = ${g.latex}\\sqrt{\\frac{6}{${numTex(fanIn)}+${numTex(fanOut)}}} ${approxTex(value)} ${numTex(value)}`,
        });
      }
    }
  }
  // PyTorch's default bias: U(±1/√fan_in).
  if (kind === 'bound' && fanIn !== undefined && fanIn > 0) {
    candidates.push({
      value: 1 / Math.sqrt(fanIn),
      text: `bound = 1/√fan_in = 1/√${num(fanIn)} ${approx(value)} ${num(value)}`,
      latex: `\\mathrm{bound} = \\frac{1}{\\sqrt{\\mathrm{fan\\_in}}} = \\frac{1}{\\sqrt{${numTex(fanIn)}}} ${approxTex(value)} ${numTex(value)}`,
    });
  }
  const match = candidates.find((c) => close(value, c.value));
  return match === undefined ? undefined : { text: match.text, latex: match.latex };
}
