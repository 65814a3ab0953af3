/**
 * A Hugging Face checkpoint directory, as huggingface_hub and transformers' save_pretrained
 * write it: `model-00001-of-0000N.safetensors` … plus `model.safetensors.index.json`, or one
 * `model.safetensors` and no index when everything fits in one file; `config.json` when the
 * spec carries one (specs from `specFromHfConfig` and the generators do).
 *
 * The split is huggingface_hub's (`src/huggingface_hub/serialization/_base.py`,
 * `split_state_dict_into_shards_factory`): tensors in spec (state_dict) order; a tensor larger
 * than the limit gets a file of its own, appended at once, while the current file stays open
 * for the next tensors; otherwise a new file starts when the next tensor would pass the limit.
 * Sizes are numel × element size (`_torch.py` `get_tensor_size`); `total_size` is their sum.
 * Every file is a kaiming model file (lib/model/write.ts): `__metadata__` {"format": "pt",
 * "generator": "kaiming", "seed", "spec": its own tensors}, so each verifies alone, plus the whole
 * model's identity: "spec_sha256" (lib/model/identity.ts) and "spec_tensors" (the whole spec's
 * tensor count), also in the index's "metadata" beside total_size (transformers copies that
 * object and adds its own keys, reading only weight_map: `src/transformers/utils/hub.py`
 * `get_checkpoint_shard_files`), so that a file of another run, or a missing file, is found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bytesPerElement } from '../core/dtype';
import { boolean, describeValue, expectedMessage, knownOptions, optionsObject, positiveInteger, typeError } from '../core/validate';
import { AtomicFile } from '../io/atomic-file';
import { fileError } from '../io/files';
import { readSafetensorsHeader } from '../formats/safetensors';
import { checkShard, partsOf, type Shard, type ShardDim } from './pieces';
import { checkParallelOption, outputPath, rankPath, type ParallelOption } from './ranks';
import type { Placement } from './parallel';
import { resolveSpec, type ResolvedSpec } from './spec';
import { verifyModel, type VerifyResult } from './verify';
import { initModelFile, isResolved, type InitModelProgress } from './write';
import { specIdentity } from './identity';

/** huggingface_hub `constants.py` / `_base.py`: MAX_SHARD_SIZE, "5GB" = 5,000,000,000 bytes. */
export const DEFAULT_MAX_SHARD_SIZE = 5_000_000_000;
export const INDEX_FILE = 'model.safetensors.index.json';
export const SINGLE_FILE = 'model.safetensors';
export const CONFIG_FILE = 'config.json';

/** huggingface_hub `_base.py` SIZE_UNITS: powers of ten. */
const SIZE_UNITS: Record<string, number> = { TB: 1e12, GB: 1e9, MB: 1e6, KB: 1e3 };
/** What Python's float() accepts for the number (digits with single underscores between them, a fraction, an exponent). */
const PY_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SIZE_EXPECTED = 'a size in bytes, or a number followed by TB, GB, MB or KB (powers of 10, e.g. "5GB")';

/**
 * A shard size limit as huggingface_hub's `parse_size_to_int` reads it: strip, the last two
 * characters upper-cased are the unit (TB/GB/MB/KB, decimal), the rest (stripped) is a float,
 * and the bytes are int(value × unit), truncated. A number (or a string of digits) is bytes.
 * @throws TypeError / RangeError in the package's format.
 */
export function parseShardSize(value: unknown, name = 'maxShardSize'): number {
  if (typeof value === 'number') return positiveInteger(value, name);
  if (typeof value !== 'string') throw typeError(SIZE_EXPECTED, name, value);
  const text = value.trim();
  if (/^\d+$/.test(text)) return positiveInteger(Number(text), name);
  const unit = text.slice(-2).toUpperCase();
  const number = text.slice(0, -2).trim();
  if (!Object.hasOwn(SIZE_UNITS, unit) || !PY_FLOAT.test(number)) throw new RangeError(expectedMessage(SIZE_EXPECTED, name, value));
  const bytes = Math.trunc(Number(number.replaceAll('_', '')) * SIZE_UNITS[unit]);
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new RangeError(expectedMessage(`${SIZE_EXPECTED} of at least 1 byte`, name, value));
  return bytes;
}

/** Where each tensor goes: file names in order, each with its tensor names (spec order within a file). */
export interface ShardPlan {
  files: { name: string; tensors: string[]; bytes: number }[];
  /** Sum of every tensor's bytes (the index's metadata.total_size). */
  totalSize: number;
  /** More than one file: an index is written. */
  sharded: boolean;
}

/**
 * huggingface_hub's greedy split of (name, bytes) pairs in order. File names follow
 * FILENAME_PATTERN "model{suffix}.safetensors" with suffix "-{i+1:05d}-of-{n:05d}", or no suffix
 * for a single file.
 */
export function planShards(tensors: readonly { name: string; bytes: number }[], maxShardSize: number = DEFAULT_MAX_SHARD_SIZE): ShardPlan {
  const limit = positiveInteger(maxShardSize, 'maxShardSize');
  const shards: { tensors: string[]; bytes: number }[] = [];
  let current: { tensors: string[]; bytes: number } = { tensors: [], bytes: 0 };
  let totalSize = 0;
  for (const t of tensors) {
    totalSize += t.bytes;
    if (t.bytes > limit) {
      // "If this tensor is bigger than the maximal size, we put it in its own shard" (current stays open).
      shards.push({ tensors: [t.name], bytes: t.bytes });
      continue;
    }
    if (current.bytes + t.bytes > limit) {
      shards.push(current);
      current = { tensors: [], bytes: 0 };
    }
    current.tensors.push(t.name);
    current.bytes += t.bytes;
  }
  if (current.tensors.length > 0) shards.push(current);
  const n = shards.length;
  if (n <= 1) return { files: [{ name: SINGLE_FILE, tensors: tensors.map((t) => t.name), bytes: totalSize }], totalSize, sharded: false };
  const pad = (i: number) => String(i).padStart(5, '0');
  return { files: shards.map((s, i) => ({ name: `model-${pad(i + 1)}-of-${pad(n)}.safetensors`, ...s })), totalSize, sharded: true };
}

/** Python's json.dumps(obj, indent=2) text (ensure_ascii: non-ASCII as \uXXXX escapes). */
function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface CheckpointProgress extends InitModelProgress {
  /** The file being written. */
  file: string;
  filesDone: number;
  files: number;
}

export interface WriteCheckpointOptions {
  /** The directory (created if missing). */
  outDir: string;
  /** Largest file: bytes, or a string such as "5GB" (default "5GB"). */
  maxShardSize?: number | string;
  /** Replace existing checkpoint files in outDir (stale model*.safetensors shards of another split are removed). */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: CheckpointProgress) => void;
  threads?: number;
  /** Write only this rank's part of every tensor (lib/model/pieces.ts); sizes are then the parts' sizes; `{rank}` in outDir is its rank. */
  shard?: Shard;
  shardDim?: ShardDim;
  /**
   * One rank of a tp × fsdp job under the spec's per-tensor plans, as initModel's `parallel`
   * (`rank` required): its parts, split into HF files by their sizes; `{rank}` in outDir is the rank.
   */
  parallel?: ParallelOption;
}

export interface WriteCheckpointResult {
  dir: string;
  files: string[];
  index?: string;
  config?: string;
  tensors: number;
  totalSize: number;
  elapsedMs: number;
}

const OPTION_NAMES = ['outDir', 'maxShardSize', 'force', 'signal', 'onProgress', 'threads', 'shard', 'shardDim', 'parallel'];
const CHECKPOINT_FILE = /^model(?:-\d{5}-of-\d{5})?\.safetensors$/;

async function exists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fileError(error, 'check', p);
  }
}

async function writeText(file: string, text: string, force: boolean): Promise<void> {
  const out = await AtomicFile.create(file, force);
  try {
    await out.write(Buffer.from(text, 'utf8'), 0);
    await out.commit();
  } catch (error) {
    await out.discard();
    throw error;
  }
}

/**
 * Initialises every tensor of `spec` into a Hugging Face checkpoint directory.
 * On an error or an abort, the files this call wrote are removed.
 */
export async function writeCheckpoint(spec: unknown, options: WriteCheckpointOptions): Promise<WriteCheckpointResult> {
  const opts = optionsObject(options);
  knownOptions(opts, OPTION_NAMES, 'writeCheckpoint');
  if (typeof opts.outDir !== 'string' || opts.outDir === '') throw typeError('a directory path', 'outDir', opts.outDir);
  const limit = opts.maxShardSize === undefined ? DEFAULT_MAX_SHARD_SIZE : parseShardSize(opts.maxShardSize);
  const force = opts.force === undefined ? false : boolean(opts.force, 'force');
  const onProgress = opts.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('a function', 'onProgress', onProgress);
  let shard: Shard | undefined;
  let dim: ShardDim = 0;
  if (opts.shard !== undefined) ({ shard, dim } = checkShard(opts.shard, opts.shardDim));
  else if (opts.shardDim !== undefined) throw new TypeError(`Expected shard with shardDim but received shardDim ${describeValue(opts.shardDim)} alone`);
  const resolved: ResolvedSpec = isResolved(spec) ? spec : resolveSpec(spec);
  let placement: Placement | undefined;
  let dir: string;
  if (opts.parallel !== undefined) {
    if (shard !== undefined) throw new TypeError(`Expected either shard or parallel, not both, but received shard ${describeValue(opts.shard)}`);
    if (resolved.stream === 'torch') throw new RangeError(`Expected no parallel with stream "torch" but received parallel ${describeValue(opts.parallel)} (torch draws every tensor after the ones before it)`);
    const checked = checkParallelOption(opts.parallel, resolved, true);
    placement = checked.placements[0];
    dir = rankPath(opts.outDir, checked.ranks[0]);
  } else {
    // One directory per rank: `{rank}` in outDir is the shard's rank, as in initModel's out.
    dir = outputPath(opts.outDir, shard?.rank, 'outDir');
  }
  const parts = placement === undefined ? partsOf(resolved, shard, dim) : partsOf(resolved, placement);
  const plan = planShards(parts.map((p) => ({ name: p.tensor.name, bytes: p.elements * bytesPerElement(p.tensor.dtype) })), limit);
  const byName = new Map(resolved.tensors.map((t) => [t.name, t]));
  const identity = { spec_sha256: specIdentity(resolved), spec_tensors: String(resolved.tensors.length) };

  try {
    await fs.promises.mkdir(dir, { recursive: true });
  } catch (error) {
    throw fileError(error, 'create the directory', dir);
  }
  const existing = (await fs.promises.readdir(dir)).filter((f) => CHECKPOINT_FILE.test(f) || f === INDEX_FILE || (f === CONFIG_FILE && resolved.config !== undefined));
  if (existing.length > 0 && !force) {
    const error: NodeJS.ErrnoException = new Error(`Refusing to overwrite the checkpoint in "${dir}" (${existing.join(', ')}); pass { force: true } to replace it`);
    error.code = 'EEXIST';
    throw error;
  }

  const started = performance.now();
  const written: string[] = [];
  const totalBytes = plan.totalSize;
  let bytesBefore = 0;
  let tensorsBefore = 0;
  try {
    for (let i = 0; i < plan.files.length; i++) {
      const f = plan.files[i];
      const sub: ResolvedSpec = { ...resolved, tensors: f.tensors.map((n) => byName.get(n)!) };
      delete sub.config; // config.json is written once, beside the weights
      const out = path.join(dir, f.name);
      await initModelFile(sub, {
        out,
        force: true, // the directory was checked above; a stale file of this name is replaced
        ...(opts.signal === undefined ? {} : { signal: opts.signal as AbortSignal }),
        ...(opts.threads === undefined ? {} : { threads: opts.threads as number }),
        ...(shard === undefined ? {} : { shard, shardDim: dim }),
        ...(opts.parallel === undefined ? {} : { parallel: opts.parallel as ParallelOption }),
        ...(onProgress === undefined
          ? {}
          : {
              onProgress: (p: InitModelProgress) =>
                (onProgress as (p: CheckpointProgress) => void)({
                  ...p,
                  tensorsDone: tensorsBefore + p.tensorsDone,
                  tensors: parts.length,
                  bytesDone: bytesBefore + p.bytesDone,
                  bytes: totalBytes,
                  elapsedMs: performance.now() - started,
                  file: f.name,
                  filesDone: i,
                  files: plan.files.length,
                }),
            }),
      }, identity);
      written.push(out);
      bytesBefore += f.bytes;
      tensorsBefore += f.tensors.length;
    }
    let index: string | undefined;
    if (plan.sharded) {
      const weightMap: Record<string, string> = {};
      for (const f of plan.files) for (const n of f.tensors) weightMap[n] = f.name;
      index = path.join(dir, INDEX_FILE);
      // huggingface_hub `_torch.py` (save_torch_state_dict): {"metadata": split.metadata, "weight_map": ...}, json indent=2.
      await writeText(index, `${pythonJson({ metadata: { total_size: plan.totalSize, spec_sha256: identity.spec_sha256, spec_tensors: resolved.tensors.length }, weight_map: weightMap })}\n`, true);
      written.push(index);
    }
    let config: string | undefined;
    if (resolved.config !== undefined) {
      config = path.join(dir, CONFIG_FILE);
      await writeText(config, `${pythonJson(resolved.config)}\n`, true);
      written.push(config);
    }
    // Files of an earlier, different split would confuse loaders (an index naming other files,
    // or a model.safetensors beside an index): remove them, as save_pretrained does.
    const keep = new Set(written.map((w) => path.basename(w)));
    for (const f of await fs.promises.readdir(dir)) {
      if ((CHECKPOINT_FILE.test(f) || f === INDEX_FILE) && !keep.has(f)) await fs.promises.rm(path.join(dir, f), { force: true });
    }
    return {
      dir,
      files: plan.files.map((f) => path.join(dir, f.name)),
      ...(index === undefined ? {} : { index }),
      ...(config === undefined ? {} : { config }),
      tensors: parts.length,
      totalSize: plan.totalSize,
      elapsedMs: performance.now() - started,
    };
  } catch (error) {
    for (const w of written) await fs.promises.rm(w, { force: true });
    throw error;
  }
}

const SHARD_NAME = /^model-(\d{5})-of-(\d{5})\.safetensors$/;

/**
 * Checks a checkpoint: a directory (with an index, or one model.safetensors) or an index file.
 * The files are one model's: every file carries the index's spec_sha256 and the same shard, the
 * names run model-00001-of-0000N … model-0000N-of-0000N with none missing (in the weight_map and
 * on disk) and none extra, and the files hold the spec's number of tensors. The index must name
 * every tensor of every file exactly once, in the file that holds it, with total_size the sum of
 * the tensors' bytes; every file is regenerated from the spec in its metadata and compared byte
 * for byte (verifyModel).
 */
export async function verifyCheckpoint(target: string, options: { signal?: AbortSignal; threads?: number } = {}): Promise<VerifyResult> {
  if (typeof target !== 'string' || target === '') throw typeError('a checkpoint directory or index file', 'path', target);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(target);
  } catch (error) {
    throw fileError(error, 'read', target);
  }
  let dir: string;
  let indexPath: string | undefined;
  if (stat.isDirectory()) {
    dir = target;
    if (await exists(path.join(dir, INDEX_FILE))) indexPath = path.join(dir, INDEX_FILE);
    else if (!(await exists(path.join(dir, SINGLE_FILE)))) throw new Error(`Cannot verify "${dir}": it has neither ${INDEX_FILE} nor ${SINGLE_FILE}`);
  } else {
    dir = path.dirname(target);
    indexPath = target;
  }
  const problems: string[] = [];
  let files: string[];
  /** The model's identity: the index's, or (one file) the file's own. */
  let identity: { sha?: unknown; tensors?: unknown } | undefined;
  let mapped: number | undefined;
  if (indexPath === undefined) files = [SINGLE_FILE];
  else {
    let index: { metadata?: { total_size?: unknown; spec_sha256?: unknown; spec_tensors?: unknown }; weight_map?: Record<string, unknown> };
    try {
      index = JSON.parse(await fs.promises.readFile(indexPath, 'utf8'));
    } catch (error) {
      throw fileError(error, 'read the index', indexPath);
    }
    const map = index.weight_map;
    if (map === null || typeof map !== 'object') throw new Error(`Cannot verify "${indexPath}": it has no weight_map object`);
    identity = { sha: index.metadata?.spec_sha256, tensors: index.metadata?.spec_tensors };
    if (typeof identity.sha !== 'string') problems.push(`the index's metadata has no spec_sha256 (the identity of the model its files belong to)`);
    mapped = Object.keys(map).length;
    files = [...new Set(Object.values(map).map(String))];
    problems.push(...sequenceProblems(files, (await fs.promises.readdir(dir)).filter((f) => CHECKPOINT_FILE.test(f))));
    let total = 0;
    const seen = new Set<string>();
    const read = new Set<string>();
    for (const f of files) {
      const file = path.join(dir, f);
      if (!(await exists(file))) {
        problems.push(`"${f}" is in the index but missing`);
        continue;
      }
      read.add(f);
      const header = await readSafetensorsHeader(file);
      for (const e of header.entries) {
        seen.add(e.name);
        total += e.end - e.begin;
        if (map[e.name] !== f) problems.push(`tensor "${e.name}" is in "${f}" but the index maps it to ${JSON.stringify(map[e.name] ?? null)}`);
      }
    }
    for (const [name, f] of Object.entries(map)) if (!seen.has(name) && read.has(String(f))) problems.push(`tensor "${name}" is in the index but not in "${f}"`);
    if (index.metadata?.total_size !== total) problems.push(`the index's total_size is ${JSON.stringify(index.metadata?.total_size)}, the files hold ${total} bytes of tensors`);
  }
  let tensors = 0;
  let bytes = 0;
  let placement: { file: string; text: string } | undefined;
  for (const f of files) {
    const file = path.join(dir, f);
    if (!(await exists(file))) continue;
    const metadata = (await readSafetensorsHeader(file)).metadata ?? {};
    identity ??= { sha: metadata.spec_sha256, tensors: metadata.spec_tensors === undefined ? undefined : Number(metadata.spec_tensors) };
    if (metadata.spec_sha256 !== identity.sha) {
      problems.push(`${f}: its spec_sha256 is ${JSON.stringify(metadata.spec_sha256 ?? null)}, the checkpoint's ${JSON.stringify(identity.sha ?? null)}: it belongs to another model or run`);
    }
    // Every file of a directory holds the same rank's parts (or whole tensors).
    const where = JSON.stringify([metadata.shard ?? null, metadata.parallel ?? null]);
    placement ??= { file: f, text: where };
    if (where !== placement.text) problems.push(`${f}: it holds another part of the tensors (${where}) than ${placement.file} (${placement.text})`);
    const r = await verifyModel(file, options);
    tensors += r.tensors;
    bytes += r.bytes;
    for (const p of r.problems) problems.push(`${f}: ${p}`);
  }
  const expected = identity?.tensors;
  if (!Number.isSafeInteger(expected)) problems.push(`the checkpoint does not record its spec's number of tensors (spec_tensors)`);
  else {
    if (tensors !== expected) problems.push(`the files hold ${tensors} tensors, the spec ${String(expected)}`);
    if (mapped !== undefined && mapped !== expected) problems.push(`the index maps ${mapped} tensors, the spec has ${String(expected)}`);
  }
  return { ok: problems.length === 0, tensors, bytes, problems: problems.slice(0, 20) };
}

/** The files of an index run model-00001-of-0000N … model-0000N-of-0000N: each i in 1..N once, in the weight_map and on disk, nothing else. */
function sequenceProblems(files: readonly string[], onDisk: readonly string[]): string[] {
  const problems: string[] = [];
  const counts = new Set<number>();
  for (const f of files) {
    const m = SHARD_NAME.exec(f);
    if (m === null) problems.push(`"${f}" in the index is not named model-NNNNN-of-NNNNN.safetensors`);
    else counts.add(Number(m[2]));
  }
  if (counts.size > 1) return [...problems, `the index names files of ${[...counts].join(' and ')} files`];
  const n = [...counts][0];
  if (n === undefined) return problems;
  const pad = (i: number) => String(i).padStart(5, '0');
  const names = Array.from({ length: n }, (_, i) => `model-${pad(i + 1)}-of-${pad(n)}.safetensors`);
  const inIndex = new Set(files);
  const present = new Set(onDisk);
  for (const name of names) {
    if (!inIndex.has(name)) problems.push(`"${name}" is missing from the index${present.has(name) ? '' : ' and from the directory'}`);
  }
  for (const f of files) if (!names.includes(f) && SHARD_NAME.test(f)) problems.push(`"${f}" is outside the sequence of ${n} files`);
  for (const f of onDisk) if (!inIndex.has(f)) problems.push(`"${f}" is in the directory but not in the index`);
  return problems;
}
