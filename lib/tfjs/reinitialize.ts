/**
 * reinitialize(model, { recipe, seed }): every weight of a tf.LayersModel made again in
 * place, as PyTorch's modules (recipe 'torch') or Keras 3's layers (recipe 'keras')
 * initialise them, with kaiming's kernel.
 *
 * Each tensor's stream is (seed, key) with a key from the layer's place in the model
 * (lib/tfjs/structure.ts), never from TF.js's auto names, so the same architecture gets the
 * same weights however many times it is built, in any process. The rules per layer class
 * are in lib/tfjs/layer-rules/; a layer with weights that no rule covers is refused by
 * name before anything is written.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LayersModel, type LayerVariable } from '@tensorflow/tfjs-layers';
import { defaultGenerator, toUint64 } from '../core/stream';
import { describeValue, knownOptions, oneOf, optionsObject, rangeError, typeError } from '../core/validate';
import { LAYER_RULES, ruleContext, Scratch, variableOf, type Recipe } from './layer-rules';
import { writableStorage } from './storage';
import { pathString, sitesOf, tensorKey, type AnyLayer, type Placed, type Site } from './structure';

export type { Recipe } from './layer-rules';
const RECIPES: readonly Recipe[] = ['torch', 'keras'];

/** Options of {@link reinitialize}. */
export interface ReinitializeOptions {
  /** 'torch' (default): PyTorch's module defaults; 'keras': Keras 3's layer defaults. */
  recipe?: Recipe;
  /**
   * Unsigned 64-bit seed of every stream. Omitted: defaultGenerator's seed XOR its next key
   * (a new seed per call, reproducible after manualSeed()); the result reports it.
   */
  seed?: number | bigint;
  /**
   * Only these layers, each by its name or its path (as the result reports it); a nested
   * model selects every layer inside it. Default: every layer.
   */
  layers?: string[];
  /**
   * Pins: layer (by name or path) → the key prefix its tensors use instead of their path
   * (a nested model's layers then hang under it). E.g. `{ dense_Dense7: 'head' }` gives that
   * Dense the keys `head.weight`, `head.bias` ('torch') whatever its place.
   */
  keys?: Record<string, string>;
}

/** A layer of the model and the names of its weights (the TF.js variable names). */
export interface LayerReport {
  /** Its TF.js name (auto names differ between builds; `path` does not). */
  layer: string;
  /** Its place: segments from the model down, joined by '/' (docs/tfjs.md, "Keys"). */
  path: string;
  className: string;
  weights: string[];
}

export interface ReinitializeResult {
  recipe: Recipe;
  /** The seed used: pass it again to get the same values. */
  seed: bigint;
  /** Layers whose every weight was made again, in model order. */
  reinitialized: LayerReport[];
}

/** The layer classes each recipe knows (tfjs-layers class names; RNN layers and wrappers are walked into). */
export function reinitializableLayers(recipe: Recipe = 'torch'): string[] {
  oneOf(recipe, 'recipe', RECIPES);
  return Object.keys(LAYER_RULES);
}

/**
 * Without a seed: the default generator's seed XOR its next key, so that two calls
 * differ (as two unseeded torch inits do) and manualSeed() makes them reproducible.
 */
function freshSeed(): bigint {
  const { seed, key } = defaultGenerator.next();
  return seed ^ key;
}

/** The layers a name or a path means; a name two layers share is refused (its paths differ). */
function resolveLayer(placed: readonly Placed[], ref: unknown, name: string): Placed {
  if (typeof ref !== 'string') throw typeError('a layer name or path (string)', name, ref);
  const byPath = placed.find((p) => pathString(p.path) === ref);
  if (byPath !== undefined) return byPath;
  const byName = placed.filter((p) => p.layer.name === ref);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    throw rangeError(`one layer's name or path (${byName.length} layers are named so; their paths: ${byName.map((p) => JSON.stringify(pathString(p.path))).join(', ')})`, name, ref);
  }
  throw rangeError('the name or path of a layer of the model', name, ref);
}

function pinsOf(o: Record<string, unknown>): Map<string, string> {
  if (o.keys === undefined) return new Map();
  const keys = optionsObject(o.keys, 'keys');
  const pins = new Map<string, string>();
  for (const [ref, prefix] of Object.entries(keys)) {
    if (typeof prefix !== 'string') throw typeError('a key prefix (string)', `keys[${JSON.stringify(ref)}]`, prefix);
    if (prefix === '') throw rangeError('a non-empty key prefix', `keys[${JSON.stringify(ref)}]`, prefix);
    pins.set(ref, prefix);
  }
  return pins;
}

function isWithin(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

/** Refuses, before anything is written, a chosen site that no rule covers. */
function checkKnown(sites: readonly Site[]): void {
  const unknown = sites.filter((s) => LAYER_RULES[s.className] === undefined);
  if (unknown.length > 0) {
    const what = unknown.map((s) => `${s.className} at ${JSON.stringify(pathString(s.path))}`).join(', ');
    throw new TypeError(
      `Expected only layers with weights that kaiming knows (${Object.keys(LAYER_RULES).join(', ')}) for model but received ${what}; ` +
        `its weights would keep other values, so nothing was written`,
    );
  }
}

/** Refuses two sites with one key prefix (only possible with pins or user names that contain '.' or '/'). */
function checkDistinct(sites: readonly Site[], recipe: Recipe): void {
  const seen = new Map<string, Site>();
  for (const site of sites) {
    const key = tensorKey(site, recipe, '');
    const other = seen.get(key);
    if (other !== undefined) {
      throw rangeError(
        `keys that differ between layers (${JSON.stringify(pathString(other.path))} and ${JSON.stringify(pathString(site.path))} would share the stream key prefix ${JSON.stringify(key)})`,
        'keys',
        key,
      );
    }
    seen.set(key, site);
  }
}

/** Writes one site's weights; every variable it holds must be written. */
function writeSite(site: Site, recipe: Recipe, seed: bigint, scratch: Scratch): void {
  const rule = LAYER_RULES[site.className];
  const { context, inPlace } = ruleContext(site, recipe, seed, scratch);
  const writes = rule[recipe](context);
  const written = new Set<LayerVariable>();
  for (const [attribute, values] of writes) {
    const v = variableOf(site, attribute)!;
    written.add(v);
    const storage = inPlace.get(attribute) ?? (typeof values === 'number' ? writableStorage(v) : undefined);
    if (storage !== undefined && (values === storage || typeof values === 'number')) {
      if (typeof values === 'number') storage.fill(values);
      continue; // drawn straight into the weight's own memory (lib/tfjs/storage.ts)
    }
    const shape = v.shape as number[];
    const t = typeof values === 'number' ? tf.fill(shape, values, 'float32') : tf.tensor(values, shape, 'float32');
    try {
      v.write(t); // shape-checked, in place, the weight's constraint applied (tfjs-layers variables.ts)
    } finally {
      t.dispose();
    }
  }
  scratch.release();
  const missed = site.owner.weights.filter((w) => !written.has(w));
  if (missed.length > 0) {
    // A layer built with weights this rule does not know of (a subclass, another tfjs version).
    throw new TypeError(`Expected the weights of a ${site.className} that kaiming knows for model but received ${missed.map((w) => describeValue(w.name)).join(', ')} at ${JSON.stringify(pathString(site.path))}`);
  }
}

function report(placed: Placed): LayerReport {
  return { layer: placed.layer.name, path: pathString(placed.path), className: placed.layer.getClassName(), weights: placed.layer.weights.map((w) => w.name) };
}

/**
 * Re-initialises the weights of a tf.LayersModel in place (their tf.Variables keep their
 * identity, so an optimizer or a callback that holds them sees the new values). Every
 * weight-bearing layer of tfjs-layers 4.22 has a rule per recipe (docs/tfjs.md has the
 * table); a layer with weights and no rule is refused (TypeError), and nothing is written.
 *
 * Keys (docs/tfjs.md, "Keys"): a layer's path is its segment under each enclosing model:
 * its user-given name, or `${index}:${className}` when TF.js named it. Recipe 'torch' keys
 * each tensor by its PyTorch state_dict name under that path (`0:Dense.weight`,
 * `fc.bias`, `2:LSTM.weight_hh_l0_reverse`), recipe 'keras' by its TF.js weight name
 * (`0:Dense/kernel`).
 *
 * @example const { reinitialized } = reinitialize(model, { recipe: 'torch', seed: 0 });
 * @throws TypeError when model is not a tf.LayersModel or holds a layer no rule covers;
 *   TypeError/RangeError for bad options.
 */
export function reinitialize(model: LayersModel, options?: ReinitializeOptions): ReinitializeResult {
  const o = optionsObject(options);
  knownOptions(o, ['recipe', 'seed', 'layers', 'keys'], 'reinitialize');
  const recipe = o.recipe === undefined ? 'torch' : oneOf(o.recipe, 'recipe', RECIPES);
  if (!(model instanceof LayersModel)) throw typeError('a tf.LayersModel', 'model', model);
  const seed = o.seed === undefined ? undefined : toUint64(o.seed, 'seed');
  if (o.layers !== undefined && !Array.isArray(o.layers)) throw typeError('an array of layer names or paths', 'layers', o.layers);
  const pins = pinsOf(o);

  // First pass without pins, to resolve the names and paths the options use.
  const root = model as unknown as AnyLayer;
  const { layers: placed } = sitesOf(root, () => undefined);
  const pinnedPaths = new Map<string, string>();
  for (const [ref, prefix] of pins) pinnedPaths.set(pathString(resolveLayer(placed, ref, `keys[${JSON.stringify(ref)}]`).path), prefix);
  const { sites } = sitesOf(root, (_, path) => pinnedPaths.get(pathString(path)));
  const chosen = o.layers === undefined
    ? undefined
    : (o.layers as unknown[]).map((ref, i) => resolveLayer(placed, ref, `layers[${i}]`).path);
  const selected = chosen === undefined ? sites : sites.filter((s) => chosen.some((p) => isWithin(s.path, p)));
  checkKnown(selected);
  checkDistinct(sites, recipe);

  const used = seed ?? freshSeed();
  const scratch = new Scratch();
  for (const site of selected) writeSite(site, recipe, used, scratch);
  const layers = new Set(selected.map((s) => s.layer));
  return { recipe, seed: used, reinitialized: placed.filter((p) => layers.has(p.layer)).map(report) };
}
