/**
 * The elementary initializers of torch.nn.init: uniform_, normal_,
 * trunc_normal_, constant_, zeros_, ones_. Keras's RandomUniform,
 * RandomNormal and TruncatedNormal are not aliases: their defaults and
 * truncation differ (stddev 0.05; ±2 stddev), so init() refuses those names
 * rather than give PyTorch's numbers under Keras's name.
 */
import type { CommonOptions } from '../core/tensor';
import { finiteNumber, nonNegativeNumber, positiveNumber, rangeError, typeError } from '../core/validate';
import { define } from './define';

export interface UniformOptions extends CommonOptions {
  /** Lower bound (inclusive), default 0. */
  low?: number;
  /** Upper bound (exclusive), default 1; equal to low, every value is low. */
  high?: number;
}

/**
 * U(low, high): every value in [low, high), density 1/(high − low); with
 * low === high every value is low in the dtype. Same as
 * `torch.nn.init.uniform_(tensor, a=low, b=high)`.
 * @throws RangeError when no finite value of the dtype lies in [low, high)
 *   (float32 [1 + 1e-10, 1 + 2e-10)), naming the dtype.
 * @example uniform([3, 4], { low: -1, high: 1, seed: 7 })
 */
export const { sync: uniform, async: uniformAsync } = define<UniformOptions>({
  name: 'uniform',
  aliases: ['uniform_'],
  options: ['low', 'high'],
  plan(_shape, o) {
    const low = o.low === undefined ? 0 : finiteNumber(o.low, 'low');
    const high = o.high === undefined ? 1 : finiteNumber(o.high, 'high');
    // low == high is the constant law at low, as torch.nn.init.uniform_(w, 1.5, 1.5) gives
    // 1.5 (torch 1.13 refuses only from > to: "uniform_ expects to return a [from, to) range").
    if (!(high >= low)) throw rangeError(`a number greater than or equal to low (${low})`, 'high', high);
    if (!Number.isFinite(high - low)) throw rangeError('a bound with a finite high − low', 'high', high);
    return { family: 'uniform', low, high, context: { initializer: 'uniform' } };
  },
});

export interface NormalOptions extends CommonOptions {
  /** Mean, default 0. */
  mean?: number;
  /** Standard deviation, default 1 (0 gives a constant tensor). */
  std?: number;
}

/**
 * N(mean, std²), density exp(−(x−μ)²/(2σ²)) / (σ√(2π)).
 * Same as `torch.nn.init.normal_(tensor, mean, std)`.
 * @example normal([256, 256], { std: 0.02, seed: 1 })
 */
export const { sync: normal, async: normalAsync } = define<NormalOptions>({
  name: 'normal',
  aliases: ['normal_'],
  options: ['mean', 'std'],
  plan(_shape, o) {
    const mean = o.mean === undefined ? 0 : finiteNumber(o.mean, 'mean');
    const std = o.std === undefined ? 1 : nonNegativeNumber(o.std, 'std');
    return { family: 'normal', mean, std, context: { initializer: 'normal' } };
  },
});

export interface TruncNormalOptions extends CommonOptions {
  mean?: number;
  std?: number;
  /** Lower bound, absolute (not in units of std), default −2. */
  a?: number;
  /** Upper bound, absolute, default 2. */
  b?: number;
}

function bound(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw typeError('a number', name, value);
  if (Number.isNaN(value)) throw rangeError('a number (not NaN)', name, value);
  return value;
}

/**
 * N(mean, std²) conditioned on a ≤ x ≤ b, sampled exactly by rejection
 * (never by clamping). As in `torch.nn.init.trunc_normal_`, a and b are
 * absolute values: with std = 0.02 the default [−2, 2] is ±100σ.
 * @example truncNormal([768, 768], { std: 0.02, a: -0.04, b: 0.04 })
 */
export const { sync: truncNormal, async: truncNormalAsync } = define<TruncNormalOptions>({
  name: 'truncNormal',
  aliases: ['trunc_normal', 'trunc_normal_'],
  options: ['mean', 'std', 'a', 'b'],
  plan(_shape, o) {
    const mean = o.mean === undefined ? 0 : finiteNumber(o.mean, 'mean');
    const std = o.std === undefined ? 1 : positiveNumber(o.std, 'std');
    const a = bound(o.a, 'a', -2);
    const b = bound(o.b, 'b', 2);
    if (!(b > a)) throw rangeError(`a number greater than a (${a})`, 'b', b);
    return { family: 'truncated_normal', mean, std, a, b, context: { initializer: 'trunc_normal' } };
  },
});

export interface ConstantOptions extends CommonOptions {
  /** The value of every element (required). */
  value: number;
}

/** Every element equals value (`torch.nn.init.constant_`). */
export const { sync: constant, async: constantAsync } = define<ConstantOptions>({
  name: 'constant',
  aliases: ['constant_'],
  options: ['value'],
  plan(_shape, o) {
    if (typeof o.value !== 'number') throw typeError('a number', 'value', o.value);
    return { family: 'constant', value: o.value, context: { initializer: 'constant' } };
  },
});

/** All zeros (`torch.nn.init.zeros_`). */
export const { sync: zeros, async: zerosAsync } = define<CommonOptions>({
  name: 'zeros',
  aliases: ['zeros_', 'Zeros'],
  options: [],
  plan: () => ({ family: 'constant', value: 0, context: { initializer: 'zeros' } }),
});

/** All ones (`torch.nn.init.ones_`). */
export const { sync: ones, async: onesAsync } = define<CommonOptions>({
  name: 'ones',
  aliases: ['ones_', 'Ones'],
  options: [],
  plan: () => ({ family: 'constant', value: 1, context: { initializer: 'ones' } }),
});
