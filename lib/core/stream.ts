/**
 * Seeds, stream keys and generators: what selects a stream (docs/STREAM.md).
 *
 * A tensor's values depend only on (seed, key, flat index, transform,
 * parameters). The seed is an unsigned 64-bit integer; the key separates
 * tensors made with the same seed. A string key is hashed with 64-bit FNV-1a
 * over its UTF-8 bytes (Fowler, Noll, Vo; offset basis 0xcbf29ce484222325,
 * prime 0x100000001b3), so a tensor named "h.0.mlp.c_fc.weight" has the same
 * stream in every program.
 */
import { webcrypto } from 'node:crypto';
import { describeValue, rangeError, typeError } from './validate';

/** 2^64 − 1: seeds and keys are unsigned 64-bit integers. */
export const MAX_U64 = (1n << 64n) - 1n;
const EXPECTED_U64 = 'an integer between 0 and 2^64-1 (number or bigint)';

/** An unsigned 64-bit integer from a non-negative safe integer or a bigint. */
export function toUint64(value: unknown, name: string): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value > MAX_U64) throw rangeError(EXPECTED_U64, name, value);
    return value;
  }
  if (typeof value !== 'number') throw typeError(EXPECTED_U64, name, value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(EXPECTED_U64, name, value);
  return BigInt(value);
}

const utf8 = new TextEncoder();
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** 64-bit FNV-1a of the UTF-8 bytes of text. */
export function hashKey(text: string): bigint {
  if (typeof text !== 'string') throw typeError('a string', 'text', text);
  let hash = FNV_OFFSET;
  // TextEncoder writes the UTF-8 bytes Buffer.from(text, 'utf8') writes, lone surrogates as U+FFFD included.
  for (const byte of utf8.encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MAX_U64;
  }
  return hash;
}

/** A stream key: an unsigned 64-bit integer, or a string hashed by {@link hashKey}. */
export function toKey(value: unknown, name = 'key'): bigint {
  if (typeof value === 'string') return hashKey(value);
  if (typeof value === 'number' || typeof value === 'bigint') return toUint64(value, name);
  throw typeError('a string or an integer between 0 and 2^64-1', name, value);
}

/**
 * Hands successive calls successive stream keys, like `torch.Generator`: the
 * k-th call made with a generator seeded s uses (seed s, key k), so
 * `new Generator(7)`'s first tensor equals the one made with `{ seed: 7 }`.
 */
export class Generator {
  #seed: bigint;
  #next = 0n;

  /** @param seed unsigned 64-bit seed; omitted: drawn from the OS's entropy. */
  constructor(seed?: number | bigint) {
    this.#seed = seed === undefined ? randomSeed() : toUint64(seed, 'seed');
  }

  /** The seed this generator was created or last re-seeded with. */
  get seed(): bigint {
    return this.#seed;
  }

  /** Re-seeds and restarts the key sequence (`torch.Generator.manual_seed`). */
  manualSeed(seed: number | bigint): this {
    this.#seed = toUint64(seed, 'seed');
    this.#next = 0n;
    return this;
  }

  /** Takes the next stream: (seed, key). */
  next(): { seed: bigint; key: bigint } {
    const key = this.#next;
    this.#next = (this.#next + 1n) & MAX_U64;
    return { seed: this.#seed, key };
  }

  toString(): string {
    return `Generator(seed=${this.#seed}, next key=${this.#next})`;
  }
}

function randomSeed(): bigint {
  // Web Crypto through node:crypto, which Node 18 (Debian's arm64 Node in .ci/arm64.sh, where the
  // global `crypto` is missing), Node 20, Bun and Deno all have; the browser build maps it to the
  // global (lib/browser/host/crypto.ts).
  return webcrypto.getRandomValues(new BigUint64Array(1))[0]!;
}

/** The generator used when a call gives no seed, key or generator; seeded unpredictably at start-up. */
export const defaultGenerator = new Generator();

/** Re-seeds the default generator (`torch.manual_seed`). */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** Chooses the stream of one call from its seed, key and generator options. */
export function resolveStream(options: { seed?: unknown; key?: unknown; generator?: unknown }): { seed: bigint; key: bigint } {
  const { seed, key, generator } = options;
  if (generator !== undefined) {
    if (!(generator instanceof Generator)) throw typeError('a Generator', 'generator', generator);
    if (seed !== undefined) throw new TypeError(`Expected either seed or generator, not both, but received seed ${describeValue(seed)}`);
    const stream = generator.next();
    return key === undefined ? stream : { seed: stream.seed, key: toKey(key) };
  }
  if (seed === undefined) {
    const stream = defaultGenerator.next();
    return key === undefined ? stream : { seed: stream.seed, key: toKey(key) };
  }
  return { seed: toUint64(seed, 'seed'), key: key === undefined ? 0n : toKey(key) };
}
