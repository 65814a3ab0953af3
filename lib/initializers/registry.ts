/**
 * Initializers by name: `init('kaiming_uniform_', shape, options)`, with the
 * spellings of PyTorch (`kaiming_normal_`, `xavier_uniform`), Keras
 * (`he_normal`, `HeNormal`, `glorot_uniform`) and kaiming's own (`kaimingNormal`).
 */
import type { Plan } from '../rules/plan';
import type { AsyncOptions, Tensor } from '../core/tensor';
import { closestName, typeError } from '../core/validate';
// Every module that defines rules, so that all names are registered before init() runs.
import './basic';
import './kaiming';
import './keras';
import './structured';
import './xavier';
import { planOf, ruleByName, ruleNames, runAsync, runSync, type Rule } from './define';

/** The rule called `name` (any accepted spelling), or the error init() and describe() throw, with the closest name. */
export function lookupRule(name: unknown): Rule {
  if (typeof name !== 'string') throw typeError('an initializer name (string)', 'name', name);
  const rule = ruleByName(name);
  if (rule !== undefined) return rule;
  const suggestion = name === '' ? undefined : closestName(name, ruleNames());
  const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
  throw new RangeError(`Unknown initializer "${name}"${hint}`);
}

/**
 * Every name {@link init} accepts, sorted: kaiming's camelCase names plus
 * PyTorch's (`kaiming_uniform`, `kaiming_uniform_`, …) and Keras's (`he_normal`,
 * `HeNormal`, …) spellings. Names are case-sensitive.
 */
export function initializerNames(): string[] {
  return ruleNames().sort();
}

/**
 * Runs the initializer called `name` with `options` (the same options as the
 * function itself, e.g. `{ a, mode, nonlinearity }` for 'kaiming_uniform').
 * PyTorch names (with or without the trailing underscore) give PyTorch's rule,
 * Keras names Keras's: 'kaiming_normal' is an untruncated N(0, 2/fanIn) in the
 * torch layout, 'he_normal' a truncated normal in the Keras layout.
 *
 * @example init('kaiming_uniform_', [64, 3, 7, 7], { nonlinearity: 'relu', seed: 0 })
 * @example init('glorot_uniform', [784, 256], { seed: 0 })
 * @throws TypeError when name is not a string; RangeError for an unknown name, with
 *   the closest known one (`Unknown initializer "kaiming_unifrom"; did you mean "kaiming_uniform"?`),
 *   and whatever the initializer itself throws.
 */
export function init(name: string, shape: readonly number[], options?: Record<string, unknown>): Tensor {
  return runSync(lookupRule(name), shape, options);
}

/**
 * {@link init} off the JS thread; also accepts `signal`. Every error, including an
 * unknown name, rejects the promise.
 * @example await initAsync('he_normal', [3, 3, 64, 128], { seed: 0 })
 */
export async function initAsync(
  name: string,
  shape: readonly number[],
  options?: Record<string, unknown> & AsyncOptions,
): Promise<Tensor> {
  return runAsync(lookupRule(name), shape, options);
}

/**
 * The plan of a named initializer for a shape and options, without drawing
 * anything or advancing a generator: the distribution family with its exact
 * double-precision parameters (e.g. `{ family: 'uniform', low: -bound, high: bound }`)
 * and the fans, gain and mode that led to them. The same plan the initializer samples.
 *
 * @example planFor('kaiming_uniform', [256, 128, 3, 3]).high // 0.07216878364870323
 */
export function planFor(name: string, shape: readonly number[], options?: Record<string, unknown>): Plan {
  return planOf(lookupRule(name), shape, options);
}
