/**
 * Turning command-line strings into the option objects the library takes.
 *
 * Commander parses the command line; these functions convert its strings,
 * strictly: "1x", "", "0x10" and "1e" are refused rather than read as 1, 16
 * or NaN (JavaScript's Number() and parseFloat() accept several of those).
 * Every refusal is a {@link UsageError} whose message follows lib/core/validate.ts:
 *
 *   Expected a number for --gain but received "1x" (string)
 */
import { randomBytes } from 'node:crypto';
import type { DType } from '../core/dtype';
import { MAX_U64 } from '../core/stream';
import { expectedMessage } from '../core/validate';

/** A bad command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function usage(expected: string, flag: string, text: string): UsageError {
  return new UsageError(expectedMessage(expected, flag, text));
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/** A decimal number ("0.5", "-2", "1e-3", "inf"); anything else is refused. */
export function parseNumber(text: string, flag: string): number {
  const t = text.trim();
  const inf = INFINITY.exec(t);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  if (!DECIMAL.test(t)) throw usage('a number', flag, text);
  const value = Number(t);
  if (!Number.isFinite(value)) throw usage('a number within the double range', flag, text);
  return value;
}

/** A non-negative decimal integer ("0", "42"), at most `max`. */
export function parseInteger(text: string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const expected = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
  if (!/^\d+$/.test(text.trim())) throw usage(expected, flag, text);
  const value = Number(text.trim());
  if (!Number.isSafeInteger(value) || value < min) throw usage(expected, flag, text);
  if (value > max) throw usage(`an integer between ${min} and ${max}`, flag, text);
  return value;
}

/** A shape: "256,128,3,3" or "[256, 128, 3, 3]"; "" or "[]" is the scalar shape. */
export function parseShape(text: string, flag = '--shape'): number[] {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1).trim();
  if (t === '') return [];
  const parts = t.split(/\s*,\s*/);
  if (!parts.every((p) => /^\d+$/.test(p))) throw usage('a comma-separated list of non-negative integers (e.g. 256,128,3,3)', flag, text);
  return parts.map((p) => {
    const value = Number(p);
    if (!Number.isSafeInteger(value)) throw usage('dimensions below 2^53', flag, text);
    return value;
  });
}


/** An unsigned 64-bit seed in decimal (or 0x… hex). */
export function parseSeed(text: string, flag = '--seed'): bigint {
  const t = text.trim();
  if (!/^(?:\d+|0[xX][0-9a-fA-F]+)$/.test(t)) throw usage('an unsigned 64-bit integer', flag, text);
  const value = BigInt(t);
  if (value > MAX_U64) throw usage('an unsigned 64-bit integer', flag, text);
  return value;
}

/** A stream key: an unsigned 64-bit integer, or any other text (hashed with FNV-1a by the library). */
export function parseKey(text: string): bigint | string {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const value = BigInt(t);
    if (value <= MAX_U64) return value;
  }
  return text;
}

/** A seed from the operating system's entropy, printed so the run can be repeated. */
export function randomSeed(): bigint {
  // 53 bits, so that the seed printed is also a plain JS number for the API.
  return randomBytes(8).readBigUInt64LE(0) >> 11n;
}

export const DTYPE_CHOICES: readonly DType[] = ['float32', 'float64', 'bfloat16', 'float16'];

export function parseDType(text: string, flag = '--dtype'): DType {
  const aliases: Record<string, DType> = { f32: 'float32', f64: 'float64', bf16: 'bfloat16', f16: 'float16', half: 'float16', double: 'float64', float: 'float32' };
  const t = text.trim().toLowerCase();
  const dtype = (DTYPE_CHOICES as readonly string[]).includes(t) ? (t as DType) : aliases[t];
  if (dtype === undefined) throw usage(`one of ${DTYPE_CHOICES.map((d) => `"${d}"`).join(', ')}`, flag, text);
  return dtype;
}

/**
 * The rule options a command line can give, each converted to what the
 * library takes. The library then refuses the ones the chosen initializer
 * does not have ("Unknown option "gain" for kaimingNormal; …").
 */
export const INIT_OPTIONS = [
  { flag: '--a <number>', key: 'a', kind: 'number-or-none', help: 'kaiming_*: negative slope of the leaky ReLU ("none" = PyTorch a=None); trunc_normal: lower bound' },
  { flag: '--b <number>', key: 'b', kind: 'number', help: 'trunc_normal: upper bound' },
  { flag: '--mode <mode>', key: 'mode', kind: 'string', help: 'fan_in or fan_out (kaiming_*); fan_avg too for variance_scaling' },
  { flag: '--nonlinearity <name>', key: 'nonlinearity', kind: 'string', help: 'kaiming_*: relu, leaky_relu, tanh, selu, sigmoid, linear, conv2d, …' },
  { flag: '--gain <number>', key: 'gain', kind: 'number', help: 'xavier_*, orthogonal: scaling factor' },
  { flag: '--low <number>', key: 'low', kind: 'number', help: 'uniform: lower bound' },
  { flag: '--high <number>', key: 'high', kind: 'number', help: 'uniform: upper bound' },
  { flag: '--mean <number>', key: 'mean', kind: 'number', help: 'normal, trunc_normal: mean' },
  { flag: '--std <number>', key: 'std', kind: 'number', help: 'normal, trunc_normal, sparse: standard deviation' },
  { flag: '--value <number>', key: 'value', kind: 'number', help: 'constant: the value' },
  { flag: '--scale <number>', key: 'scale', kind: 'number', help: 'variance_scaling: scale' },
  { flag: '--distribution <name>', key: 'distribution', kind: 'string', help: 'variance_scaling: truncated_normal, untruncated_normal or uniform' },
  { flag: '--sparsity <number>', key: 'sparsity', kind: 'number', help: 'sparse: fraction of zeros per column' },
  { flag: '--groups <n>', key: 'groups', kind: 'integer', help: 'dirac: number of groups' },
  { flag: '--layout <layout>', key: 'layout', kind: 'string', help: 'torch (out, in, *kernel) or keras (*kernel, in, out)' },
] as const;

/** Builds the options object of init()/describe() from Commander's parsed option strings. */
export function initOptionsFrom(parsed: Record<string, unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const spec of INIT_OPTIONS) {
    const text = parsed[spec.key];
    if (text === undefined) continue;
    const flag = `--${spec.key}`;
    const s = String(text);
    switch (spec.kind) {
      case 'number':
        options[spec.key] = parseNumber(s, flag);
        break;
      case 'number-or-none':
        options[spec.key] = /^none$/i.test(s.trim()) ? null : parseNumber(s, flag);
        break;
      case 'integer':
        options[spec.key] = parseInteger(s, flag);
        break;
      case 'string':
        options[spec.key] = s;
        break;
    }
  }
  return options;
}

/** The options as the user would write them in code: `{ nonlinearity: 'relu' }`. */
export function formatOptions(options: Record<string, unknown>): string {
  const entries = Object.entries(options);
  if (entries.length === 0) return '{}';
  // Object.is: String(-0) is "0", and the line must name the value the file holds.
  const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v));
  return `{ ${entries.map(([k, v]) => `${k}: ${show(v)}`).join(', ')} }`;
}
