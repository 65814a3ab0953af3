/**
 * initModelRanks: every rank's file of a parallel job in one pass. Each tensor is generated
 * once, piece by piece, and each piece's elements go to the files of the ranks that hold them.
 */
import * as fs from 'node:fs';
import { bytesPerElement, type TensorData } from '../core/dtype';
import { SafetensorsWriter } from '../formats/safetensors';
import { boolean, describeValue, integer, knownOptions, optionsObject, typeError } from '../core/validate';
import type { ParallelScheme } from './parallel';
import { generateParts, partOf, partsOf, pieceElements, throwIfAborted, viewOf, type Part, type Piece } from './pieces';
import { checkParallelOption, rankPath } from './ranks';
import { resolveSpec } from './spec';
import { isResolved, modelMetadata, type InitModelProgress, type InitModelResult } from './write';
import { product } from '../core/shape';


/**
 * Pieces of a whole tensor that never straddle a row boundary in the middle of a row: runs of
 * whole rows, or, for rows longer than a piece, ranges within one row. Every rank's share of
 * such a piece is then a run of row slices.
 */
export function* rowAlignedPieces(part: Part, max: number): Generator<Piece> {
  const shape = part.tensor.shape;
  const rowLen = shape.length === 0 ? 1 : product(shape.slice(1));
  const total = part.elements;
  if (total === 0) return;
  const step = rowLen <= max ? Math.floor(max / rowLen) * rowLen : max;
  for (let row = 0; row * rowLen < total; ) {
    if (rowLen <= max) {
      const start = row * rowLen;
      const length = Math.min(step, total - start);
      yield { kind: 'range', offset: start, length, start, end: start + length };
      row += length / rowLen;
      continue;
    }
    for (let k = 0; k < rowLen; k += max) {
      const start = row * rowLen + k;
      const length = Math.min(max, rowLen - k);
      yield { kind: 'range', offset: start, length, start, end: start + length };
    }
    row++;
  }
}

/** [from, to) offsets of `data` (a piece of the whole tensor) that belong to a rank's part, in its file order. */
export function shareOf(rankPart: Part, piece: Piece & { kind: 'range' }): Array<[number, number]> {
  const shape = rankPart.tensor.shape;
  const rowLen = shape.length === 0 ? 1 : product(shape.slice(1));
  const inner = shape.length < 2 ? 1 : product(shape.slice(2));
  const [r0, r1] = rankPart.rows;
  const [e0, e1] = rankPart.cols === undefined ? [0, rowLen] : [rankPart.cols[0] * inner, rankPart.cols[1] * inner];
  if (rankPart.elements === 0) return [];
  const first = Math.floor(piece.start / rowLen);
  if (piece.end - piece.start < rowLen || piece.start % rowLen !== 0) {
    // Within one row.
    if (first < r0 || first >= r1) return [];
    const s = piece.start - first * rowLen;
    const lo = Math.max(s, e0);
    const hi = Math.min(s + piece.length, e1);
    return hi > lo ? [[lo - s, hi - s]] : [];
  }
  const last = piece.end / rowLen;
  const a = Math.max(first, r0);
  const b = Math.min(last, r1);
  if (b <= a) return [];
  if (e0 === 0 && e1 === rowLen) return [[(a - first) * rowLen, (b - first) * rowLen]];
  const out: Array<[number, number]> = [];
  for (let r = a; r < b; r++) out.push([(r - first) * rowLen + e0, (r - first) * rowLen + e1]);
  return out;
}

export interface InitModelRanksOptions {
  /** Output name holding `{rank}` (e.g. "model-rank{rank}.safetensors"). */
  out: string;
  tp?: number;
  /** Expert-parallel size (lib/model/ranks.ts ParallelOption.ep). */
  ep?: number;
  fsdp?: number;
  scheme?: ParallelScheme;
  signal?: AbortSignal;
  force?: boolean;
  threads?: number;
  pieceElements?: number;
  /** O_DIRECT where the file system allows it (default true), as initModel. */
  direct?: boolean;
  onProgress?: (progress: InitModelProgress) => void;
}

/**
 * Writes the file of every rank of a tp × ep × fsdp job in one pass: each tensor is generated
 * once, as whole-row pieces of the full tensor (two alternating piece buffers), and each
 * rank's share of a piece is written to its file directly (contiguous shares) or gathered
 * into one staging buffer of a piece's size (column shares). Memory: three piece buffers,
 * whatever the number of ranks. The files equal those of one process per rank, byte for byte.
 */
export async function initModelRanks(spec: unknown, options: InitModelRanksOptions): Promise<InitModelResult[]> {
  const opts = optionsObject(options);
  knownOptions(opts, ['out', 'tp', 'ep', 'fsdp', 'scheme', 'signal', 'force', 'threads', 'pieceElements', 'onProgress', 'direct'], 'initModelRanks');
  if (typeof opts.out !== 'string') throw typeError('a file path', 'out', opts.out);
  const signal = opts.signal as AbortSignal | undefined;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('an AbortSignal', 'signal', signal);
  const onProgress = opts.onProgress as ((p: InitModelProgress) => void) | undefined;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('a function', 'onProgress', onProgress);
  const force = opts.force === undefined ? false : boolean(opts.force, 'force');
  const direct = opts.direct === undefined ? true : boolean(opts.direct, 'direct');
  const threads = opts.threads === undefined ? undefined : integer(opts.threads, 'threads', 1, 1024);
  const requested = opts.pieceElements === undefined ? undefined : integer(opts.pieceElements, 'pieceElements', 1, 1 << 30);
  const resolved = isResolved(spec) ? spec : resolveSpec(spec);
  if (resolved.stream === 'torch') throw new RangeError('Expected a spec with stream "kaiming" for initModelRanks but received stream "torch" (torch draws every tensor after the ones before it)');
  const { ranks, placements } = checkParallelOption({ tp: opts.tp, ep: opts.ep, fsdp: opts.fsdp, scheme: opts.scheme }, resolved, false);
  if (ranks.length > 1 && !opts.out.includes('{rank}')) {
    throw new RangeError(`Expected an output name holding {rank} for out (one file per rank) but received ${describeValue(opts.out)}`);
  }
  const paths = ranks.map((r) => rankPath(opts.out as string, r));
  const partsByRank = placements.map((p) => partsOf(resolved, p));
  // With expert parallelism a rank holds only its experts: its parts by tensor name.
  const partByName = partsByRank.map((parts) => new Map(parts.map((p) => [p.tensor.name, p])));
  const started = performance.now();
  throwIfAborted(signal);
  // Two aligned blocks per file: 64 MiB of them in all, whatever the number of ranks (at least 1 MiB each).
  const directBlockBytes = Math.max(1 << 20, Math.floor((32 << 20) / ranks.length / 4096) * 4096);
  const writers: SafetensorsWriter[] = [];
  try {
    for (let i = 0; i < ranks.length; i++) {
      const entries = partsByRank[i].map((p) => ({ name: p.tensor.name, dtype: p.tensor.dtype, shape: p.shape }));
      writers.push(await SafetensorsWriter.open(paths[i], entries, { metadata: modelMetadata(resolved, placements[i]), force, direct, directBlockBytes }));
    }
  } catch (error) {
    for (const w of writers) await w.abort(error);
    throw error;
  }
  const whole = resolved.tensors.map((t) => partOf(t));
  const stagingBytes = whole.reduce((m, p) => Math.max(m, Math.min(p.elements, pieceElements(p.tensor.dtype, requested)) * bytesPerElement(p.tensor.dtype)), 8);
  const staging = new SharedArrayBuffer(stagingBytes);
  const dataBytes = partsByRank.map((parts) => parts.reduce((s, p) => s + p.elements * bytesPerElement(p.tensor.dtype), 0));
  const allBytes = dataBytes.reduce((a, b) => a + b, 0);
  let bytesDone = 0;
  let tensorsDone = 0;
  try {
    await generateParts(whole, { seed: resolved.seed, signal, threads, pieceElements: requested, piecesFor: rowAlignedPieces }, async (part, piece, data) => {
      const writes: Promise<void>[] = [];
      let used = 0;
      // Ranks of different expert-parallel groups hold the same share of a non-expert tensor:
      // gathered once, so the distinct shares, disjoint, fit the one-piece staging buffer.
      const gathered = new Map<string, TensorData>();
      for (let r = 0; r < ranks.length; r++) {
        const rankPart = partByName[r].get(part.tensor.name);
        if (rankPart === undefined) continue;
        const share = shareOf(rankPart, piece as Piece & { kind: 'range' });
        if (share.length === 0) continue;
        const key = share.length === 1 ? '' : share.join(';');
        let chunk: TensorData;
        if (share.length === 1) chunk = data.subarray(share[0][0], share[0][1]) as TensorData;
        else if (gathered.has(key)) chunk = gathered.get(key)!;
        else {
          // Column shares: gather the row slices into the staging buffer (shares of distinct ranks are disjoint).
          const n = share.reduce((s, [a, b]) => s + b - a, 0);
          const all = viewOf(staging, part.tensor.dtype, used + n);
          chunk = all.subarray(used, used + n) as TensorData;
          let at = 0;
          for (const [a, b] of share) {
            chunk.set(data.subarray(a, b) as never, at);
            at += b - a;
          }
          used += n;
          gathered.set(key, chunk);
        }
        bytesDone += chunk.byteLength;
        writes.push(writers[r].write(part.tensor.name, chunk));
      }
      await Promise.all(writes);
      if (piece.offset + piece.length === part.elements) tensorsDone++;
      onProgress?.({ tensorsDone, tensors: whole.length, bytesDone, bytes: allBytes, elapsedMs: performance.now() - started, name: part.tensor.name });
    });
    throwIfAborted(signal);
    for (const w of writers) await w.close();
  } catch (error) {
    for (const w of writers) await w.abort(error).catch(() => undefined);
    throw error;
  }
  const elapsedMs = performance.now() - started;
  return Promise.all(
    paths.map(async (path, i) => ({
      path,
      tensors: partsByRank[i].length,
      fileBytes: (await fs.promises.stat(path)).size,
      dataBytes: dataBytes[i],
      elapsedMs,
      seed: resolved.seed,
    })),
  );
}
