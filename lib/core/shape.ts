/**
 * Tensor shapes: validation, element counts and printing, shared by the
 * initializers, the file formats and the distributions.
 */
import { integer, typeError } from './validate';

/**
 * Checks a tensor shape and returns it as a fresh `number[]`.
 *
 * Accepts a real array or a typed array whose elements are non-negative safe
 * integers (0 … 2^53-1). Zero dimensions are allowed: zero-element tensors
 * are legal in PyTorch and Keras. Elements are named `shape[i]` in messages.
 *
 * @throws TypeError when `shape` is not an array, or an element is not a number.
 * @throws RangeError when an element is negative, fractional, NaN, ±Infinity or above 2^53-1.
 */
export function validateShape(shape: unknown, name = 'shape'): number[] {
  // DataView is an ArrayBuffer view without elements, so it is not a shape.
  const isTypedArray = ArrayBuffer.isView(shape) && !(shape instanceof DataView);
  if (!Array.isArray(shape) && !isTypedArray) {
    throw typeError('an array of non-negative integers', name, shape);
  }
  const elements = shape as ArrayLike<unknown>;
  const result = new Array<number>(elements.length);
  // An indexed loop (not map/forEach) so holes in sparse arrays are seen as undefined.
  for (let i = 0; i < elements.length; i++) {
    // `+ 0` turns an accepted -0 into 0, so later messages never print "-0".
    // The element's name (`shape[1]`) is made only for a refusal: this runs on every call.
    const dim = elements[i];
    result[i] = (typeof dim === 'number' && Number.isSafeInteger(dim) && dim >= 0 ? dim : integer(dim, `${name}[${i}]`)) + 0;
  }
  return result;
}

/** Formats a shape for messages the way PyTorch prints sizes: `[64, 3, 7, 7]`. */
export function formatShape(shape: ArrayLike<number>): string {
  return `[${Array.from(shape).join(', ')}]`;
}

/**
 * The product of `factors`, refused when it is not a safe integer.
 * A zero factor makes the product 0 whatever the others are, as with Python's exact integers.
 */
export function shapeProduct(factors: readonly number[], what: string, shape: readonly number[]): number {
  if (factors.includes(0)) return 0;
  let product = 1;
  for (const factor of factors) {
    product *= factor;
    // Factors are ≥ 1, so partial products only grow: once the exact product passes
    // 2^53-1 the rounded one is ≥ 2^53, and the check cannot miss an overflow.
    if (product > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(
        `Expected a shape whose ${what} is at most ${Number.MAX_SAFE_INTEGER} but received ${formatShape(shape)}`,
      );
    }
  }
  return product;
}

/**
 * The product of dimensions already validated (by validateShape or a parser
 * with the same rules): numel without the checks, for shapes and sub-shapes
 * (rows, columns, a kernel) known to be in range.
 */
export function product(dims: readonly number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}

/**
 * The number of elements of a tensor of this shape: the product of its
 * dimensions (1 for the scalar shape `[]`, 0 when any dimension is 0).
 *
 * @throws RangeError when the product exceeds 2^53-1 (it could not be counted exactly).
 */
export function numel(shape: unknown, name = 'shape'): number {
  const dims = validateShape(shape, name);
  return shapeProduct(dims, 'element count', dims);
}
