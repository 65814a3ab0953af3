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
import { readSafetensorsHeader, type HeaderEntry, type SafetensorsHeaderInfo } from '../formats/safetensors';
import { generateTorchParts } from './torch-parts';
import { checkShard, generateParts, MAX_PIECE_BYTES, partOf, partsOf, throwIfAborted, type Part, type Shard, type ShardDim } from './pieces';
import { resolveSpec, type ResolvedSpec, type ResolvedTensor } from './spec';
import { holds, rankOfPlacement, type Placement } from './parallel';
import { placementFromMetadata } from './ranks';
import { product } from '../core/shape';
import { specDifference } from './identity';

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
  const placement = placementFromMetadata(info.metadata, path);
  const sharding = shardOf(info);
  const parts = placement !== undefined ? partsOf(spec, placement) : partsOf(spec, sharding?.shard, sharding?.dim);
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
  const set = rankSet(shards, problems);
  if (problems.length > 0) return { ok: false, tensors: 0, bytes: 0, problems };
  const { byRank, world } = set;

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
        const part = set.partOf(rank, e);
        if (part === undefined) {
          // Expert parallelism: a per-expert tensor lives only on the ranks of its experts.
          if (se !== undefined) problems.push(`tensor "${e.name}" is in rank ${rank} ("${s.path}"), which does not hold its expert`);
          continue;
        }
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
        const rowBytes = e.shape.slice(1).reduce((x, y) => x * y, 1) * width;
        const difference = (what: string) => problems.push(`tensor "${e.name}": rank ${rank} differs from the full file ${what}`);
        const [r0, r1] = part.rows;
        if (part.cols === undefined) {
          // One contiguous block: rows [r0, r1) (the whole tensor when not split).
          const from = e.begin + r0 * rowBytes;
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
          // Columns [c0, c1) of rows [r0, r1): read blocks of whole rows of the full tensor and the
          // matching rows of the shard, then compare slices in memory.
          const inner = e.shape.slice(2).reduce((x, y) => x * y, 1) * width;
          const c0 = part.cols[0] * inner;
          const slice = (part.cols[1] - part.cols[0]) * inner;
          const perBlock = Math.max(1, Math.floor(chunk / rowBytes));
          let differs = false;
          for (let q = r0; q < r1 && !differs && slice > 0; q += perBlock) {
            const n = Math.min(perBlock, r1 - q);
            if (rowBytes > chunk) {
              // A row larger than the buffer: compare its slice in buffer-sized reads.
              for (let k = 0; k < slice && !differs; k += chunk) {
                const len = Math.min(chunk, slice - k);
                const x = await readAt(hf, a, len, e.begin + q * rowBytes + c0 + k);
                const y = await readAt(hs, b, len, se.begin + (q - r0) * slice + k);
                if (!x.equals(y)) {
                  differs = true;
                  difference(`in row ${q}`);
                }
              }
              continue;
            }
            const x = await readAt(hf, a, n * rowBytes, e.begin + q * rowBytes);
            const y = await readAt(hs, b, n * slice, se.begin + (q - r0) * slice);
            for (let i = 0; i < n; i++) {
              const xs = x.subarray(i * rowBytes + c0, i * rowBytes + c0 + slice);
              const ys = y.subarray(i * slice, (i + 1) * slice);
              if (!xs.equals(ys)) {
                differs = true;
                difference(`in row ${q + i} at column element ${(c0 + firstDifference(xs, ys)) / width}`);
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

function sameSpec(first: SafetensorsHeaderInfo, s: SafetensorsHeaderInfo): void {
  const [a, b] = [first.metadata?.spec, s.metadata?.spec];
  if (a === b && first.metadata?.seed === s.metadata?.seed) return;
  let why: string;
  if (a === undefined || b === undefined) why = `${a === undefined ? `"${first.path}"` : `"${s.path}"`} carries no spec`;
  else why = specDifference(JSON.parse(a), JSON.parse(b)) ?? `seed ${JSON.stringify(s.metadata?.seed)}, not ${JSON.stringify(first.metadata?.seed)}`;
  throw new Error(`Cannot verify ranks: "${s.path}" was written from another spec than "${first.path}" (${why})`);
}

/** The files of a job's ranks: each rank once, one world, one plan; how to find a rank's part of a tensor. */
interface RankSet {
  byRank: Map<number, SafetensorsHeaderInfo>;
  world: number;
  /** A rank's part of a tensor, or undefined when the rank does not hold it (another EP rank's expert). */
  partOf: (rank: number, e: HeaderEntry) => Part | undefined;
}

function rankSet(shards: SafetensorsHeaderInfo[], problems: string[]): RankSet {
  const byRank = new Map<number, SafetensorsHeaderInfo>();
  const placements = new Map<number, Placement>();
  let world: number | undefined;
  let dim: ShardDim | undefined;
  let kind: string | undefined;
  let tensors: Map<string, ResolvedTensor> | undefined;
  for (const s of shards) {
    const placement = placementFromMetadata(s.metadata, s.path);
    const sharding = placement === undefined ? shardOf(s) : undefined;
    if (placement === undefined && sharding === undefined) throw new Error(`Cannot verify "${s.path}": its metadata names no shard or parallel plan (rank/world)`);
    const here = placement === undefined ? `shard dim ${sharding!.dim}` : `tp ${placement.tp?.size ?? 1}${placement.ep === undefined ? '' : ` ep ${placement.ep.size}`} fsdp ${placement.fsdp?.size ?? 1} ${placement.scheme}`;
    const { rank, world: w } = placement === undefined ? sharding!.shard : rankOfPlacement(placement);
    if (world === undefined) {
      world = w;
      kind = here;
      dim = sharding?.dim;
    }
    if (w !== world || here !== kind) throw new Error(`Cannot verify shards: "${s.path}" is rank ${rank}/${w} (${here}), others world ${world} (${kind})`);
    if (byRank.has(rank)) throw new Error(`Cannot verify shards: rank ${rank} is given twice ("${byRank.get(rank)!.path}", "${s.path}")`);
    byRank.set(rank, s);
    if (placement !== undefined) {
      placements.set(rank, placement);
      // The per-tensor plan lives in the spec each rank file carries.
      tensors ??= new Map(resolveSpec(JSON.parse(s.metadata?.spec ?? 'null')).tensors.map((t) => [t.name, t]));
    }
  }
  if (world === undefined) throw new Error('Cannot verify shards: no shard files given');
  for (let r = 0; r < world; r++) if (!byRank.has(r)) problems.push(`rank ${r} of ${world} is missing`);
  return {
    byRank,
    world,
    partOf: (rank, e) => {
      const p = placements.get(rank);
      if (p === undefined) return partOf({ name: e.name, shape: e.shape } as never, byRank.get(rank) && shardOf(byRank.get(rank)!)!.shard, dim);
      // partOf only reads the name, shape and plan, so a stand-in tensor is enough when the spec lacks it.
      const t = tensors?.get(e.name) ?? ({ name: e.name, shape: e.shape } as ResolvedTensor);
      return holds(t, p) ? partOf(t, p) : undefined;
    },
  };
}


/**
 * Checks the files of every rank of a job without a full file: every rank present once, each
 * file equal to its part regenerated from the spec it carries (verifyModel), and the parts of
 * each tensor tiling it exactly (the distinct parts' elements sum to the tensor's). Together
 * the files then reassemble into the full tensors, bit for bit.
 */
export async function verifyRanks(paths: readonly string[], options: VerifyModelOptions = {}): Promise<VerifyResult> {
  const infos = await Promise.all(paths.map((p) => readSafetensorsHeader(p)));
  // Files of one job carry one spec (seed, dtype, tensors, plan): parts of different models
  // can tile every tensor and each match its own spec, yet make no model together. (verifyShards
  // needs no such check: it compares with the full file's bytes.)
  for (const s of infos.slice(1)) sameSpec(infos[0], s);
  const problems: string[] = [];
  const set = rankSet(infos, problems);
  if (problems.length > 0) return { ok: false, tensors: 0, bytes: 0, problems };
  let bytes = 0;
  for (let rank = 0; rank < set.world; rank++) {
    const info = set.byRank.get(rank)!;
    const result = await verifyModel(info.path, { ...(options.spec === undefined ? {} : { spec: options.spec }), signal: options.signal, threads: options.threads });
    bytes += result.bytes;
    for (const p of result.problems) problems.push(`rank ${rank} ("${info.path}"): ${p}`);
  }
  // Every tensor of the spec (with expert parallelism, some live on a few ranks only).
  const specText = set.byRank.get(0)!.metadata?.spec;
  const all: { name: string; shape: number[] }[] =
    specText === undefined ? set.byRank.get(0)!.entries.map((e) => ({ name: e.name, shape: e.shape })) : (JSON.parse(specText) as { tensors: { name: string; shape: number[] }[] }).tensors;
  for (const t of all) {
    const seen = new Set<string>();
    let covered = 0;
    for (let rank = 0; rank < set.world; rank++) {
      const se = set.byRank.get(rank)!.byName.get(t.name);
      if (se === undefined) continue;
      const part = set.partOf(rank, { ...se, shape: t.shape });
      if (part === undefined) continue;
      const key = `${part.rows}|${part.cols ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      covered += part.elements;
    }
    const size = product(t.shape);
    if (covered !== size) problems.push(`tensor "${t.name}": the ranks' parts cover ${covered} of its ${size} elements`);
  }
  const tensors = all.length;
  return { ok: problems.length === 0, tensors, bytes, problems: problems.slice(0, MAX_PROBLEMS) };
}
