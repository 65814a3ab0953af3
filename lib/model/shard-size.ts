/**
 * The largest file of a checkpoint directory, as huggingface_hub reads it
 * (`src/huggingface_hub/serialization/_base.py` parse_size_to_int, MAX_SHARD_SIZE).
 */
import { expectedMessage, positiveInteger, typeError } from '../core/validate';

/** huggingface_hub `constants.py` / `_base.py`: MAX_SHARD_SIZE, "5GB" = 5,000,000,000 bytes. */
export const DEFAULT_MAX_SHARD_SIZE = 5_000_000_000;

/** huggingface_hub `_base.py` SIZE_UNITS: powers of ten. */
const SIZE_UNITS: Record<string, number> = { TB: 10 ** 12, GB: 10 ** 9, MB: 10 ** 6, KB: 10 ** 3 };
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
