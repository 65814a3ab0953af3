/**
 * The structured initializers of torch.nn.init: eye_, dirac_, orthogonal_ and sparse_.
 */
import { formatShape } from '../core/shape';
import type { CommonOptions } from '../core/tensor';
import { finiteNumber, nonNegativeNumber, numberInRange, positiveInteger, rangeError } from '../core/validate';
import { define } from './define';

function requireRank(shape: number[], ranks: readonly number[], what: string): void {
  if (!ranks.includes(shape.length)) {
    throw new RangeError(`Expected a shape with ${what} for shape but received ${formatShape(shape)}`);
  }
}

/**
 * The identity matrix, exactly `torch.nn.init.eye_` (`torch.eye(rows, cols)`):
 * 1 where row = column, 0 elsewhere; rectangular shapes allowed. Keeps the
 * identity of the inputs of a linear layer, as many as min(rows, cols).
 * Deterministic: seed, key and generator only label the tensor.
 *
 * @example eye([3, 5]) // 1 at (0,0), (1,1), (2,2)
 * @throws RangeError unless the shape has exactly 2 dimensions (PyTorch:
 *   "Only tensors with 2 dimensions are supported").
 */
export const { sync: eye, async: eyeAsync } = define<CommonOptions>({
  name: 'eye',
  aliases: ['eye_', 'identity'],
  options: [],
  plan(shape) {
    requireRank(shape, [2], '2 dimensions');
    return { family: 'eye', context: { initializer: 'eye' } };
  },
});

/** Options of {@link dirac}. */
export interface DiracOptions extends CommonOptions {
  /** Number of groups of the convolution, default 1; must divide shape[0]. */
  groups?: number;
}

/**
 * The Dirac delta, exactly `torch.nn.init.dirac_(tensor, groups)`: for a
 * convolution weight (out, in, *kernel) of 3, 4 or 5 dimensions, with
 * outPerGroup = out / groups, sets w[g·outPerGroup + d, d, k₁//2, …] = 1 for every
 * group g and d < min(outPerGroup, in), 0 elsewhere, so the convolution passes
 * as many input channels through unchanged as it can (per group).
 *
 * @example dirac([16, 16, 3, 3]) // an identity 3×3 convolution
 * @example dirac([6, 2, 3], { groups: 3 })
 * @throws RangeError for another rank, or groups that do not divide shape[0]
 *   (PyTorch: "dim 0 must be divisible by groups").
 */
export const { sync: dirac, async: diracAsync } = define<DiracOptions>({
  name: 'dirac',
  aliases: ['dirac_'],
  options: ['groups'],
  plan(shape, o) {
    const groups = o.groups === undefined ? 1 : positiveInteger(o.groups, 'groups');
    requireRank(shape, [3, 4, 5], '3, 4 or 5 dimensions');
    if (shape[0] % groups !== 0) throw rangeError(`a divisor of shape[0] (${shape[0]})`, 'groups', groups);
    return { family: 'dirac', groups, context: { initializer: 'dirac' } };
  },
});

/** Options of {@link orthogonal}. */
export interface OrthogonalOptions extends CommonOptions {
  /** Multiplier of the orthogonal matrix, default 1 (any finite number, as PyTorch's `mul_(gain)`). */
  gain?: number;
}

/**
 * A random (semi-)orthogonal matrix, as `torch.nn.init.orthogonal_` (Saxe,
 * McClelland & Ganguli 2013, "Exact solutions to the nonlinear dynamics of
 * learning in deep linear neural networks"):
 *
 * 1. rows = shape[0], cols = numel / rows (trailing dimensions flattened);
 * 2. A = rows × cols N(0, 1) values: the float64 normal stream of the tensor's
 *    (seed, key), element i of A being flat element i of `normal(shape, { dtype: 'float64' })`;
 * 3. A is transposed when rows < cols, factorised A = QR (Householder, in double,
 *    in the native kernel), Q's column j multiplied by sign(R_jj) (which makes Q
 *    Haar-distributed, Mezzadri 2007), transposed back and multiplied by gain;
 * 4. the result is rounded once to the dtype.
 *
 * The rows (when rows ≤ cols) or the columns are orthonormal times gain:
 * W·Wᵀ = gain²·I or Wᵀ·W = gain²·I. For the same A, step 3 gives PyTorch's matrix
 * up to rounding (Q with a positive diagonal of R is unique), but PyTorch draws A
 * from its own generator. `range` still computes the whole matrix (O(rows·cols·min(rows, cols))
 * time, about four rows·cols float64 buffers) and returns the slice: the cost is the
 * full matrix's. About 0.2 s for 1024×1024 and 2 s for 2048×2048 on two cores.
 *
 * @example orthogonal([256, 256], { gain: calculateGain('tanh'), seed: 0 })
 * @throws RangeError for fewer than 2 dimensions (PyTorch: "Only tensors with 2 or
 *   more dimensions are supported") or a non-finite gain.
 */
export const { sync: orthogonal, async: orthogonalAsync } = define<OrthogonalOptions>({
  name: 'orthogonal',
  aliases: ['orthogonal_'],
  options: ['gain'],
  plan(shape, o) {
    const gain = o.gain === undefined ? 1 : finiteNumber(o.gain, 'gain');
    if (shape.length < 2) {
      throw new RangeError(`Expected a shape with at least 2 dimensions for shape but received ${formatShape(shape)}`);
    }
    return {
      family: 'orthogonal',
      gain,
      context: { initializer: 'orthogonal', gain, source: 'Saxe, McClelland & Ganguli 2013' },
    };
  },
});

/** Options of {@link sparse}. */
export interface SparseOptions extends CommonOptions {
  /** Fraction of each column set to zero, in [0, 1] (required): ⌈sparsity · rows⌉ zeros per column. */
  sparsity: number;
  /** Standard deviation of the non-zero values, default 0.01. */
  std?: number;
}

/**
 * A sparse matrix as `torch.nn.init.sparse_` (Martens 2010, "Deep learning via
 * Hessian-free optimization", §5): a 2-D (rows × cols) tensor of N(0, std²)
 * values (the tensor's normal stream, as {@link normal}) in which every column has
 * exactly z = ⌈sparsity · rows⌉ zeros.
 *
 * The zero rows of column c are the first z entries of a random permutation
 * of 0…rows−1 (PyTorch takes `randperm(rows)[:z]` from its generator), made by a
 * partial Fisher–Yates shuffle driven by the float64 uniform stream of
 * (seed, key XOR hashKey("kaiming.sparse.zeros")): starting from the identity
 * permutation p, for i = 0 … z−1, with u = element c·rows + i of that stream,
 *
 *   j = i + min(rows − 1 − i, ⌊u · (rows − i)⌋),  swap(p[i], p[j]),  zero row p[i] of column c.
 *
 * Every column is independent of the others and of `range`, so a range equals
 * the slice of the full tensor. Placing the zeros draws about `rows` uniforms per
 * column the call touches (in batches of at most 2^20, so the scratch memory stays
 * at 8 MiB).
 *
 * @example sparse([1000, 300], { sparsity: 0.9, seed: 2 }) // 900 zeros per column
 * @throws RangeError unless the shape has 2 dimensions, or for sparsity outside [0, 1] or std < 0.
 */
export const { sync: sparse, async: sparseAsync } = define<SparseOptions>({
  name: 'sparse',
  aliases: ['sparse_'],
  options: ['sparsity', 'std'],
  plan(shape, o) {
    const sparsity = numberInRange(o.sparsity, 'sparsity', 0, 1);
    const std = o.std === undefined ? 0.01 : nonNegativeNumber(o.std, 'std');
    requireRank(shape, [2], '2 dimensions');
    return { family: 'sparse', sparsity, std, context: { initializer: 'sparse', source: 'Martens 2010, §5' } };
  },
});
