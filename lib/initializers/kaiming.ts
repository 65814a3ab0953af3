/**
 * He et al. 2015 ("Delving Deep into Rectifiers", §2.2): torch.nn.init.kaiming_uniform_ and kaiming_normal_.
 */
import { calculateGain, type Layout, NONLINEARITIES, type Nonlinearity } from '../rules/fans';
import type { Plan } from '../rules/plan';
import { kaimingBound, kaimingStd, selectFan, TORCH_MODES, type TorchMode } from '../rules/scales';
import type { CommonOptions } from '../core/tensor';
import { finiteNumber, oneOf, rangeError } from '../core/validate';
import { define } from './define';
import { fansAndContext, isZeroElement, layoutOption } from './options';

/** Options of {@link kaimingUniform} and {@link kaimingNormal}. */
export interface KaimingOptions extends CommonOptions {
  /**
   * Negative slope of the rectifier that follows the layer, default 0. Only
   * `nonlinearity: 'leaky_relu'` uses it; with the default a = 0 the gain is √2 (ReLU).
   * `null` is Python's `a=None`: calculate_gain's default slope 0.01.
   */
  a?: number | null;
  /**
   * 'fan_in' (default) preserves the variance of the activations in the forward
   * pass, 'fan_out' that of the gradients in the backward pass. Any capitalisation,
   * as PyTorch (which lower-cases it); 'fan_avg' is Keras's, see {@link varianceScaling}.
   */
  mode?: TorchMode | Uppercase<TorchMode>;
  /** The nonlinearity after the layer, for {@link calculateGain}; default 'leaky_relu'. */
  nonlinearity?: Nonlinearity;
  /** 'torch' (default): (out, in, *kernel); 'keras': (*kernel, in, out). */
  layout?: Layout;
}

const SOURCE = 'He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers", §2.2';

/**
 * The rule shared by both kaiming initializers: gain = calculateGain(nonlinearity, a),
 * std = gain / √fan, bound = √3 · std, in torch's order of operations (lib/rules/scales.ts).
 * Fans come from the whole shape whatever `range` asks for. A zero-element shape
 * is PyTorch's no-op: nothing is drawn, so its plan is the constant 0 and neither
 * fans nor mode are looked at beyond validation (torch checks `0 in tensor.shape` first).
 */
function kaimingPlan(kind: 'uniform' | 'normal', shape: number[], o: Record<string, unknown>): Plan {
  const initializer = kind === 'uniform' ? 'kaiming_uniform' : 'kaiming_normal';
  // undefined: torch's default a=0; null: a=None, which calculate_gain reads as slope 0.01.
  const a = o.a === undefined ? 0 : o.a === null ? null : finiteNumber(o.a, 'a');
  const mode = o.mode === undefined ? 'fan_in' : oneOf(o.mode, 'mode', TORCH_MODES, true);
  const nonlinearity = o.nonlinearity === undefined ? 'leaky_relu' : oneOf(o.nonlinearity, 'nonlinearity', NONLINEARITIES);
  // calculateGain would refuse the same slope but name its own argument, "param".
  if (nonlinearity === 'leaky_relu' && a !== null && !Number.isFinite(a * a)) {
    throw rangeError('a number whose square is finite', 'a', a);
  }
  const layout = layoutOption(o.layout, 'torch');
  const gain = calculateGain(nonlinearity, a);
  const base = { initializer, gain, mode, nonlinearity, source: SOURCE };
  if (isZeroElement(shape)) return { family: 'constant', value: 0, context: base };
  const { fans, context: ctx } = fansAndContext(shape, layout, base);
  const fan = selectFan(fans, mode);
  if (kind === 'normal') return { family: 'normal', mean: 0, std: kaimingStd(fan, gain), context: ctx };
  const bound = kaimingBound(fan, gain);
  return { family: 'uniform', low: -bound, high: bound, context: ctx };
}

/**
 * Kaiming (He) uniform initialization, exactly `torch.nn.init.kaiming_uniform_`:
 * U(−bound, bound) with
 *
 *   gain = calculateGain(nonlinearity, a),  std = gain / √fan,  bound = √3 · std
 *
 * where fan is fanIn (mode 'fan_in', default) or fanOut of the full shape.
 * He et al. 2015 §2.2: ½·n·Var[w] = 1 keeps the variance of ReLU activations
 * constant through the layers (½(1 + a²)·n·Var[w] = 1 for leaky ReLU).
 *
 * Defaults: a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' (so gain = √2),
 * layout = 'torch'. Values lie in [−bound, bound) in every dtype (docs/STREAM.md §3.1
 * and §4: float32 starts at the smallest float ≥ −bound, and 16-bit roundings that
 * would leave the support step back inside). A zero-element shape returns an empty
 * tensor with a warning, as PyTorch.
 *
 * @example
 * const w = kaimingUniform([256, 128, 3, 3], { nonlinearity: 'relu', seed: 0 });
 * // bound = √3 · √2 / √(128·9) ≈ 0.0722
 * @throws TypeError / RangeError for a bad shape or option (see lib/core/validate.ts), and
 *   RangeError for fewer than 2 dimensions in the torch layout.
 */
export const { sync: kaimingUniform, async: kaimingUniformAsync } = define<KaimingOptions>({
  name: 'kaimingUniform',
  aliases: ['kaiming_uniform', 'kaiming_uniform_'],
  options: ['a', 'mode', 'nonlinearity'],
  usesLayout: true,
  plan: (shape, o) => kaimingPlan('uniform', shape, o),
});

/**
 * Kaiming (He) normal initialization, exactly `torch.nn.init.kaiming_normal_`:
 * N(0, std²) with std = calculateGain(nonlinearity, a) / √fan (He et al. 2015 §2.2).
 * Same options and defaults as {@link kaimingUniform}. Not truncated: for Keras's
 * truncated `he_normal` use {@link heNormal}.
 *
 * @example
 * const w = kaimingNormal([512, 512], { mode: 'fan_out', nonlinearity: 'relu', seed: 1 });
 * // std = √2 / √512 = 0.0625
 */
export const { sync: kaimingNormal, async: kaimingNormalAsync } = define<KaimingOptions>({
  name: 'kaimingNormal',
  aliases: ['kaiming_normal', 'kaiming_normal_'],
  options: ['a', 'mode', 'nonlinearity'],
  usesLayout: true,
  plan: (shape, o) => kaimingPlan('normal', shape, o),
});
