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
