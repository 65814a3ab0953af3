/**
 * Every kaiming initializer as a tfjs-layers Initializer:
 * `tf.layers.dense({ units, kernelInitializer: new KaimingNormal({ nonlinearity: 'relu', seed: 1 }) })`.
 *
 * What TF.js asks of a custom initializer (tensorflow/tfjs 4.22,
 * `tfjs-layers/src/initializers.ts` and `tfjs-core/src/serialization.ts`): a
 * subclass of `Initializer` with `apply(shape, dtype)` returning a Tensor, a
 * static `className`, `getConfig()`, and `serialization.registerClass(cls)`.
 * Layers accept an initializer object only if it is `instanceof` that class
 * (`getInitializer` in initializers.ts); tfjs-layers does not export the class
 * itself (`exports_initializers.ts` exports only factory functions), so it is
 * taken from the prototype of one of its own initializers.
 *
 * registerClass files a class in `SerializationMap` under its className alone
 * (the package prefix only names it in a second map), so every className here is
 * prefixed 'kaiming.' to stay clear of TF.js's own 'HeNormal', 'Orthogonal', ….
 */
import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs-layers';
import type { Initializer as LayersInitializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { validateShape } from '../core/shape';
import { toKey, toUint64 } from '../core/stream';
import type { CommonOptions } from '../core/tensor';
import { knownOptions, oneOf, optionsObject, rangeError, typeError } from '../core/validate';
import type { UniformOptions, NormalOptions, TruncNormalOptions, ConstantOptions } from '../initializers/basic';
import type { KaimingOptions } from '../initializers/kaiming';
import type { KerasPresetOptions, VarianceScalingInitOptions } from '../initializers/keras';
import { init, planFor } from '../initializers/registry';
import type { DiracOptions, OrthogonalOptions, SparseOptions } from '../initializers/structured';
import type { XavierOptions } from '../initializers/xavier';
import { torchShapeOf, torchToTfjs } from './layout';
import { newStorage } from './storage';
import { SEMANTICS, type Semantics } from './tensors';

const Initializer = Object.getPrototypeOf(initializers.zeros().constructor) as abstract new () => LayersInitializer;

/** The stream and layout options every kaiming TF.js initializer takes. */
export interface TfjsInitializerOptions {
  /**
   * Unsigned 64-bit seed. With a seed, every call of `apply` gives the same values for
   * the same shape, in every process (docs/STREAM.md). Without one, each call takes the
   * next key of kaiming's defaultGenerator: different on every call, and in every
   * process unless `manualSeed()` was called first. A decimal string is accepted too
   * (getConfig writes seeds above 2^53−1 that way).
   */
  seed?: number | bigint | string;
  /** Stream key (a string is hashed with hashKey); default 0 with a seed. */
  key?: number | bigint | string;
  /** The 64-bit key as a decimal string: what getConfig writes for `key` (a saved config cannot hold a bigint). */
  streamKey?: string;
  /**
   * 'keras' (default; 'torch' for Dirac and Sparse, which only PyTorch has): the rule is
   * applied to the TF.js shape as it is, with Keras's fans (`layout: 'keras'`).
   * 'torch': the rule is applied to the PyTorch weight of the same layer
   * ([*kernel, in, out] → [out, in, *kernel], lib/tfjs/layout.ts) with PyTorch's fans, and
   * the values are permuted into the TF.js kernel.
   */
  semantics?: Semantics;
}

type Own<O> = Omit<O, keyof CommonOptions | 'layout'> & TfjsInitializerOptions;

interface Spec {
  /** Exported class name; the registered className is `kaiming.${name}`. */
  name: string;
  /** The kaiming rule run by apply (a name init() accepts). */
  rule: string;
  /** The rule's own options. */
  options: readonly string[];
  /** Whether the rule takes a `layout` option (fan-based rules). */
  usesLayout: boolean;
  defaultSemantics: Semantics;
  /**
   * The shape the rule is drawn on in the 'keras' semantics, when it is not the weight's
   * own (the values are then reshaped, row-major, to the weight's shape).
   */
  kerasShape?: (shape: number[]) => number[];
}

/** Options whose values are snake_case names: TF.js's loader camel-cases every string it reads back. */
const NAME_VALUED = new Set(['mode', 'nonlinearity', 'distribution']);

/**
 * 'fanIn' → 'fan_in', 'leakyRelu' → 'leaky_relu', 'convTranspose2d' → 'conv_transpose2d':
 * undoes `toCamelCase`, which `convertPythonicToTs` (tfjs-layers/src/utils/serialization_utils.ts)
 * applies to every string value of a loaded model config. Also accepts TF.js's own spelling of modes.
 */
function snakeName(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(value)) return value;
  return value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A seed as given, or as a saved config holds it. */
function seedOption(value: unknown): bigint {
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return toUint64(BigInt(value), 'seed');
  if (typeof value === 'string') throw rangeError('an integer between 0 and 2^64-1 (number, bigint or decimal string)', 'seed', value);
  return toUint64(value, 'seed');
}

/** The JSON-safe form of a 64-bit integer: a number when exact, else a decimal string. */
function jsonU64(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** The shape a constructor checks its options on, before any layer asks for values. */
function probeShape(spec: Spec, o: Record<string, unknown>): number[] {
  if (spec.rule === 'dirac') return [typeof o.groups === 'number' && o.groups > 0 ? o.groups : 1, 1, 1];
  return [1, 1];
}

/**
 * The base of every kaiming TF.js initializer: validates and keeps the options,
 * runs the kaiming rule in `apply`, and writes a config that survives TF.js's
 * save/load conversions (snake_case out, camelCase back in).
 */
export abstract class KaimingInitializer extends Initializer {
  readonly #spec: Spec;
  readonly #rule: Record<string, unknown>;
  readonly #seed: bigint | undefined;
  readonly #key: bigint | undefined;
  readonly #semantics: Semantics;

  protected constructor(spec: Spec, options: unknown) {
    super();
    const o = { ...optionsObject(options) };
    // deserializeKerasObject (tfjs-layers/src/utils/generic_utils.ts) adds this to every config it loads.
    delete o.customObjects;
    knownOptions(o, [...spec.options, 'seed', 'key', 'streamKey', 'semantics'], spec.name);
    this.#spec = spec;
    this.#semantics = o.semantics === undefined ? spec.defaultSemantics : oneOf(o.semantics, 'semantics', SEMANTICS);
    this.#seed = o.seed === undefined ? undefined : seedOption(o.seed);
    if (o.key !== undefined && o.streamKey !== undefined) {
      throw new TypeError(`Expected either key or streamKey, not both, but received streamKey ${JSON.stringify(o.streamKey)}`);
    }
    if (o.streamKey !== undefined) {
      if (typeof o.streamKey !== 'string' || !/^[0-9]+$/.test(o.streamKey)) throw typeError('a decimal string', 'streamKey', o.streamKey);
      this.#key = toUint64(BigInt(o.streamKey), 'streamKey');
    } else {
      this.#key = o.key === undefined ? undefined : toKey(o.key);
    }
    const rule: Record<string, unknown> = {};
    for (const name of spec.options) {
      if (o[name] !== undefined) rule[name] = NAME_VALUED.has(name) ? snakeName(o[name]) : o[name];
    }
    this.#rule = rule;
    // Bad values are refused here, not when a layer is first built.
    planFor(spec.rule, probeShape(spec, rule), this.#ruleOptions('keras'));
  }

  #ruleOptions(semantics: Semantics): Record<string, unknown> {
    const layout = this.#spec.usesLayout ? { layout: semantics } : {};
    return { ...this.#rule, ...layout };
  }

  /** 'keras' or 'torch': whose layout and fans the rule is applied with. */
  get semantics(): Semantics {
    return this.#semantics;
  }

  /**
   * The initial value of a weight of TF.js shape `shape`, float32. With 'torch'
   * semantics: kaiming's values for the PyTorch weight torchShapeOf(shape), permuted.
   */
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (dtype !== undefined && dtype !== 'float32') throw rangeError('"float32"', 'dtype', dtype);
    const torch = this.#semantics === 'torch';
    const options: Record<string, unknown> = this.#ruleOptions(this.#semantics);
    if (this.#seed !== undefined) options.seed = this.#seed;
    if (this.#key !== undefined) options.key = this.#key;
    const dims = validateShape(shape); // kaiming's messages, before the array below is sized from it
    const target = torch ? torchShapeOf(dims) : (this.#spec.kerasShape?.(dims) ?? dims);
    // The values go where the backend keeps them (lib/tfjs/storage.ts): a new Float32Array that
    // the CPU backend stores as it is, or the wasm heap. V8's memory rather than a native block:
    // TF.js frees it when it drops the tensor, where a block would return to kaiming's block
    // cache and stay resident (docs/PERFORMANCE.md, "Fresh memory").
    const storage = newStorage(dims);
    try {
      // 'torch': drawn in PyTorch's layout, then permuted into the tensor's memory.
      options.out = torch ? new Float32Array(storage.values.length) : storage.values;
      const t = init(this.#spec.rule, target, options);
      if (torch) torchToTfjs(t.data as Float32Array, target, storage.values);
    } catch (error) {
      storage.discard();
      throw error;
    }
    return storage.tensor();
  }

  /**
   * The options, JSON-safe: the rule's options as validated (name-valued ones in
   * snake_case), `semantics`, `seed` (a number, or a decimal string above 2^53−1) and the
   * key as `streamKey` (a decimal string; a string key is stored hashed).
   */
  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...(this.#rule as tf.serialization.ConfigDict), semantics: this.#semantics };
    if (this.#seed !== undefined) config.seed = jsonU64(this.#seed);
    if (this.#key !== undefined) config.streamKey = this.#key.toString();
    return config;
  }
}

/** A constructor of one kaiming TF.js initializer. */
export interface KaimingInitializerClass<O> {
  new (options?: O): KaimingInitializer;
  readonly className: string;
}

function define<O>(spec: Spec): KaimingInitializerClass<Own<O>> {
  const cls = class extends KaimingInitializer {
    static className = `kaiming.${spec.name}`;
    constructor(options?: Own<O>) {
      super(spec, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: spec.name });
  // Serializable's static fromConfig (`new cls(config)`) is inherited at run time; the base's type does not show it.
  tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<KaimingInitializer>, 'kaiming', spec.name);
  return cls;
}

const fanBased = (name: string, rule: string, options: readonly string[]): Spec =>
  ({ name, rule, options, usesLayout: true, defaultSemantics: 'keras' });
const plain = (name: string, rule: string, options: readonly string[], defaultSemantics: Semantics = 'keras'): Spec =>
  ({ name, rule, options, usesLayout: false, defaultSemantics });

// torch.nn.init's elementary rules.
export const Uniform = define<UniformOptions>(plain('Uniform', 'uniform', ['low', 'high']));
export const Normal = define<NormalOptions>(plain('Normal', 'normal', ['mean', 'std']));
export const TruncNormal = define<TruncNormalOptions>(plain('TruncNormal', 'truncNormal', ['mean', 'std', 'a', 'b']));
export const Constant = define<ConstantOptions>(plain('Constant', 'constant', ['value']));
export const Zeros = define<object>(plain('Zeros', 'zeros', []));
export const Ones = define<object>(plain('Ones', 'ones', []));
// He et al. 2015 and Glorot & Bengio 2010, PyTorch's rules.
export const KaimingUniform = define<KaimingOptions>(fanBased('KaimingUniform', 'kaimingUniform', ['a', 'mode', 'nonlinearity']));
export const KaimingNormal = define<KaimingOptions>(fanBased('KaimingNormal', 'kaimingNormal', ['a', 'mode', 'nonlinearity']));
export const XavierUniform = define<XavierOptions>(fanBased('XavierUniform', 'xavierUniform', ['gain']));
export const XavierNormal = define<XavierOptions>(fanBased('XavierNormal', 'xavierNormal', ['gain']));
// Keras 3's VarianceScaling and presets (truncated normals with the 0.8796 correction TF.js lacks).
export const VarianceScaling = define<VarianceScalingInitOptions>(fanBased('VarianceScaling', 'varianceScaling', ['scale', 'mode', 'distribution']));
export const HeNormal = define<KerasPresetOptions>(fanBased('HeNormal', 'heNormal', []));
export const HeUniform = define<KerasPresetOptions>(fanBased('HeUniform', 'heUniform', []));
export const GlorotNormal = define<KerasPresetOptions>(fanBased('GlorotNormal', 'glorotNormal', []));
export const GlorotUniform = define<KerasPresetOptions>(fanBased('GlorotUniform', 'glorotUniform', []));
export const LecunNormal = define<KerasPresetOptions>(fanBased('LecunNormal', 'lecunNormal', []));
export const LecunUniform = define<KerasPresetOptions>(fanBased('LecunUniform', 'lecunUniform', []));
// torch.nn.init's structured rules; Dirac and Sparse exist only in PyTorch, so they default to its layout.
export const Eye = define<object>(plain('Eye', 'eye', []));
export const Dirac = define<DiracOptions>(plain('Dirac', 'dirac', ['groups'], 'torch'));
// Keras's Orthogonal (keras/src/initializers/random_initializers.py) makes the matrix
// [∏shape[:-1], shape[-1]] (semi-)orthogonal; torch's orthogonal_ the matrix [shape[0], ∏shape[1:]].
// In the 'keras' semantics a kernel of rank > 2 is drawn as that 2-D matrix and reshaped.
const kerasMatrix = (shape: number[]): number[] =>
  shape.length > 2 ? [shape.slice(0, -1).reduce((p, d) => p * d, 1), shape[shape.length - 1]] : shape;
export const Orthogonal = define<OrthogonalOptions>({ ...plain('Orthogonal', 'orthogonal', ['gain']), kerasShape: kerasMatrix });
export const Sparse = define<SparseOptions>(plain('Sparse', 'sparse', ['sparsity', 'std'], 'torch'));

/** Every class above, by exported name. */
export const INITIALIZER_CLASSES = {
  Uniform, Normal, TruncNormal, Constant, Zeros, Ones,
  KaimingUniform, KaimingNormal, XavierUniform, XavierNormal,
  VarianceScaling, HeNormal, HeUniform, GlorotNormal, GlorotUniform, LecunNormal, LecunUniform,
  Eye, Dirac, Orthogonal, Sparse,
} as const;
