/**
 * The memory that already holds a weight's values, when kaiming may write new values into
 * it: the fastest reinitialize draws straight into it, with no new tensor and no first touch
 * of new pages (docs/PERFORMANCE.md, "New tensors": on these VMs faulting in fresh pages
 * costs 5–10× more than drawing uniform values).
 *
 * - CPU backend (tfjs-backend-cpu 4.22 `src/backend_cpu.ts`): `data.get(dataId)` is
 *   `{ values, dtype, refCount }`; `values` is the array readSync returns.
 * - wasm backend (tfjs-backend-wasm 4.22 `src/backend_wasm.ts`): `dataIdMap.get(dataId)` is
 *   `{ memoryOffset, refCount, … }`, the values at that offset of the wasm heap (float32,
 *   `typedArrayFromHeap`).
 *
 * Only when the variable is the one tensor using that memory (refCount 1: the data is not
 * shared with another tf.Tensor) and has no constraint (LayerVariable.write would apply it).
 * Other backends (WebGL, WebGPU, tfjs-node) keep values where JavaScript cannot write them;
 * reinitialize then writes new tensors, as before.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';

interface CpuData { values?: unknown; dtype?: string; refCount?: number }
interface WasmData { memoryOffset?: number | null; dtype?: string; refCount?: number }
interface Backends {
  data?: { get(id: object): CpuData | undefined; has(id: object): boolean };
  dataIdMap?: { get(id: object): WasmData | undefined; has(id: object): boolean };
  wasm?: { HEAPU8: Uint8Array };
}

/** The float32 storage of a built LayerVariable that may be written in place, else undefined. */
export function writableStorage(v: LayerVariable): Float32Array | undefined {
  const { val, constraint } = v as unknown as { val: tf.Variable; constraint: unknown };
  if (constraint !== null && constraint !== undefined) return undefined;
  if (!(val instanceof tf.Variable) || val.dtype !== 'float32' || val.isDisposed) return undefined;
  const size = val.size;
  const backend = tf.backend() as unknown as Backends;
  // The variable's data must live on the active backend (engine.moveData would otherwise move it on read).
  if (tf.engine().state.tensorInfo.get(val.dataId)?.backend !== tf.backend()) return undefined;
  switch (tf.getBackend()) {
    case 'cpu': {
      const d = backend.data?.get(val.dataId);
      if (d?.refCount !== 1 || d.dtype !== 'float32' || !(d.values instanceof Float32Array) || d.values.length !== size) return undefined;
      return d.values;
    }
    case 'wasm': {
      const d = backend.dataIdMap?.get(val.dataId);
      const heap = backend.wasm?.HEAPU8;
      if (d?.refCount !== 1 || d.dtype !== 'float32' || typeof d.memoryOffset !== 'number' || heap === undefined) return undefined;
      return new Float32Array(heap.buffer, d.memoryOffset, size);
    }
    default:
      return undefined;
  }
}

/** Memory for a new float32 tensor, and how to make the tensor once it is written. */
export interface NewStorage {
  values: Float32Array;
  /** The tf.Tensor over `values` (call once, after writing them). */
  tensor(): tf.Tensor;
  /** Frees the memory when no tensor will be made (an error while writing). */
  discard(): void;
}

interface WasmOutput {
  makeOutput?(shape: number[], dtype: 'float32'): { dataId: object };
  disposeData?(dataId: object): boolean;
}

/**
 * Where a new tensor's values can be drawn so that the backend need not copy them: on the
 * wasm backend a tensor allocated in the wasm heap (`makeOutput`, the way its kernels make
 * outputs: `_malloc`, no copy), on the others a new Float32Array, which the CPU backend keeps
 * as it is (tfjs-core `tensor()`, tfjs-backend-cpu `write()`); backends that upload copy once.
 */
export function newStorage(shape: readonly number[]): NewStorage {
  const size = shape.reduce((p, d) => p * d, 1);
  const backend = tf.backend() as unknown as Backends & WasmOutput;
  if (tf.getBackend() === 'wasm' && typeof backend.makeOutput === 'function' && backend.wasm !== undefined && size > 0) {
    const info = backend.makeOutput([...shape], 'float32');
    const offset = backend.dataIdMap?.get(info.dataId)?.memoryOffset;
    if (typeof offset === 'number') {
      // Read HEAPU8 after the allocation: a heap that grew has a new buffer.
      const values = new Float32Array(backend.wasm.HEAPU8.buffer, offset, size);
      return {
        values,
        tensor: () => tf.engine().makeTensorFromTensorInfo(info as never),
        discard: () => void backend.disposeData?.(info.dataId),
      };
    }
    backend.disposeData?.(info.dataId);
  }
  const values = new Float32Array(size);
  return { values, tensor: () => tf.tensor(values, [...shape], 'float32'), discard: () => undefined };
}
