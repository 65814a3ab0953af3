/**
 * writeCheckpoint: a Hugging Face checkpoint directory (lib/model/checkpoint.ts says what it
 * holds), written file by file; with `resume`, the files a stopped run completed are kept.
 *
 * Every file appears whole or not at all (lib/io/atomic-file.ts), so a file at its final name is
 * complete. A stopped run (an abort, SIGTERM, an error) keeps the files it completed and removes
 * the one it was writing; a killed run (kill -9, a lost node) leaves that one's temporary file,
 * which the next run removes (lib/io/stale-temps.ts). `resume` then keeps each planned file whose
 * header is byte for byte the one this run would write (its tensors, shapes, dtypes, spec,
 * part and spec_sha256: this run's identity) and whose size is complete, and remakes the others;
 * since a file's bytes depend only on that, the directory ends equal to an uninterrupted run's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { boolean, knownOptions, optionsObject, typeError } from '../core/validate';
import { safetensorsHeader } from '../formats/safetensors';
import { AtomicFile } from '../io/atomic-file';
import { fileError, overwriteRefusal } from '../io/files';
import { removeStaleTemps } from '../io/stale-temps';
import { specIdentity } from './identity';
import type { Shard, ShardDim } from './pieces';
import { choosePart, type ParallelOption, type PartChoice } from './ranks';
import { CHECKPOINT_FILE, CONFIG_FILE, INDEX_FILE, planShards, type ShardPlan } from './shard-plan';
import { DEFAULT_MAX_SHARD_SIZE, parseShardSize } from './shard-size';
import { resolveSpec, type ResolvedSpec } from './spec';
import { isResolved, modelFile, runOptions, writeModelFile, type InitModelProgress, type ModelFile, type RunOptions } from './write';

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
  /**
   * Continue a stopped run: keep the planned files that are complete and carry this run's
   * identity, remake the others, then write the index and config.json.
   */
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: CheckpointProgress) => void;
  threads?: number;
  /** Write only this rank's part of every tensor (lib/model/pieces.ts); sizes are then the parts' sizes; `{rank}` in outDir is its rank. */
  shard?: Shard;
  shardDim?: ShardDim;
  /**
   * One rank of a tp × ep × fsdp job under the spec's per-tensor plans, as initModel's `parallel`
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
  /** Files a resumed run kept (complete, of this run's identity). */
  kept: string[];
  /** Temporary files of killed runs that were removed. */
  removedTemps: string[];
}

const OPTION_NAMES = ['outDir', 'maxShardSize', 'force', 'resume', 'signal', 'onProgress', 'threads', 'shard', 'shardDim', 'parallel'];

/** Everything a checkpoint run needs, validated. */
interface CheckpointJob {
  resolved: ResolvedSpec;
  dir: string;
  choice: PartChoice;
  plan: ShardPlan;
  /** The whole model's identity, in every file's metadata and the index's. */
  identity: Record<string, string>;
  /** One model file per planned file, in order. */
  files: ModelFile[];
  /** Sub-specs of the files (their own tensors, no config). */
  specs: ResolvedSpec[];
  resume: boolean;
  run: RunOptions;
  onProgress?: (progress: CheckpointProgress) => void;
}

/** Python's json.dumps(obj, indent=2) text (ensure_ascii: non-ASCII as \uXXXX escapes). */
function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function writeText(file: string, text: string): Promise<void> {
  const out = await AtomicFile.create(file, true);
  try {
    await out.write(Buffer.from(text, 'utf8'), 0);
    await out.commit();
  } catch (error) {
    await out.discard();
    throw error;
  }
}

/** A checkpoint's own files: weights, index, and config.json when the spec carries one. */
function ownsName(resolved: ResolvedSpec): (name: string) => boolean {
  return (name) => CHECKPOINT_FILE.test(name) || name === INDEX_FILE || (name === CONFIG_FILE && resolved.config !== undefined);
}

/**
 * The files of one run: the part choice, huggingface_hub's split of its parts, and each file's
 * sub-spec, header and identity (`rank_tensors` when expert parallelism leaves some tensors to
 * other ranks, so that verifyCheckpoint knows how many this directory holds).
 */
export function checkpointJob(spec: unknown, options: WriteCheckpointOptions): CheckpointJob {
  const opts = optionsObject(options);
  knownOptions(opts, OPTION_NAMES, 'writeCheckpoint');
  if (typeof opts.outDir !== 'string' || opts.outDir === '') throw typeError('a directory path', 'outDir', opts.outDir);
  const limit = opts.maxShardSize === undefined ? DEFAULT_MAX_SHARD_SIZE : parseShardSize(opts.maxShardSize);
  const resume = opts.resume === undefined ? false : boolean(opts.resume, 'resume');
  const run = runOptions({ force: opts.force, signal: opts.signal, threads: opts.threads });
  const onProgress = opts.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError('a function', 'onProgress', onProgress);
  const resolved: ResolvedSpec = isResolved(spec) ? spec : resolveSpec(spec);
  // One directory per rank: `{rank}` in outDir is the shard's or parallel rank, as in initModel's out.
  const choice = choosePart(opts, resolved, opts.outDir, 'outDir');
  const dir = choice.path;
  const byName = new Map(choice.parts.map((p) => [p.tensor.name, p]));
  const plan = planShards(choice.parts.map((p) => ({ name: p.tensor.name, bytes: p.elements * (p.tensor.dtype === 'float64' ? 8 : p.tensor.dtype === 'float32' ? 4 : 2) })), limit);
  const identity: Record<string, string> = { spec_sha256: specIdentity(resolved), spec_tensors: String(resolved.tensors.length) };
  if (choice.parts.length !== resolved.tensors.length) identity.rank_tensors = String(choice.parts.length);
  const specs: ResolvedSpec[] = [];
  const files = plan.files.map((f) => {
    const parts = f.tensors.map((n) => byName.get(n)!);
    const sub: ResolvedSpec = { ...resolved, tensors: parts.map((p) => p.tensor) };
    delete sub.config; // config.json is written once, beside the weights
    specs.push(sub);
    return modelFile(sub, { ...choice, path: path.join(dir, f.name), parts }, identity);
  });
  return { resolved, dir, choice, plan, identity, files, specs, resume, run, ...(onProgress === undefined ? {} : { onProgress: onProgress as (p: CheckpointProgress) => void }) };
}

/** Creates the directory, removes killed runs' temporary files, and refuses an existing checkpoint unless forced or resumed. */
async function prepareDirectory(job: CheckpointJob): Promise<string[]> {
  try {
    await fs.promises.mkdir(job.dir, { recursive: true });
  } catch (error) {
    throw fileError(error, 'create the directory', job.dir);
  }
  const owns = ownsName(job.resolved);
  const removed = await removeStaleTemps(job.dir, owns);
  if (job.run.force || job.resume) return removed;
  const existing = (await fs.promises.readdir(job.dir)).filter(owns);
  if (existing.length > 0) throw overwriteRefusal(job.dir, { existing, resumable: true });
  return removed;
}

/** Whether `file` is already on disk, complete, with exactly the header this run writes. */
async function isComplete(file: ModelFile): Promise<boolean> {
  const { header, totalBytes } = safetensorsHeader(file.entries, file.metadata);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file.path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fileError(error, 'read', file.path);
  }
  try {
    if ((await handle.stat()).size !== totalBytes) return false;
    const head = Buffer.alloc(header.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(header);
  } finally {
    await handle.close();
  }
}

/** Writes the files not kept, in order, reporting progress over the whole directory. */
async function writeFiles(job: CheckpointJob, kept: ReadonlySet<string>, started: number): Promise<void> {
  const { onProgress, plan } = job;
  let bytesBefore = 0;
  let tensorsBefore = 0;
  for (let i = 0; i < job.files.length; i++) {
    const file = job.files[i];
    const name = plan.files[i].name;
    if (!kept.has(file.path)) {
      const progress =
        onProgress === undefined
          ? undefined
          : (p: InitModelProgress) =>
              onProgress({
                ...p,
                tensorsDone: tensorsBefore + p.tensorsDone,
                tensors: job.choice.parts.length,
                bytesDone: bytesBefore + p.bytesDone,
                bytes: plan.totalSize,
                elapsedMs: performance.now() - started,
                file: name,
                filesDone: i,
                files: plan.files.length,
              });
      // force: the directory was checked; a file of this name is stale (another run) or incomplete.
      await writeModelFile(job.specs[i], file, { ...job.run, force: true, ...(progress === undefined ? {} : { onProgress: progress }) });
    }
    bytesBefore += plan.files[i].bytes;
    tensorsBefore += plan.files[i].tensors.length;
  }
}

/** The index (a sharded plan) and config.json (a spec with one); returns their paths. */
async function writeIndexAndConfig(job: CheckpointJob): Promise<{ index?: string; config?: string }> {
  const out: { index?: string; config?: string } = {};
  if (job.plan.sharded) {
    const weightMap: Record<string, string> = {};
    for (const f of job.plan.files) for (const n of f.tensors) weightMap[n] = f.name;
    const metadata = { total_size: job.plan.totalSize, ...job.identity, spec_tensors: job.resolved.tensors.length, ...(job.identity.rank_tensors === undefined ? {} : { rank_tensors: Number(job.identity.rank_tensors) }) };
    out.index = path.join(job.dir, INDEX_FILE);
    // huggingface_hub `_torch.py` (save_torch_state_dict): {"metadata": split.metadata, "weight_map": ...}, json indent=2.
    await writeText(out.index, `${pythonJson({ metadata, weight_map: weightMap })}\n`);
  }
  if (job.resolved.config !== undefined) {
    out.config = path.join(job.dir, CONFIG_FILE);
    await writeText(out.config, `${pythonJson(job.resolved.config)}\n`);
  }
  return out;
}

/**
 * Files of an earlier, different split would confuse loaders (an index naming other files, or a
 * model.safetensors beside an index): removed, as save_pretrained does.
 */
async function removeOtherSplits(job: CheckpointJob, written: readonly string[]): Promise<void> {
  const keep = new Set(written.map((w) => path.basename(w)));
  for (const f of await fs.promises.readdir(job.dir)) {
    if ((CHECKPOINT_FILE.test(f) || f === INDEX_FILE) && !keep.has(f)) await fs.promises.rm(path.join(job.dir, f), { force: true });
  }
}

/**
 * Initialises every tensor of `spec` into a Hugging Face checkpoint directory. On an error or an
 * abort the files completed so far stay (`resume` continues from them) and no temporary file does.
 */
export async function writeCheckpoint(spec: unknown, options: WriteCheckpointOptions): Promise<WriteCheckpointResult> {
  const job = checkpointJob(spec, options);
  const removedTemps = await prepareDirectory(job);
  const kept = new Set<string>();
  if (job.resume) for (const f of job.files) if (await isComplete(f)) kept.add(f.path);
  const started = performance.now();
  await writeFiles(job, kept, started);
  const { index, config } = await writeIndexAndConfig(job);
  await removeOtherSplits(job, [...job.files.map((f) => f.path), ...(index === undefined ? [] : [index])]);
  return {
    dir: job.dir,
    files: job.files.map((f) => f.path),
    ...(index === undefined ? {} : { index }),
    ...(config === undefined ? {} : { config }),
    tensors: job.choice.parts.length,
    totalSize: job.plan.totalSize,
    elapsedMs: performance.now() - started,
    kept: [...kept],
    removedTemps,
  };
}
