/**
 * The {0, 1} law shared by eye and dirac: the value at a uniformly chosen
 * position of a tensor that holds `ones` ones and zeros elsewhere.
 */

import type { Family } from '../rules/plan';
import type { DistributionCore } from './distribution';
import { discreteCore } from './discrete';
import { num, numTex } from './format';

/** P(X = 1) = ones/total, P(X = 0) = 1 − P(X = 1), with the counts in the formula. */
export function zeroOneCore(
  family: Family,
  params: Record<string, number>,
  shape: readonly number[],
  ones: number,
  total: number,
  countText: { text: string; latex: string; generalText: string; generalLatex: string },
  note: string,
): DistributionCore {
  const p1 = ones / total;
  const p0 = (total - ones) / total; // exact complement: both counts are integers
  return discreteCore(
    family,
    params,
    [
      { value: 0, probability: p0 },
      { value: 1, probability: p1 },
    ],
    {
      text: `P(X = 1) = ${countText.text} = ${num(ones)}/${num(total)} ≈ ${num(p1)}, P(X = 0) = ${num(p0)}; f(x) = ${num(p0)}·δ(x) + ${num(p1)}·δ(x − 1)`,
      latex: `P(X = 1) = ${countText.latex} = \\frac{${numTex(ones)}}{${numTex(total)}} \\approx ${numTex(p1)},\\quad P(X = 0) = ${numTex(p0)}`,
      general: {
        text: `P(X = 1) = ${countText.generalText}, P(X = 0) = 1 − P(X = 1); f(x) = P(X = 0)·δ(x) + P(X = 1)·δ(x − 1)`,
        latex: `P(X = 1) = ${countText.generalLatex},\\quad P(X = 0) = 1 - P(X = 1)`,
      },
    },
    false,
    { note, shape },
  );
}
