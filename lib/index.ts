/**
 * kaiming: PyTorch-exact neural-network weight initializers for Node.js.
 */
export * from './initializers/basic';
export { Generator, manualSeed, defaultGenerator, hashKey } from './stream';
export type { Tensor, CommonOptions, AsyncOptions } from './tensor';
export type { DType, TensorData } from './dtype';
export { computeFans, calculateGain } from './fans';
