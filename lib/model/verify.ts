/**
 * Checking model files without loading them whole:
 * - {@link verifyModel}: a file against its spec (the one in its metadata, or one
 *   given): every tensor (or shard part) is made again, piece by piece, and compared
 *   byte for byte with the file;
 * - {@link verifyShards}: shard files put together equal the full file.
 * Both read with positional reads in pieces of at most 32 MiB.
 */
import * as fs from 'node:fs';
import { bytesPerElement, littleEndianBytes, type DType } from '../core/dtype';
import { readSafetensorsHeader, type SafetensorsHeaderInfo } from '../formats/safetensors';
import { generateTorchParts } from './torch-parts';
import { checkShard, generateParts, MAX_PIECE_BYTES, partOf, partsOf, throwIfAborted, type Shard, type ShardDim } from './pieces';
import { resolveSpec, type ResolvedSpec } from './spec';
import { product } from '../core/shape';

/** The result of a verification: ok, and what differs (at most the first 20 problems). */
export interface VerifyResult {
  ok: boolean;
  tensors: number;
  bytes: number;
  problems: string[];
}

const MAX_PROBLEMS = 20;

async function readAt(handle: fs.promises.FileHandle, buffer: Buffer, length: number, position: number): Promise<Buffer> {
  for (let done = 0; done < length; ) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
  return buffer.subarray(0, length);
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function shardOf(info: SafetensorsHeaderInfo): { shard: Shard; dim: ShardDim } | undefined {
  const text = info.metadata?.shard;
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as { rank: number; world: number; dim: number };
  return checkShard({ rank: parsed.rank, world: parsed.world }, parsed.dim);
}

export interface VerifyModelOptions {
  /** The spec to check against (default: the one in the file's metadata). */
  spec?: unknown;
  signal?: AbortSignal;
  threads?: number;
  onProgress?: (bytesDone: number, bytes: number) => void;
}

/**
 * Checks a file written by initModel against a spec: same tensors, dtypes, shapes
 * (of the shard recorded in the metadata, if any) and, regenerated piece by piece,
 * the same bytes.
 */
export async function verifyModel(path: string, options: VerifyModelOptions = {}): Promise<VerifyResult> {
  const info = await readSafetensorsHeader(path);
  let spec: ResolvedSpec;
  if (options.spec !== undefined) spec = resolveSpec(options.spec);
  else {
    const text = info.metadata?.spec;
    if (text === undefined) throw new Error(`Cannot verify "${path}": it has no spec in its metadata; pass one`);
    spec = resolveSpec(JSON.parse(text));
  }
  const sharding = shardOf(info);
  const parts = partsOf(spec, sharding?.shard, sharding?.dim);
  const problems: string[] = [];
  const names = new Set(parts.map((p) => p.tensor.name));
  for (const e of info.entries) if (!names.has(e.name)) problems.push(`tensor "${e.name}" is in the file but not in the spec`);
  const checkable = parts.filter((p) => {
    const e = info.byName.get(p.tensor.name);
    if (e === undefined) problems.push(`tensor "${p.tensor.name}" is missing from the file`);
    else if (e.dtype !== p.tensor.dtype) problems.push(`tensor "${p.tensor.name}" is ${e.dtype} in the file, ${p.tensor.dtype} in the spec`);
    else if (e.shape.join(',') !== p.shape.join(',')) problems.push(`tensor "${p.tensor.name}" has shape [${e.shape}] in the file, [${p.shape}] expected`);
    else return true;
    return false;
  });
  const total = checkable.reduce((s, p) => s + p.elements * bytesPerElement(p.tensor.dtype), 0);
  const bad = new Set<string>();
  let done = 0;
  const handle = await fs.promises.open(path, 'r');
  let buffer = Buffer.allocUnsafe(MAX_PIECE_BYTES);
  try {
    await (spec.stream === 'torch' ? generateTorchParts : generateParts)(checkable, { seed: spec.seed, signal: options.signal, threads: options.threads }, async (part, piece, data) => {
      const name = part.tensor.name;
      const width = bytesPerElement(part.tensor.dtype);
      const expected = littleEndianBytes(data);
      if (!bad.has(name)) {
        // Pieces are at most MAX_PIECE_BYTES, except the whole tensors of the torch stream (torch-parts.ts).
        if (expected.length > buffer.length) buffer = Buffer.allocUnsafe(expected.length);
        const actual = await readAt(handle, buffer, expected.length, info.byName.get(name)!.begin + piece.offset * width);
        const at = firstDifference(expected, actual);
        if (at >= 0) {
          bad.add(name);
          if (problems.length < MAX_PROBLEMS) problems.push(`tensor "${name}" differs from its spec at element ${piece.offset + Math.floor(at / width)}`);
        }
      }
      done += expected.length;
      options.onProgress?.(done, total);
    });
  } finally {
    await handle.close();
  }
  return { ok: problems.length === 0, tensors: parts.length, bytes: total, problems: problems.slice(0, MAX_PROBLEMS) };
}

export interface VerifyShardsOptions {
  signal?: AbortSignal;
  /** Size of each of the two read buffers (default 32 MiB). */
  bufferBytes?: number;
  onProgress?: (bytesDone: number, bytes: number) => void;
}

/**
 * Checks that shard files (written with `shard`, their rank/world/dim in the metadata)
 * put together equal the full file: every rank 0…world-1 exactly once, each tensor's part
 * of the shape numpy.array_split gives, and the same bytes as that part of the full tensor.
 */
export async function verifyShards(fullPath: string, shardPaths: readonly string[], options: VerifyShardsOptions = {}): Promise<VerifyResult> {
  const chunk = options.bufferBytes ?? MAX_PIECE_BYTES;
  const full = await readSafetensorsHeader(fullPath);
  const shards = await Promise.all(shardPaths.map((p) => readSafetensorsHeader(p)));
  const problems: string[] = [];
  const byRank = new Map<number, SafetensorsHeaderInfo>();
  let world: number | undefined;
  let dim: ShardDim | undefined;
  for (const s of shards) {
    const sharding = shardOf(s);
    if (sharding === undefined) throw new Error(`Cannot verify "${s.path}": its metadata names no shard (rank/world/dim)`);
    if (world === undefined) ({ world } = sharding.shard);
    dim ??= sharding.dim;
    if (sharding.shard.world !== world || sharding.dim !== dim) {
      throw new Error(`Cannot verify shards: "${s.path}" is rank ${sharding.shard.rank}/${sharding.shard.world} dim ${sharding.dim}, others world ${world} dim ${dim}`);
    }
    if (byRank.has(sharding.shard.rank)) throw new Error(`Cannot verify shards: rank ${sharding.shard.rank} is given twice ("${byRank.get(sharding.shard.rank)!.path}", "${s.path}")`);
    byRank.set(sharding.shard.rank, s);
  }
  if (world === undefined || dim === undefined) throw new Error('Cannot verify shards: no shard files given');
  for (let r = 0; r < world; r++) if (!byRank.has(r)) problems.push(`rank ${r} of ${world} is missing`);
  if (problems.length > 0) return { ok: false, tensors: 0, bytes: 0, problems };

  const handles = new Map<string, fs.promises.FileHandle>();
  const open = async (p: string) => {
    let h = handles.get(p);
    if (h === undefined) handles.set(p, (h = await fs.promises.open(p, 'r')));
    return h;
  };
  const a = Buffer.allocUnsafe(chunk);
  const b = Buffer.allocUnsafe(chunk);
  let done = 0;
  const total = full.entries.reduce((s, e) => s + (e.end - e.begin), 0);
  try {
    for (const e of full.entries) {
      throwIfAborted(options.signal);
      const width = bytesPerElement(e.dtype);
      for (let rank = 0; rank < world; rank++) {
        const s = byRank.get(rank)!;
        const se = s.byName.get(e.name);
        // partOf only reads the shape, so a stand-in tensor is enough.
        const part = partOf({ name: e.name, shape: e.shape } as never, { rank, world }, dim);
        if (se === undefined) {
          problems.push(`tensor "${e.name}" is missing from rank ${rank} ("${s.path}")`);
          continue;
        }
        if (se.dtype !== e.dtype || se.shape.join(',') !== part.shape.join(',')) {
          problems.push(`tensor "${e.name}" of rank ${rank} is ${se.dtype} [${se.shape}], expected ${e.dtype} [${part.shape}]`);
          continue;
        }
        const hf = await open(full.path);
        const hs = await open(s.path);
        const rowBytes = product(e.shape.slice(1)) * width;
        const difference = (what: string) => problems.push(`tensor "${e.name}": rank ${rank} differs from the full file ${what}`);
        if (part.mode !== 'cols') {
          // One contiguous block: the whole tensor, or rows [lo, hi).
          const from = part.mode === 'rows' ? e.begin + part.lo * rowBytes : e.begin;
          const n = se.end - se.begin;
          for (let k = 0; k < n; k += chunk) {
            const len = Math.min(chunk, n - k);
            const x = await readAt(hf, a, len, from + k);
            const y = await readAt(hs, b, len, se.begin + k);
            if (!x.equals(y)) {
              difference(`at element ${(from - e.begin + k + firstDifference(x, y)) / width} of the full tensor`);
              break;
            }
          }
        } else {
          // Columns [lo, hi) of every row: read blocks of whole rows of the full tensor and the
          // matching rows of the shard, then compare slices in memory.
          const inner = product(e.shape.slice(2)) * width;
          const slice = (part.hi - part.lo) * inner;
          const rows = e.shape[0];
          const perBlock = rowBytes > 0 ? Math.max(1, Math.floor(chunk / rowBytes)) : rows;
          let differs = false;
          for (let r0 = 0; r0 < rows && !differs && slice > 0; r0 += perBlock) {
            const n = Math.min(perBlock, rows - r0);
            if (rowBytes > chunk) {
              // A row larger than the buffer: compare its slice in buffer-sized reads.
              for (let k = 0; k < slice && !differs; k += chunk) {
                const len = Math.min(chunk, slice - k);
                const x = await readAt(hf, a, len, e.begin + r0 * rowBytes + part.lo * inner + k);
                const y = await readAt(hs, b, len, se.begin + r0 * slice + k);
                if (!x.equals(y)) {
                  differs = true;
                  difference(`in row ${r0}`);
                }
              }
              continue;
            }
            const x = await readAt(hf, a, n * rowBytes, e.begin + r0 * rowBytes);
            const y = await readAt(hs, b, n * slice, se.begin + r0 * slice);
            for (let i = 0; i < n; i++) {
              const xs = x.subarray(i * rowBytes + part.lo * inner, i * rowBytes + part.lo * inner + slice);
              const ys = y.subarray(i * slice, (i + 1) * slice);
              if (!xs.equals(ys)) {
                differs = true;
                difference(`in row ${r0 + i} at column element ${(part.lo * inner + firstDifference(xs, ys)) / width}`);
                break;
              }
            }
          }
        }
        done += se.end - se.begin;
        options.onProgress?.(done, total);
      }
    }
    for (const [rank, s] of byRank) {
      for (const se of s.entries) if (!full.byName.has(se.name)) problems.push(`tensor "${se.name}" of rank ${rank} is not in the full file`);
    }
  } finally {
    for (const h of handles.values()) await h.close();
  }
  return { ok: problems.length === 0, tensors: full.entries.length, bytes: total, problems: problems.slice(0, MAX_PROBLEMS) };
}
