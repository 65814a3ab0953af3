/**
 * Between kaiming's tensors ({ data, shape, dtype, seed, key, range }) and tf.Tensor.
 *
 * tfjs-core's `tensor(values, shape, 'float32')` keeps a Float32Array as it is
 * (tensorflow/tfjs `tfjs-core/src/util.ts` toTypedArray: no conversion needed), and
 * the CPU backend's `write()` stores that array in its data map
 * (`tfjs-backend-cpu/src/backend_cpu.ts`): on the CPU backend a float32 tensor
 * made by toTensor shares kaiming's memory. Backends that upload (WebGL, WebGPU,
 * tfjs-node) copy at that point. TF.js has no float64, bfloat16 or float16, so
 * those are converted into a new Float32Array.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bfloat16ArrayToFloat32, float16BitsToFloat32 } from '../core/dtype';
import { formatShape } from '../core/shape';
import type { Tensor } from '../core/tensor';
import { knownOptions, oneOf, optionsObject, typeError } from '../core/validate';
import { tfjsShapeOf, tfjsToTorch, torchShapeOf, torchToTfjs } from './layout';

/** Which layout the kaiming tensor is in: 'keras' (TF.js's own, default) or 'torch' (PyTorch's weight). */
export type Semantics = 'keras' | 'torch';
export const SEMANTICS: readonly Semantics[] = ['keras', 'torch'];

/** Options of {@link toTensor} and {@link fromTensor}. */
export interface LayoutOptions {
  /**
   * 'keras' (default): the kaiming tensor has the TF.js shape, values in the same order.
   * 'torch': the kaiming tensor is the PyTorch weight of the layer ([out, in, *kernel]);
   * the tf.Tensor is the TF.js kernel ([*kernel, in, out]), see lib/tfjs/layout.ts.
   */
  semantics?: Semantics;
}

function float32Values(t: Tensor): Float32Array {
  switch (t.dtype) {
    case 'float32':
      return t.data as Float32Array;
    case 'float64':
      return Float32Array.from(t.data as Float64Array);
    case 'bfloat16':
      return bfloat16ArrayToFloat32(t.data as Uint16Array);
    case 'float16': {
      const bits = t.data as Uint16Array;
      const out = new Float32Array(bits.length);
      for (let i = 0; i < bits.length; i++) out[i] = float16BitsToFloat32(bits[i]);
      return out;
    }
  }
}

function isKaimingTensor(value: unknown): value is Tensor {
  if (value === null || typeof value !== 'object') return false;
  const t = value as Partial<Tensor>;
  return ArrayBuffer.isView(t.data) && Array.isArray(t.shape) && typeof t.dtype === 'string' && Array.isArray(t.range);
}

/**
 * A kaiming tensor as a float32 tf.Tensor of the same shape (or, with
 * `semantics: 'torch'`, a PyTorch weight as the TF.js kernel of its layer).
 *
 * Copies: none for a float32 tensor in the 'keras' semantics on the CPU backend
 * (the tf.Tensor holds `t.data` itself: do not write to it afterwards); a
 * backend that uploads copies once. float64 is rounded and 16-bit types decoded
 * into a new Float32Array; 'torch' semantics permute into a new array.
 *
 * @example const x = toTensor(kaimingNormal([784, 256], { layout: 'keras', seed: 0 }));
 * @example const kernel = toTensor(defaults.linear(784, 256, { seed: 0 }).weight, { semantics: 'torch' }); // [784, 256]
 * @throws TypeError when t is not a kaiming tensor; RangeError when it holds only a `range` of its shape.
 */
export function toTensor(t: Tensor, options?: LayoutOptions): tf.Tensor {
  const o = optionsObject(options);
  knownOptions(o, ['semantics'], 'toTensor');
  const semantics = o.semantics === undefined ? 'keras' : oneOf(o.semantics, 'semantics', SEMANTICS);
  if (!isKaimingTensor(t)) throw typeError('a kaiming tensor ({ data, shape, dtype, … })', 't', t);
  const size = t.shape.reduce((p, d) => p * d, 1);
  if (t.range[0] !== 0 || t.range[1] !== size || t.data.length !== size) {
    throw new RangeError(
      `Expected a whole tensor for t but received the range [${t.range[0]}, ${t.range[1]}) of ${formatShape(t.shape)}`,
    );
  }
  const values = float32Values(t);
  if (semantics === 'torch') return tf.tensor(torchToTfjs(values, t.shape), tfjsShapeOf(t.shape), 'float32');
  return tf.tensor(values, t.shape, 'float32');
}

/** Options of {@link fromTensor}. */
export interface FromTensorOptions extends LayoutOptions {
  /** Recorded as the tensor's seed (the values did not come from a kaiming stream); default 0. */
  seed?: bigint;
  /** Recorded as the tensor's key; default 0. */
  key?: bigint;
}

/**
 * A float32 tf.Tensor as a kaiming tensor (dtype 'float32'), e.g. to write it with
 * writeSafetensors or writeNpy. Always copies (`dataSync()` of the CPU backend is
 * the tensor's own storage, which TF.js may reuse). With `semantics: 'torch'` a
 * TF.js kernel becomes the PyTorch weight of its layer ([*kernel, in, out] →
 * [out, in, *kernel]). `seed` and `key` only label the result (default 0n).
 *
 * @example const w = fromTensor(model.layers[0].getWeights()[0], { semantics: 'torch' });
 * @throws TypeError when x is not a tf.Tensor or is not float32.
 */
export function fromTensor(x: tf.Tensor, options?: FromTensorOptions): Tensor {
  const o = optionsObject(options);
  knownOptions(o, ['semantics', 'seed', 'key'], 'fromTensor');
  const semantics = o.semantics === undefined ? 'keras' : oneOf(o.semantics, 'semantics', SEMANTICS);
  for (const name of ['seed', 'key'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'bigint') throw typeError('a bigint', name, o[name]);
  }
  if (!(x instanceof tf.Tensor)) throw typeError('a tf.Tensor', 'x', x);
  // describeValue would say "a Tensor"; the dtype is what is wrong.
  if (x.dtype !== 'float32') throw new TypeError(`Expected a float32 tf.Tensor for x but received ${/^[aeiou]/.test(x.dtype) ? 'an' : 'a'} ${x.dtype} tf.Tensor`);
  const values = x.dataSync() as Float32Array;
  const data = semantics === 'torch' ? tfjsToTorch(values, x.shape) : values.slice();
  const shape = semantics === 'torch' ? torchShapeOf(x.shape) : [...x.shape];
  return {
    data,
    shape,
    dtype: 'float32',
    seed: (o.seed as bigint | undefined) ?? 0n,
    key: (o.key as bigint | undefined) ?? 0n,
    range: [0, data.length],
  };
}
