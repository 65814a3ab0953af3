/**
 * The numeric ids the kernel and lib/ share: native/kernel/fill.h's DType and
 * Transform. test/kernel-ids.test.ts reads fill.h (and refusal.h for
 * lib/sampling/refusal.ts) and fails when an enumerator and its id here differ.
 */

/** Transform identifiers of native/kernel/fill.h (enum class Transform). */
export const TRANSFORM = { uniform: 0, normal: 1, truncated_normal: 2 } as const;
/** DType identifiers of native/kernel/fill.h (enum class DType). */
export const DTYPE_ID = { float32: 0, float64: 1, bfloat16: 2, float16: 3 } as const;
/** The dtype names by id. */
export const DTYPE_NAMES = ['float32', 'float64', 'bfloat16', 'float16'] as const;
/** The typed array of each dtype id (16-bit dtypes as their bits). */
export const ARRAY_FOR_DTYPE_ID = [Float32Array, Float64Array, Uint16Array, Uint16Array] as const;
