/**
 * Tensors and the options every initializer shares.
 */
import { constants as bufferConstants } from 'node:buffer';
import * as os from 'node:os';
import { arrayTypeFor, bytesPerElement, checkDType, type DType, type TensorData } from './dtype';
import { formatShape, shapeProduct } from './shape';
import { Generator, resolveStream } from './stream';
import type { TorchGenerator } from './torch-generator';
import { describeValue, integer, isDetached, isTypedArray, rangeError, typeError, typedArrayLength } from './validate';

/** An initialised tensor: its values and what is needed to make them again. */
export interface Tensor {
  /** Row-major values; bfloat16 and float16 are raw IEEE bit patterns in a Uint16Array. */
  data: TensorData;
  /** The logical shape (of the whole tensor, also when `range` made only part of it). */
  shape: number[];
  dtype: DType;
  /** The stream: (seed, key) with the initializer and its options reproduce `data`. */
  seed: bigint;
  key: bigint;
  /** Flat [start, end) of the logical tensor that `data` holds. */
  range: [number, number];
  /** 'torch' when drawn from a TorchGenerator (docs/TORCH-STREAM.md): then seed is the generator's and key is 0. */
  stream?: 'torch';
}

/** Options shared by every initializer. */
export interface CommonOptions {
  /** Unsigned 64-bit seed (number or bigint). Omitted: the generator's or the default generator's. */
  seed?: number | bigint;
  /** Stream key (unsigned 64-bit, or a string hashed with FNV-1a) separating tensors with one seed. */
  key?: number | bigint | string;
  /** A Generator handing successive calls successive keys, or a TorchGenerator (torch's own stream, docs/TORCH-STREAM.md). */
  generator?: Generator | TorchGenerator;
  /** 'float32' (default), 'float64', 'bfloat16' or 'float16' (the last two as raw bits in a Uint16Array). */
  dtype?: DType;
  /** Threads to use; default `os.availableParallelism()`. Values never depend on it. */
  threads?: number;
  /** Allocate the result over a SharedArrayBuffer. */
  shared?: boolean;
  /** Fill this typed array instead of allocating; its length must equal the number of elements made. */
  out?: TensorData;
  /** Make only flat elements [start, end) of the tensor; fans still come from the full shape. */
  range?: [number, number];
}

/** Options of the async twins. */
export interface AsyncOptions {
  /** Aborts the fill; the promise rejects with an AbortError and `out` is left partly written. */
  signal?: AbortSignal;
}

export const COMMON_OPTION_NAMES = ['seed', 'key', 'generator', 'dtype', 'threads', 'shared', 'out', 'range'] as const;
export const ASYNC_OPTION_NAMES = [...COMMON_OPTION_NAMES, 'signal'] as const;

/** Common options after validation. */
export interface Resolved {
  shape: number[];
  size: number;
  dtype: DType;
  seed: bigint;
  key: bigint;
  threads: number;
  shared: boolean;
  out: TensorData | undefined;
  start: number;
  end: number;
  signal: AbortSignal | undefined;
}

const MAX_THREADS = 1024;
const MAX_BUFFER_BYTES = bufferConstants.MAX_LENGTH;
let defaultThreads: number | undefined;

function threadsDefault(): number {
  defaultThreads ??= Math.max(1, os.availableParallelism());
  return defaultThreads;
}

/**
 * The largest typed-array length this platform allows, in elements of a given
 * byte width: buffer.constants.MAX_LENGTH is V8's limit on an ArrayBuffer's
 * byte length (2^32 on Node 20, 64-bit).
 */
export function maxElements(bytes: number): number {
  return Math.floor(MAX_BUFFER_BYTES / bytes);
}

function outDType(out: unknown): DType | undefined {
  if (out instanceof Float32Array) return 'float32';
  if (out instanceof Float64Array) return 'float64';
  return undefined;
}

/**
 * Validates the shared options of one call (`fn` names the function in messages).
 * The stream is taken last, so that a call refused for a bad option does not
 * advance its generator.
 */
export function resolveCommon(shape: number[], options: Record<string, unknown>, withSignal: boolean): Resolved {
  const resolved = resolveWithoutStream(shape, options, withSignal);
  const { seed, key } = resolveStream(options);
  resolved.seed = seed;
  resolved.key = key;
  return resolved;
}

/**
 * The shared options but the stream (seed, key, generator), which stay 0n:
 * what a TorchGenerator's call needs (lib/initializers/torch-stream.ts).
 */
export function resolveWithoutStream(shape: number[], options: Record<string, unknown>, withSignal: boolean): Resolved {
  // The callers pass a shape that validateShape() already checked: count it, no second validation.
  const size = shapeProduct(shape, 'element count', shape);
  const dtype = options.dtype === undefined ? (outDType(options.out) ?? 'float32') : checkDType(options.dtype);
  const threads = options.threads === undefined ? threadsDefault() : integer(options.threads, 'threads', 1, MAX_THREADS);
  let shared = false;
  if (options.shared !== undefined) {
    if (typeof options.shared !== 'boolean') throw typeError('a boolean', 'shared', options.shared);
    shared = options.shared;
  }
  let start = 0;
  let end = size;
  if (options.range !== undefined) {
    const range = options.range;
    if (!Array.isArray(range) || range.length !== 2) throw typeError('an array [start, end]', 'range', range);
    start = integer(range[0], 'range[0]', 0, size, `an integer between 0 and ${size}`);
    end = integer(range[1], 'range[1]', start, size, `an integer between ${start} and ${size}`);
  }
  // Only what is materialised must fit one typed array: a range of a tensor of up to
  // 2^53-1 elements (a 17 GB embedding, one shard of it) is made like any other.
  const limit = maxElements(bytesPerElement(dtype));
  if (end - start > limit) {
    // The shape itself, not its formatted string described as one ("[2, 3]" (string)).
    throw new RangeError(
      options.range === undefined
        ? `Expected a shape with at most ${limit} ${dtype} elements for shape but received ${formatShape(shape)}`
        : `Expected a range of at most ${limit} ${dtype} elements for range but received [${start}, ${end}]`,
    );
  }
  let out: TensorData | undefined;
  if (options.out !== undefined) {
    const Expected = arrayTypeFor(dtype);
    // isTypedArray as well as instanceof: a Proxy of a typed array passes instanceof but is no typed array to the binding.
    if (!(options.out instanceof Expected) || !isTypedArray(options.out)) {
      throw typeError(`a ${Expected.name} (dtype ${dtype})`, 'out', options.out);
    }
    out = options.out;
    // The engine's length, not an own `length` property. A detached buffer reads as length 0: say
    // what it is instead, also when 0 elements are asked for (only empty arrays pay for the check).
    const length = typedArrayLength(out);
    if (length === 0 && isDetached(out)) throw typeError(`a ${Expected.name} of length ${end - start}`, 'out', out);
    if (length !== end - start) throw rangeError(`a ${Expected.name} of length ${end - start}`, 'out', out);
    if (shared) throw new TypeError(`Expected either out or shared, not both, but received shared ${describeValue(shared)}`);
  }
  let signal: AbortSignal | undefined;
  if (withSignal && options.signal !== undefined) {
    if (!(options.signal instanceof AbortSignal)) throw typeError('an AbortSignal', 'signal', options.signal);
    signal = options.signal;
  }
  return { shape, size, dtype, seed: 0n, key: 0n, threads, shared, out, start, end, signal };
}

/** A new typed array for the resolved request, over a SharedArrayBuffer when asked. */
export function allocate(r: Resolved): TensorData {
  const Type = arrayTypeFor(r.dtype);
  const length = r.end - r.start;
  // TypedArray constructors accept a SharedArrayBuffer; the lib typings only list ArrayBuffer.
  if (r.shared) return new Type(new SharedArrayBuffer(length * bytesPerElement(r.dtype)) as unknown as ArrayBuffer) as TensorData;
  return new Type(length) as TensorData;
}

/** PyTorch warns and returns for zero-element tensors; so do we (without NaN). */
export function warnIfEmpty(r: Resolved, fn: string): void {
  if (r.size !== 0) return;
  const message = `Initializing zero-element tensors is a no-op (${fn})`;
  // A process warning where there is a process (Node, Bun, Deno); the console in a browser.
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') process.emitWarning(message, { code: 'KAIMING_EMPTY_TENSOR' });
  else console.warn(`[KAIMING_EMPTY_TENSOR] ${message}`);
}

export function makeTensor(r: Resolved, data: TensorData): Tensor {
  return { data, shape: r.shape, dtype: r.dtype, seed: r.seed, key: r.key, range: [r.start, r.end] };
}
