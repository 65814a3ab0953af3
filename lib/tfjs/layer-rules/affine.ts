/**
 * Dense, Conv1D/2D/3D, Conv2DTranspose, Conv3DTranspose (tfjs-layers 4.22
 * `layers/core.ts`, `layers/convolutional.ts`): kernel [*k, a, b] and bias.
 *
 * 'torch': nn.Linear / nn.ConvNd / nn.ConvTransposeNd `reset_parameters()` (torch 1.13
 * `torch/nn/modules/linear.py`, `conv.py`): weight kaiming_uniform_(a=√5) = U(±1/√fan_in)
 * on PyTorch's weight (`torchShapeOf(kernel)`, lib/tfjs/layout.ts: [out, in, *k], or
 * [in, out, *k] for a transposed conv, fan_in as PyTorch computes it from that weight),
 * bias U(±1/√fan_in); keys `<path>.weight`, `<path>.bias`, so a Dense kernel is
 * `defaults.linear(in, out, { seed, key: '<path>' }).weight` transposed.
 * 'keras': Keras 3 (`keras/src/layers/core/dense.py`, `convolutional/base_conv.py`,
 * `base_conv_transpose.py`): glorot_uniform kernel, zero bias; key `<path>/kernel`.
 */
import { uniform } from '../../initializers/basic';
import { kaimingUniform } from '../../initializers/kaiming';
import { glorotUniform } from '../../initializers/keras';
import { convDefaultBounds, DEFAULT_LAYER_SLOPE, linearDefaultBounds } from '../../rules/scales';
import { torchShapeOf, torchToTfjs } from '../layout';
import type { LayerRule, RuleContext, Writes } from './rule';

/** U(±bound) into `out`, or 0 when bound is 0 (PyTorch's bias of a layer with fan_in 0). */
export function uniformOrZero(c: RuleContext, shape: number[], bound: number, tensor: string, attribute: string): Float32Array | number {
  return bound > 0 ? (uniform(shape, { low: -bound, high: bound, seed: c.seed, key: c.key(tensor), out: c.target(attribute) }).data as Float32Array) : 0;
}

function torchAffine(kind: 'linear' | 'conv' | 'convTranspose') {
  return (c: RuleContext): Writes => {
    const kernelShape = c.shape('kernel')!;
    const torchShape = torchShapeOf(kernelShape);
    const weight = kaimingUniform(torchShape, { a: DEFAULT_LAYER_SLOPE, seed: c.seed, key: c.key('weight'), out: c.scratch(torchShape) });
    const writes: Writes = [['kernel', torchToTfjs(weight.data as Float32Array, torchShape, c.target('kernel'))]];
    const biasShape = c.shape('bias');
    if (biasShape !== undefined) {
      const { biasBound } = kind === 'linear' ? linearDefaultBounds(torchShape[1], torchShape[0]) : convDefaultBounds(torchShape);
      writes.push(['bias', uniformOrZero(c, biasShape, biasBound, 'bias', 'bias')]);
    }
    return writes;
  };
}

/** glorot_uniform on the TF.js shape as it is (Keras's fans: fan_in = shape[-2]·∏shape[:-2]). */
export function kerasGlorot(c: RuleContext, attribute: string, tensor: string): Float32Array {
  const shape = c.shape(attribute)!;
  return glorotUniform(shape, { layout: 'keras', seed: c.seed, key: c.key(tensor), out: c.target(attribute) }).data as Float32Array;
}

function kerasAffine(c: RuleContext): Writes {
  const writes: Writes = [['kernel', kerasGlorot(c, 'kernel', 'kernel')]];
  if (c.shape('bias') !== undefined) writes.push(['bias', 0]);
  return writes;
}

const rule = (kind: 'linear' | 'conv' | 'convTranspose', module: string): LayerRule => ({ torch: torchAffine(kind), keras: kerasAffine, module });

export const AFFINE_RULES: Record<string, LayerRule> = {
  Dense: rule('linear', 'nn.Linear'),
  Conv1D: rule('conv', 'nn.Conv1d'),
  Conv2D: rule('conv', 'nn.Conv2d'),
  Conv3D: rule('conv', 'nn.Conv3d'),
  Conv2DTranspose: rule('convTranspose', 'nn.ConvTranspose2d'),
  Conv3DTranspose: rule('convTranspose', 'nn.ConvTranspose3d'),
};
