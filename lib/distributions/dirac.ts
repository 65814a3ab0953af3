/**
 * dirac: the convolution identity (PyTorch `dirac_(groups)`, 3–5-D, shape
 * (out, in, *kernel) with out divisible by groups): for each group g and
 * d < min(out/groups, in), a single 1 at [g·out/groups + d, d, centre], with
 * centre = kernel size // 2 in every spatial dimension. Deterministic; the
 * law described is the per-element marginal, P(X = 1) =
 * groups·min(out/groups, in)/∏shape.
 */

import { positiveInteger, rangeError } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext } from './distribution';
import { numel } from '../core/shape';
import { shapeArg } from './eye';
import { zeroOneCore } from './two-point';

/** Per-element marginal of the Dirac (identity-preserving) convolution kernel. */
export function diracDistribution(
  shape: readonly number[],
  groups = 1,
  context: DistributionContext = {},
): Distribution {
  const dims = shapeArg(shape);
  if (dims.length < 3 || dims.length > 5) throw rangeError('a 3-D, 4-D or 5-D shape', 'shape', shape);
  positiveInteger(groups, 'groups');
  if (dims[0] % groups !== 0) throw rangeError(`a number of groups that divides shape[0] = ${dims[0]}`, 'groups', groups);
  const outPerGroup = dims[0] / groups;
  const ones = groups * Math.min(outPerGroup, dims[1]);
  const total = numel(dims);
  const core = zeroOneCore(
    'dirac',
    { groups },
    dims,
    ones,
    total,
    {
      text: `${groups}·min(${dims[0]}/${groups}, ${dims[1]})/${dims.join('·')}`,
      latex: `\\frac{${groups}\\cdot\\min(${dims[0]}/${groups}, ${dims[1]})}{${dims.join('\\cdot ')}}`,
      generalText: 'groups·min(out/groups, in)/∏shape',
      generalLatex: '\\frac{\\mathrm{groups}\\cdot\\min(\\mathrm{out}/\\mathrm{groups}, \\mathrm{in})}{\\prod_k \\mathrm{shape}_k}',
    },
    'Per-element marginal: the Dirac kernel is deterministic (one 1 per (output, input) pair of each group, at the ' +
      'kernel centre); this is the law of the element at a uniformly chosen position, not a sampling distribution.',
  );
  return makeDistribution(core, context);
}
