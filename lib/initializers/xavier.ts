/**
 * Glorot & Bengio 2010 ("Understanding the difficulty of training deep feedforward
 * neural networks"): torch.nn.init.xavier_uniform_ and xavier_normal_.
 */
import type { Layout } from '../rules/fans';
import type { Plan } from '../rules/plan';
import { xavierBound, xavierStd } from '../rules/scales';
import type { CommonOptions } from '../core/tensor';
import { nonNegativeNumber } from '../core/validate';
import { define } from './define';
import { fansAndContext, isZeroElement, layoutOption } from './options';

/** Options of {@link xavierUniform} and {@link xavierNormal}. */
export interface XavierOptions extends CommonOptions {
  /** Scaling factor, default 1; e.g. `calculateGain('tanh')`. Must be ≥ 0 (PyTorch then fails in uniform_/normal_). */
  gain?: number;
  /** 'torch' (default): (out, in, *kernel); 'keras': (*kernel, in, out). */
  layout?: Layout;
}

const SOURCE = 'Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural networks", eq. 16';

/**
 * std = gain·√(2/(fanIn + fanOut)), bound = √3·std (lib/rules/scales.ts, torch's order).
 * gain 0 gives bound 0, where PyTorch's uniform_(−0, 0) writes zeros: the plan is
 * then the constant 0. A zero-element shape draws nothing; its plan still carries
 * torch's numbers when torch computes them (xavier_* have no zero-element guard),
 * and is the constant 0 where torch fails: fanIn + fanOut = 0 (ZeroDivisionError,
 * e.g. [0, 0]) or fewer than 2 dimensions in the torch layout. Every zero-element
 * shape returns an empty tensor with a warning.
 */
function xavierPlan(kind: 'uniform' | 'normal', shape: number[], o: Record<string, unknown>): Plan {
  const initializer = kind === 'uniform' ? 'xavier_uniform' : 'xavier_normal';
  const gain = o.gain === undefined ? 1 : nonNegativeNumber(o.gain, 'gain');
  const layout = layoutOption(o.layout, 'torch');
  const empty = isZeroElement(shape);
  if (empty && layout === 'torch' && shape.length < 2) {
    return { family: 'constant', value: 0, context: { initializer, gain, source: SOURCE } };
  }
  const { fans, context: ctx } = fansAndContext(shape, layout, { initializer, gain, source: SOURCE });
  if (empty && fans.fanIn + fans.fanOut === 0) return { family: 'constant', value: 0, context: ctx };
  if (kind === 'normal') return { family: 'normal', mean: 0, std: xavierStd(fans.fanIn, fans.fanOut, gain), context: ctx };
  const bound = xavierBound(fans.fanIn, fans.fanOut, gain);
  if (bound === 0) return { family: 'constant', value: 0, context: ctx };
  return { family: 'uniform', low: -bound, high: bound, context: ctx };
}

/**
 * Xavier (Glorot) uniform initialization, exactly `torch.nn.init.xavier_uniform_`:
 * U(−bound, bound) with
 *
 *   std = gain · √(2 / (fanIn + fanOut)),  bound = √3 · std
 *
 * (Glorot & Bengio 2010, eq. 16, "normalized initialization": Var[W] = 2/(n_in + n_out),
 * a compromise between the forward and the backward pass.) Defaults: gain = 1,
 * layout = 'torch'. Values lie in [−bound, bound) in every dtype, also after rounding
 * to bfloat16/float16 (docs/STREAM.md §3.1, §4).
 *
 * @example
 * const w = xavierUniform([300, 100], { gain: calculateGain('tanh'), seed: 3 });
 * // bound = 5/3 · √3 · √(2/400) ≈ 0.204
 */
export const { sync: xavierUniform, async: xavierUniformAsync } = define<XavierOptions>({
  name: 'xavierUniform',
  aliases: ['xavier_uniform', 'xavier_uniform_'],
  options: ['gain'],
  usesLayout: true,
  plan: (shape, o) => xavierPlan('uniform', shape, o),
});

/**
 * Xavier (Glorot) normal initialization, exactly `torch.nn.init.xavier_normal_`:
 * N(0, std²) with std = gain · √(2 / (fanIn + fanOut)) (Glorot & Bengio 2010).
 * Not truncated: Keras's `glorot_normal` is {@link glorotNormal}.
 *
 * @example
 * const w = xavierNormal([64, 32], { seed: 4 }); // std = √(2/96) ≈ 0.144
 */
export const { sync: xavierNormal, async: xavierNormalAsync } = define<XavierOptions>({
  name: 'xavierNormal',
  aliases: ['xavier_normal', 'xavier_normal_'],
  options: ['gain'],
  usesLayout: true,
  plan: (shape, o) => xavierPlan('normal', shape, o),
});
