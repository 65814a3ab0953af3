/**
 * The one place that loads the compiled addon.
 *
 * Looks in the node-gyp output (build/Release), then the cmake-js output
 * (build-cmake/Release); `KAIMING_ADDON` names a file to use instead (CI uses
 * it to run tests against the cmake-js build). When nothing loads, the error
 * lists every path tried and why each failed.
 */
import * as path from 'node:path';

/** The raw binding. lib/ validates everything before calling it; it validates again. */
/** The arguments of fill and fillAsync, in order (native/binding/addon.cc documents each). */
type FillArgs = [
  out: Float32Array | Float64Array | Uint16Array | null,
  length: number,
  dtype: number,
  transform: number,
  seed: bigint,
  key: bigint,
  start: number,
  params: Float64Array,
  threads: number,
];

/** The raw binding. lib/ validates everything before calling it; it validates again. */
export interface NativeBinding {
  /**
   * Fills `out`, or a new native block when `out` is null; undefined (nothing
   * filled) when that block would take the native blocks JS holds past the
   * block cache's size (native/kernel/block_allocator.h): pass an array then.
   */
  fill(...args: FillArgs): Float32Array | Float64Array | Uint16Array | undefined;
  fillAsync(...args: [...FillArgs, cancel?: Int32Array]): Promise<Float32Array | Float64Array | Uint16Array>;
  /** gain·Q·diag(sign(diag R)) of a row-major rows × cols matrix (native/kernel/orthogonal.h). */
  orthogonalize(matrix: Float64Array, rows: number, cols: number, gain: number, threads: number, async: false): Float64Array;
  orthogonalize(
    matrix: Float64Array, rows: number, cols: number, gain: number, threads: number, async: true, cancel?: Int32Array,
  ): Promise<Float64Array>;
  /** Advances a torch generator's state (lib/core/torch-generator.ts) filling out (native/binding/torch_stream.cc). */
  torchFill(state: Uint8Array, out: Float32Array | Float64Array, family: number, params: Float64Array, capability: number, threads: number): Float32Array | Float64Array;
  /** The torch generator's next 32-bit outputs into out (native/binding/torch_stream.cc). */
  torchRandom(state: Uint8Array, out: Uint32Array): Uint32Array;
  readonly chunkElements: number;
  readonly inlineThreshold: number;
  /** The compiled kernel path in use: 'baseline', 'avx2' or 'avx512' (KAIMING_PATH forces one). */
  readonly kernelPath: string;
}

const root = path.join(__dirname, '..', '..');

function candidates(): string[] {
  const fromEnv = process.env.KAIMING_ADDON;
  if (fromEnv !== undefined && fromEnv !== '') return [path.resolve(fromEnv)];
  return [path.join(root, 'build', 'Release', 'kaiming.node'), path.join(root, 'build-cmake', 'Release', 'kaiming.node')];
}

function load(): NativeBinding {
  const reasons: string[] = [];
  for (const file of candidates()) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file) as NativeBinding;
    } catch (error) {
      reasons.push(`- ${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `kaiming: could not load the native addon. Build it with "npm run build:gyp" (node-gyp) or ` +
      `"npm run build:cmake" (cmake-js). Tried:\n${reasons.join('\n')}`,
  );
}

let binding: NativeBinding | undefined;

/** The addon, loaded on first use. */
export function native(): NativeBinding {
  binding ??= load();
  return binding;
}

/** Transform identifiers shared with native/kernel/fill.h. */
export const TRANSFORM = { uniform: 0, normal: 1, truncated_normal: 2 } as const;
/** DType identifiers shared with native/kernel/fill.h. */
export const DTYPE_ID = { float32: 0, float64: 1, bfloat16: 2, float16: 3 } as const;

const ARRAY_FOR_DTYPE_ID = [Float32Array, Float64Array, Uint16Array, Uint16Array] as const;

/**
 * A synchronous fill that always returns its array: when `out` is null and
 * the binding declines a native block (undefined: the blocks JS holds are at
 * the block cache's size, and Node would free another only on a later turn
 * of the event loop), the fill goes into a typed array allocated here, which
 * a collection frees at once.
 */
export function fillSync(...args: FillArgs): Float32Array | Float64Array | Uint16Array {
  const filled = native().fill(...args);
  if (filled !== undefined) return filled;
  const [, length, dtype, ...rest] = args;
  return native().fill(new ARRAY_FOR_DTYPE_ID[dtype](length), length, dtype, ...rest)!;
}
