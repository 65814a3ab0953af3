/**
 * Standard deviations and bounds of the variance-scaling rules.
 *
 * Each function evaluates its formula with the same floating-point operations,
 * in the same order, as PyTorch 1.13+ `torch/nn/init.py` or Keras 3
 * `keras/src/initializers/random_initializers.py`: IEEE-754 +, −, ×, ÷ and √
 * are correctly rounded in both Python and JavaScript, so the same sequence
 * gives the same double, bit for bit. Reordering (e.g. √3·gain/√fan, or
 * 3·scale/n instead of 3·(scale/n)) would move results by an ulp.
 */

import { calculateGain, computeFans, type Fans } from './fans.js';
import { formatShape, validateShape } from '../core/shape';
import {
  integer,
  knownOptions,
  nonNegativeNumber,
  oneOf,
  optionsObject,
  positiveInteger,
  positiveNumber,
  rangeError,
  typeError,
} from '../core/validate.js';

/** PyTorch's fan modes (`torch.nn.init._calculate_correct_fan`); there is no fan_avg. */
export const TORCH_MODES = ['fan_in', 'fan_out'] as const;
/** A PyTorch fan mode; `selectFan` also accepts any capitalisation of it. */
export type TorchMode = (typeof TORCH_MODES)[number];

/** Checks a `Fans`-like object: integer `fanIn` and `fanOut` (receptiveField is not needed here). */
function validateFans(fans: unknown, name = 'fans'): { fanIn: number; fanOut: number } {
  if (fans === null || typeof fans !== 'object' || Array.isArray(fans)) {
    throw typeError('an object with fanIn and fanOut', name, fans);
  }
  const { fanIn, fanOut } = fans as Record<string, unknown>;
  return { fanIn: integer(fanIn, `${name}.fanIn`), fanOut: integer(fanOut, `${name}.fanOut`) };
}

/**
 * The fan PyTorch's kaiming_* use, exactly `torch.nn.init._calculate_correct_fan`:
 * `mode` is lower-cased first, so 'FAN_OUT' means 'fan_out'.
 * He et al. 2015 §2.2: fan_in preserves the forward signal's variance, fan_out the gradients'.
 *
 * @throws TypeError when `mode` is not a string.
 * @throws RangeError for any other mode (PyTorch: "Mode fan_avg not supported, please use one of
 *   ['fan_in', 'fan_out']"); fan_avg is Keras-only, see `varianceScalingParams`.
 */
export function selectFan(fans: Pick<Fans, 'fanIn' | 'fanOut'>, mode: string): number {
  const m = oneOf(mode, 'mode', TORCH_MODES, true);
  const { fanIn, fanOut } = validateFans(fans);
  return m === 'fan_in' ? fanIn : fanOut;
}

/**
 * He et al. 2015 §2.2 standard deviation, as `kaiming_normal_`: `std = gain / √fan`.
 * `gain` usually comes from `calculateGain` (√2 for ReLU).
 *
 * PyTorch never reaches this with fan 0: kaiming_* return early on a
 * zero-element tensor ("Initializing zero-element tensors is a no-op"), and
 * only such tensors have a zero fan. Check for zero elements first, as it does.
 *
 * @throws RangeError when `fan` is not a positive safe integer or `gain` is negative or not finite.
 */
export function kaimingStd(fan: number, gain: number): number {
  positiveInteger(fan, 'fan');
  nonNegativeNumber(gain, 'gain');
  return gain / Math.sqrt(fan);
}

/**
 * Bound of `kaiming_uniform_`: U(−bound, bound) with `bound = √3 · std`, because
 * U(−L, L) has variance L²/3. Evaluated as `Math.sqrt(3.0) * (gain / Math.sqrt(fan))`,
 * PyTorch's order, not gain·√(3/fan).
 */
export function kaimingBound(fan: number, gain: number): number {
  return Math.sqrt(3.0) * kaimingStd(fan, gain);
}

/**
 * Glorot & Bengio 2010 (eq. 12–16) standard deviation, as `xavier_normal_`:
 * `std = gain · √(2 / (fanIn + fanOut))`, gain 1 by default.
 *
 * @throws RangeError when fanIn + fanOut is 0 (PyTorch raises ZeroDivisionError: its
 *   xavier_* have no zero-element guard), or `gain` is negative (PyTorch's normal_ and
 *   uniform_ then refuse the negative std or reversed range).
 */
export function xavierStd(fanIn: number, fanOut: number, gain = 1): number {
  integer(fanIn, 'fanIn');
  integer(fanOut, 'fanOut');
  nonNegativeNumber(gain, 'gain');
  // Exact integers whose sum is rounded once, as Python's float(fan_in + fan_out).
  const sum = fanIn + fanOut;
  if (sum === 0) throw rangeError('a positive number', 'fanIn + fanOut', sum);
  return gain * Math.sqrt(2.0 / sum);
}

/** Glorot & Bengio's "normalized initialization" bound, as `xavier_uniform_`: `√3 · std`. */
export function xavierBound(fanIn: number, fanOut: number, gain = 1): number {
  return Math.sqrt(3.0) * xavierStd(fanIn, fanOut, gain);
}

/** Keras VarianceScaling modes; fan_avg = (fanIn + fanOut) / 2. Case-sensitive, as in Keras. */
export const KERAS_MODES = ['fan_in', 'fan_out', 'fan_avg'] as const;
/** A Keras VarianceScaling mode. */
export type KerasMode = (typeof KERAS_MODES)[number];

/** Keras VarianceScaling distributions (lower-cased first); 'normal' is an alias of 'truncated_normal'. */
export const KERAS_DISTRIBUTIONS = ['truncated_normal', 'untruncated_normal', 'uniform', 'normal'] as const;
/** A Keras VarianceScaling distribution name. */
export type KerasDistribution = (typeof KERAS_DISTRIBUTIONS)[number];

/**
 * Standard deviation of a standard normal truncated to [−2, 2]: √0.7737413035499232.
 * Keras divides by it so the *truncated* draw has the std the rule asks for.
 */
export const TRUNCATED_STD_AT_TWO_SIGMA = 0.87962566103423978;

/** The distribution a Keras VarianceScaling draws from; truncation bounds a, b are absolute. */
export type VarianceScalingParams =
  | { kind: 'truncated_normal'; stddev: number; a: number; b: number }
  | { kind: 'normal'; stddev: number }
  | { kind: 'uniform'; limit: number };

/** Options of `varianceScalingParams`, with Keras's defaults. */
export interface VarianceScalingOptions {
  /** Positive scale, default 1 (He: 2, Glorot: 1 with fan_avg, LeCun: 1). */
  scale?: number;
  /** Default 'fan_in'. */
  mode?: KerasMode;
  /** Default 'truncated_normal'. */
  distribution?: KerasDistribution;
}

/**
 * Keras 3 `VarianceScaling.__call__`, step for step:
 * `scale /= max(1, fan)` (fan_avg: (fanIn + fanOut) / 2), then
 * - truncated_normal (also 'normal'): `stddev = √scale / 0.87962566103423978`, cut at ±2·stddev;
 * - untruncated_normal: `stddev = √scale`;
 * - uniform: `limit = √(3 · scale)`, i.e. √(3·(scale/n)), not √(3·scale/n).
 * Presets: He = (2, fan_in), Glorot = (1, fan_avg), LeCun = (1, fan_in).
 * Pass fans from `computeFans(shape, { layout: 'keras' })`.
 *
 * @throws RangeError for scale ≤ 0 (Keras: "Argument `scale` must be positive float"),
 *   an unknown mode or distribution, or an unknown option.
 */
export function varianceScalingParams(
  fans: Pick<Fans, 'fanIn' | 'fanOut'>,
  options?: VarianceScalingOptions,
): VarianceScalingParams {
  const { fanIn, fanOut } = validateFans(fans);
  const opts = optionsObject(options);
  knownOptions(opts, ['scale', 'mode', 'distribution'], 'varianceScalingParams');
  const scale = opts.scale === undefined ? 1.0 : positiveNumber(opts.scale, 'scale');
  const mode = opts.mode === undefined ? 'fan_in' : oneOf(opts.mode, 'mode', KERAS_MODES);
  const distribution =
    opts.distribution === undefined ? 'truncated_normal' : oneOf(opts.distribution, 'distribution', KERAS_DISTRIBUTIONS, true);

  const fan = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2.0;
  // max(1, n) keeps scalar and zero-size shapes finite, as Keras does.
  const scaled = scale / Math.max(1.0, fan);
  if (distribution === 'uniform') return { kind: 'uniform', limit: Math.sqrt(3.0 * scaled) };
  if (distribution === 'untruncated_normal') return { kind: 'normal', stddev: Math.sqrt(scaled) };
  const stddev = Math.sqrt(scaled) / TRUNCATED_STD_AT_TWO_SIGMA;
  return { kind: 'truncated_normal', stddev, a: -2 * stddev, b: 2 * stddev };
}

/** Bounds of PyTorch's default layer initialisation: weight ~ U(±weightBound), bias ~ U(±biasBound). */
export interface DefaultBounds {
  weightBound: number;
  biasBound: number;
}

/** The leaky_relu slope nn.Linear and nn.ConvNd pass to kaiming_uniform_ (pytorch#57109, #15314). */
export const DEFAULT_LAYER_SLOPE = Math.sqrt(5);

/**
 * `reset_parameters` of nn.Linear / nn.ConvNd on a weight of this (torch-layout) shape:
 * `kaiming_uniform_(weight, a=√5)`, i.e. gain √(2/6) = √(1/3), bound = √3·gain/√fanIn ≈ 1/√fanIn
 * (Glorot & Bengio's "commonly used heuristic" U(±1/√n)); bias bound `1 / √fanIn`, or 0 when fanIn is 0.
 */
function defaultBounds(dims: number[]): DefaultBounds {
  const { fanIn } = computeFans(dims);
  // kaiming_uniform_ leaves a zero-element weight alone, so nothing is drawn: report 0.
  const weightBound = dims.includes(0) ? 0 : kaimingBound(fanIn, calculateGain('leaky_relu', DEFAULT_LAYER_SLOPE));
  const biasBound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return { weightBound, biasBound };
}

/**
 * Default bounds of `nn.Linear(inFeatures, outFeatures)`, whose weight is (out, in):
 * weightBound = √3 · calculateGain('leaky_relu', √5) / √inFeatures, biasBound = 1/√inFeatures
 * (0 when inFeatures is 0: PyTorch then fills the bias with U(−0, 0), i.e. zeros).
 */
export function linearDefaultBounds(inFeatures: number, outFeatures: number): DefaultBounds {
  const inF = integer(inFeatures, 'inFeatures');
  const outF = integer(outFeatures, 'outFeatures');
  return defaultBounds([outF, inF]);
}

/**
 * Default bounds of nn.Conv1d/2d/3d (and ConvTranspose*, same `reset_parameters`) from the
 * weight shape as stored: (out, in/groups, *kernel), or (in, out/groups, *kernel) for transposed.
 * When fanIn is 0 PyTorch leaves the bias uninitialised (torch.empty); biasBound is then 0.
 *
 * @throws RangeError for fewer than 3 dimensions.
 */
export function convDefaultBounds(shape: unknown): DefaultBounds {
  const dims = validateShape(shape);
  if (dims.length < 3) {
    throw new RangeError(
      `Expected a convolution weight shape with at least 3 dimensions for shape but received ${formatShape(dims)}`,
    );
  }
  return defaultBounds(dims);
}
