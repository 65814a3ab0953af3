/**
 * Sampling of the two families that are made a whole matrix at a time:
 * orthogonal (a QR of a normal matrix, in the kernel) and sparse
 * (normal values with zeros at positions from a seeded permutation per column).
 * lib/sampling/sample.ts hands their plans here.
 */
import type { TensorData } from '../core/dtype';
import type { FillArray, FillCall } from './backend';
import { activeBackend } from './backends';
import { DTYPE_ID, TRANSFORM } from './ids';
import type { PlanParams } from '../rules/plan';
import { encodeValue } from '../core/dtype';
import { hashKey } from '../core/stream';
import { formatShape } from '../core/shape';
import { allocate, makeTensor, maxElements, type Resolved, type Tensor } from '../core/tensor';

type OrthogonalParams = Extract<PlanParams, { family: 'orthogonal' }>;
type SparseParams = Extract<PlanParams, { family: 'sparse' }>;
export type MatrixParams = OrthogonalParams | SparseParams;

export function isMatrixFamily(p: PlanParams): p is MatrixParams {
  return p.family === 'orthogonal' || p.family === 'sparse';
}

/**
 * Orthogonalizes a row-major rows × cols matrix with the kernel:
 * gain · Q·diag(sign(diag R)) of A (or of Aᵀ when rows < cols, transposed back).
 * The input is not modified. Exposed for tests against torch.linalg.qr.
 */
export function orthogonalizeMatrix(matrix: Float64Array, rows: number, cols: number, gain = 1, threads = 1): Float64Array {
  return activeBackend().orthogonalize(matrix, rows, cols, gain, threads);
}

const STANDARD_NORMAL = Float64Array.of(0, 1, 0, 0);
const UNIT_UNIFORM = Float64Array.of(0, 1, 0, 0);

/** The key of the uniform stream that places a sparse tensor's zeros: key XOR FNV-1a("kaiming.sparse.zeros"). */
export const SPARSE_ZERO_KEY_MASK = hashKey('kaiming.sparse.zeros');

function orthogonalDims(r: Resolved): { rows: number; cols: number } {
  // A QR needs the whole matrix in float64 whatever the range: that, not the range, must fit one typed array.
  if (r.size > maxElements(8)) {
    throw new RangeError(`Expected a shape with at most ${maxElements(8)} elements for shape (orthogonal makes the whole matrix in float64, also for a range) but received ${formatShape(r.shape)}`);
  }
  const rows = r.shape[0];
  return { rows, cols: r.size / rows };
}

/** Writes float64 values into the result array of r's dtype, rounding once. */
function store(values: Float64Array, r: Resolved): TensorData {
  const out = r.out ?? allocate(r);
  if (r.dtype === 'float32' || r.dtype === 'float64') {
    out.set(values);
  } else {
    for (let i = 0; i < values.length; i++) out[i] = encodeValue(values[i], r.dtype);
  }
  return out;
}

// ---- sparse ------------------------------------------------------------------

// Uniforms drawn per native call while placing zeros: bounds the scratch memory
// (8 MiB) whatever the tensor's size.
const SPARSE_BATCH_VALUES = 1 << 20;

interface ZeroLayout {
  rows: number;
  cols: number;
  zeros: number;
  /** Column intervals [from, to) that elements [r.start, r.end) touch. */
  spans: Array<[number, number]>;
}

function zeroLayout(p: SparseParams, r: Resolved): ZeroLayout {
  const [rows, cols] = r.shape;
  // torch: num_zeros = int(math.ceil(sparsity * rows)); sparsity ≤ 1 keeps it ≤ rows.
  const zeros = Math.ceil(p.sparsity * rows);
  const length = r.end - r.start;
  let spans: Array<[number, number]>;
  if (zeros === 0 || length === 0) spans = [];
  else if (length >= cols) spans = [[0, cols]];
  else {
    // Fewer than cols consecutive elements: one run of columns, possibly wrapping past the last.
    const first = r.start % cols;
    const last = (r.end - 1) % cols;
    spans = first <= last ? [[first, last + 1]] : [[0, last + 1], [first, cols]];
  }
  return { rows, cols, zeros, spans };
}

/** One native draw of the zero-placing stream: flat [start, start + length), covering columns [from, to). */
interface ZeroBatch {
  start: number;
  length: number;
  from: number;
  to: number;
}

/** Column c's uniforms are elements c·rows + i (i < zeros) of the stream: batches of whole columns. */
function* zeroBatches(z: ZeroLayout): Generator<ZeroBatch> {
  const perBatch = Math.max(1, Math.floor(SPARSE_BATCH_VALUES / z.rows));
  for (const [from, to] of z.spans) {
    for (let c0 = from; c0 < to; c0 += perBatch) {
      const c1 = Math.min(to, c0 + perBatch);
      yield { start: c0 * z.rows, length: (c1 - 1 - c0) * z.rows + z.zeros, from: c0, to: c1 };
    }
  }
}

/**
 * Zeroes the sparse positions of columns [b.from, b.to) that fall in out's
 * elements [r.start, r.end); u holds the batch's uniforms.
 */
function applyZeros(out: TensorData, z: ZeroLayout, r: Resolved, b: ZeroBatch, u: Float64Array, perm: Float64Array): void {
  const { rows, cols, zeros } = z;
  for (let c = b.from; c < b.to; c++) {
    const offset = (c - b.from) * rows;
    for (let i = 0; i < rows; i++) perm[i] = i;
    for (let i = 0; i < zeros; i++) {
      const j = i + Math.min(rows - 1 - i, Math.floor(u[offset + i] * (rows - i)));
      const row = perm[j];
      perm[j] = perm[i];
      perm[i] = row;
      const flat = row * cols + c;
      if (flat >= r.start && flat < r.end) out[flat - r.start] = 0;
    }
  }
}

function sparseKey(r: Resolved): bigint {
  return r.key ^ SPARSE_ZERO_KEY_MASK;
}

function sparseValuesTarget(r: Resolved): TensorData | null {
  if (r.out !== undefined) return r.out;
  return r.shared ? allocate(r) : null;
}

// ---- entry points ------------------------------------------------------------

/** A fill call of the matrix families (the fields the backend's fill takes). */
function call(out: FillArray | null, length: number, dtype: number, transform: number, r: Resolved, key: bigint, start: number,
  params: Float64Array): FillCall {
  return { out, length, dtype, transform, seed: r.seed, key, start, params, threads: r.threads };
}

/** Makes an orthogonal or sparse tensor synchronously. */
export function sampleMatrixSync(p: MatrixParams, r: Resolved): Tensor {
  const kernel = activeBackend();
  if (p.family === 'orthogonal') {
    const { rows, cols } = orthogonalDims(r);
    const a = kernel.fill(call(null, r.size, DTYPE_ID.float64, TRANSFORM.normal, r, r.key, 0, STANDARD_NORMAL)) as Float64Array;
    const q = kernel.orthogonalize(a, rows, cols, p.gain, r.threads);
    return makeTensor(r, store(q.subarray(r.start, r.end), r));
  }
  const values = kernel.fill(call(sparseValuesTarget(r), r.end - r.start, DTYPE_ID[r.dtype], TRANSFORM.normal, r, r.key, r.start,
    Float64Array.of(0, p.std, 0, 0)));
  const z = zeroLayout(p, r);
  const perm = new Float64Array(z.rows);
  for (const b of zeroBatches(z)) {
    const u = kernel.fill(call(null, b.length, DTYPE_ID.float64, TRANSFORM.uniform, r, sparseKey(r), b.start, UNIT_UNIFORM));
    applyZeros(values, z, r, b, u as Float64Array, perm);
  }
  return makeTensor(r, values);
}

/** Makes an orthogonal or sparse tensor off the JS thread; `r.signal` aborts it. */
export async function sampleMatrixAsync(p: MatrixParams, r: Resolved): Promise<Tensor> {
  const kernel = activeBackend();
  const signal = r.signal;
  if (p.family === 'orthogonal') {
    const { rows, cols } = orthogonalDims(r);
    const a = (await kernel.fillAsync(call(null, r.size, DTYPE_ID.float64, TRANSFORM.normal, r, r.key, 0, STANDARD_NORMAL), signal)) as Float64Array;
    const q = await kernel.orthogonalizeAsync(a, rows, cols, p.gain, r.threads, signal);
    return makeTensor(r, store(q.subarray(r.start, r.end), r));
  }
  const values = await kernel.fillAsync(call(sparseValuesTarget(r), r.end - r.start, DTYPE_ID[r.dtype], TRANSFORM.normal, r, r.key,
    r.start, Float64Array.of(0, p.std, 0, 0)), signal);
  const z = zeroLayout(p, r);
  const perm = new Float64Array(z.rows);
  for (const b of zeroBatches(z)) {
    const u = await kernel.fillAsync(call(null, b.length, DTYPE_ID.float64, TRANSFORM.uniform, r, sparseKey(r), b.start, UNIT_UNIFORM), signal);
    applyZeros(values, z, r, b, u as Float64Array, perm);
  }
  return makeTensor(r, values);
}
