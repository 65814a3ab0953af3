/**
 * Turns a Plan into values: random families through the kernel (the backend
 * of lib/sampling/backend.ts),
 * deterministic ones (constant, eye, dirac) here.
 */
import { arrayTypeFor, type TensorData } from '../core/dtype';
import { abortError } from './jobs';
import { activeBackend } from './backends';
import { DTYPE_ID, TRANSFORM } from './ids';
import type { PlanParams } from '../rules/plan';
import { allocate, makeTensor, type Resolved, type Tensor } from '../core/tensor';
import { fillStructured } from './structured';
import { isMatrixFamily, sampleMatrixAsync, sampleMatrixSync } from './matrices';

type RandomParams = Extract<PlanParams, { family: 'uniform' | 'normal' | 'truncated_normal' }>;

function isRandom(p: PlanParams): p is RandomParams {
  return p.family === 'uniform' || p.family === 'normal' || p.family === 'truncated_normal';
}

// The binding copies the four parameters before fill/fillAsync return, so one
// array serves every call of this thread (a new one per call cost ~80 ns with its GC).
const paramsScratch = new Float64Array(4);

function nativeParams(p: RandomParams): Float64Array {
  const q = paramsScratch;
  switch (p.family) {
    case 'uniform': q[0] = p.low; q[1] = p.high; q[2] = 0; q[3] = 0; break;
    case 'normal': q[0] = p.mean; q[1] = p.std; q[2] = 0; q[3] = 0; break;
    case 'truncated_normal': q[0] = p.mean; q[1] = p.std; q[2] = p.a; q[3] = p.b; break;
  }
  return q;
}

// Below this many bytes a sync call allocates its new typed array here:
// wrapping native memory in an external ArrayBuffer costs ~6 µs, more than
// filling 1,024 values (`Buffer.allocUnsafeSlow`, which skips zeroing,
// measured no faster than `new Float32Array(n)`).
const NATIVE_ALLOCATION_BYTES = 1 << 20;

/**
 * Where a fill writes: the caller's `out`, a new array, or null for a native
 * block. A large sync tensor gets a native block (from the cache of freed
 * blocks when one fits) only while the blocks JS holds stay within the
 * cache's size; otherwise the binding returns undefined and fillSync()
 * allocates a typed array. Node frees a native block only on a later turn of
 * the event loop: a sync loop that made and dropped 30 tensors of 128 MiB in
 * native blocks alone reached 3.9 GB of RSS (docs/PERFORMANCE.md, "Fresh
 * memory"). Async fills always get a native block, handed to JS only when
 * complete.
 */
function target(r: Resolved, sync: boolean): TensorData | null {
  if (r.out !== undefined) return r.out;
  if (r.shared) return allocate(r);
  const bytes = (r.end - r.start) * arrayTypeFor(r.dtype).BYTES_PER_ELEMENT;
  return sync && bytes < NATIVE_ALLOCATION_BYTES ? allocate(r) : null;
}

/**
 * Elements per chunk of the native generator (docs/STREAM.md §2), as the addon
 * reports it: a range that starts mid-chunk redraws up to this many.
 */
export function chunkElements(): number {
  return activeBackend().chunkElements;
}

/** Makes the tensor described by params, synchronously. */
export function sampleSync(params: PlanParams, r: Resolved): Tensor {
  if (isMatrixFamily(params)) return sampleMatrixSync(params, r);
  if (!isRandom(params)) return makeTensor(r, fillStructured(params, r, target(r, true) ?? allocate(r)));
  const data = activeBackend().fill({ out: target(r, true), length: r.end - r.start, dtype: DTYPE_ID[r.dtype],
    transform: TRANSFORM[params.family], seed: r.seed, key: r.key, start: r.start, params: nativeParams(params), threads: r.threads });
  return makeTensor(r, data);
}

/** Makes the tensor described by params off the JS thread; `signal` aborts it. */
export async function sampleAsync(params: PlanParams, r: Resolved): Promise<Tensor> {
  if (r.signal?.aborted) throw abortError(r.signal);
  if (isMatrixFamily(params)) return sampleMatrixAsync(params, r);
  // A fill this small takes less time than the round trip through the libuv
  // pool (~40 µs), so it runs here: the event loop is held for less than a
  // hand-off would cost, and the promise still resolves asynchronously.
  const kernel = activeBackend();
  if (!isRandom(params) || (r.end - r.start) < kernel.inlineThreshold) return sampleSync(params, r);
  const data = await kernel.fillAsync({ out: target(r, false), length: r.end - r.start, dtype: DTYPE_ID[r.dtype],
    transform: TRANSFORM[params.family], seed: r.seed, key: r.key, start: r.start, params: nativeParams(params), threads: r.threads },
  r.signal);
  return makeTensor(r, data);
}
