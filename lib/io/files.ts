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

/** How a refusal tells to override it: the library's option words, or the command line's flags. */
export interface OverrideWords {
  force: string;
  resume: string;
}
/** The library's words: `{ force: true }`, `{ resume: true }`. */
export const OPTION_WORDS: OverrideWords = { force: '{ force: true }', resume: '{ resume: true }' };

/** The data of a refusal to replace existing output: the path, the files in the way (a directory), and whether resuming is an option. */
export interface OverwriteRefusal extends NodeJS.ErrnoException {
  code: 'EEXIST';
  refusal: 'overwrite';
  path: string;
  existing?: string[];
  resumable?: boolean;
}

/** Words a refusal once, for the library (OPTION_WORDS) or a command line (its flags). */
export function overwriteMessage(refusal: Pick<OverwriteRefusal, 'path' | 'existing' | 'resumable'>, words: OverrideWords = OPTION_WORDS): string {
  const what = refusal.existing === undefined ? `existing file "${refusal.path}"` : `the checkpoint in "${refusal.path}" (${refusal.existing.join(', ')})`;
  return `Refusing to overwrite ${what}; pass ${words.force} to replace it${refusal.resumable === true ? `, or ${words.resume} to continue it` : ''}`;
}

/**
 * The refusal to replace an existing file (or a directory's `existing` files), as data plus its
 * message in `words` (default the library's options).
 * @internal
 */
export function overwriteRefusal(
  path: string,
  more: { existing?: string[]; resumable?: boolean } = {},
  words: OverrideWords = OPTION_WORDS,
): OverwriteRefusal {
  const data = { path, ...more };
  const error = new Error(overwriteMessage(data, words)) as OverwriteRefusal;
  Object.assign(error, { code: 'EEXIST', refusal: 'overwrite', ...data });
  return error;
}

/** Whether an error is a refusal to overwrite (so a command line can word it with its flags). */
export function isOverwriteRefusal(error: unknown): error is OverwriteRefusal {
  return error instanceof Error && (error as OverwriteRefusal).refusal === 'overwrite';
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
  if (exists) throw overwriteRefusal(path, {}, { ...OPTION_WORDS, force: howToForce });
}
