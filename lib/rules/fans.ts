/**
 * Fans and gains: the inputs of every variance-preserving rule.
 *
 * He et al. 2015 ("Delving Deep into Rectifiers", §2.2) and Glorot & Bengio
 * 2010 size a layer's weights from n, the number of connections feeding one
 * unit (fan in) or leaving it (fan out). For a convolution both are the
 * channel count times the kernel area (the receptive field). PyTorch and Keras
 * store kernels in different orders, hence the `layout` option.
 */

import {
  finiteNumber,
  integer,
  knownOptions,
  oneOf,
  optionsObject,
  rangeError,
  typeError,
} from '../core/validate.js';
import { formatShape, shapeProduct, validateShape } from '../core/shape';

/** Where the channel axes are: PyTorch (out, in, *kernel) or Keras (*kernel, in, out). */
export type Layout = 'torch' | 'keras';

/** The layouts `computeFans` understands. */
export const LAYOUTS: readonly Layout[] = ['torch', 'keras'];

/** Fan in, fan out and the receptive-field size (product of the kernel dimensions) of a weight shape. */
export interface Fans {
  fanIn: number;
  fanOut: number;
  receptiveField: number;
}

/**
 * Fan in and fan out of a weight shape.
 *
 * - `layout: 'torch'` (default), shape (out, in, *kernel), exactly
 *   `torch.nn.init._calculate_fan_in_and_fan_out`: at least 2 dimensions;
 *   rf = ∏ shape[2:], fanIn = shape[1]·rf, fanOut = shape[0]·rf.
 * - `layout: 'keras'`, shape (*kernel, in, out), exactly Keras 3 `compute_fans`:
 *   rank 0 → (1, 1); rank 1 → (n, n); rank 2 → (shape[0], shape[1]);
 *   rank ≥ 3 → rf = ∏ shape[:-2], fanIn = shape[-2]·rf, fanOut = shape[-1]·rf.
 *
 * `receptiveField` is 1 whenever the rule has no kernel dimensions.
 *
 * @throws RangeError for a torch-layout shape with fewer than 2 dimensions
 *   (PyTorch raises the same sentence as a ValueError), an unknown option,
 *   or fans above 2^53-1.
 */
export function computeFans(shape: unknown, options?: { layout?: Layout }): Fans {
  const dims = validateShape(shape);
  const opts = optionsObject(options);
  knownOptions(opts, ['layout'], 'computeFans');
  const layout = opts.layout === undefined ? 'torch' : oneOf(opts.layout, 'layout', LAYOUTS);
  return fansOfShape(dims, layout);
}

/**
 * computeFans for a shape and layout the caller has already validated (the
 * initializers, which validate the shape once per call).
 */
export function fansOfShape(dims: readonly number[], layout: Layout): Fans {
  if (layout === 'keras') {
    // Keras treats scalars and vectors as if they were square, "to avoid errors for constants".
    if (dims.length === 0) return { fanIn: 1, fanOut: 1, receptiveField: 1 };
    if (dims.length === 1) return { fanIn: dims[0], fanOut: dims[0], receptiveField: 1 };
    if (dims.length === 2) return { fanIn: dims[0], fanOut: dims[1], receptiveField: 1 };
    const receptiveField = shapeProduct(dims.slice(0, -2), 'receptive field', dims);
    return {
      fanIn: shapeProduct([dims[dims.length - 2], receptiveField], 'fan in', dims),
      fanOut: shapeProduct([dims[dims.length - 1], receptiveField], 'fan out', dims),
      receptiveField,
    };
  }

  if (dims.length < 2) {
    throw new RangeError(
      'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions' +
        ` (received shape ${formatShape(dims)})`,
    );
  }
  const receptiveField = shapeProduct(dims.slice(2), 'receptive field', dims);
  // Same order as torch: num_input_fmaps * receptive_field_size.
  return {
    fanIn: shapeProduct([dims[1], receptiveField], 'fan in', dims),
    fanOut: shapeProduct([dims[0], receptiveField], 'fan out', dims),
    receptiveField,
  };
}

/** Every nonlinearity `calculateGain` knows, in PyTorch's order (`torch.nn.init.calculate_gain`). */
export const NONLINEARITIES = [
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'selu',
] as const;

/** A name accepted by `calculateGain`. */
export type Nonlinearity = (typeof NONLINEARITIES)[number];

/** PyTorch's default negative slope for leaky_relu when no param is given. */
export const DEFAULT_NEGATIVE_SLOPE = 0.01;

/**
 * The recommended gain for a nonlinearity, exactly `torch.nn.init.calculate_gain`:
 *
 * | nonlinearity | gain |
 * | --- | --- |
 * | linear, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid | 1 |
 * | tanh | 5/3 |
 * | relu | √2 (He et al. 2015 §2.2: ½·n·Var[w] = 1) |
 * | leaky_relu | √(2 / (1 + slope²)), slope = `param` or 0.01 |
 * | selu | 3/4 |
 *
 * Names are case-sensitive, as in PyTorch. `param` is the leaky_relu negative
 * slope; undefined or null means the default 0.01. PyTorch ignores `param` for
 * the other names; we still refuse a non-number there so a typo cannot pass silently.
 *
 * slope² is computed as `slope * slope` (correctly rounded). PyTorch computes
 * `negative_slope ** 2`, i.e. libm `pow`, which glibc rounds wrongly by 1 ulp
 * for about 1 slope in 1000 and differently on CPUs with and without FMA
 * (e.g. 9.47560542624053); for such slopes the gain can differ from that
 * machine's PyTorch by 1 ulp. Common slopes (0, 0.01, 0.2, √5, …) agree bit for bit.
 *
 * @throws TypeError when `nonlinearity` is not a string or `param` is not a number
 *   (PyTorch: "negative_slope True not a valid number").
 * @throws RangeError for an unknown nonlinearity (PyTorch: "Unsupported nonlinearity"),
 *   a non-finite `param`, or a slope whose square overflows (Python raises OverflowError).
 */
export function calculateGain(nonlinearity: string, param?: number | null): number {
  const name = oneOf(nonlinearity, 'nonlinearity', NONLINEARITIES);
  const slope = param === undefined || param === null ? undefined : finiteNumber(param, 'param');
  switch (name) {
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'selu':
      // Empirical value from pytorch#50664; not the self-normalising 1 (use 'linear' for that).
      return 3.0 / 4;
    case 'leaky_relu': {
      const s = slope ?? DEFAULT_NEGATIVE_SLOPE;
      const square = s * s;
      if (!Number.isFinite(square)) {
        throw rangeError('a number whose square is finite', 'param', s);
      }
      // He et al. 2015 §2.2, eq. 15: ½(1 + a²)·n·Var[w] = 1.
      return Math.sqrt(2.0 / (1 + square));
    }
    default:
      return 1;
  }
}
