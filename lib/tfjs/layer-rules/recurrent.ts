/**
 * The cells of SimpleRNN, GRU, LSTM and ConvLSTM2D (tfjs-layers 4.22 `layers/recurrent.ts`,
 * `layers/convolutional_recurrent.ts`), alone, stacked (StackedRNNCells) or inside
 * Bidirectional: kernel, recurrent_kernel, bias.
 *
 * 'torch': nn.RNN / nn.GRU / nn.LSTM `reset_parameters()` (torch 1.13
 * `torch/nn/modules/rnn.py`): every tensor U(±1/√hidden_size). Keys are the state_dict
 * names of the stacked, bidirectional module: `<path>.weight_ih_l{k}[_reverse]`,
 * `weight_hh_…`, `bias_ih_…`, `bias_hh_…`. The kernels are those weights with their gate
 * blocks reordered and transposed (lib/tfjs/gates.ts); TF.js's one bias is
 * bias_ih + bias_hh, added in float32 as PyTorch's kernels add them, so each of its values
 * follows the law of a sum of two independent U(±1/√h): the triangular law on ±2/√h
 * (docs/tfjs.md). PyTorch has no ConvLSTM; the ConvLSTM2D cell is made as PyTorch code
 * writes one: an nn.Conv2d(in + filters, 4·filters, k) over the concatenation [x, h]
 * (kernel = its first `in` input channels, recurrent kernel the other `filters`), weight
 * and bias U(±1/√((in + filters)·kh·kw)), keys `<path>.weight_l{k}`, `<path>.bias_l{k}`,
 * gate blocks in TF.js's order.
 * 'keras': Keras 3 (`keras/src/layers/rnn/simple_rnn.py`, `gru.py`, `lstm.py`,
 * `conv_lstm.py`): glorot_uniform kernel, orthogonal recurrent kernel (gain 1; Keras's
 * Orthogonal makes the matrix [∏shape[:-1], shape[-1]] semi-orthogonal), zero bias, and for
 * LSTM and ConvLSTM2D unit_forget_bias (default True): ones on the forget gate's slice
 * [h, 2h) of the bias. A cell whose `unitForgetBias` is false gets zeros there.
 */
import { uniform } from '../../initializers/basic';
import { kaimingUniform } from '../../initializers/kaiming';
import { orthogonal } from '../../initializers/structured';
import { convDefaultBounds, DEFAULT_LAYER_SLOPE } from '../../rules/scales';
import { GATE_ORDER, reorderBlocks, type RecurrentCell } from '../gates';
import { torchShapeOf, torchToTfjs } from '../layout';
import { kerasGlorot } from './affine';
import { numel, type LayerRule, type RuleContext, type Writes } from './rule';

/** PyTorch's U(±1/√h) on a [G·h, n] weight, as the TF.js kernel [n, G·h] (gates reordered). */
function torchGateWeight(c: RuleContext, cell: RecurrentCell, attribute: string, bound: number, tensor: string): Float32Array {
  const torchShape = torchShapeOf(c.shape(attribute)!);
  const w = uniform(torchShape, { low: -bound, high: bound, seed: c.seed, key: c.key(tensor), out: c.scratch(torchShape) }).data as Float32Array;
  return torchToTfjs(reorderBlocks(w, GATE_ORDER[cell], c.scratch(torchShape)), torchShape, c.target(attribute));
}

function torchCell(cell: RecurrentCell) {
  return (c: RuleContext): Writes => {
    const units = c.option('units') as number;
    // rnn.py: stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
    const bound = units > 0 ? 1 / Math.sqrt(units) : 0;
    const writes: Writes = [
      ['kernel', torchGateWeight(c, cell, 'kernel', bound, 'weight_ih')],
      ['recurrentKernel', torchGateWeight(c, cell, 'recurrentKernel', bound, 'weight_hh')],
    ];
    const biasShape = c.shape('bias');
    if (biasShape !== undefined) {
      const drawn = (tensor: string): Float32Array =>
        uniform(biasShape, { low: -bound, high: bound, seed: c.seed, key: c.key(tensor), out: c.scratch(biasShape) }).data as Float32Array;
      const bIh = drawn('bias_ih');
      const bHh = drawn('bias_hh');
      const sum = c.scratch(biasShape);
      for (let i = 0; i < sum.length; i++) sum[i] = bIh[i] + bHh[i]; // a Float32Array store rounds once, as float32 addition does
      writes.push(['bias', reorderBlocks(sum, GATE_ORDER[cell], c.target('bias'))]);
    }
    return writes;
  };
}

/** The ConvLSTM2D cell as one nn.Conv2d(in + f, 4f, k) over [x, h]. */
function torchConvLstm(c: RuleContext): Writes {
  const kernelShape = c.shape('kernel')!; // [*k, in, 4f]
  const recurrentShape = c.shape('recurrentKernel')!; // [*k, f, 4f]
  const n = kernelShape.length;
  const [inC, outC, f] = [kernelShape[n - 2], kernelShape[n - 1], recurrentShape[n - 2]];
  const k = kernelShape.slice(0, n - 2);
  const torchShape = [outC, inC + f, ...k];
  const weight = kaimingUniform(torchShape, { a: DEFAULT_LAYER_SLOPE, seed: c.seed, key: c.key('weight'), out: c.scratch(torchShape) }).data as Float32Array;
  // Split the input channels: rows of (in + f)·K values, the first in·K for x, the rest for h.
  const K = numel(k);
  const split = (attribute: string, from: number, count: number): Float32Array => {
    const part = c.scratch([outC, count, ...k]);
    for (let o = 0; o < outC; o++) part.set(weight.subarray((o * (inC + f) + from) * K, (o * (inC + f) + from + count) * K), o * count * K);
    return torchToTfjs(part, [outC, count, ...k], c.target(attribute));
  };
  const writes: Writes = [['kernel', split('kernel', 0, inC)], ['recurrentKernel', split('recurrentKernel', inC, f)]];
  const biasShape = c.shape('bias');
  if (biasShape !== undefined) {
    const bound = convDefaultBounds(torchShape).biasBound;
    writes.push(['bias', uniform(biasShape, { low: -bound, high: bound, seed: c.seed, key: c.key('bias'), out: c.target('bias') }).data as Float32Array]);
  }
  return writes;
}

function kerasCell(unitForgetBias: boolean) {
  return (c: RuleContext): Writes => {
    const recurrentShape = c.shape('recurrentKernel')!;
    const cols = recurrentShape[recurrentShape.length - 1];
    const matrix = [numel(recurrentShape) / cols, cols];
    const recurrent = orthogonal(matrix, { gain: 1, seed: c.seed, key: c.key('recurrent_kernel'), out: c.target('recurrentKernel') }).data as Float32Array;
    const writes: Writes = [['kernel', kerasGlorot(c, 'kernel', 'kernel')], ['recurrentKernel', recurrent]];
    const biasShape = c.shape('bias');
    if (biasShape !== undefined) {
      // Keras 3 LSTMCell/ConvLSTMCell: unit_forget_bias=True by default; TF.js leaves the option undefined unless given.
      if (unitForgetBias && c.option('unitForgetBias') !== false) {
        const bias = c.target('bias');
        const h = bias.length / 4;
        bias.fill(0).fill(1, h, 2 * h);
        writes.push(['bias', bias]);
      } else {
        writes.push(['bias', 0]);
      }
    }
    return writes;
  };
}

export const RECURRENT_RULES: Record<string, LayerRule> = {
  SimpleRNNCell: { torch: torchCell('SimpleRNN'), keras: kerasCell(false), module: 'nn.RNN' },
  GRUCell: { torch: torchCell('GRU'), keras: kerasCell(false), module: 'nn.GRU' },
  LSTMCell: { torch: torchCell('LSTM'), keras: kerasCell(true), module: 'nn.LSTM' },
  ConvLSTM2DCell: { torch: torchConvLstm, keras: kerasCell(true), module: 'nn.Conv2d(in + filters, 4·filters, k) over [x, h]' },
};
