// The raw binding refuses what it cannot handle, even when called directly.
import { expect } from 'chai';
import { native } from '../lib/native';

const P = Float64Array.of(0, 1, 0, 0);

describe('native binding validation', () => {
  const b = native();
  const cases: [string, () => unknown, ErrorConstructor, string][] = [
    ['too few arguments', () => (b.fill as Function)(null, 1), RangeError, 'Expected 9 arguments'],
    ['a seed that is a number', () => b.fill(null, 4, 0, 0, 1 as never, 0n, 0, P, 1), TypeError, 'Expected a bigint for seed'],
    ['a negative seed', () => b.fill(null, 4, 0, 0, -1n, 0n, 0, P, 1), RangeError, 'Expected a bigint between 0 and 2^64-1 for seed'],
    ['a seed of 2^64', () => b.fill(null, 4, 0, 0, 1n << 64n, 0n, 0, P, 1), RangeError, 'Expected a bigint between 0 and 2^64-1 for seed'],
    ['an unknown dtype', () => b.fill(null, 4, 9, 0, 0n, 0n, 0, P, 1), RangeError, 'Expected an integer in range for dtype'],
    ['a fractional length', () => b.fill(null, 4.5, 0, 0, 0n, 0n, 0, P, 1), RangeError, 'Expected an integer in range for length'],
    ['a wrong out type', () => b.fill(new Float64Array(4), 4, 0, 0, 0n, 0n, 0, P, 1), TypeError, 'The typed array type of out does not match dtype'],
    ['a lying length', () => b.fill(new Float32Array(3), 4, 0, 0, 0n, 0n, 0, P, 1), RangeError, 'The length of out does not match length'],
    ['short params', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, new Float64Array(3), 1), TypeError, 'Expected a Float64Array of 4 parameters'],
    ['low >= high', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, Float64Array.of(1, 1, 0, 0), 1), RangeError, 'low must be less than high'],
    ['zero threads', () => b.fill(null, 4, 0, 0, 0n, 0n, 0, P, 0), RangeError, 'Expected an integer in range for threads'],
    ['a non-shared cancel flag', () => b.fillAsync(null, 4, 0, 0, 0n, 0n, 0, P, 1, new Int32Array(1)), TypeError,
      'Expected an Int32Array over a SharedArrayBuffer for cancel'],
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
    it(`refuses ${name}`, () => expect(call).to.throw(type, message));
  }

  it('refuses a detached out', () => {
    const out = new Float32Array(4);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    expect(() => b.fill(out, 0, 0, 0, 0n, 0n, 0, P, 1)).to.throw(TypeError, 'The buffer of out is detached');
  });
});
