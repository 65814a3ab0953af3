/**
 * Checking a checkpoint directory written by writeCheckpoint (lib/model/checkpoint-write.ts):
 * its index, the sequence of its files, their identity, and every file regenerated and compared.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { typeError } from '../core/validate';
import { fileError } from '../io/files';
import { readSafetensorsHeader } from '../formats/safetensors';
import { CHECKPOINT_FILE, INDEX_FILE, SHARD_NAME, SINGLE_FILE, shardFileName } from './shard-plan';
import { verifyModel, type VerifyResult } from './verify';

async function exists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fileError(error, 'check', p);
  }
}

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
  let identity: { sha?: unknown; tensors?: unknown; held?: unknown } | undefined;
  let mapped: number | undefined;
  if (indexPath === undefined) files = [SINGLE_FILE];
  else {
    let index: { metadata?: { total_size?: unknown; spec_sha256?: unknown; spec_tensors?: unknown; rank_tensors?: unknown }; weight_map?: Record<string, unknown> };
    try {
      index = JSON.parse(await fs.promises.readFile(indexPath, 'utf8'));
    } catch (error) {
      throw fileError(error, 'read the index', indexPath);
    }
    const map = index.weight_map;
    if (map === null || typeof map !== 'object') throw new Error(`Cannot verify "${indexPath}": it has no weight_map object`);
    identity = { sha: index.metadata?.spec_sha256, tensors: index.metadata?.spec_tensors, held: index.metadata?.rank_tensors };
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
    identity ??= {
      sha: metadata.spec_sha256,
      tensors: metadata.spec_tensors === undefined ? undefined : Number(metadata.spec_tensors),
      held: metadata.rank_tensors === undefined ? undefined : Number(metadata.rank_tensors),
    };
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
  // With expert parallelism a rank's directory holds its experts only: rank_tensors of the spec's.
  const expected = identity?.held ?? identity?.tensors;
  const whose = identity?.held === undefined ? 'the spec' : 'the rank';
  if (!Number.isSafeInteger(expected)) problems.push(`the checkpoint does not record its spec's number of tensors (spec_tensors)`);
  else {
    if (tensors !== expected) problems.push(`the files hold ${tensors} tensors, ${whose} ${String(expected)}`);
    if (mapped !== undefined && mapped !== expected) problems.push(`the index maps ${mapped} tensors, ${whose} has ${String(expected)}`);
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
  const names = Array.from({ length: n }, (_, i) => shardFileName(i + 1, n));
  const inSequence = new Set(names);
  const inIndex = new Set(files);
  const present = new Set(onDisk);
  for (const name of names) {
    if (!inIndex.has(name)) problems.push(`"${name}" is missing from the index${present.has(name) ? '' : ' and from the directory'}`);
  }
  for (const f of files) if (!inSequence.has(f) && SHARD_NAME.test(f)) problems.push(`"${f}" is outside the sequence of ${n} files`);
  for (const f of onDisk) if (!inIndex.has(f)) problems.push(`"${f}" is in the directory but not in the index`);
  return problems;
}
