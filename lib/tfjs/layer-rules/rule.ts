/**
 * What a layer rule is: for one object with weights (a layer or an RNN cell, a `Site`),
 * the values of each of its weights under recipe 'torch' (the PyTorch module the layer
 * corresponds to) and 'keras' (Keras 3's defaults), already in TF.js's layout.
 */
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { writableStorage } from '../storage';
import { tensorKey, type Site } from '../structure';

export type Recipe = 'torch' | 'keras';

/** Attribute of the layer object (kernel, recurrentKernel, bias, …) → its values (a number fills it). */
export type Writes = Array<[attribute: string, values: Float32Array | number]>;

/** One tfjs-layers class: how each recipe makes its weights, and a line for docs and reports. */
export interface LayerRule {
  torch(c: RuleContext): Writes;
  keras(c: RuleContext): Writes;
  /** The PyTorch module it is made as, e.g. 'nn.LSTM'. */
  module: string;
}

/**
 * Reused arrays for PyTorch-layout values that are only read once, to be permuted into
 * new TF.js arrays: one array per size, so a stack of equal layers faults in the memory of
 * only one (docs/PERFORMANCE.md, "New tensors": first touch costs more than the fill).
 */
export class Scratch {
  #arrays = new Map<number, Float32Array[]>();
  #inUse = new Map<number, number>();
  /** An array of n values, distinct from the others handed out since the last release(). */
  get(n: number): Float32Array {
    const list = this.#arrays.get(n) ?? [];
    const used = this.#inUse.get(n) ?? 0;
    if (list.length === used) list.push(new Float32Array(n));
    this.#arrays.set(n, list);
    this.#inUse.set(n, used + 1);
    return list[used];
  }
  release(): void {
    this.#inUse.clear();
  }
}

export interface RuleContext {
  site: Site;
  seed: bigint;
  /** The stream key (text, hashed by kaiming's initializers) of a tensor of this site. */
  key(tensor: string): string;
  /** The built shape of `owner[attribute]`, or undefined when the layer has no such weight. */
  shape(attribute: string): number[] | undefined;
  scratch(shape: readonly number[]): Float32Array;
  /**
   * Where the values of `owner[attribute]` go: the weight's own storage when the backend lets
   * kaiming write it in place (lib/tfjs/storage.ts), else a new array that TF.js will own
   * (V8's memory, freed when TF.js drops the tensor).
   */
  target(attribute: string): Float32Array;
  /** A layer option (e.g. 'units', 'unitForgetBias'). */
  option(name: string): unknown;
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

export function variableOf(site: Site, attribute: string): LayerVariable | undefined {
  const v = site.owner[attribute];
  return v === undefined || v === null ? undefined : (v as LayerVariable);
}

/** The context of one site, and the storages it handed out as targets (attribute → in-place array). */
export function ruleContext(site: Site, recipe: Recipe, seed: bigint, scratch: Scratch): { context: RuleContext; inPlace: Map<string, Float32Array> } {
  const inPlace = new Map<string, Float32Array>();
  const context: RuleContext = {
    site,
    seed,
    key: (tensor) => tensorKey(site, recipe, tensor),
    shape: (attribute) => {
      const v = variableOf(site, attribute);
      return v === undefined ? undefined : (v.shape as number[]);
    },
    scratch: (shape) => scratch.get(numel(shape)),
    target: (attribute) => {
      const v = variableOf(site, attribute)!;
      const storage = writableStorage(v);
      if (storage === undefined) return new Float32Array(numel(v.shape as number[]));
      inPlace.set(attribute, storage);
      return storage;
    },
    option: (name) => site.owner[name],
  };
  return { context, inPlace };
}
