/**
 * Finite discrete laws (a few point masses): the building block of the
 * constant, eye and dirac families and of degenerate cases of the others
 * (σ = 0, gain = 0, a 1×1 orthogonal matrix).
 */

import type { Family } from '../rules/plan';
import type { DistributionCore, Formula, PointMass } from './distribution';

/** Atoms sorted by value, zero-probability atoms dropped, equal values merged. */
function normalizeAtoms(atoms: readonly PointMass[]): PointMass[] {
  const sorted = atoms.filter((a) => a.probability > 0).sort((x, y) => x.value - y.value);
  const merged: PointMass[] = [];
  for (const a of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.value === a.value) last.probability += a.probability;
    else merged.push({ value: a.value, probability: a.probability });
  }
  return merged;
}

/**
 * The core of a distribution made only of point masses. pdf is Infinity at
 * an atom and 0 elsewhere; cdf and sf are sums over the atoms on each side
 * (sf sums the upper atoms directly so that P(X > x) keeps its precision).
 */
export function discreteCore(
  family: Family,
  params: Record<string, number>,
  atoms: readonly PointMass[],
  formula: Formula,
  exact: boolean,
  extra: { note?: string; shape?: readonly number[] } = {},
): DistributionCore {
  const list = normalizeAtoms(atoms);
  let mean = 0;
  for (const a of list) mean += a.probability * a.value;
  if (list.length === 1) mean = list[0].value;
  let variance = 0;
  for (const a of list) variance += a.probability * (a.value - mean) ** 2;
  const lowerSum = (x: number): number => {
    let s = 0;
    for (const a of list) if (a.value <= x) s += a.probability;
    return s;
  };
  const upperSum = (x: number): number => {
    let s = 0;
    for (const a of list) if (a.value > x) s += a.probability;
    return s;
  };
  return {
    family,
    params,
    shape: extra.shape,
    support: [list[0].value, list[list.length - 1].value],
    mean,
    variance,
    atoms: list,
    pdf: (x) => (list.some((a) => a.value === x) ? Infinity : 0),
    cdf: (x) => Math.min(1, lowerSum(x)),
    sf: (x) => Math.min(1, upperSum(x)),
    quantile: (p) => {
      if (p === 0) return list[0].value;
      let cumulative = 0;
      for (const a of list) {
        cumulative += a.probability;
        if (cumulative >= p) return a.value;
      }
      return list[list.length - 1].value; // rounding left the total a hair below 1
    },
    formula,
    exact,
    note: extra.note,
  };
}

/** The law of a variable that equals `value` with probability 1, as a core. */
export function pointMassCore(
  family: Family,
  params: Record<string, number>,
  value: number,
  formula: Formula,
  extra: { note?: string; shape?: readonly number[] } = {},
): DistributionCore {
  return discreteCore(family, params, [{ value, probability: 1 }], formula, true, extra);
}
