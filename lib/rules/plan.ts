/**
 * What an initializer draws from, decided before any value is made.
 *
 * Every initializer first turns (shape, options) into a `Plan`: the family of
 * distribution with its exact double-precision parameters, plus the numbers
 * that led to them (fans, gain, mode). The sampler fills a tensor from the
 * plan; `describe()` builds the exact distribution object from the same plan,
 * so the maths shown to a user is always the maths that was sampled.
 */

export type Family =
  | 'uniform'
  | 'normal'
  | 'truncated_normal'
  | 'constant'
  | 'eye'
  | 'dirac'
  | 'orthogonal'
  | 'sparse';

/** Why the parameters are what they are: the inputs of the rule. */
export interface PlanContext {
  /** Name of the rule, as the user called it (e.g. 'kaiming_normal'). */
  initializer: string;
  fanIn?: number;
  fanOut?: number;
  receptiveField?: number;
  gain?: number;
  mode?: string;
  nonlinearity?: string;
  /** Keras variance-scaling scale. */
  scale?: number;
  /** One sentence naming the paper or source the rule comes from. */
  source?: string;
}

export type PlanParams =
  /** U(low, high): values in [low, high). */
  | { family: 'uniform'; low: number; high: number }
  /** N(mean, std²). */
  | { family: 'normal'; mean: number; std: number }
  /** N(mean, std²) conditioned on a ≤ x ≤ b; a and b are absolute values (as in PyTorch). */
  | { family: 'truncated_normal'; mean: number; std: number; a: number; b: number }
  /** Every element equals value. */
  | { family: 'constant'; value: number }
  /** Identity matrix (2-D, rectangular allowed). */
  | { family: 'eye' }
  /** Dirac delta for convolutions, preserving the identity of the inputs per group. */
  | { family: 'dirac'; groups: number }
  /** A (semi-)orthogonal matrix times gain. */
  | { family: 'orthogonal'; gain: number }
  /** Each column has ceil(sparsity·rows) zeros; the others are N(0, std²). */
  | { family: 'sparse'; sparsity: number; std: number };

export type Plan = PlanParams & { context: PlanContext };
