/**
 * The kernel's refusals (native/kernel/refusal.h) in lib/'s words, for the
 * backends that hand a refusal back as data (the WebAssembly kernel,
 * native/wasm/abi.cc). The addon words the same refusals in C++
 * (native/binding/messages.cc): the two give the same messages, which
 * test/backend.test.ts checks on every refusal the edge tests reach.
 */
import { expectedMessage } from '../core/validate';
import { DTYPE_NAMES, TRANSFORM } from './ids';

/** native/kernel/refusal.h's Problem, in order. */
export const PROBLEMS = [
  'none', 'missing', 'unknown', 'index_overflow', 'too_large', 'not_finite', 'nan', 'negative', 'not_positive', 'not_above',
  'below', 'span_not_finite', 'no_value_in_bounds', 'hopeless',
] as const;
/** native/kernel/refusal.h's Argument, in order (the names messages.cc prints). */
export const ARGUMENTS = [
  '?', 'out', 'dtype', 'transform', 'start', 'low', 'high', 'mean', 'std', 'a', 'b', 'rows', 'cols', 'gain', 'matrix',
] as const;

/** A refusal as the kernel reports it. */
export interface Refusal {
  problem: number;
  argument: number;
  value: number;
  index: bigint;
}

/** The fill a refusal is about: dtype and transform ids with the four parameters. */
export interface RefusedFill {
  dtype: number;
  transform: number;
  params: ArrayLike<number>;
}

const HOPELESS = 'almost no candidate lands inside [a, b] at this precision, as [a, b] lies too far in the tail';

function truncatedNormalError(r: RefusedFill, reason: string): RangeError {
  const p = r.params;
  return new RangeError(`Expected a and b between which the truncated normal has ${DTYPE_NAMES[r.dtype]} values but received ` +
    `a = ${p[2]}, b = ${p[3]} (mean ${p[0]}, std ${p[1]}): ${reason}`);
}

/** The error of a truncated normal fill that stalled (FillStatus::kStalled). */
export function stalledError(r: RefusedFill): RangeError {
  return truncatedNormalError(r, HOPELESS);
}

function expectation(refusal: Refusal, otherBound: number): string {
  const argument = ARGUMENTS[refusal.argument];
  switch (PROBLEMS[refusal.problem]) {
    case 'missing': return 'memory to write into';
    case 'unknown': return argument === 'dtype' ? 'an integer between 0 and 3' : 'an integer between 0 and 2';
    case 'index_overflow': return 'a start with start + length at most 2^64';
    case 'too_large': return 'rows * cols that fits in memory';
    case 'not_finite': return 'a finite number';
    case 'nan': return 'a number (not NaN)';
    case 'negative': return 'a non-negative number';
    case 'not_positive': return argument === 'rows' || argument === 'cols' ? 'a positive integer' : 'a positive number';
    case 'not_above': return `a number greater than ${argument === 'b' ? 'a' : 'low'} (${otherBound})`;
    case 'below': return `a number greater than or equal to low (${otherBound})`;
    case 'span_not_finite': return 'a bound with a finite high \u2212 low';
    default: return '?';
  }
}

function expectedError(refusal: Refusal, otherBound: number): RangeError {
  let name: string = ARGUMENTS[refusal.argument] ?? '?';
  if (name === 'matrix' && PROBLEMS[refusal.problem] === 'not_finite') name += `[${refusal.index}]`;
  const value = PROBLEMS[refusal.problem] === 'missing' ? null : refusal.value;
  return new RangeError(expectedMessage(expectation(refusal, otherBound), name, value));
}

/** A fill's refusal as an error (messages.cc, refusal_error with a FillRequest). */
export function fillRefusalError(refusal: Refusal, r: RefusedFill): RangeError {
  const problem = PROBLEMS[refusal.problem];
  const p = r.params;
  if (problem === 'no_value_in_bounds' && r.transform === TRANSFORM.uniform) {
    return new RangeError(`Expected low and high between which uniform has ${DTYPE_NAMES[r.dtype]} values but received ` +
      `low = ${p[0]}, high = ${p[1]}: no finite value of the output dtype lies in [low, high)`);
  }
  if (problem === 'no_value_in_bounds') {
    // An infinite bound puts ±∞ itself in [a, b], but never a value worth drawing.
    const infinite = !Number.isFinite(p[2]!) || !Number.isFinite(p[3]!);
    return truncatedNormalError(r, infinite ? 'no finite value of the output dtype lies in [a, b]' : 'no value of the output dtype lies in [a, b]');
  }
  if (problem === 'hopeless') return stalledError(r);
  return expectedError(refusal, r.transform === TRANSFORM.truncated_normal ? p[2]! : p[0]!);
}

/** An orthogonalize refusal as an error (messages.cc, refusal_error without a request). */
export function matrixRefusalError(refusal: Refusal): RangeError {
  return expectedError(refusal, 0);
}
