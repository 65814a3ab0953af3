/**
 * Leftovers of killed writers: an AtomicFile's temporary file (`<final>.tmp-<pid>-<hex>`,
 * lib/io/atomic-file.ts) survives a kill -9 or a power loss. A later run removes those of its
 * own outputs whose writer is gone; a live writer's (the same pid, alive on this host) are kept,
 * so two runs never delete each other's work. A pid reused since by an unrelated process keeps
 * its leftover: the conservative side. Only names of the form `<final>.tmp-<pid>-<12 hex>` whose
 * `<final>` the caller owns are touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMP_SUFFIX } from './atomic-file';
import { fileError } from './files';

/** Whether a process with this id exists on this host (signal 0 checks without sending: kill(2)). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, owned by someone else
  }
}

/**
 * Removes the temporary files in `dir` of final names `owns(name)` accepts whose writing process
 * is no longer alive; returns the names removed. A missing directory has none.
 */
export async function removeStaleTemps(dir: string, owns: (finalName: string) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fileError(error, 'list', dir);
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_SUFFIX.exec(name);
    if (m === null || !owns(name.slice(0, m.index)) || processAlive(Number(m[1]))) continue;
    try {
      await fs.promises.unlink(path.join(dir, name));
      removed.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(error, 'remove the stale temporary file', path.join(dir, name));
    }
  }
  return removed;
}
