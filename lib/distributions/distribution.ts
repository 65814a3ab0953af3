/**
 * The `Distribution` object: the exact law that an initializer draws each
 * weight from, with its density, distribution function, quantile function,
 * moments and formula — what `describe()` shows a user.
 *
 * Conventions shared by every family:
 *
 * - `pdf` is the density with respect to Lebesgue measure. Where the law has
 *   a point mass (constant, eye, dirac, the zeros of sparse, orthogonal with
 *   d = 1) `pdf` returns `Infinity` at the atom (the Dirac delta's "value")
 *   and the density of the continuous part elsewhere; the masses themselves
 *   are listed in `atoms` and returned by `pmf(x)`. So
 *   ∫pdf over the continuous part + Σ atoms = 1.
 * - `cdf(x)` = P(X ≤ x) (right-continuous), `sf(x)` = P(X > x), each
 *   computed on its own side so that small tail probabilities keep full
 *   relative accuracy.
 * - `quantile(p)` = inf{x : cdf(x) ≥ p} for p ∈ (0, 1]; `quantile(0)` is the
 *   lower end of the support (−Infinity for the normal).
 * - `exact` is true when the elements are independent draws from exactly
 *   this law, so a Kolmogorov–Smirnov test of all elements against `cdf` is
 *   valid. It is false for eye, dirac, orthogonal and sparse: the law is the
 *   exact *per-element marginal* (the law of the element at a uniformly
 *   chosen position), but the elements are dependent (or deterministic), and
 *   `note` says how.
 *
 * Arguments are validated like every public function: a non-number is a
 * TypeError, NaN or p outside [0, 1] a RangeError.
 */

import type { Family, PlanContext } from '../rules/plan';
import { numberInRange, rangeError, typeError } from '../core/validate';

/** A formula in plain Unicode text and in LaTeX. */
export interface FormulaText {
  text: string;
  latex: string;
}

/**
 * The density (or mass function) as a formula: `general` is the family's
 * textbook form, the top-level `text`/`latex` substitute this layer's
 * numbers, with the derivation from gain and fans when the plan has them.
 */
export interface Formula extends FormulaText {
  general: FormulaText;
}

/** A point mass: P(X = value) = probability. */
export interface PointMass {
  value: number;
  probability: number;
}

/**
 * A law's family: a plan family, or 'uniform_sum' (U(−a, a) + U(−b, b), which no single
 * rule draws: the summed recurrent bias of kaiming/tfjs's 'torch' recipe, uniform-sum.ts).
 */
export type LawFamily = Family | 'uniform_sum';

/** The exact law of an initializer's weights (see the module comment for conventions). */
export interface Distribution {
  /** Plan family ('uniform', 'normal', 'truncated_normal', …), or 'uniform_sum'. */
  family: LawFamily;
  /** The family's parameters, exact doubles (e.g. { mean: 0, std: 0.0416… }). */
  params: Record<string, number>;
  /** Name of the rule the user called (e.g. 'kaiming_normal'); the family name if none. */
  initializer: string;
  source?: string;
  fanIn?: number;
  fanOut?: number;
  gain?: number;
  mode?: string;
  nonlinearity?: string;
  /** Keras variance-scaling scale. */
  scale?: number;
  /** The tensor shape, for the families whose marginal depends on it. */
  shape?: readonly number[];
  /** Smallest and largest possible values (closed interval; may be infinite). */
  support: [number, number];
  mean: number;
  variance: number;
  std: number;
  /** Point masses, empty for continuous laws. */
  atoms: readonly PointMass[];
  /** Density; Infinity at an atom (see module comment). */
  pdf(x: number): number;
  /** P(X ≤ x). */
  cdf(x: number): number;
  /** P(X > x), accurate in the upper tail. */
  sf(x: number): number;
  /** inf{x : cdf(x) ≥ p}; quantile(0) is the lower end of the support. */
  quantile(p: number): number;
  /** P(X = x): the atom's mass at x, 0 elsewhere. */
  pmf(x: number): number;
  formula: Formula;
  /** True when the elements are i.i.d. with exactly this law; false for per-element marginals. */
  exact: boolean;
  note?: string;
}

/** What a family module provides; {@link makeDistribution} adds checks and context. */
export interface DistributionCore {
  family: LawFamily;
  params: Record<string, number>;
  shape?: readonly number[];
  support: [number, number];
  mean: number;
  variance: number;
  atoms?: readonly PointMass[];
  pdf(x: number): number;
  cdf(x: number): number;
  sf(x: number): number;
  quantile(p: number): number;
  formula: Formula;
  exact: boolean;
  note?: string;
}

/** Context fields copied onto the distribution (all optional). */
export type DistributionContext = Partial<PlanContext>;

function xArg(x: unknown): number {
  if (typeof x !== 'number') throw typeError('a number', 'x', x);
  if (Number.isNaN(x)) throw rangeError('a number', 'x', x);
  return x;
}

/**
 * Builds the public object: copies the plan context, checks every argument
 * of pdf/cdf/sf/quantile/pmf, and freezes the result.
 */
export function makeDistribution(core: DistributionCore, context: DistributionContext = {}): Distribution {
  const atoms = Object.freeze((core.atoms ?? []).map((a) => Object.freeze({ ...a })));
  const dist: Distribution = {
    family: core.family,
    params: Object.freeze({ ...core.params }) as Record<string, number>,
    initializer: context.initializer ?? core.family,
    support: Object.freeze([core.support[0], core.support[1]]) as unknown as [number, number],
    mean: core.mean,
    variance: core.variance,
    std: Math.sqrt(core.variance),
    atoms,
    pdf: (x: number) => core.pdf(xArg(x)),
    cdf: (x: number) => core.cdf(xArg(x)),
    sf: (x: number) => core.sf(xArg(x)),
    quantile: (p: number) => core.quantile(numberInRange(p, 'p', 0, 1)),
    pmf: (x: number) => {
      xArg(x);
      let mass = 0;
      for (const a of atoms) if (a.value === x) mass += a.probability;
      return mass;
    },
    formula: Object.freeze({ ...core.formula, general: Object.freeze({ ...core.formula.general }) }),
    exact: core.exact,
  };
  if (context.source !== undefined) dist.source = context.source;
  if (context.fanIn !== undefined) dist.fanIn = context.fanIn;
  if (context.fanOut !== undefined) dist.fanOut = context.fanOut;
  if (context.gain !== undefined) dist.gain = context.gain;
  if (context.mode !== undefined) dist.mode = context.mode;
  if (context.nonlinearity !== undefined) dist.nonlinearity = context.nonlinearity;
  if (context.scale !== undefined) dist.scale = context.scale;
  if (core.shape !== undefined) dist.shape = Object.freeze([...core.shape]);
  if (core.note !== undefined) dist.note = core.note;
  return Object.freeze(dist);
}

