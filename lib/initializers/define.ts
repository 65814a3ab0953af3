/**
 * Builds the public sync and async functions of an initializer from its rule.
 *
 * Every initializer is: validate the shape, turn (shape, options) into a Plan
 * (the rule: fans, gain, bounds), validate the common options, then sample the
 * plan. Writing that once keeps validation order and messages identical
 * across the API: a bad option is refused before the generator advances.
 */
import { validateShape } from '../core/shape';
import type { Plan } from '../rules/plan';
import { sampleAsync, sampleSync } from '../sampling/sample';
import { ASYNC_OPTION_NAMES, COMMON_OPTION_NAMES, makeTensor, resolveCommon, warnIfEmpty, type Tensor } from '../core/tensor';
import { knownOptions, optionsObject, typeError } from '../core/validate';
import { abortError } from '../sampling/jobs';
import { sampleTorch, usesTorchGenerator } from './torch-stream';
import { allocate } from '../core/tensor';

export interface Rule {
  /** The public camelCase name, used in messages (e.g. 'kaimingUniform'). */
  name: string;
  /** Other names `init()` accepts: PyTorch's and Keras's spellings. */
  aliases: readonly string[];
  /** The rule's own option names (besides the common ones). */
  options: readonly string[];
  /** Whether the rule reads a layout option (fan-based rules). */
  usesLayout?: boolean;
  /** Computes the plan; options are already checked for unknown names. */
  plan(shape: number[], options: Record<string, unknown>): Plan;
}

export type SyncInitializer<O> = (shape: readonly number[], options?: O) => Tensor;
export type AsyncInitializer<O> = (shape: readonly number[], options?: O & { signal?: AbortSignal }) => Promise<Tensor>;

const rules = new Map<string, Rule>();

/** All registered rules, by every name they answer to. */
export function ruleByName(name: string): Rule | undefined {
  return rules.get(name);
}

export function ruleNames(): string[] {
  return [...rules.keys()];
}

/** The rule's own option names (its options, and layout for the fan-based rules), without the common ones. */
export function ruleOptionNames(rule: Rule): readonly string[] {
  return rule.usesLayout ? [...rule.options, 'layout'] : rule.options;
}

const knownNames = new WeakMap<Rule, { sync: ReadonlySet<string>; async: ReadonlySet<string> }>();

/** The option names a rule accepts, sync and async (computed once per rule: this is on every call's path). */
function optionNames(rule: Rule): { sync: ReadonlySet<string>; async: ReadonlySet<string> } {
  let names = knownNames.get(rule);
  if (names === undefined) {
    const own = ruleOptionNames(rule);
    names = { sync: new Set([...own, ...COMMON_OPTION_NAMES]), async: new Set([...own, ...ASYNC_OPTION_NAMES]) };
    knownNames.set(rule, names);
  }
  return names;
}

/** Checks option names and the shape, and computes the plan: no stream is taken. */
function checkAndPlan(rule: Rule, shape: unknown, options: unknown, withSignal: boolean) {
  const opts = optionsObject(options);
  const names = optionNames(rule);
  knownOptions(opts, withSignal ? names.async : names.sync, withSignal ? `${rule.name}Async` : rule.name);
  const dims = validateShape(shape);
  const plan = rule.plan(dims, opts);
  return { opts, dims, plan };
}

function prepare(rule: Rule, shape: unknown, options: unknown, withSignal: boolean) {
  const { opts, dims, plan } = checkAndPlan(rule, shape, options, withSignal);
  const resolved = resolveCommon(dims, opts, withSignal);
  return { plan, resolved };
}

/** Runs a rule synchronously (used by the public functions and by init()). */
export function runSync(rule: Rule, shape: unknown, options: unknown): Tensor {
  if (usesTorchGenerator(options)) {
    const { opts, dims, plan } = checkAndPlan(rule, shape, options, false);
    return sampleTorch(rule.name, dims, plan, opts);
  }
  const { plan, resolved } = prepare(rule, shape, options, false);
  if (resolved.size === 0) {
    warnIfEmpty(resolved, rule.name);
    return makeTensor(resolved, resolved.out ?? allocate(resolved));
  }
  return sampleSync(plan, resolved);
}

/** Runs a rule off the JS thread. Argument errors reject the promise (they are not thrown). */
export async function runAsync(rule: Rule, shape: unknown, options: unknown): Promise<Tensor> {
  if (usesTorchGenerator(options)) {
    // torch's stream is one serial sequence held in JS memory: drawn here, in call order.
    const { opts, dims, plan } = checkAndPlan(rule, shape, options, true);
    const { signal, ...rest } = opts;
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('an AbortSignal', 'signal', signal);
    if (signal?.aborted) throw abortError(signal);
    return sampleTorch(rule.name, dims, plan, rest);
  }
  const { plan, resolved } = prepare(rule, shape, options, true);
  if (resolved.size === 0) {
    warnIfEmpty(resolved, rule.name);
    return makeTensor(resolved, resolved.out ?? allocate(resolved));
  }
  return sampleAsync(plan, resolved);
}

/** Registers a rule and returns its public pair. */
export function define<O>(rule: Rule): { sync: SyncInitializer<O>; async: AsyncInitializer<O> } {
  for (const name of [rule.name, ...rule.aliases]) {
    if (rules.has(name)) throw new Error(`internal: initializer name ${name} registered twice`);
    rules.set(name, rule);
  }
  return {
    sync: (shape, options) => runSync(rule, shape, options),
    async: (shape, options) => runAsync(rule, shape, options),
  };
}

/**
 * The plan of a rule for a shape and options, without sampling (used by describe()).
 * Takes no stream: a generator (or the default one) does not advance.
 */
export function planOf(rule: Rule, shape: unknown, options: unknown): Plan {
  return checkAndPlan(rule, shape, options, true).plan;
}
