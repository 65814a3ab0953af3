/**
 * DepthwiseConv2D (tfjs-layers 4.22 `layers/convolutional_depthwise.ts`: depthwise_kernel
 * [kh, kw, in, mult], bias [in·mult]) and SeparableConv2D (`layers/convolutional.ts`
 * SeparableConv: depthwise_kernel [kh, kw, in, mult], pointwise_kernel [1, 1, in·mult, filters],
 * bias [filters]).
 *
 * 'torch': a depthwise conv is nn.Conv2d(in, in·mult, k, groups=in) (torch 1.13
 * `torch/nn/modules/conv.py`): weight [in·mult, 1, kh, kw], so fan_in = kh·kw·(in/groups) =
 * kh·kw and weight and bias are U(±1/√(kh·kw)). Output channel o = i·mult + m in both
 * systems (tf.depthwiseConv2d and a grouped conv put the `mult` outputs of input channel i
 * next to each other), so depthwise_kernel[h, w, i, m] = weight[i·mult + m, 0, h, w]: the
 * kernel read as [kh, kw, 1, in·mult] is the generic layout rule applied to that weight.
 * A SeparableConv2D is nn.Sequential(depthwise nn.Conv2d(in, in·mult, k, groups=in,
 * bias=False), pointwise nn.Conv2d(in·mult, filters, 1)): keys `<path>.depthwise.weight`,
 * `<path>.pointwise.weight`, `<path>.pointwise.bias`; the pointwise bias is
 * U(±1/√(in·mult)).
 * 'keras': Keras 3 (`keras/src/layers/convolutional/depthwise_conv2d.py`,
 * `separable_conv2d.py`): glorot_uniform depthwise and pointwise kernels with Keras's fans
 * of their own shapes (depthwise: fan_in = kh·kw·in, fan_out = kh·kw·mult), zero bias.
 */
import { kaimingUniform } from '../../initializers/kaiming';
import { convDefaultBounds, DEFAULT_LAYER_SLOPE } from '../../rules/scales';
import { torchShapeOf, torchToTfjs } from '../layout';
import { kerasGlorot, uniformOrZero } from './affine';
import type { LayerRule, RuleContext, Writes } from './rule';

/** PyTorch's weight of a depthwise kernel [*k, in, mult]: [in·mult, 1, *k]. */
export function depthwiseTorchShape(kernelShape: readonly number[]): number[] {
  const n = kernelShape.length;
  return [kernelShape[n - 2] * kernelShape[n - 1], 1, ...kernelShape.slice(0, n - 2)];
}

/** A grouped nn.ConvNd's weight U(±1/√fan_in), permuted into the TF.js kernel; its bias bound. */
function grouped(c: RuleContext, attribute: string, torchShape: number[], tensor: string): { kernel: Float32Array; biasBound: number } {
  const weight = kaimingUniform(torchShape, { a: DEFAULT_LAYER_SLOPE, seed: c.seed, key: c.key(tensor), out: c.scratch(torchShape) });
  return { kernel: torchToTfjs(weight.data as Float32Array, torchShape, c.target(attribute)), biasBound: convDefaultBounds(torchShape).biasBound };
}

function torchDepthwise(c: RuleContext): Writes {
  const { kernel, biasBound } = grouped(c, 'depthwiseKernel', depthwiseTorchShape(c.shape('depthwiseKernel')!), 'weight');
  const writes: Writes = [['depthwiseKernel', kernel]];
  const biasShape = c.shape('bias');
  if (biasShape !== undefined) writes.push(['bias', uniformOrZero(c, biasShape, biasBound, 'bias', 'bias')]);
  return writes;
}

function torchSeparable(c: RuleContext): Writes {
  const depthwise = grouped(c, 'depthwiseKernel', depthwiseTorchShape(c.shape('depthwiseKernel')!), 'depthwise.weight');
  const pointwise = grouped(c, 'pointwiseKernel', torchShapeOf(c.shape('pointwiseKernel')!), 'pointwise.weight');
  const writes: Writes = [['depthwiseKernel', depthwise.kernel], ['pointwiseKernel', pointwise.kernel]];
  const biasShape = c.shape('bias');
  if (biasShape !== undefined) writes.push(['bias', uniformOrZero(c, biasShape, pointwise.biasBound, 'pointwise.bias', 'bias')]);
  return writes;
}

function kerasDepthwise(c: RuleContext): Writes {
  const writes: Writes = [['depthwiseKernel', kerasGlorot(c, 'depthwiseKernel', 'depthwise_kernel')]];
  if (c.shape('pointwiseKernel') !== undefined) writes.push(['pointwiseKernel', kerasGlorot(c, 'pointwiseKernel', 'pointwise_kernel')]);
  if (c.shape('bias') !== undefined) writes.push(['bias', 0]);
  return writes;
}

export const DEPTHWISE_RULES: Record<string, LayerRule> = {
  DepthwiseConv2D: { torch: torchDepthwise, keras: kerasDepthwise, module: 'nn.Conv2d(groups=in)' },
  SeparableConv2D: { torch: torchSeparable, keras: kerasDepthwise, module: 'nn.Conv2d(groups=in) + nn.Conv2d 1×1' },
};
