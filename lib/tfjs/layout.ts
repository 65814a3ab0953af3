/**
 * How a TF.js kernel relates to the PyTorch weight of the same layer.
 *
 * TF.js (tfjs-layers 4.22, tensorflow/tfjs `tfjs-layers/src/layers/core.ts` and
 * `layers/convolutional.ts`) stores kernels channels-last, whatever the layer's
 * dataFormat: Dense [in, out], Conv1D [k, in, out], Conv2D [kh, kw, in, out],
 * Conv3D [kd, kh, kw, in, out], Conv2DTranspose [kh, kw, out, in]. PyTorch
 * (`torch/nn/modules/linear.py`, `conv.py`) stores nn.Linear [out, in],
 * nn.ConvNd [out, in, *kernel] and nn.ConvTransposeNd [in, out, *kernel].
 *
 * Both are the same permutation of axes: TF.js [*kernel, a, b] is PyTorch
 * [b, a, *kernel], i.e. kernel[k…, a, b] = weight[b, a, k…]. For Dense that is
 * the transpose; for Conv2D kernel[h, w, i, o] = weight[o, i, h, w]; for
 * Conv2DTranspose (a = out, b = in) it gives torch's [in, out, kh, kw]. A shape of
 * rank 0 or 1 (a bias, a norm's gamma) is the same in both.
 */
import { formatShape } from '../core/shape';

/** The PyTorch weight shape of a TF.js kernel shape: [*kernel, a, b] → [b, a, *kernel]. */
export function torchShapeOf(kernelShape: readonly number[]): number[] {
  const n = kernelShape.length;
  if (n < 2) return [...kernelShape];
  return [kernelShape[n - 1], kernelShape[n - 2], ...kernelShape.slice(0, n - 2)];
}

/** The TF.js kernel shape of a PyTorch weight shape: [b, a, *kernel] → [*kernel, a, b]. */
export function tfjsShapeOf(torchShape: readonly number[]): number[] {
  if (torchShape.length < 2) return [...torchShape];
  return [...torchShape.slice(2), torchShape[1], torchShape[0]];
}

/** The 3-D view [outer, middle, inner] both layouts share: [b, a, K] in torch, [K, a, b] in TF.js. */
function view(shape: readonly number[]): [number, number, number] {
  if (shape.length < 2) return [1, 1, shape.length === 0 ? 1 : shape[0]];
  let k = 1;
  for (let d = 2; d < shape.length; d++) k *= shape[d];
  return [shape[0], shape[1], k];
}

// Tiles of 64 × 64 elements (16 KiB of float32 read and written per tile) keep the
// strided side of each transpose in L1/L2.
const TILE = 64;

/**
 * out[outBase + b·outStrideB + a] = input[inBase + a·inStrideA + b·inStrideB] for a < A, b < B:
 * a tiled 2-D transpose whose inner loop writes contiguously.
 */
function transpose2d(
  input: Float32Array, inBase: number, inStrideA: number, inStrideB: number,
  out: Float32Array, outBase: number, outStrideB: number, A: number, B: number,
): void {
  for (let a0 = 0; a0 < A; a0 += TILE) {
    const a1 = Math.min(A, a0 + TILE);
    for (let b0 = 0; b0 < B; b0 += TILE) {
      const b1 = Math.min(B, b0 + TILE);
      for (let b = b0; b < b1; b++) {
        const o = outBase + b * outStrideB;
        let i = inBase + a0 * inStrideA + b * inStrideB;
        for (let a = a0; a < a1; a++, i += inStrideA) out[o + a] = input[i];
      }
    }
  }
}

/**
 * out[(c·B + b)·A + a] = input[(a·B + b)·C + c]: reverses the axes of an [A, B, C] array
 * as 2-D transposes, so that no inner loop runs over an axis of length 1.
 */
function reverseAxes(input: Float32Array, A: number, B: number, C: number, out: Float32Array): Float32Array {
  if ((A === 1 ? 1 : 0) + (B === 1 ? 1 : 0) + (C === 1 ? 1 : 0) >= 2) {
    // At most one axis longer than 1: reversing the axes does not move any element.
    out.set(input);
  } else if (C === 1) {
    transpose2d(input, 0, B, 1, out, 0, A, A, B); // [A, B] → [B, A] (a Dense weight)
  } else if (A === 1) {
    transpose2d(input, 0, C, 1, out, 0, B, B, C); // [B, C] → [C, B] (a Dense kernel)
  } else {
    // For each kernel position c, the [A, B] matrix of stride C becomes the contiguous [B, A] slice c.
    for (let c = 0; c < C; c++) transpose2d(input, c, B * C, C, out, c * B * A, A, A, B);
  }
  return out;
}

function checkLength(data: Float32Array, shape: readonly number[], what: string): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (data.length !== n) {
    throw new RangeError(`Expected ${n} values for the ${what} ${formatShape(shape)} but received ${data.length}`);
  }
}

/**
 * The values of a PyTorch weight (row-major, shape `torchShape`) rearranged into the
 * TF.js kernel of the same layer (shape tfjsShapeOf(torchShape)). A new array, or `out`
 * (of the same length, not `data` itself) when given.
 */
export function torchToTfjs(data: Float32Array, torchShape: readonly number[], out?: Float32Array): Float32Array {
  checkLength(data, torchShape, 'PyTorch weight');
  if (out !== undefined) checkLength(out, torchShape, 'output of');
  const [b, a, k] = view(torchShape);
  return reverseAxes(data, b, a, k, out ?? new Float32Array(data.length));
}

/**
 * The values of a TF.js kernel (row-major, shape `kernelShape`) rearranged into the
 * PyTorch weight of the same layer (shape torchShapeOf(kernelShape)). A new array.
 */
export function tfjsToTorch(data: Float32Array, kernelShape: readonly number[]): Float32Array {
  checkLength(data, kernelShape, 'TF.js kernel');
  const [b, a, k] = view(torchShapeOf(kernelShape));
  return reverseAxes(data, k, a, b, new Float32Array(data.length));
}
