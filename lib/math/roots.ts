/**
 * Correctly rounded roots: x^(−1/2) and x^(1/4), the same double in every
 * JavaScript engine.
 *
 * Why: ECMA-262 (2025, §21.3.2) lets `Math.pow` and `**` be
 * "implementation-approximated", and the engines disagree in the last bit.
 * Measured on the integers 1…200,000 against CPython 3.11 on glibc 2.36
 * (`x ** -0.5`, i.e. C `pow`): Node 20's V8 differs on 21,968 of them
 * (2 ** -0.5 among them), Bun 1.4's JavaScriptCore, which returns
 * 1/√x, on 51,531; the correctly rounded value differs on 188 (glibc's pow
 * since 2.28 is accurate to 0.52 ulp, not correctly rounded; older glibc,
 * whose pow was correctly rounded, gives exactly the values below). `+ − × ÷`
 * and `Math.sqrt` are correctly rounded by IEEE 754 in every engine; these
 * two routines add the roots that kaiming's recipes need (`dim ** -0.5`,
 * `math.pow(8N, 0.25)`), exact to the nearest double.
 *
 * How: an estimate built from `Math.sqrt` is within 2 ulp; the nearest double
 * is then found by deciding, in exact integer arithmetic (BigInt), on which
 * side of the midpoint between two neighbouring doubles the true root lies.
 * No tie is possible: a midpoint has 54 significant bits, so its square or
 * fourth power is never a double (or the reciprocal of one).
 */

import { rangeError, typeError } from '../core/validate';

/** An exact dyadic rational m·2^e with an integer m. */
interface Dyadic {
  m: bigint;
  e: number;
}

const view = new DataView(new ArrayBuffer(8));

/** The bits of a double, read through an integer view (no engine rounds them). */
function bitsOf(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function fromBits(bits: bigint): number {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

/** A finite positive double as m·2^e exactly. */
function dyadic(x: number): Dyadic {
  const bits = bitsOf(x);
  const biased = Number(bits >> 52n);
  const fraction = bits & 0xfffffffffffffn;
  return biased === 0 ? { m: fraction, e: -1074 } : { m: fraction | 0x10000000000000n, e: biased - 1075 };
}

/** The midpoint of two positive doubles, exactly. */
function midpoint(a: number, b: number): Dyadic {
  const x = dyadic(a);
  const y = dyadic(b);
  const e = Math.min(x.e, y.e);
  return { m: (x.m << BigInt(x.e - e)) + (y.m << BigInt(y.e - e)), e: e - 1 };
}

function product(a: Dyadic, b: Dyadic): Dyadic {
  return { m: a.m * b.m, e: a.e + b.e };
}

/** Sign of a − b. */
function compare(a: Dyadic, b: Dyadic): number {
  const e = Math.min(a.e, b.e);
  const am = a.m << BigInt(a.e - e);
  const bm = b.m << BigInt(b.e - e);
  return am > bm ? 1 : am < bm ? -1 : 0;
}

const ONE: Dyadic = { m: 1n, e: 0 };

/**
 * The double nearest to the root r of a positive x, from an estimate within a
 * few ulp. `above(mid)` says whether r lies above the midpoint `mid`.
 */
function nearest(estimate: number, above: (mid: Dyadic) => boolean): number {
  let y = estimate;
  for (;;) {
    const up = fromBits(bitsOf(y) + 1n);
    if (above(midpoint(y, up))) {
      y = up;
      continue;
    }
    const down = fromBits(bitsOf(y) - 1n);
    if (!above(midpoint(down, y))) {
      y = down;
      continue;
    }
    return y;
  }
}

function positiveFinite(x: unknown, name: string): number {
  if (typeof x !== 'number') throw typeError('a positive finite number', name, x);
  if (!(x > 0) || x === Infinity) throw rangeError('a positive finite number', name, x);
  return x;
}

/** x^(−1/2) rounded to the nearest double: Python's `x ** -0.5` where C's pow is correctly rounded. */
export function reciprocalSqrt(x: number): number {
  const d = dyadic(positiveFinite(x, 'x'));
  // r > mid ⟺ 1/x > mid² ⟺ x·mid² < 1.
  return nearest(1 / Math.sqrt(x), (mid) => compare(product(d, product(mid, mid)), ONE) < 0);
}

/** x^(1/4) rounded to the nearest double: Python's `math.pow(x, 0.25)` where C's pow is correctly rounded. */
export function fourthRoot(x: number): number {
  const d = dyadic(positiveFinite(x, 'x'));
  // r > mid ⟺ x > mid⁴.
  return nearest(Math.sqrt(Math.sqrt(x)), (mid) => {
    const square = product(mid, mid);
    return compare(d, product(square, square)) > 0;
  });
}
