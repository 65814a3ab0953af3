/**
 * Cutting a model into pieces that are generated one after another in bounded
 * memory, and the shard arithmetic (numpy.array_split) of tensor-parallel ranks.
 *
 * Every piece is made with the tensor's own stream (seed, key = name) and the
 * `range` option over the *full* shape, so a piece equals the same elements of
 * the whole tensor and fans always come from the full shape.
 */
import { arrayTypeFor, bytesPerElement, type DType, type TensorData } from '../core/dtype';
import { product } from '../core/shape';
import { runAsync } from '../initializers/define';
import { abortError } from '../sampling/jobs';
import { chunkElements } from '../sampling/sample';
import { describeValue } from '../core/validate';
import { boxOf, holds, type Box, type Placement } from './parallel';
import { zeroRowsIn } from './zero-rows';
import type { ResolvedSpec, ResolvedTensor } from './spec';

/** Default largest piece: 16 Mi elements, and never more than 32 MiB. */
export const DEFAULT_PIECE_ELEMENTS = 1 << 24;
export const MAX_PIECE_BYTES = 32 << 20;
/** Piece buffers of the writer's ring (see generateParts). */
export const DEFAULT_DEPTH = 2;

/** A tensor-parallel rank: this process is `rank` of `world`. */
export interface Shard {
  rank: number;
  world: number;
}

/** Which axis shards split: 0 = row blocks, 1 = column blocks. */
export type ShardDim = 0 | 1;

function shardError(expected: string, name: string, value: unknown, type = false): Error {
  const text = `Expected ${expected} for ${name} but received ${describeValue(value)}`;
  return type ? new TypeError(text) : new RangeError(text);
}

/** Validates `{ rank, world }` and the dim. */
export function checkShard(shard: unknown, dim: unknown): { shard: Shard; dim: ShardDim } {
  if (shard === null || typeof shard !== 'object' || Array.isArray(shard)) throw shardError('an object { rank, world }', 'shard', shard, true);
  const { rank, world } = shard as Record<string, unknown>;
  if (typeof world !== 'number') throw shardError('a positive integer', 'shard.world', world, true);
  if (!Number.isSafeInteger(world) || world < 1) throw shardError('a positive integer', 'shard.world', world);
  if (typeof rank !== 'number') throw shardError(`an integer between 0 and ${world - 1}`, 'shard.rank', rank, true);
  if (!Number.isSafeInteger(rank) || rank < 0 || rank >= world) throw shardError(`an integer between 0 and ${world - 1}`, 'shard.rank', rank);
  const d = dim === undefined ? 0 : dim;
  if (d !== 0 && d !== 1) throw shardError('0 or 1', 'shardDim', dim, typeof d !== 'number');
  return { shard: { rank, world }, dim: d };
}

/** Rank `rank`'s part [start, end) of n items split like numpy.array_split(n, world): the first n mod world parts get one more. */
export function splitRange(n: number, world: number, rank: number): [number, number] {
  const q = Math.floor(n / world);
  const r = n % world;
  const start = rank * q + Math.min(rank, r);
  return [start, start + q + (rank < r ? 1 : 0)];
}

/** What part of one tensor a file holds: a box of rows (dim 0) and, when dim 1 is cut, columns (dim 1). */
export interface Part {
  tensor: ResolvedTensor;
  /** Shape of the stored part (the full shape when the tensor is whole). */
  shape: number[];
  elements: number;
  /** Rows [lo, hi) of dim 0 ([0, 1] for a scalar). */
  rows: [number, number];
  /** Columns [lo, hi) of dim 1 in every row, or undefined for every column. */
  cols: [number, number] | undefined;
}


function isPlacement(s: Shard | Placement): s is Placement {
  return 'scheme' in s;
}

/** A part from a box of the full shape. */
export function partOfBox(tensor: ResolvedTensor, box: Box): Part {
  const full = tensor.shape;
  if (full.length === 0) return { tensor, shape: [], elements: 1, rows: [0, 1], cols: undefined };
  const shape = [...full];
  shape[0] = box.rows[1] - box.rows[0];
  const cols = box.cols !== undefined && (box.cols[0] !== 0 || box.cols[1] !== full[1]) ? box.cols : undefined;
  if (cols !== undefined) shape[1] = cols[1] - cols[0];
  return { tensor, shape, elements: product(shape), rows: [box.rows[0], box.rows[1]], cols };
}

/**
 * The part of `tensor` that a process stores: with a Placement (TP, FSDP; lib/model/parallel.ts)
 * the box its plan gives; with a legacy shard { rank, world } rank's numpy.array_split block of
 * dimension `dim` (tensors without that dimension whole).
 */
export function partOf(tensor: ResolvedTensor, shard?: Shard | Placement, dim: ShardDim = 0): Part {
  const full = tensor.shape;
  if (shard !== undefined && isPlacement(shard)) return partOfBox(tensor, boxOf(tensor.name, full, tensor.parallel, shard, tensor.experts));
  const box: Box = { rows: [0, full[0] ?? 1], cols: undefined };
  if (shard !== undefined && full.length > dim) {
    const range = splitRange(full[dim], shard.world, shard.rank);
    if (dim === 0) box.rows = range;
    else box.cols = range;
  }
  return partOfBox(tensor, box);
}

/** The parts of every tensor of a spec that the process holds (with expert parallelism, its own experts only). */
export function partsOf(spec: ResolvedSpec, shard?: Shard | Placement, dim: ShardDim = 0): Part[] {
  const placement = shard !== undefined && isPlacement(shard) ? shard : undefined;
  const held = placement?.ep === undefined ? spec.tensors : spec.tensors.filter((t) => holds(t, placement));
  return held.map((t) => partOf(t, shard, dim));
}

/**
 * A piece of a part: elements [offset, offset + length) of the stored part, made by
 * - range: elements [start, end) of the full tensor (contiguous);
 * - rows: full rows [row0, row1) made into the staging buffer, then columns [lo, hi) copied out;
 * - rowRanges: rows [row0, row1), each row's columns made by its own range call.
 */
export type Piece =
  | { kind: 'range'; offset: number; length: number; start: number; end: number }
  | { kind: 'rows' | 'rowRanges'; offset: number; length: number; row0: number; row1: number };

/** Elements per piece for a dtype: `requested` (default 16 Mi) capped at 32 MiB. */
export function pieceElements(dtype: DType, requested = DEFAULT_PIECE_ELEMENTS): number {
  return Math.max(1, Math.min(requested, Math.floor(MAX_PIECE_BYTES / bytesPerElement(dtype))));
}

/** The pieces of a part, in file order, each at most `max` elements (and a staging buffer of at most `max`). */
export function* piecesOf(part: Part, max: number): Generator<Piece> {
  const { tensor, elements } = part;
  if (elements === 0) return;
  if (part.cols === undefined) {
    // Whole rows [lo, hi): one contiguous range of the full tensor.
    const base = part.rows[0] * product(tensor.shape.slice(1));
    for (let offset = 0; offset < elements; offset += max) {
      const length = Math.min(max, elements - offset);
      yield { kind: 'range', offset, length, start: base + offset, end: base + offset + length };
    }
    return;
  }
  const [r0, r1] = part.rows;
  const [c0, c1] = part.cols;
  const cols = tensor.shape[1];
  const inner = product(tensor.shape.slice(2));
  const rowLen = cols * inner;
  const slice = (c1 - c0) * inner;
  if (slice > max) {
    // One row's slice is larger than a piece: contiguous ranges within each row.
    let offset = 0;
    for (let r = r0; r < r1; r++) {
      const rowStart = r * rowLen + c0 * inner;
      for (let k = 0; k < slice; k += max) {
        const length = Math.min(max, slice - k);
        yield { kind: 'range', offset, length, start: rowStart + k, end: rowStart + k + length };
        offset += length;
      }
    }
    return;
  }
  // Making whole rows costs rowLen draws per row; a range per row costs its slice plus up to
  // a chunk of skipped draws. Take the cheaper, as long as whole rows fit the staging buffer.
  const wholeRows = rowLen <= max && rowLen <= slice + chunkElements();
  const perPiece = Math.max(1, Math.floor(max / (wholeRows ? rowLen : slice)));
  for (let row0 = r0; row0 < r1; row0 += perPiece) {
    const row1 = Math.min(r1, row0 + perPiece);
    yield { kind: wholeRows ? 'rows' : 'rowRanges', offset: (row0 - r0) * slice, length: (row1 - row0) * slice, row0, row1 };
  }
}

/** A typed view of `length` elements of dtype over a buffer. */
export function viewOf(buffer: SharedArrayBuffer, dtype: DType, length: number): TensorData {
  const Type = arrayTypeFor(dtype);
  return new Type(buffer as unknown as ArrayBuffer, 0, length) as TensorData;
}

interface FillContext {
  seed: bigint;
  threads?: number;
  signal?: AbortSignal;
  /** Lazily allocated buffer for the 'rows' pieces. */
  staging: () => SharedArrayBuffer;
}

/** Makes elements [range) of the full tensor into `out`, then zeroes those of its zero rows (lib/model/zero-rows.ts). */
async function call(t: ResolvedTensor, ctx: FillContext, range: [number, number], out: TensorData): Promise<void> {
  await runAsync(t.rule, t.shape, {
    ...t.options,
    seed: ctx.seed,
    key: t.name,
    dtype: t.dtype,
    range,
    out,
    ...(ctx.threads === undefined ? {} : { threads: ctx.threads }),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  zeroRowsIn(t.shape, t.zeroRows, range[0], out);
}

/** Fills `out` (piece.length elements) with the piece's values. */
export async function fillPiece(part: Part, piece: Piece, out: TensorData, ctx: FillContext): Promise<void> {
  const t = part.tensor;
  if (piece.kind === 'range') {
    await call(t, ctx, [piece.start, piece.end], out);
    return;
  }
  const cols = t.shape[1];
  const inner = product(t.shape.slice(2));
  const rowLen = cols * inner;
  const [c0, c1] = part.cols!;
  const slice = (c1 - c0) * inner;
  const from = c0 * inner;
  if (piece.kind === 'rows') {
    const n = piece.row1 - piece.row0;
    const staging = viewOf(ctx.staging(), t.dtype, n * rowLen);
    await call(t, ctx, [piece.row0 * rowLen, piece.row1 * rowLen], staging);
    for (let i = 0; i < n; i++) out.set(staging.subarray(i * rowLen + from, i * rowLen + from + slice) as never, i * slice);
    return;
  }
  for (let r = piece.row0; r < piece.row1; r++) {
    const start = r * rowLen + from;
    const at = (r - piece.row0) * slice;
    await call(t, ctx, [start, start + slice], out.subarray(at, at + slice) as TensorData);
  }
}

/** Options of {@link generateParts}. */
export interface GenerateOptions {
  seed: bigint;
  signal?: AbortSignal;
  threads?: number;
  /** Largest piece in elements (default 16 Mi, capped at 32 MiB). */
  pieceElements?: number;
  /** Piece buffers in the ring (default 2, at least 2): generation runs up to depth-1 pieces ahead. */
  depth?: number;
  /** How a part is cut into pieces (default piecesOf). */
  piecesFor?: (part: Part, max: number) => Iterable<Piece>;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Generates every piece of `parts` in order into a ring of `depth` buffers (default 2) and
 * hands each to `consume`, one consume at a time, in order; generation runs up to depth-1
 * pieces ahead of the consumer (a buffer is reused only after its consume completed).
 * Memory: `depth` piece buffers, plus one staging buffer when column parts of narrow rows are made.
 */
export async function generateParts(
  parts: readonly Part[],
  options: GenerateOptions,
  consume: (part: Part, piece: Piece, data: TensorData) => Promise<void>,
): Promise<void> {
  const { signal } = options;
  const depth = Math.max(2, options.depth ?? DEFAULT_DEPTH);
  let bytes = 0;
  let stagingBytes = 0;
  for (const p of parts) {
    const max = pieceElements(p.tensor.dtype, options.pieceElements);
    const width = bytesPerElement(p.tensor.dtype);
    bytes = Math.max(bytes, Math.min(p.elements, max) * width);
    if (p.cols !== undefined) stagingBytes = Math.max(stagingBytes, Math.min(product(p.tensor.shape), max) * width);
  }
  const buffers = Array.from({ length: depth }, () => new SharedArrayBuffer(Math.max(bytes, 8)));
  let staging: SharedArrayBuffer | undefined;
  const ctx: FillContext = {
    seed: options.seed,
    threads: options.threads,
    signal,
    staging: () => (staging ??= new SharedArrayBuffer(Math.max(stagingBytes, 8))),
  };
  const consumed: Promise<void>[] = [];
  let chain: Promise<void> = Promise.resolve();
  let failed = false;
  let k = 0;
  try {
    for (const part of parts) {
      const max = pieceElements(part.tensor.dtype, options.pieceElements);
      for (const piece of (options.piecesFor ?? piecesOf)(part, max)) {
        throwIfAborted(signal);
        if (k >= depth) {
          await consumed[k - depth]; // this buffer's previous consumer is done
          delete consumed[k - depth];
        }
        if (failed) await chain;
        const view = viewOf(buffers[k % depth], part.tensor.dtype, piece.length);
        await fillPiece(part, piece, view, ctx);
        const next = chain.then(() => {
          throwIfAborted(signal);
          return consume(part, piece, view);
        });
        next.catch(() => {
          failed = true; // rethrown by the awaits above and below; this only marks it handled meanwhile
        });
        consumed[k++] = next;
        chain = next;
      }
    }
    await chain;
  } catch (error) {
    await chain.catch(() => undefined);
    throw error;
  }
}
