/**
 * How a TF.js recurrent cell's kernels hold PyTorch's nn.RNN / nn.GRU / nn.LSTM weights.
 *
 * tfjs-layers 4.22 (`tfjs-layers/src/layers/recurrent.ts`): a cell of `units` = h has
 * kernel [in, G·h], recurrent_kernel [h, G·h] and bias [G·h], the G gate blocks side by
 * side along the last axis: SimpleRNN (G = 1), GRU z, r, h (G = 3; `GRUCell.call` slices
 * `kernel` into z, r, h), LSTM i, f, c, o (G = 4). PyTorch 1.13 (`torch/nn/modules/rnn.py`,
 * the docstrings of nn.GRU and nn.LSTM): weight_ih_l{k} [G·h, in], weight_hh_l{k} [G·h, h],
 * bias_ih_l{k} and bias_hh_l{k} [G·h], gate blocks stacked along the first axis: RNN (1),
 * GRU r, z, n, LSTM i, f, g, o.
 *
 * So kernel = weight_ih transposed with its gate blocks reordered, recurrent_kernel the same
 * of weight_hh: `kernel[c, g·h + j] = weight_ih[P[g]·h + j, c]` with P = [0] (RNN),
 * [1, 0, 2] (GRU: TF's z is PyTorch's second block, r its first) and [0, 1, 2, 3] (LSTM).
 * TF.js's single bias adds PyTorch's two: `bias[g·h + j] = bias_ih[P[g]·h + j] +
 * bias_hh[P[g]·h + j]`, exactly so for every gate of SimpleRNN and LSTM (each gate sees
 * x·W + h·U + b_ih + b_hh in both). TF.js 4.22's GRU is reset-before
 * (`GRUCell` refuses `resetAfter: true`): its candidate is tanh(x·W_h + (r ⊙ h)·U_h + b_h)
 * where PyTorch's is tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn)), so only its z and r gates
 * are PyTorch's exactly; see docs/tfjs.md.
 */
import { formatShape } from '../core/shape';
import { oneOf, positiveInteger } from '../core/validate';
import type { Distribution } from '../distributions/distribution';
import { uniformSumDistribution } from '../distributions/uniform-sum';
import { torchToTfjs, tfjsToTorch } from './layout';

export type RecurrentCell = 'SimpleRNN' | 'GRU' | 'LSTM';
export const RECURRENT_CELLS: readonly RecurrentCell[] = ['SimpleRNN', 'GRU', 'LSTM'];

/** P: TF.js gate block g holds PyTorch's gate block GATE_ORDER[cell][g]. */
export const GATE_ORDER: Readonly<Record<RecurrentCell, readonly number[]>> = {
  SimpleRNN: [0],
  GRU: [1, 0, 2],
  LSTM: [0, 1, 2, 3],
};

/** out's row block g = input's row block order[g], for blocks of `blockSize` contiguous values. */
export function reorderBlocks(input: Float32Array, order: readonly number[], out: Float32Array): Float32Array {
  const blockSize = input.length / order.length;
  order.forEach((from, g) => out.set(input.subarray(from * blockSize, (from + 1) * blockSize), g * blockSize));
  return out;
}

function checkGates(shape: readonly number[], gates: number, what: string): void {
  if (shape.length < 1 || shape.length > 2 || shape[0] % gates !== 0) {
    throw new RangeError(`Expected a ${what} of shape [${gates}·hidden] or [${gates}·hidden, n] but received ${formatShape(shape)}`);
  }
}

/**
 * A PyTorch weight_ih/weight_hh ([G·h, n]) or bias ([G·h]) of nn.RNN/nn.GRU/nn.LSTM as the
 * TF.js kernel ([n, G·h]) or bias of the same cell: gate blocks reordered, then transposed.
 * A new array.
 */
export function torchRecurrentToTfjs(data: Float32Array, torchShape: readonly number[], cell: RecurrentCell): Float32Array {
  const order = GATE_ORDER[oneOf(cell, 'cell', RECURRENT_CELLS)];
  checkGates(torchShape, order.length, 'PyTorch recurrent weight');
  const reordered = reorderBlocks(data, order, new Float32Array(data.length));
  return torchShape.length === 1 ? reordered : torchToTfjs(reordered, torchShape);
}

/** The inverse of {@link torchRecurrentToTfjs}: a TF.js kernel [n, G·h] or bias [G·h] as PyTorch's [G·h, n] or [G·h]. */
export function tfjsRecurrentToTorch(data: Float32Array, kernelShape: readonly number[], cell: RecurrentCell): Float32Array {
  const order = GATE_ORDER[oneOf(cell, 'cell', RECURRENT_CELLS)];
  const torchShape = kernelShape.length === 2 ? [kernelShape[1], kernelShape[0]] : [...kernelShape];
  checkGates(torchShape, order.length, 'TF.js recurrent kernel (transposed)');
  const transposed = kernelShape.length === 1 ? data : tfjsToTorch(data, kernelShape);
  const inverse = order.map((_, g) => order.indexOf(g));
  return reorderBlocks(transposed, inverse, new Float32Array(data.length));
}

/**
 * The law of each value of a TF.js recurrent cell's bias under reinitialize's 'torch'
 * recipe: bias_ih + bias_hh, each U(±1/√units) as PyTorch draws them, i.e. the triangular law
 * on ±2/√units (lib/distributions/uniform-sum.ts), with its density, cdf, quantile and
 * formula as describe() gives them for single rules.
 */
export function recurrentBiasDistribution(units: number): Distribution {
  const b = 1 / Math.sqrt(positiveInteger(units, 'units'));
  return uniformSumDistribution(b, b, { initializer: 'bias_ih + bias_hh (nn.RNN/GRU/LSTM)' });
}
