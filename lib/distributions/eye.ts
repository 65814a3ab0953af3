/**
 * eye: the identity matrix (PyTorch `eye_`, 2-D, rectangular allowed: ones
 * at (i, i) for i < min(rows, cols)). Its values are not random; the law
 * described is the per-element marginal, the value at a uniformly chosen
 * position: P(X = 1) = min(rows, cols)/(rows·cols).
 */

import { positiveInteger, rangeError, typeError } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext } from './distribution';
import { zeroOneCore } from './two-point';

/** Checks a shape: an array of positive integers (each element counted). */
export function shapeArg(shape: unknown, name = 'shape'): number[] {
  if (!Array.isArray(shape)) throw typeError('an array of positive integers', name, shape);
  return shape.map((s, i) => positiveInteger(s, `${name}[${i}]`));
}

/** Per-element marginal of the rows×cols identity matrix. */
export function eyeDistribution(shape: readonly number[], context: DistributionContext = {}): Distribution {
  const dims = shapeArg(shape);
  if (dims.length !== 2) throw rangeError('a 2-D shape', 'shape', shape);
  const [rows, cols] = dims;
  const ones = Math.min(rows, cols);
  const total = rows * cols;
  const core = zeroOneCore(
    'eye',
    {},
    dims,
    ones,
    total,
    {
      text: `min(${rows}, ${cols})/(${rows}·${cols})`,
      latex: `\\frac{\\min(${rows}, ${cols})}{${rows}\\cdot ${cols}}`,
      generalText: 'min(rows, cols)/(rows·cols)',
      generalLatex: '\\frac{\\min(\\mathrm{rows}, \\mathrm{cols})}{\\mathrm{rows}\\cdot\\mathrm{cols}}',
    },
    'Per-element marginal: the identity matrix is deterministic (ones on the diagonal, zeros elsewhere); ' +
      'this is the law of the element at a uniformly chosen position, not a sampling distribution.',
  );
  return makeDistribution(core, context);
}
