/**
 * Element types of the tensors this package fills and writes.
 *
 * `float32` and `float64` live in the matching JavaScript typed arrays. JavaScript
 * has no 16-bit float array in Node 20, so `bfloat16` and `float16` live in a
 * `Uint16Array` holding the raw IEEE bit patterns, exactly as they are laid out in
 * memory by PyTorch (`torch.bfloat16`, `torch.float16`) and NumPy (`float16`). The
 * file writers copy those bits unchanged.
 *
 * The scalar conversions round to nearest, ties to even, like IEEE 754 and like
 * PyTorch's c10 `BFloat16`/`Half` constructors; see the TSDoc of each for NaN,
 * infinity, overflow and subnormals.
 */

import { numel } from './shape';
import { integer, oneOf, rangeError, typeError } from './validate';

/** The element types: two native float arrays and two 16-bit formats stored as raw bits. */
export type DType = 'float32' | 'float64' | 'bfloat16' | 'float16';

/** Every {@link DType}, in a fixed order (for validation messages and iteration). */
export const DTYPES: readonly DType[] = Object.freeze(['float32', 'float64', 'bfloat16', 'float16'] as const);

/** The storage of a tensor of any {@link DType}: `Uint16Array` holds bfloat16/float16 bits. */
export type TensorData = Float32Array | Float64Array | Uint16Array;

/** The constructor of a {@link TensorData}. */
export type TensorDataConstructor = Float32ArrayConstructor | Float64ArrayConstructor | Uint16ArrayConstructor;

/**
 * Validates a dtype name: a TypeError for a non-string, a RangeError for an unknown name.
 * @param value - the value to check
 * @param name - the argument name used in the error message
 */
export function checkDType(value: unknown, name = 'dtype'): DType {
  return oneOf(value, name, DTYPES);
}

/** Bytes per element: 4 for float32, 8 for float64, 2 for bfloat16 and float16. */
export function bytesPerElement(dtype: DType): 2 | 4 | 8 {
  switch (checkDType(dtype)) {
    case 'float32':
      return 4;
    case 'float64':
      return 8;
    default:
      return 2;
  }
}

/**
 * The typed-array constructor that stores `dtype`: `Float32Array`, `Float64Array`, or
 * `Uint16Array` for the raw bits of bfloat16 and float16.
 */
export function arrayTypeFor(dtype: DType): TensorDataConstructor {
  switch (checkDType(dtype)) {
    case 'float32':
      return Float32Array;
    case 'float64':
      return Float64Array;
    default:
      return Uint16Array;
  }
}

/**
 * Checks that `data` is the typed array that stores `dtype` and has exactly
 * `numel(shape)` elements. A TypeError for the wrong array class, a
 * RangeError for the wrong length.
 */
export function checkTensorData(data: unknown, dtype: DType, shape: readonly number[], name = 'data'): TensorData {
  const ctor = arrayTypeFor(dtype);
  if (!(data instanceof ctor)) throw typeError(`a ${ctor.name} (dtype ${dtype})`, name, data);
  const count = numel(shape);
  if (data.length !== count) {
    throw rangeError(`${count} elements (shape [${shape.join(', ')}])`, name, data);
  }
  return data;
}

// Scratch views sharing one buffer: they reinterpret a float32 as its bits and back,
// the JavaScript equivalent of C++ bit_cast.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

function float32Bits(x: number): number {
  scratchF32[0] = x; // rounds a double to the nearest float32 (ties to even), as C++ float(double) does
  return scratchU32[0];
}

function bitsToFloat32(bits: number): number {
  scratchU32[0] = bits;
  return scratchF32[0];
}

function checkNumber(x: unknown, name: string): number {
  // NaN and ±Infinity are legitimate inputs here: they have encodings in every format.
  if (typeof x !== 'number') throw typeError('a number', name, x);
  return x;
}

/**
 * The bfloat16 bit pattern nearest to `x` (ties to even).
 *
 * `x` is first rounded to float32, then the low 16 bits are rounded off, exactly as
 * c10::BFloat16(float) `round_to_nearest_even` in PyTorch: carries propagate into the
 * exponent, so values above the largest finite bfloat16 (by half an ulp or more) become
 * ±Infinity, and subnormals round like normals. Any NaN becomes 0x7FC0, the canonical
 * quiet NaN that c10 returns. (PyTorch's vectorised CPU kernels produce 0xFFFF for NaN
 * instead; both are NaN. Checked with torch 1.13.)
 *
 * Examples: 1 + 2^-8 → 0x3F80 (tie, to even 1.0); 1 + 3·2^-9 → 0x3F81 (up).
 */
export function float32ToBfloat16Bits(x: number): number {
  checkNumber(x, 'x');
  if (Number.isNaN(x)) return 0x7fc0;
  const bits = float32Bits(x);
  // Adding 0x7FFF plus the lowest kept bit rounds to nearest with ties to even.
  const bias = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + bias) >>> 16) & 0xffff;
}

/**
 * The IEEE 754 binary16 (float16) bit pattern nearest to `x` (ties to even).
 *
 * `x` is first rounded to float32 (as PyTorch and NumPy do for a double input), then:
 * - |x| ≥ 65520 (halfway between 65504, the largest half, and 2^16) → ±Infinity;
 * - normal range [2^-14, 65520) → 10-bit mantissa rounded to nearest even;
 * - below 2^-14 → subnormal multiples of 2^-24, rounded to nearest even, so 2^-25
 *   (a tie) → ±0 and anything above it → the smallest subnormal;
 * - NaN → 0x7E00 with the sign of the float32 NaN (as c10::Half and NumPy give).
 *
 * Matches torch's `.half()` bit for bit, and NumPy's `astype(np.float16)` for every
 * non-NaN input (NumPy keeps truncated NaN payloads; JavaScript NaNs have none to keep).
 * test/dtype.test.ts checks this on 4126 float32 values made by test/fixtures/npy_generate.py.
 *
 * A NaN's sign survives only if the engine keeps it in a number: JavaScriptCore (Bun,
 * Safari) canonicalises every NaN that passes through a double. To keep it everywhere,
 * start from the bits: {@link float32BitsToFloat16Bits}, {@link float32ArrayToFloat16Bits}.
 */
export function float32ToFloat16Bits(x: number): number {
  checkNumber(x, 'x');
  return float16FromFloat32Bits(float32Bits(x));
}

/**
 * {@link float32ToFloat16Bits} of the float32 whose bit pattern is `bits` (an unsigned
 * 32-bit integer), which no engine can alter: a NaN keeps its sign in every engine.
 */
export function float32BitsToFloat16Bits(bits: number): number {
  return float16FromFloat32Bits(integer(bits, 'bits', 0, 0xffffffff));
}

/**
 * The float16 bits of every element of a Float32Array, read through an integer view of
 * its buffer (never as a double), so NaN signs survive under JavaScriptCore too.
 */
export function float32ArrayToFloat16Bits(values: Float32Array): Uint16Array {
  if (!(values instanceof Float32Array)) throw typeError('a Float32Array', 'values', values);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16FromFloat32Bits(bits[i]);
  return out;
}

function float16FromFloat32Bits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const abs = bits & 0x7fffffff;
  if (abs > 0x7f800000) return sign | 0x7e00; // NaN: quiet, payload dropped
  if (abs >= 0x477ff000) return sign | 0x7c00; // ≥ 65520 (incl. Infinity) rounds to Infinity
  if (abs >= 0x38800000) {
    // Normal half: rebias the exponent (127 → 15, i.e. minus 112 << 23) and round the
    // 13 dropped mantissa bits to nearest even; a carry correctly bumps the exponent.
    const rounded = abs + 0xfff + ((abs >>> 13) & 1);
    return sign | ((rounded - 0x38000000) >>> 13);
  }
  // Subnormal half (or zero): the result is round(|x| / 2^-24) with ties to even.
  const exponent = abs >>> 23; // ≤ 112 here
  if (exponent < 102) return sign; // |x| < 2^-25: below half the smallest subnormal
  const mantissa = (abs & 0x7fffff) | 0x800000; // |x| = mantissa · 2^(exponent - 150)
  const shift = 126 - exponent; // |x| / 2^-24 = mantissa / 2^shift, shift in 14..24
  const quotient = mantissa >>> shift;
  const remainder = mantissa & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  const up = remainder > half || (remainder === half && (quotient & 1) === 1);
  return sign | (quotient + (up ? 1 : 0)); // 0x400 after a carry is the smallest normal: still right
}

/** The float32 value of a bfloat16 bit pattern (exact: bfloat16 is the top half of a float32). */
export function bfloat16BitsToFloat32(bits: number): number {
  integer(bits, 'bits', 0, 0xffff);
  return bitsToFloat32(bits << 16);
}

/** The value of an IEEE 754 binary16 bit pattern (exact; NaN for any NaN pattern). */
export function float16BitsToFloat32(bits: number): number {
  integer(bits, 'bits', 0, 0xffff);
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero or subnormal
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/**
 * Widens raw bfloat16 bits to a Float32Array, exactly (each value is the bits shifted
 * left by 16). Used to store bfloat16 where a consumer has no bfloat16 type (NumPy).
 */
export function bfloat16ArrayToFloat32(bits: Uint16Array): Float32Array {
  if (!(bits instanceof Uint16Array)) throw typeError('a Uint16Array', 'bits', bits);
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i] << 16;
  return out;
}

/** True on little-endian hosts (all of Node's tier-1 platforms); both file formats are little-endian. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A copy of `bytes` with every `width`-byte element reversed (little ↔ big endian).
 * @param bytes - a whole number of elements
 * @param width - the element size in bytes
 */
export function byteSwapped(bytes: Uint8Array, width: 1 | 2 | 4 | 8): Uint8Array {
  if (bytes.length % width !== 0) throw rangeError(`a multiple of ${width} bytes`, 'bytes', bytes);
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j];
  }
  return out;
}

/**
 * The little-endian bytes of a typed array, as the file formats store them: a view
 * (no copy) on little-endian hosts, a swapped copy otherwise. A `Uint8Array` is taken
 * to already hold file bytes.
 */
export function littleEndianBytes(data: ArrayBufferView): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const width = (data as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  return HOST_IS_LITTLE_ENDIAN || width === 1 ? view : byteSwapped(view, width as 2 | 4 | 8);
}

/**
 * A new, aligned typed array of `ctor` holding `bytes` read as little-endian elements.
 * `bytes.length` must be a multiple of the element size.
 */
export function fromLittleEndianBytes<C extends TensorDataConstructor>(ctor: C, bytes: Uint8Array): InstanceType<C> {
  const width = ctor.BYTES_PER_ELEMENT as 2 | 4 | 8;
  if (bytes.length % width !== 0) throw rangeError(`a multiple of ${width} bytes`, 'bytes', bytes);
  const out = new ctor(bytes.length / width) as InstanceType<C>;
  new Uint8Array(out.buffer).set(HOST_IS_LITTLE_ENDIAN ? bytes : byteSwapped(bytes, width));
  return out;
}

/** Encodes a float64 value in dtype's representation (16-bit formats round once from float32). */
export function encodeValue(value: number, dtype: DType): number {
  if (dtype === 'bfloat16') return float32ToBfloat16Bits(Math.fround(value));
  if (dtype === 'float16') return float32ToFloat16Bits(Math.fround(value));
  return value;
}
