/**
 * File paths and file-system errors as every writer reports them: the path
 * argument checked, errors re-thrown naming the file, and the refusal to
 * replace an existing file.
 */
import * as fs from 'node:fs';
import { rangeError, typeError } from '../core/validate';

/**
 * Validates a file path argument: a non-empty string without NUL bytes.
 * @internal
 */
export function checkFilePath(value: unknown, name: string): string {
  if (typeof value !== 'string') throw typeError('a file path string', name, value);
  if (value === '' || value.includes('\0')) throw rangeError('a non-empty file path without NUL bytes', name, value);
  return value;
}

/**
 * A file system error re-thrown with the file it concerns in the message (a failed
 * `write(fd)` names no path by itself), keeping `code`, `errno` and `syscall` so
 * callers can still test for `ENOSPC` or `EACCES`, and the original as `cause`.
 * @internal
 */
export function fileError(error: unknown, action: string, path: string): Error {
  const original = error as NodeJS.ErrnoException;
  const reason = original instanceof Error ? original.message : String(error);
  const wrapped: NodeJS.ErrnoException = new Error(`Cannot ${action} "${path}": ${reason}`, { cause: error });
  if (original?.code !== undefined) wrapped.code = original.code;
  if (original?.errno !== undefined) wrapped.errno = original.errno;
  if (original?.syscall !== undefined) wrapped.syscall = original.syscall;
  wrapped.path = path;
  return wrapped;
}

/**
 * The refusal to replace an existing file, with how to force it: `{ force: true }`
 * for the library's writers, `--force` on the command line.
 * @internal
 */
export function overwriteRefusal(path: string, howToForce = '{ force: true }'): Error {
  const error: NodeJS.ErrnoException = new Error(`Refusing to overwrite existing file "${path}"; pass ${howToForce} to replace it`);
  error.code = 'EEXIST';
  error.path = path;
  return error;
}

/** Refuses an existing `path` (a link or a dangling link counts); other lstat errors are reported as such. @internal */
export async function refuseExisting(path: string): Promise<void> {
  try {
    await fs.promises.lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fileError(error, 'check', path);
  }
  throw overwriteRefusal(path);
}

/**
 * The same check made synchronously before any work, so a command that would
 * fail at the end fails at once; the writers check again, atomically. An
 * unreachable path passes here and the writer reports it.
 * @internal
 */
export function refuseExistingSync(path: string, howToForce: string): void {
  let exists = false;
  try {
    fs.lstatSync(path);
    exists = true;
  } catch {
    // Not there (or not reachable: the writer reports that).
  }
  if (exists) throw overwriteRefusal(path, howToForce);
}
