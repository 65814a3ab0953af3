/**
 * Keras 3 `VarianceScaling` and its presets (He, Glorot, LeCun; normal = truncated).
 *
 * These take Keras's kernel layout (*kernel, in, out) by default, because that
 * is the shape a Keras user passes: `heNormal([3, 3, 64, 128])` is a 3×3
 * convolution from 64 to 128 channels, as `keras.initializers.HeNormal()` sees
 * it. Pass `layout: 'torch'` for (out, in, *kernel) shapes; the fans, and so the
 * numbers, then match the same layer stored PyTorch's way.
 */
import type { Layout } from '../rules/fans';
import type { Plan } from '../rules/plan';
import {
  type KerasDistribution,
  type KerasMode,
  varianceScalingParams,
} from '../rules/scales';
import type { CommonOptions } from '../core/tensor';
import { define } from './define';
import { fansAndContext, layoutOption } from './options';

/** Options of {@link varianceScaling}, with Keras's defaults. */
export interface VarianceScalingInitOptions extends CommonOptions {
  /** Positive scale, default 1. */
  scale?: number;
  /** 'fan_in' (default), 'fan_out' or 'fan_avg' = (fanIn + fanOut)/2. Case-sensitive, as in Keras. */
  mode?: KerasMode;
  /**
   * 'truncated_normal' (default; 'normal' is an alias), 'untruncated_normal' or 'uniform';
   * any capitalisation, as Keras lower-cases it.
   */
  distribution?: KerasDistribution;
  /** 'keras' (default): (*kernel, in, out); 'torch': (out, in, *kernel). */
  layout?: Layout;
}

/** Options of the presets: only the layout and the common options. */
export interface KerasPresetOptions extends CommonOptions {
  /** 'keras' (default): (*kernel, in, out); 'torch': (out, in, *kernel). */
  layout?: Layout;
}

const SOURCE = 'Keras 3 keras.initializers.VarianceScaling';

function kerasPlan(
  initializer: string,
  shape: number[],
  layoutValue: unknown,
  settings: { scale?: unknown; mode?: unknown; distribution?: unknown },
  source: string,
): Plan {
  const layout = layoutOption(layoutValue, 'keras');
  const { fans, context: ctx } = fansAndContext(shape, layout, { initializer });
  const params = varianceScalingParams(fans, settings as Parameters<typeof varianceScalingParams>[1]);
  // After the fans, in the order describe() has always listed them.
  ctx.scale = (settings.scale as number | undefined) ?? 1;
  ctx.mode = (settings.mode as string | undefined) ?? 'fan_in';
  ctx.source = source;
  switch (params.kind) {
    case 'truncated_normal':
      return { family: 'truncated_normal', mean: 0, std: params.stddev, a: params.a, b: params.b, context: ctx };
    case 'normal':
      return { family: 'normal', mean: 0, std: params.stddev, context: ctx };
    case 'uniform':
      return { family: 'uniform', low: -params.limit, high: params.limit, context: ctx };
  }
}

/**
 * Keras 3 `VarianceScaling(scale, mode, distribution)`, step for step:
 * n = max(1, fan) with fan = fanIn, fanOut or (fanIn + fanOut)/2, then
 *
 * - 'truncated_normal' (default, also 'normal'): stddev = √(scale/n) / 0.87962566103423978,
 *   truncated at ±2·stddev, so the *truncated* values have std √(scale/n)
 *   (0.8796… is the std of N(0, 1) cut at ±2; sampled exactly by rejection, never clamped);
 * - 'untruncated_normal': N(0, scale/n);
 * - 'uniform': U(−limit, limit) with limit = √(3·scale/n).
 *
 * Defaults: scale = 1, mode = 'fan_in', distribution = 'truncated_normal', layout = 'keras'.
 * Fans follow Keras `compute_fans` (rank 0 → (1, 1), rank 1 → (n, n)).
 *
 * @example
 * const w = varianceScaling([3, 3, 64, 128], { scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 0 });
 * @throws RangeError for scale ≤ 0 or an unknown mode or distribution, as Keras does at construction.
 */
export const { sync: varianceScaling, async: varianceScalingAsync } = define<VarianceScalingInitOptions>({
  name: 'varianceScaling',
  aliases: ['variance_scaling', 'VarianceScaling'],
  options: ['scale', 'mode', 'distribution'],
  usesLayout: true,
  plan: (shape, o) =>
    kerasPlan('variance_scaling', shape, o.layout, { scale: o.scale, mode: o.mode, distribution: o.distribution }, SOURCE),
});

interface Preset {
  name: string;
  aliases: string[];
  initializer: string;
  scale: number;
  mode: KerasMode;
  distribution: KerasDistribution;
  source: string;
}

function preset(p: Preset) {
  return define<KerasPresetOptions>({
    name: p.name,
    aliases: p.aliases,
    options: [],
    usesLayout: true,
    plan: (shape, o) => kerasPlan(p.initializer, shape, o.layout, { scale: p.scale, mode: p.mode, distribution: p.distribution }, p.source),
  });
}

const HE = 'He et al. 2015, "Delving Deep into Rectifiers", §2.2 (Keras HeNormal/HeUniform)';
const GLOROT = 'Glorot & Bengio 2010 (Keras GlorotNormal/GlorotUniform)';
const LECUN = 'LeCun et al. 1998, "Efficient BackProp" (Keras LecunNormal/LecunUniform)';

/**
 * Keras `HeNormal`: {@link varianceScaling} with scale 2, mode 'fan_in', truncated normal:
 * stddev = √(2/fanIn) / 0.87962566103423978 cut at ±2·stddev (He et al. 2015 §2.2).
 * Unlike TF.js (tfjs#8594), the truncated values do have variance 2/fanIn.
 * @example heNormal([3, 3, 64, 128], { seed: 1 }) // fanIn = 576, std after truncation √(2/576)
 */
export const { sync: heNormal, async: heNormalAsync } = preset({
  name: 'heNormal', aliases: ['he_normal', 'HeNormal'], initializer: 'he_normal',
  scale: 2, mode: 'fan_in', distribution: 'truncated_normal', source: HE,
});

/**
 * Keras `HeUniform`: U(±√(6/fanIn)) ({@link varianceScaling} with scale 2, 'fan_in', 'uniform').
 * @example heUniform([784, 256], { seed: 1 }) // limit = √(3·(2/784))
 */
export const { sync: heUniform, async: heUniformAsync } = preset({
  name: 'heUniform', aliases: ['he_uniform', 'HeUniform'], initializer: 'he_uniform',
  scale: 2, mode: 'fan_in', distribution: 'uniform', source: HE,
});

/**
 * Keras `GlorotNormal`: truncated normal with std √(2/(fanIn + fanOut)) after truncation
 * ({@link varianceScaling} with scale 1, 'fan_avg'; Glorot & Bengio 2010).
 * @example glorotNormal([784, 256], { seed: 1 })
 */
export const { sync: glorotNormal, async: glorotNormalAsync } = preset({
  name: 'glorotNormal', aliases: ['glorot_normal', 'GlorotNormal'], initializer: 'glorot_normal',
  scale: 1, mode: 'fan_avg', distribution: 'truncated_normal', source: GLOROT,
});

/**
 * Keras `GlorotUniform` (the Keras default kernel initializer): U(±√(6/(fanIn + fanOut))),
 * evaluated as √(3·(1/((fanIn + fanOut)/2))) like Keras.
 * @example glorotUniform([784, 256], { seed: 1 })
 */
export const { sync: glorotUniform, async: glorotUniformAsync } = preset({
  name: 'glorotUniform', aliases: ['glorot_uniform', 'GlorotUniform'], initializer: 'glorot_uniform',
  scale: 1, mode: 'fan_avg', distribution: 'uniform', source: GLOROT,
});

/**
 * Keras `LecunNormal`: truncated normal with std √(1/fanIn) after truncation
 * (the SELU initialization; scale 1, 'fan_in').
 * @example lecunNormal([512, 512], { seed: 1 })
 */
export const { sync: lecunNormal, async: lecunNormalAsync } = preset({
  name: 'lecunNormal', aliases: ['lecun_normal', 'LecunNormal'], initializer: 'lecun_normal',
  scale: 1, mode: 'fan_in', distribution: 'truncated_normal', source: LECUN,
});

/**
 * Keras `LecunUniform`: U(±√(3/fanIn)).
 * @example lecunUniform([512, 512], { seed: 1 })
 */
export const { sync: lecunUniform, async: lecunUniformAsync } = preset({
  name: 'lecunUniform', aliases: ['lecun_uniform', 'LecunUniform'], initializer: 'lecun_uniform',
  scale: 1, mode: 'fan_in', distribution: 'uniform', source: LECUN,
});
