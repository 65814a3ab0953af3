/**
 * reinitialize(model, { recipe, seed }): every weight of a tf.LayersModel made again
 * in place, as PyTorch's modules (recipe 'torch') or Keras's layers (recipe 'keras')
 * initialise them, with kaiming's kernel.
 *
 * Each weight's stream is (seed, key) with a key named after its layer, so the
 * result does not depend on the order of the layers, and one layer can be made
 * again alone (`layers: ['fc1']`) with the values the whole model got.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LayersModel, type LayerVariable } from '@tensorflow/tfjs-layers';
import { defaultGenerator, toUint64 } from '../core/stream';
import type { Tensor } from '../core/tensor';
import { knownOptions, oneOf, optionsObject, rangeError, typeError } from '../core/validate';
import { uniform, normal } from '../initializers/basic';
import { kaimingUniform } from '../initializers/kaiming';
import { glorotUniform } from '../initializers/keras';
import { convDefaultBounds, DEFAULT_LAYER_SLOPE, linearDefaultBounds } from '../rules/scales';
import { torchShapeOf } from './layout';
import { toTensor } from './tensors';

export type Recipe = 'torch' | 'keras';
const RECIPES: readonly Recipe[] = ['torch', 'keras'];

/** Options of {@link reinitialize}. */
export interface ReinitializeOptions {
  /** 'torch' (default): PyTorch's module defaults; 'keras': Keras's layer defaults. */
  recipe?: Recipe;
  /**
   * Unsigned 64-bit seed of every stream. Omitted: defaultGenerator's seed XOR its next key
   * (a new seed per call, reproducible after manualSeed()); the result reports it.
   */
  seed?: number | bigint;
  /** Only these layers (by name); default every layer of the model, nested models included. */
  layers?: string[];
}

/** A layer and the names of its weights (the TF.js variable names). */
export interface LayerReport {
  layer: string;
  className: string;
  weights: string[];
}

export interface ReinitializeResult {
  recipe: Recipe;
  /** The seed used: pass it again to get the same values. */
  seed: bigint;
  /** Layers whose every weight was made again. */
  reinitialized: LayerReport[];
  /** Layers with weights that no rule covers: left exactly as they were. */
  skipped: LayerReport[];
}

// tfjs-layers' Layer type is not exported by name; what reinitialize reads of one.
interface AnyLayer {
  name: string;
  getClassName(): string;
  weights: LayerVariable[];
  layers?: AnyLayer[];
  [weight: string]: unknown;
}

/**
 * The weights one layer gets: TF.js attribute name (kernel, bias, …) → values (a number
 * fills the weight), and whose layout the tensors are in ('torch': PyTorch weights, permuted
 * into the TF.js kernels when written).
 */
interface Made {
  layout: 'torch' | 'keras';
  weights: Map<string, Tensor | number>;
}

type Rule = (layer: AnyLayer, seed: bigint, scratch: Scratch) => Made;

/** A built weight's shape (a LayerVariable's Shape type allows null dimensions; built weights have none). */
function shapeOf(v: LayerVariable): number[] {
  return v.shape as number[];
}

function variable(layer: AnyLayer, attribute: string): LayerVariable | undefined {
  const v = layer[attribute];
  return v === undefined || v === null ? undefined : (v as LayerVariable);
}

/**
 * Reused arrays for the PyTorch-layout weights, which are only read once, to be permuted
 * into new TF.js kernels: one array per size, so a stack of equal layers faults in the
 * memory of only one (docs/PERFORMANCE.md, "New tensors": first touch costs more than the fill).
 */
class Scratch {
  #arrays = new Map<number, Float32Array>();
  get(shape: readonly number[]): Float32Array {
    const n = shape.reduce((p, d) => p * d, 1);
    let a = this.#arrays.get(n);
    if (a === undefined) this.#arrays.set(n, (a = new Float32Array(n)));
    return a;
  }
}

/**
 * A new array in V8's memory for a tensor TF.js will own: it is freed when TF.js drops the
 * tensor, where a native block would go back to kaiming's block cache and stay resident.
 */
function owned(shape: readonly number[]): Float32Array {
  return new Float32Array(shape.reduce((p, d) => p * d, 1));
}

/**
 * nn.Linear / nn.ConvNd / nn.ConvTransposeNd `reset_parameters()` (torch/nn/modules/linear.py,
 * conv.py): weight kaiming_uniform_(a=√5) = U(±1/√fan_in), bias U(±1/√fan_in) (zeros when
 * fan_in is 0), with the streams of defaults.linear/conv(…, { seed, key: name }): keys
 * hashKey(`${name}.weight`) and hashKey(`${name}.bias`), the state_dict names.
 */
function torchAffine(kind: 'linear' | 'conv' | 'convTranspose'): Rule {
  return (layer, seed, scratch) => {
    const kernel = variable(layer, 'kernel')!;
    const torchShape = torchShapeOf(shapeOf(kernel));
    const weight = kaimingUniform(torchShape, { a: DEFAULT_LAYER_SLOPE, seed, key: `${layer.name}.weight`, out: scratch.get(torchShape) });
    const { biasBound } = kind === 'linear' ? linearDefaultBounds(torchShape[1], torchShape[0]) : convDefaultBounds(torchShape);
    const biasShape = [kind === 'convTranspose' ? torchShape[1] : torchShape[0]];
    const bias = biasBound > 0 ? uniform(biasShape, { low: -biasBound, high: biasBound, seed, key: `${layer.name}.bias`, out: owned(biasShape) }) : 0;
    return { layout: 'torch', weights: new Map<string, Tensor | number>([['kernel', weight], ['bias', bias]]) };
  };
}

/** Keras 3 Dense / Conv defaults (keras/src/layers/core/dense.py, convolutional/base_conv.py): glorot_uniform kernel, zero bias. */
function kerasAffine(layer: AnyLayer, seed: bigint): Made {
  const kernel = variable(layer, 'kernel')!;
  const weights = new Map<string, Tensor | number>([
    ['kernel', glorotUniform(shapeOf(kernel), { seed, key: `${layer.name}/kernel`, out: owned(shapeOf(kernel)) })],
    ['bias', 0],
  ]);
  return { layout: 'keras', weights };
}

/** nn.Embedding.reset_parameters (torch/nn/modules/sparse.py): normal_(weight), N(0, 1). Same [vocab, dim] layout in both. */
function torchEmbedding(layer: AnyLayer, seed: bigint): Made {
  const shape = shapeOf(variable(layer, 'embeddings')!);
  return { layout: 'keras', weights: new Map([['embeddings', normal(shape, { mean: 0, std: 1, seed, key: `${layer.name}.weight`, out: owned(shape) })]]) };
}

/** Keras 3 Embedding (keras/src/layers/core/embedding.py): embeddings_initializer "uniform" = RandomUniform(−0.05, 0.05). */
function kerasEmbedding(layer: AnyLayer, seed: bigint): Made {
  const shape = shapeOf(variable(layer, 'embeddings')!);
  const embeddings = uniform(shape, { low: -0.05, high: 0.05, seed, key: `${layer.name}/embeddings`, out: owned(shape) });
  return { layout: 'keras', weights: new Map([['embeddings', embeddings]]) };
}

/**
 * Norms, the same in both recipes: nn.LayerNorm weight 1 / bias 0; nn.BatchNorm
 * (torch/nn/modules/batchnorm.py reset_running_stats + reset_parameters) weight 1,
 * bias 0, running_mean 0, running_var 1; Keras's defaults are the same.
 */
const norm: Rule = () => ({ layout: 'keras', weights: new Map([['gamma', 1], ['beta', 0], ['movingMean', 0], ['movingVariance', 1]]) });

const RULES: Record<Recipe, Record<string, Rule>> = {
  torch: {
    Dense: torchAffine('linear'),
    Conv1D: torchAffine('conv'),
    Conv2D: torchAffine('conv'),
    Conv3D: torchAffine('conv'),
    Conv2DTranspose: torchAffine('convTranspose'),
    Conv3DTranspose: torchAffine('convTranspose'),
    Embedding: torchEmbedding,
    LayerNormalization: norm,
    BatchNormalization: norm,
  },
  keras: {
    Dense: kerasAffine,
    Conv1D: kerasAffine,
    Conv2D: kerasAffine,
    Conv3D: kerasAffine,
    Conv2DTranspose: kerasAffine,
    Conv3DTranspose: kerasAffine,
    Embedding: kerasEmbedding,
    LayerNormalization: norm,
    BatchNormalization: norm,
  },
};

/** The layer classes each recipe knows (tfjs-layers class names). */
export function reinitializableLayers(recipe: Recipe = 'torch'): string[] {
  return Object.keys(RULES[oneOf(recipe, 'recipe', RECIPES)]);
}

/** Every layer of the model, the layers of nested models instead of the models themselves. */
function leafLayers(layers: readonly AnyLayer[], out: AnyLayer[] = []): AnyLayer[] {
  for (const layer of layers) {
    if (Array.isArray(layer.layers)) leafLayers(layer.layers, out);
    else out.push(layer);
  }
  return out;
}

function report(layer: AnyLayer): LayerReport {
  return { layer: layer.name, className: layer.getClassName(), weights: layer.weights.map((w) => w.name) };
}

/** Writes one made weight into its variable (LayerVariable.write: shape-checked, in place, constraint applied). */
function write(v: LayerVariable, value: Tensor | number, layout: 'torch' | 'keras'): void {
  const t = typeof value === 'number' ? tf.fill(shapeOf(v), value, 'float32') : toTensor(value, { semantics: layout });
  try {
    v.write(t);
  } finally {
    t.dispose();
  }
}

/**
 * Without a seed: the default generator's seed XOR its next key, so that two calls
 * differ (as two unseeded torch inits do) and manualSeed() makes them reproducible.
 */
function freshSeed(): bigint {
  const { seed, key } = defaultGenerator.next();
  return seed ^ key;
}

function selectedLayers(all: AnyLayer[], names: unknown): AnyLayer[] {
  if (names === undefined) return all;
  if (!Array.isArray(names)) throw typeError('an array of layer names', 'layers', names);
  const byName = new Map(all.map((l) => [l.name, l]));
  return names.map((name, i) => {
    const layer = typeof name === 'string' ? byName.get(name) : undefined;
    if (typeof name !== 'string') throw typeError('a layer name (string)', `layers[${i}]`, name);
    if (layer === undefined) throw rangeError('the name of a layer of the model', `layers[${i}]`, name);
    return layer;
  });
}

/**
 * Re-initialises the weights of a tf.LayersModel in place (their tf.Variables keep
 * their identity, so an optimizer or a callback that holds them sees the new values):
 *
 * | layer (tfjs-layers) | recipe 'torch' | recipe 'keras' |
 * |---|---|---|
 * | Dense | nn.Linear: kernel = weight [out, in] transposed, kaiming_uniform_(a=√5); bias U(±1/√in) | glorot_uniform, bias 0 |
 * | Conv1D/2D/3D | nn.ConvNd: kernel = weight [out, in, *k] permuted; bias U(±1/√(in·∏k)) | glorot_uniform, bias 0 |
 * | Conv2DTranspose/3DTranspose | nn.ConvTransposeNd (weight [in, out, *k]) | glorot_uniform, bias 0 |
 * | Embedding | N(0, 1) | U(−0.05, 0.05) |
 * | LayerNormalization | gamma 1, beta 0 | the same |
 * | BatchNormalization | gamma 1, beta 0, moving mean 0, moving variance 1 | the same |
 *
 * Keys: recipe 'torch' uses PyTorch's state_dict names (`${layer}.weight`, `${layer}.bias`),
 * so a Dense kernel equals `defaults.linear(in, out, { seed, key: layer }).weight`
 * transposed; recipe 'keras' uses the TF.js names (`${layer}/kernel`, `${layer}/embeddings`).
 * Layers of other classes that have weights are left alone and listed in `skipped`.
 * A layer's weight constraint, if any, is applied to the new values (as LayerVariable.write does).
 *
 * @example const { skipped } = reinitialize(model, { recipe: 'torch', seed: 0 });
 * @throws TypeError when model is not a tf.LayersModel; TypeError/RangeError for bad options.
 */
export function reinitialize(model: LayersModel, options?: ReinitializeOptions): ReinitializeResult {
  const o = optionsObject(options);
  knownOptions(o, ['recipe', 'seed', 'layers'], 'reinitialize');
  const recipe = o.recipe === undefined ? 'torch' : oneOf(o.recipe, 'recipe', RECIPES);
  if (!(model instanceof LayersModel)) throw typeError('a tf.LayersModel', 'model', model);
  const chosen = selectedLayers(leafLayers(model.layers as unknown as AnyLayer[]), o.layers);
  const seed = o.seed === undefined ? freshSeed() : toUint64(o.seed, 'seed');
  const result: ReinitializeResult = { recipe, seed, reinitialized: [], skipped: [] };
  const scratch = new Scratch();
  for (const layer of chosen) {
    if (layer.weights.length === 0) continue;
    const rule = RULES[recipe][layer.getClassName()];
    if (rule === undefined) {
      result.skipped.push(report(layer));
      continue;
    }
    const made = rule(layer, seed, scratch);
    for (const [attribute, value] of made.weights) {
      const v = variable(layer, attribute);
      if (v !== undefined) write(v, value, made.layout);
    }
    result.reinitialized.push(report(layer));
  }
  return result;
}
