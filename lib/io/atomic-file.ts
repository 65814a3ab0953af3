/**
 * Files that appear whole or not at all: written under a temporary name beside
 * the final one, synced, then linked (or renamed) into place.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { DirectAppender } from './direct-appender';
import { fileError, overwriteRefusal, refuseExisting } from './files';

/**
 * The temporary name's suffix, `.tmp-<pid>-<12 hex digits>`, and the writing process's id in it:
 * what lets a later run tell a killed run's leftovers from a live writer's (lib/io/stale-temps.ts).
 */
export const TEMP_SUFFIX = /\.tmp-([1-9][0-9]*)-[0-9a-f]{12}$/;

/** Link errors that mean "this file system cannot hard-link", not "the target exists". */
const NO_LINK_SUPPORT = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV', 'EACCES']);

/**
 * A file written under a temporary name in its final directory (so the rename cannot
 * cross file systems) and moved into place only when complete: readers see either
 * no file or the whole file, never a partial one.
 * @internal
 */
export class AtomicFile {
  private handle: fs.promises.FileHandle | undefined;
  /** Set when the file is written sequentially with O_DIRECT (lib/io/direct-appender.ts). */
  private direct: DirectAppender | undefined;

  private constructor(
    /** The final path. */
    readonly path: string,
    /** `path + '.tmp-<pid>-<random>'`. */
    readonly tempPath: string,
    handle: fs.promises.FileHandle,
    private readonly force: boolean,
  ) {
    this.handle = handle;
  }

  /**
   * Creates the temporary file (exclusively); refuses an existing `path` unless `force`.
   * `sequential: true` promises writes from position 0 onwards, back to back: they then go
   * through O_DIRECT where the file system allows it (see DirectAppender), else the page cache.
   */
  static async create(path: string, force: boolean, options: { sequential?: boolean; blockBytes?: number } = {}): Promise<AtomicFile> {
    if (!force) await refuseExisting(path);
    const tempPath = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    let file: AtomicFile;
    try {
      file = new AtomicFile(path, tempPath, await fs.promises.open(tempPath, 'wx', 0o666), force);
    } catch (error) {
      throw fileError(error, `create a temporary file for`, path);
    }
    if (options.sequential === true) file.direct = await DirectAppender.open(tempPath, options.blockBytes);
    return file;
  }

  /** Whether writes bypass the page cache (O_DIRECT). */
  get isDirect(): boolean {
    return this.direct !== undefined;
  }

  /** Writes all of `bytes` at `position` (looping over short writes). */
  async write(bytes: Uint8Array, position: number): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error(`Cannot write "${this.path}": the file is already closed`);
    try {
      if (this.direct !== undefined) {
        if (position !== this.direct.length) throw new Error(`internal: a sequential file was written at ${position}, not at its end ${this.direct.length}`);
        await this.direct.append(bytes);
        return;
      }
      for (let done = 0; done < bytes.length; ) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
        done += bytesWritten;
      }
    } catch (error) {
      throw fileError(error, 'write', this.path);
    }
  }

  /** Flushes to disk, closes, and moves the file to its final path. */
  async commit(): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error(`Cannot finish "${this.path}": the file is already closed`);
    try {
      if (this.direct !== undefined) {
        // The tail was written padded to the block size: cut the file to its length.
        const length = await this.direct.finish();
        await this.direct.close();
        this.direct = undefined;
        await handle.truncate(length);
      }
      await handle.sync(); // data on disk before the rename makes it visible (no empty file after a crash)
      this.handle = undefined;
      await handle.close();
    } catch (error) {
      throw fileError(error, 'write', this.path);
    }
    if (this.force) {
      try {
        await fs.promises.rename(this.tempPath, this.path);
      } catch (error) {
        throw fileError(error, 'rename the temporary file to', this.path);
      }
    } else {
      await this.placeWithoutOverwrite();
    }
    await syncDirectory(this.path);
  }

  /**
   * link(2) fails with EEXIST instead of replacing, so a file created by someone else
   * since `create` is never clobbered. File systems without hard links fall back to
   * check-then-rename.
   */
  private async placeWithoutOverwrite(): Promise<void> {
    try {
      await fs.promises.link(this.tempPath, this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw overwriteRefusal(this.path);
      if (!NO_LINK_SUPPORT.has(code ?? '')) throw fileError(error, 'move the temporary file to', this.path);
      await refuseExisting(this.path);
      try {
        await fs.promises.rename(this.tempPath, this.path);
      } catch (renameError) {
        throw fileError(renameError, 'rename the temporary file to', this.path);
      }
      return;
    }
    await fs.promises.unlink(this.tempPath).catch(() => undefined);
  }

  /** Closes and removes the temporary file; never throws (it runs while handling another error). */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    const direct = this.direct;
    this.direct = undefined;
    if (direct) await direct.close().catch(() => undefined);
    if (handle) await handle.close().catch(() => undefined);
    await fs.promises.unlink(this.tempPath).catch(() => undefined);
  }
}

/** Makes the rename durable (POSIX); best effort, as some platforms cannot open directories. */
async function syncDirectory(path: string): Promise<void> {
  let dir: fs.promises.FileHandle | undefined;
  try {
    dir = await fs.promises.open(dirname(path), 'r');
    await dir.sync();
  } catch {
    // Durability of the directory entry is a bonus; the file itself is complete.
  } finally {
    await dir?.close().catch(() => undefined);
  }
}
