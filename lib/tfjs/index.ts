/**
 * kaiming/tfjs: kaiming inside TensorFlow.js (tfjs-core + tfjs-layers 4.x, any backend).
 *
 * - Initializer classes for tf.layers (`new KaimingNormal({ nonlinearity: 'relu', seed: 1 })`),
 *   registered with tf.serialization so saved models load back with them.
 * - reinitialize(model, { recipe: 'torch' | 'keras', seed }): PyTorch's (or Keras 3's) defaults
 *   for every weight of a tf.LayersModel, in place, keyed by each layer's place in the model.
 * - toTensor / fromTensor between kaiming tensors and tf.Tensor.
 *
 * @tensorflow/tfjs-core and @tensorflow/tfjs-layers are optional peer dependencies: this
 * entry loads them, the main entry ('kaiming') never does. See docs/tfjs.md.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-layers';
 * import { KaimingNormal, reinitialize } from 'kaiming/tfjs';
 * const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 256,
 *   kernelInitializer: new KaimingNormal({ nonlinearity: 'relu', seed: 1 }) })] });
 */
export * from './initializers';
export { reinitialize, reinitializableLayers } from './reinitialize';
export type { LayerReport, Recipe, ReinitializeOptions, ReinitializeResult } from './reinitialize';
export { GATE_ORDER, RECURRENT_CELLS, recurrentBiasDistribution, tfjsRecurrentToTorch, torchRecurrentToTfjs } from './gates';
export type { RecurrentCell } from './gates';
export { isAutoName } from './structure';
export { fromTensor, toTensor, SEMANTICS } from './tensors';
export type { FromTensorOptions, LayoutOptions, Semantics } from './tensors';
export { tfjsShapeOf, tfjsToTorch, torchShapeOf, torchToTfjs } from './layout';
