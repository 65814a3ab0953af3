/**
 * Argument validation shared by every public function.
 *
 * One rule, after sharp's `lib/is` and better-sqlite3: a wrong *type* is a
 * TypeError, a value of the right type but outside the accepted range is a
 * RangeError, and every message names the argument, what was expected and
 * what was received:
 *
 *   Expected a positive integer for shape[1] but received -3 (number)
 */

// Only for telling a Proxy apart in messages (no language feature can); the browser build maps
// node:util to lib/browser/host/util.ts.
import { types } from 'node:util';

// The engine's own getters of %TypedArray%.prototype: an own `length` property
// (or a subclass's getter) cannot make them lie, and they throw for a Proxy.
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const intrinsicLength = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'length')!.get!;
const intrinsicBuffer = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'buffer')!.get!;
// ArrayBuffer's own byteLength getter throws for anything but an ArrayBuffer (a SharedArrayBuffer included).
const intrinsicByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;

/** Whether the engine calls `value` a typed array: false for a Proxy of one, a DataView, a look-alike. */
export function isTypedArray(value: unknown): value is ArrayBufferView {
  try {
    intrinsicLength.call(value);
    return true;
  } catch {
    return false;
  }
}

function isArrayBuffer(value: unknown): boolean {
  try {
    intrinsicByteLength.call(value);
    return true;
  } catch {
    return false;
  }
}

/** The element count of a typed array as the engine knows it (0 when its buffer is detached). */
export function typedArrayLength(view: ArrayBufferView): number {
  return intrinsicLength.call(view) as number;
}

/**
 * Whether a typed array's buffer has been detached (transferred or
 * structuredClone'd away). Node 20 has no `ArrayBuffer.prototype.detached`;
 * `slice` throws a TypeError on exactly the detached buffers (ECMA-262
 * ArrayBuffer.prototype.slice, step 5). A SharedArrayBuffer never detaches.
 */
export function isDetached(view: ArrayBufferView): boolean {
  const buffer = intrinsicBuffer.call(view) as ArrayBufferLike;
  if (!isArrayBuffer(buffer)) return false;
  try {
    ArrayBuffer.prototype.slice.call(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/** Renders a received value for an error message: the value itself and its type. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
      return `${Object.is(value, -0) ? '-0' : String(value)} (number)`;
    case 'bigint':
      return `${value}n (bigint)`;
    case 'string': {
      const text = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `${JSON.stringify(text)} (string)`;
    }
    case 'boolean':
      return `${value} (boolean)`;
    case 'symbol':
      return `${String(value)} (symbol)`;
    case 'function':
      return `a function`;
    default: {
      // Before Array.isArray, which throws for a revoked Proxy.
      if (types.isProxy(value)) return 'a Proxy';
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      const name = safeConstructorName(value);
      if (isTypedArray(value)) {
        if (isDetached(value)) return `${article(name)} ${name} with a detached buffer`;
        return `${article(name)} ${name} of length ${typedArrayLength(value)}`;
      }
      if (ArrayBuffer.isView(value)) return `${article(name)} ${name}`;
      return name === 'Object' ? 'an object' : `${article(name)} ${name}`;
    }
  }
}

function safeConstructorName(value: object): string {
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'Object';
  } catch {
    return 'Object';
  }
}

/** "an" before a vowel sound ("an Int16Array", "an ArrayBuffer"), else "a" ("a Uint16Array"). */
function article(word: string): string {
  return /^[AEIOaeio]/.test(word) ? 'an' : 'a';
}

/** The message format used by every validation error. */
export function expectedMessage(expected: string, name: string, value: unknown): string {
  return `Expected ${expected} for ${name} but received ${describeValue(value)}`;
}

/** A validation error's data: the argument, what was expected, what was received. */
export interface ArgumentProblem {
  argument: string;
  expected: string;
  received: unknown;
}

/** The data behind the errors typeError/rangeError made (kept beside them, not on them). */
const PROBLEMS = new WeakMap<Error, ArgumentProblem>();

/**
 * The argument problem an error of typeError/rangeError carries, so that a caller that knows
 * the argument by another name (a command-line flag) can word it once with expectedMessage.
 */
export function argumentProblem(error: unknown): ArgumentProblem | undefined {
  return error instanceof Error ? PROBLEMS.get(error) : undefined;
}

export function typeError(expected: string, name: string, value: unknown): TypeError {
  const error = new TypeError(expectedMessage(expected, name, value));
  PROBLEMS.set(error, { argument: name, expected, received: value });
  return error;
}

export function rangeError(expected: string, name: string, value: unknown): RangeError {
  const error = new RangeError(expectedMessage(expected, name, value));
  PROBLEMS.set(error, { argument: name, expected, received: value });
  return error;
}

/** A finite number (not NaN, not ±Infinity). Booleans, strings and bigints are type errors. */
export function finiteNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw typeError('a finite number', name, value);
  if (!Number.isFinite(value)) throw rangeError('a finite number', name, value);
  return value;
}

/** A finite number strictly greater than zero. */
export function positiveNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw typeError('a positive number', name, value);
  if (!Number.isFinite(value) || !(value > 0)) throw rangeError('a positive number', name, value);
  return value;
}

/** A finite number greater than or equal to zero. */
export function nonNegativeNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw typeError('a non-negative number', name, value);
  if (!Number.isFinite(value) || !(value >= 0)) throw rangeError('a non-negative number', name, value);
  return value;
}

/** A finite number in [min, max]. */
export function numberInRange(value: unknown, name: string, min: number, max: number): number {
  const expected = `a number between ${min} and ${max}`;
  if (typeof value !== 'number') throw typeError(expected, name, value);
  if (!(value >= min && value <= max)) throw rangeError(expected, name, value);
  return value;
}

/** A safe integer in [min, max] (default: 0 … 2^53-1). */
export function integer(value: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER, expected?: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  // Worded only when refused: every call of every initializer checks integers (issue 22, the small call).
  const what = expected ?? (min === 0 && max === Number.MAX_SAFE_INTEGER ? 'a non-negative integer' : `an integer between ${min} and ${max}`);
  if (typeof value !== 'number') throw typeError(what, name, value);
  throw rangeError(what, name, value);
}

/** A safe integer ≥ 1. */
export function positiveInteger(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number {
  return integer(value, name, 1, max, 'a positive integer');
}

export function boolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw typeError('a boolean', name, value);
  return value;
}

/** One of a fixed set of strings; `caseInsensitive` lower-cases first, as PyTorch does for `mode`. */
export function oneOf<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  caseInsensitive = false,
): T {
  // The message is built only on failure: this runs on every call of every initializer.
  const expected = () => `one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
  if (typeof value !== 'string') throw typeError(expected(), name, value);
  const normal = caseInsensitive ? value.toLowerCase() : value;
  if (!(allowed as readonly string[]).includes(normal)) throw rangeError(expected(), name, value);
  return normal as T;
}

/** A plain options object (or undefined, which means `{}`). */
export function optionsObject(value: unknown, name = 'options'): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw typeError('an options object', name, value);
  }
  return value as Record<string, unknown>;
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}

/**
 * The closest known name, case-insensitively, if it is close enough to be a
 * typo: at most max(2, 40% of the name's length) edits ("nonlinerity" ->
 * "nonlinearity", but not "gain" -> "a"). Otherwise undefined.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length * 0.4)) + 1;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

/**
 * Refuses option names that the function does not know, with a suggestion:
 * `Unknown option "nonlinerity" for kaimingUniform; did you mean "nonlinearity"?`
 */
export function knownOptions(options: Record<string, unknown>, known: readonly string[] | ReadonlySet<string>, fn: string): void {
  for (const name of Object.keys(options)) {
    // A Set for the initializers' names (lib/initializers/define.ts): every call checks them.
    if (known instanceof Set ? known.has(name) : (known as readonly string[]).includes(name)) continue;
    const suggestion = closestName(name, [...known]);
    const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
    throw new RangeError(`Unknown option "${name}" for ${fn}${hint}`);
  }
}
