/**
 * Exact distributions of the initializers: `distributionFromPlan(plan, shape)`
 * turns the plan an initializer samples from into its `Distribution` — the
 * law of every weight (or, for eye, dirac, orthogonal and sparse, the exact
 * per-element marginal), with density, cdf, quantile, moments and formula.
 */

import type { Plan } from '../rules/plan';
import { typeError } from '../core/validate';
import type { Distribution, DistributionContext } from './distribution';
import { constantDistribution } from './constant';
import { diracDistribution } from './dirac';
import { eyeDistribution, shapeArg } from './eye';
import { normalDistribution } from './normal';
import { orthogonalDistribution } from './orthogonal';
import { sparseDistribution } from './sparse';
import { truncatedNormalDistribution } from './truncated-normal';
import { uniformDistribution } from './uniform';

export type { Distribution, DistributionContext, Formula, FormulaText, LawFamily, PointMass } from './distribution';
export { constantDistribution } from './constant';
export { diracDistribution } from './dirac';
export { eyeDistribution } from './eye';
export { normalDistribution } from './normal';
export { orthogonalDistribution } from './orthogonal';
export { sparseDistribution } from './sparse';
export { truncatedNormalDistribution } from './truncated-normal';
export { uniformDistribution } from './uniform';
export { uniformSumDistribution } from './uniform-sum';

/**
 * The exact distribution a plan draws from. `shape` is the tensor shape
 * (PyTorch layout); it matters for eye, dirac, orthogonal and sparse, whose
 * per-element marginal depends on it, and is checked (positive integers)
 * for every family.
 */
export function distributionFromPlan(plan: Plan, shape: readonly number[]): Distribution {
  if (plan === null || typeof plan !== 'object') throw typeError('a plan object', 'plan', plan);
  const dims = shapeArg(shape);
  const context: DistributionContext = plan.context ?? {};
  switch (plan.family) {
    case 'uniform':
      return uniformDistribution(plan.low, plan.high, context);
    case 'normal':
      return normalDistribution(plan.mean, plan.std, context);
    case 'truncated_normal':
      return truncatedNormalDistribution(plan.mean, plan.std, plan.a, plan.b, context);
    case 'constant':
      return constantDistribution(plan.value, context);
    case 'eye':
      return eyeDistribution(dims, context);
    case 'dirac':
      return diracDistribution(dims, plan.groups, context);
    case 'orthogonal':
      return orthogonalDistribution(dims, plan.gain, context);
    case 'sparse':
      return sparseDistribution(dims, plan.sparsity, plan.std, context);
    default: {
      const family: unknown = (plan as { family?: unknown }).family;
      throw typeError(
        'a plan family ("uniform", "normal", "truncated_normal", "constant", "eye", "dirac", "orthogonal", "sparse")',
        'plan.family',
        family,
      );
    }
  }
}
