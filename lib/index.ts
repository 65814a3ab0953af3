/**
 * kaiming: PyTorch-exact neural-network weight initializers for Node.js.
 *
 * Every initializer takes a shape and options and returns a {@link Tensor}
 * (`{ data, shape, dtype, seed, key, range }`); each random one has an `Async`
 * twin that works off the JS thread and accepts an AbortSignal. Fans, gains,
 * bounds and standard deviations are PyTorch's (or Keras's) doubles bit for bit;
 * values depend only on (seed, key, flat index, rule, dtype), see docs/STREAM.md.
 *
 * @example
 * import { kaimingUniform, init, defaults, manualSeed } from 'kaiming';
 * manualSeed(0);
 * const w = kaimingUniform([256, 128, 3, 3], { nonlinearity: 'relu' });
 * const h = init('he_normal', [3, 3, 64, 128], { seed: 1 });
 * const { weight, bias } = defaults.linear(784, 256, { seed: 2, key: 'fc1' });
 */

// PyTorch's elementary initializers: uniform, normal, truncNormal, constant, zeros, ones (+ Async).
export * from './initializers/basic';
// He et al. 2015: kaimingUniform, kaimingNormal (+ Async).
export * from './initializers/kaiming';
// Glorot & Bengio 2010: xavierUniform, xavierNormal (+ Async).
export * from './initializers/xavier';
// Keras 3: varianceScaling and the He/Glorot/LeCun presets (+ Async).
export * from './initializers/keras';
// eye, dirac, orthogonal, sparse (+ Async).
export * from './initializers/structured';
// By name: init, initAsync, planFor, initializerNames.
export { init, initAsync, initializerNames, planFor } from './initializers/registry';
// nn.Linear / nn.ConvNd default initialisation.
export { defaults } from './initializers/defaults';
export type { ConvLayerOptions, LayerOptions, LayerParameters } from './initializers/defaults';
export { SPARSE_ZERO_KEY_MASK } from './sampling/matrices';
// Which kernel runs the fills: 'native' (the addon) or 'wasm' (the WebAssembly kernel); KAIMING_BACKEND forces one.
export { backend } from './sampling/backend';
export type { BackendName } from './sampling/backend';

// Fans, gains, stds and bounds.
export { calculateGain, computeFans, DEFAULT_NEGATIVE_SLOPE, LAYOUTS, NONLINEARITIES } from './rules/fans';
export { formatShape, numel, validateShape } from './core/shape';
export type { Fans, Layout, Nonlinearity } from './rules/fans';
export {
  convDefaultBounds,
  DEFAULT_LAYER_SLOPE,
  KERAS_DISTRIBUTIONS,
  KERAS_MODES,
  kaimingBound,
  kaimingStd,
  linearDefaultBounds,
  selectFan,
  TORCH_MODES,
  TRUNCATED_STD_AT_TWO_SIGMA,
  varianceScalingParams,
  xavierBound,
  xavierStd,
} from './rules/scales';
export type {
  DefaultBounds,
  KerasDistribution,
  KerasMode,
  TorchMode,
  VarianceScalingOptions,
  VarianceScalingParams,
} from './rules/scales';

// Streams: seeds, keys and generators.
export { defaultGenerator, Generator, hashKey, manualSeed } from './core/stream';

// Types.
export type { AsyncOptions, CommonOptions, Tensor } from './core/tensor';
export type { DType, TensorData } from './core/dtype';
export type { Family, Plan, PlanContext, PlanParams } from './rules/plan';
export type { AsyncInitializer, SyncInitializer } from './initializers/define';

// Whole models: specs, presets, the streaming safetensors writer, verification.
export * from './model';

// File formats.
export { readNpy, writeNpy, encodeNpy, encodeNpyHeader, NpyFormatError } from './formats/npy';
export { readSafetensors, writeSafetensors, SafetensorsWriter, safetensorsHeader, SafetensorsFormatError } from './formats/safetensors';
// 16-bit formats are returned as raw bits: these convert them.
export { float32ToBfloat16Bits, float32ToFloat16Bits, float32BitsToFloat16Bits, float32ArrayToFloat16Bits, bfloat16BitsToFloat32, float16BitsToFloat32, bfloat16ArrayToFloat32 } from './core/dtype';

// The maths of every initializer: exact distributions with formulas.
export { describe } from './distributions/describe';
export type { Description } from './distributions/describe';
export type { Distribution, Formula, FormulaText, PointMass } from './distributions';

// PyTorch's own stream: torch.manual_seed(s) as a generator (docs/TORCH-STREAM.md).
export { TORCH_CAPABILITIES, TORCH_STATE_BYTES, TorchGenerator, torchGenerator } from './core/torch-generator';
export type { TorchCapability, TorchGeneratorOptions } from './core/torch-generator';
// nn.Linear, Conv1d/2d/3d, Embedding, LayerNorm, Bilinear as torch builds them from its generator.
export { torchLayers, torchModules } from './initializers/torch-modules';
export type { TorchLayer } from './initializers/torch-modules';
