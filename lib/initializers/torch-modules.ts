/**
 * torch.nn module construction on the torch stream: the parameters that
 * `torch.manual_seed(s)` followed by building the modules gives, bit for bit,
 * each module drawing as its reset_parameters does in torch 1.13
 * (torch/nn/modules/linear.py, conv.py, sparse.py, normalization.py).
 *
 * @example
 * // torch.manual_seed(0); nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)).state_dict()
 * const p = torchModules(0, [torchLayers.linear(784, 256), 'ReLU', torchLayers.linear(256, 10)]);
 * p['0.weight'].data; // Float32Array(200704), torch's bytes
 */
import type { DType } from '../core/dtype';
import type { Tensor } from '../core/tensor';
import { TorchGenerator } from '../core/torch-generator';
import { boolean, integer, knownOptions, optionsObject, positiveInteger, rangeError, typeError } from '../core/validate';
import { torchFill } from '../sampling/torch';
import { normal, ones, uniform, zeros } from './basic';
import { kaimingUniform } from './kaiming';
import { torchDType } from './torch-stream';
import { product } from '../core/shape';

/** One parameterised module, as torchLayers builds it. */
export type TorchLayer =
  | { kind: 'linear'; inFeatures: number; outFeatures: number; bias: boolean }
  | { kind: 'conv'; dims: 1 | 2 | 3; inChannels: number; outChannels: number; kernelSize: number[]; groups: number; bias: boolean; transposed: boolean }
  | { kind: 'embedding'; numEmbeddings: number; embeddingDim: number; paddingIdx: number | null }
  | { kind: 'layerNorm'; normalizedShape: number[]; elementwiseAffine: boolean }
  | { kind: 'bilinear'; in1Features: number; in2Features: number; outFeatures: number; bias: boolean };

function kernelOf(value: unknown, dims: number): number[] {
  if (typeof value === 'number') return Array.from({ length: dims }, () => positiveInteger(value, 'kernelSize'));
  if (!Array.isArray(value) || value.length !== dims) throw typeError(`a positive integer or an array of ${dims}`, 'kernelSize', value);
  return value.map((k, i) => positiveInteger(k, `kernelSize[${i}]`));
}

function conv(dims: 1 | 2 | 3) {
  return (inChannels: number, outChannels: number, kernelSize: number | number[], options: { groups?: number; bias?: boolean; transposed?: boolean } = {}): TorchLayer => {
    const o = optionsObject(options);
    knownOptions(o, ['groups', 'bias', 'transposed'], `torchLayers.conv${dims}d`);
    const inC = integer(inChannels, 'inChannels');
    const outC = integer(outChannels, 'outChannels');
    const groups = o.groups === undefined ? 1 : positiveInteger(o.groups, 'groups');
    // torch's _ConvNd: "in_channels must be divisible by groups", and the same for out_channels.
    if (inC % groups !== 0) throw rangeError(`a multiple of groups (${groups})`, 'inChannels', inChannels);
    if (outC % groups !== 0) throw rangeError(`a multiple of groups (${groups})`, 'outChannels', outChannels);
    return {
      kind: 'conv', dims, inChannels: inC, outChannels: outC, kernelSize: kernelOf(kernelSize, dims), groups,
      bias: o.bias === undefined ? true : boolean(o.bias, 'bias'),
      transposed: o.transposed === undefined ? false : boolean(o.transposed, 'transposed'),
    };
  };
}

/** The modules torchModules builds, with torch's constructor arguments. */
export const torchLayers = {
  /** nn.Linear(in_features, out_features, bias=True). */
  linear(inFeatures: number, outFeatures: number, options: { bias?: boolean } = {}): TorchLayer {
    const o = optionsObject(options);
    knownOptions(o, ['bias'], 'torchLayers.linear');
    return {
      kind: 'linear', inFeatures: integer(inFeatures, 'inFeatures'), outFeatures: integer(outFeatures, 'outFeatures'),
      bias: o.bias === undefined ? true : boolean(o.bias, 'bias'),
    };
  },
  /** nn.Conv1d, or nn.ConvTranspose1d with transposed: true. */
  conv1d: conv(1),
  /** nn.Conv2d, or nn.ConvTranspose2d with transposed: true. */
  conv2d: conv(2),
  /** nn.Conv3d, or nn.ConvTranspose3d with transposed: true. */
  conv3d: conv(3),
  /** nn.Embedding(num_embeddings, embedding_dim, padding_idx=None). */
  embedding(numEmbeddings: number, embeddingDim: number, options: { paddingIdx?: number | null } = {}): TorchLayer {
    const o = optionsObject(options);
    knownOptions(o, ['paddingIdx'], 'torchLayers.embedding');
    const num = integer(numEmbeddings, 'numEmbeddings');
    let paddingIdx: number | null = null;
    if (o.paddingIdx !== undefined && o.paddingIdx !== null) {
      // sparse.py: "Padding_idx must be within num_embeddings"; a negative index counts from the end.
      const p = integer(o.paddingIdx, 'paddingIdx', -num, num - 1);
      paddingIdx = p < 0 ? num + p : p;
    }
    return { kind: 'embedding', numEmbeddings: num, embeddingDim: integer(embeddingDim, 'embeddingDim'), paddingIdx };
  },
  /** nn.LayerNorm(normalized_shape, elementwise_affine=True): ones and zeros, no random numbers. */
  layerNorm(normalizedShape: number | number[], options: { elementwiseAffine?: boolean } = {}): TorchLayer {
    const o = optionsObject(options);
    knownOptions(o, ['elementwiseAffine'], 'torchLayers.layerNorm');
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape)) throw typeError('an integer or an array of integers', 'normalizedShape', normalizedShape);
    return {
      kind: 'layerNorm', normalizedShape: shape.map((d, i) => integer(d, `normalizedShape[${i}]`)),
      elementwiseAffine: o.elementwiseAffine === undefined ? true : boolean(o.elementwiseAffine, 'elementwiseAffine'),
    };
  },
  /** nn.Bilinear(in1_features, in2_features, out_features, bias=True). */
  bilinear(in1Features: number, in2Features: number, outFeatures: number, options: { bias?: boolean } = {}): TorchLayer {
    const o = optionsObject(options);
    knownOptions(o, ['bias'], 'torchLayers.bilinear');
    return {
      kind: 'bilinear', in1Features: positiveInteger(in1Features, 'in1Features'), in2Features: integer(in2Features, 'in2Features'),
      outFeatures: integer(outFeatures, 'outFeatures'), bias: o.bias === undefined ? true : boolean(o.bias, 'bias'),
    };
  },
};

type Common = { generator: TorchGenerator; dtype: DType };

/** U(−bound, bound) as init.uniform_ draws it, also for bound 0 (torch draws uniform_(−0, 0): zeros, words consumed). */
function uniformBound(shape: number[], bound: number, c: Common): Tensor {
  if (bound > 0) return uniform(shape, { low: -bound, high: bound, ...c });
  const t = zeros(shape, c);
  if (t.data.length > 0) torchFill(c.generator, 'uniform', [-0, 0], t.data as Float32Array | Float64Array);
  return t;
}

function parametersOf(layer: TorchLayer, c: Common): Record<string, Tensor> {
  switch (layer.kind) {
    case 'linear': {
      // linear.py reset_parameters: kaiming_uniform_(weight, a=√5); bias U(±1/√fan_in) (0 when fan_in is 0).
      const weight = kaimingUniform([layer.outFeatures, layer.inFeatures], { a: Math.sqrt(5), ...c });
      if (!layer.bias) return { weight };
      const fanIn = layer.inFeatures;
      return { weight, bias: uniformBound([layer.outFeatures], fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0, c) };
    }
    case 'conv': {
      // conv.py _ConvNd: weight (out, in/groups, *k), transposed (in, out/groups, *k); bias drawn only when fan_in ≠ 0.
      const shape = layer.transposed
        ? [layer.inChannels, layer.outChannels / layer.groups, ...layer.kernelSize]
        : [layer.outChannels, layer.inChannels / layer.groups, ...layer.kernelSize];
      const weight = kaimingUniform(shape, { a: Math.sqrt(5), ...c });
      if (!layer.bias) return { weight };
      const fanIn = shape[1]! * product(layer.kernelSize);
      // torch leaves the bias as torch.empty made it when fan_in is 0; zeros here.
      const bias = fanIn !== 0 ? uniform([layer.outChannels], { low: -1 / Math.sqrt(fanIn), high: 1 / Math.sqrt(fanIn), ...c }) : zeros([layer.outChannels], c);
      return { weight, bias };
    }
    case 'embedding': {
      // sparse.py: normal_(weight), then the padding row filled with 0.
      const weight = normal([layer.numEmbeddings, layer.embeddingDim], c);
      if (layer.paddingIdx !== null) weight.data.fill(0, layer.paddingIdx * layer.embeddingDim, (layer.paddingIdx + 1) * layer.embeddingDim);
      return { weight };
    }
    case 'layerNorm':
      if (!layer.elementwiseAffine) return {};
      return { weight: ones(layer.normalizedShape, c), bias: zeros(layer.normalizedShape, c) };
    case 'bilinear': {
      // linear.py Bilinear: bound = 1/√in1_features for weight (out, in1, in2) and bias.
      const bound = 1 / Math.sqrt(layer.in1Features);
      const weight = uniformBound([layer.outFeatures, layer.in1Features, layer.in2Features], bound, c);
      return layer.bias ? { weight, bias: uniformBound([layer.outFeatures], bound, c) } : { weight };
    }
  }
}

function isLayer(value: unknown): value is TorchLayer {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/**
 * The parameters of one module, or of an nn.Sequential of modules (named as
 * its state_dict: '0.weight', '0.bias', …; a string or null stands for a
 * module without parameters, such as 'ReLU'), made in order from `seed`
 * (torch.manual_seed) or from a TorchGenerator, which then advances.
 */
export function torchModules(
  seedOrGenerator: number | bigint | TorchGenerator,
  modules: TorchLayer | readonly (TorchLayer | string | null)[],
  options: { dtype?: DType } = {},
): Record<string, Tensor> {
  const o = optionsObject(options);
  knownOptions(o, ['dtype'], 'torchModules');
  const generator = seedOrGenerator instanceof TorchGenerator ? seedOrGenerator : new TorchGenerator(seedOrGenerator);
  // Refused before anything is drawn.
  const dtype = o.dtype === undefined ? 'float32' : torchDType(o.dtype);
  const c: Common = { generator, dtype };
  if (!Array.isArray(modules)) {
    if (!isLayer(modules)) throw typeError('a torchLayers module or an array of them', 'modules', modules);
    return parametersOf(modules, c);
  }
  modules.forEach((m, i) => {
    if (m !== null && typeof m !== 'string' && !isLayer(m)) throw typeError('a torchLayers module, a string or null', `modules[${i}]`, m);
  });
  const result: Record<string, Tensor> = {};
  modules.forEach((m, i) => {
    if (!isLayer(m)) return;
    for (const [name, tensor] of Object.entries(parametersOf(m, c))) result[`${i}.${name}`] = tensor;
  });
  return result;
}
