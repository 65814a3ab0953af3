// The raw binding refuses what it cannot handle, even when called directly.
import { expect } from 'chai';
import { native } from '../lib/sampling/native';
import { describeValue } from '../lib/core/validate';

const P = Float64Array.of(0, 1, 0, 0);

describe('native binding validation', () => {
  const b = native();
  // Messages in lib/'s format: "Expected <what> for <argument> but received <value described>".
  const cases: [string, () => unknown, ErrorConstructor, string][] = [
    ['too few arguments', () => (b.fill as Function)(null, 1), RangeError, 'Expected 9 arguments but received 2'],
    ['a seed that is a number', () => b.fill(null, 4, 0, 0, 1 as never, 0n, 0, P, 1), TypeError,
      'Expected a bigint for seed but received 1 (number)'],
    ['a negative seed', () => b.fill(null, 4, 0, 0, -1n, 0n, 0, P, 1), RangeError,
      'Expected a bigint between 0 and 2^64-1 for seed but received -1n (bigint)'],
    ['a seed of 2^64', () => b.fill(null, 4, 0, 0, 1n << 64n, 0n, 0, P, 1), RangeError,
      'Expected a bigint between 0 and 2^64-1 for seed but received 18446744073709551616n (bigint)'],
    ['a key that is a string', () => b.fill(null, 4, 0, 0, 0n, 'k\u00e9y "q"' as never, 0, P, 1), TypeError,
      'Expected a bigint for key but received "kéy \\"q\\"" (string)'],
    ['an unknown dtype', () => b.fill(null, 4, 9, 0, 0n, 0n, 0, P, 1), RangeError,
      'Expected an integer between 0 and 3 for dtype but received 9 (number)'],
    ['a dtype of -0.5', () => b.fill(null, 4, -0.5, 0, 0n, 0n, 0, P, 1), RangeError,
      'Expected an integer between 0 and 3 for dtype but received -0.5 (number)'],
    ['a transform of null', () => b.fill(null, 4, 0, null as never, 0n, 0n, 0, P, 1), TypeError,
      'Expected a number for transform but received null'],
    ['a fractional length', () => b.fill(null, 4.5, 0, 0, 0n, 0n, 0, P, 1), RangeError,
      'Expected an integer between 0 and 9007199254740991 for length but received 4.5 (number)'],
    ['a wrong out type', () => b.fill(new Float64Array(4), 4, 0, 0, 0n, 0n, 0, P, 1), TypeError,
      'Expected a Float32Array (dtype float32) for out but received a Float64Array of length 4'],
    ['an out that is no typed array', () => b.fill([1, 2] as never, 2, 0, 0, 0n, 0n, 0, P, 1), TypeError,
      'Expected a typed array or null for out but received an array of length 2'],
    ['a lying length', () => b.fill(new Float32Array(3), 4, 0, 0, 0n, 0n, 0, P, 1), RangeError,
      'Expected a Float32Array of length 4 for out but received a Float32Array of length 3'],
    ['short params', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, new Float64Array(3), 1), TypeError,
      'Expected a Float64Array of length 4 for params but received a Float64Array of length 3'],
    ['params in a DataView', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, new DataView(new ArrayBuffer(32)) as never, 1), TypeError,
      'Expected a Float64Array of length 4 for params but received a DataView'],
    ['low > high', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, Float64Array.of(2, 1, 0, 0), 1), RangeError,
      'Expected a number greater than or equal to low (2) for high but received 1 (number)'],
    // The kernel's other refusals (native/kernel/refusal.h), worded by the binding as lib/ words them.
    ['a NaN low', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, Float64Array.of(NaN, 1, 0, 0), 1), RangeError,
      'Expected a finite number for low but received NaN (number)'],
    ['an infinite high', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, Float64Array.of(0, Infinity, 0, 0), 1), RangeError,
      'Expected a finite number for high but received Infinity (number)'],
    ['an overflowing high − low', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, Float64Array.of(-1e308, 1e308, 0, 0), 1), RangeError,
      'Expected a bound with a finite high \u2212 low for high but received 1e+308 (number)'],
    ['a negative normal std', () => b.fill(null, 4, 0, 1, 0n, 0n, 0, Float64Array.of(0, -0.5, 0, 0), 1), RangeError,
      'Expected a non-negative number for std but received -0.5 (number)'],
    ['an infinite mean', () => b.fill(null, 4, 0, 1, 0n, 0n, 0, Float64Array.of(-Infinity, 1, 0, 0), 1), RangeError,
      'Expected a finite number for mean but received -Infinity (number)'],
    ['a truncated normal std of -0', () => b.fill(null, 4, 0, 2, 0n, 0n, 0, Float64Array.of(0, -0, -1, 1), 1), RangeError,
      'Expected a positive number for std but received -0 (number)'],
    ['a NaN b', () => b.fill(null, 4, 0, 2, 0n, 0n, 0, Float64Array.of(0, 1, -1, NaN), 1), RangeError,
      'Expected a number (not NaN) for b but received NaN (number)'],
    ['b <= a', () => b.fill(null, 4, 0, 2, 0n, 0n, 0, Float64Array.of(0, 1, 2, -2), 1), RangeError,
      'Expected a number greater than a (2) for b but received -2 (number)'],
    ['an infinite gain', () => b.orthogonalize(new Float64Array(4).fill(1), 2, 2, Infinity, 1, false), RangeError,
      'Expected a finite number for gain but received Infinity (number)'],
    ['a matrix with a NaN', () => b.orthogonalize(Float64Array.of(1, 2, NaN, 4), 2, 2, 1, 1, false), RangeError,
      'Expected a finite number for matrix[2] but received NaN (number)'],
    ['zero threads', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, P, 0), RangeError,
      'Expected an integer between 1 and 1024 for threads but received 0 (number)'],
    ['threads of -0', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, P, -0), RangeError,
      'Expected an integer between 1 and 1024 for threads but received -0 (number)'],
    ['a non-shared cancel flag', () => b.fillAsync(null, 4, 0, 0, 0n, 0n, 0, P, 1, new Int32Array(1)), TypeError,
      'Expected an Int32Array over a SharedArrayBuffer for cancel but received an Int32Array of length 1'],
    ['a matrix that is no Float64Array', () => b.orthogonalize(new Float32Array(4) as never, 2, 2, 1, 1, false), TypeError,
      'Expected a Float64Array for matrix but received a Float32Array of length 4'],
    ['a matrix of the wrong length', () => b.orthogonalize(new Float64Array(5), 2, 3, 1, 1, false), RangeError,
      'Expected a Float64Array of length rows * cols = 6 for matrix but received a Float64Array of length 5'],
    ['a gain that is a boolean', () => b.orthogonalize(new Float64Array(4), 2, 2, true as never, 1, false), TypeError,
      'Expected a number for gain but received true (boolean)'],
    ['a cancel flag on a sync call', () => (b.orthogonalize as Function)(new Float64Array(4), 2, 2, 1, 1, false, new Int32Array(1)), TypeError,
      'Expected undefined (a sync call cannot be cancelled) for cancel but received an Int32Array of length 1'],
    // Issue 7: above 2^32 bytes Node 20 cannot hand a new tensor to JS (it double-frees); refused before allocating.
    ['a new tensor beyond 2^32 bytes', () => b.fill(null, 2 ** 29 + 1, 1, 0, 0n, 0n, 0, P, 1), RangeError,
      'Expected a length of at most 536870912 for a new tensor of this dtype but received 536870913'],
    ['a huge length', () => b.fill(null, 2 ** 53 - 1, 2, 0, 0n, 0n, 0, P, 1), RangeError,
      'Expected a length of at most 2147483648 for a new tensor of this dtype but received 9007199254740991'],
    // Issue 7: rejection that would never keep a candidate ends with an error instead of a hang.
    ['a truncated normal far in the tail', () => b.fill(null, 4, 0, 2, 0n, 0n, 0, Float64Array.of(0, 1, 1000000.01, 1000001), 1),
      RangeError, 'Expected a and b between which the truncated normal has float32 values but received a = 1000000.01, b = 1000001 ' +
      '(mean 0, std 1): almost no candidate lands inside [a, b] at this precision, as [a, b] lies too far in the tail'],
  ];
  for (const [name, call, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(call).to.throw(type);
      try {
        call();
      } catch (error) {
        expect((error as Error).message).to.equal(message);
      }
    });
  }

  // The binding describes values as lib/ does (except what only JS can see:
  // a Proxy, an object's class, a symbol's description).
  it('describes received values exactly as lib/core/validate.ts describeValue()', () => {
    const detached = new Float64Array(2);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const values: unknown[] = [
      undefined, null, true, false, 0, -0, 1.5, -1e21, 1e-7, NaN, Infinity, -Infinity, 2 ** 53,
      '', 'key', 'quote " and \\ backslash', 'tab\tnew\nline\u0001', 'kéy ünïcødé 漢字 🙂', 'x'.repeat(41), '🙂'.repeat(25),
      '\ud800 lone', [1, 2, 3], [], new Float32Array(3), new Uint8ClampedArray(0), new BigInt64Array(2), new Int8Array(1), detached,
      new DataView(new ArrayBuffer(8)), new ArrayBuffer(8), {}, () => 1,
    ];
    for (const value of values) {
      expect(() => b.fill(null, 4, 0, 0, 0n, value as never, 0, P, 1)).to.throw(`Expected a bigint for key but received ${describeValue(value)}`);
    }
    expect(values.length).to.equal(32);
  });

  it('refuses a detached out', () => {
    const out = new Float32Array(4);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    expect(() => b.fill(out, 0, 0, 0, 0n, 0n, 0, P, 1)).to.throw(TypeError,
      'Expected a Float32Array of length 0 for out but received a Float32Array with a detached buffer');
  });
});
