/**
 * constant(value): every element equals `value` (PyTorch `constant_`,
 * `zeros_`, `ones_`). A Dirac point mass: pdf is Infinity at the value and 0
 * elsewhere, cdf a unit step, quantile(p) = value for every p.
 */

import { finiteNumber } from '../core/validate';
import { makeDistribution, type Distribution, type DistributionContext, type Formula } from './distribution';
import { pointMassCore } from './discrete';
import { num, numTex } from './format';

/** The formula of a point mass at c, with c substituted. */
export function pointMassFormula(c: number): Formula {
  return {
    text: `f(x) = δ(x ${c < 0 ? '+' : '−'} ${num(Math.abs(c))}): every element equals ${num(c)} (P(X = ${num(c)}) = 1)`,
    latex: `f(x) = \\delta(x ${c < 0 ? '+' : '-'} ${numTex(Math.abs(c))}),\\qquad P(X = ${numTex(c)}) = 1`,
    general: {
      text: 'f(x) = δ(x − c): every element equals c (P(X = c) = 1)',
      latex: 'f(x) = \\delta(x - c),\\qquad P(X = c) = 1',
    },
  };
}

/** Every element equals `value`. */
export function constantDistribution(value: number, context: DistributionContext = {}): Distribution {
  finiteNumber(value, 'value');
  return makeDistribution(pointMassCore('constant', { value }, value, pointMassFormula(value)), context);
}
