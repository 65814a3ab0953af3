// Fuzzes the raw binding (lib/sampling/native.ts: fill, fillAsync, orthogonalize) with
// random argument lists from a fixed seed: wrong counts, wrong types, detached
// and shared buffers, lengths that lie, huge values, and targets transferred,
// dropped or cancelled while an async call runs. Run in a child process
// (test/fuzz-binding.test.ts, `npm run fuzz`): a crash shows as a signal or a
// non-zero exit. Every call must return, or fail with a TypeError, a
// RangeError or an AbortError; anything else is counted as unexpected and
// makes the exit code 1. The last line of stdout is a JSON summary.
//
//   KAIMING_FUZZ_ITERATIONS  calls to make (default: argv[2], else 3000)
//   KAIMING_FUZZ_SEED        PRNG seed (default 7)
import { native, type NativeBinding } from '../../lib/sampling/native';

const iterations = Number(process.env.KAIMING_FUZZ_ITERATIONS ?? process.argv[2] ?? 3000);
const seed = Number(process.env.KAIMING_FUZZ_SEED ?? 7);

// sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 32-bit state words, period ≥ 2^32.
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
const random = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0);
for (let i = 0; i < 16; i++) random();
const int = (n: number) => Math.floor(random() * n);
const chance = (p: number) => random() < p;
/** Chance that one argument position is made wrong, chosen per call: 0 for half the calls. */
let corruption = 0;
const valid = (p = 1) => random() >= corruption * p;
function pick<T>(items: readonly T[]): T {
  return items[int(items.length)];
}

// ---- values ------------------------------------------------------------------

const ARRAY_TYPES = [Float32Array, Float64Array, Uint16Array] as const;
type Target = Float32Array | Float64Array | Uint16Array;

/** Every new tensor the binding may allocate stays below this many elements (memory stays small). */
const SMALL = [0, 1, 2, 3, 7, 64, 1000, 16383, 16384, 16385, 65535, 65536, 65537, 131073, 300001];
/** Above every dtype's limit for a new tensor (2^32 bytes): must be refused before allocating. */
const HUGE = [2 ** 32 + 1, 2 ** 40, 2 ** 53 - 1, 2 ** 53, 2 ** 64, Number.MAX_VALUE];
const JUNK: unknown[] = [
  undefined, null, true, false, '', '4', 'float32', -1, -0, 0.5, 1.5, NaN, Infinity, -Infinity, 4n, -1n, 2n ** 64n,
  Symbol('fuzz'), {}, [], [1, 2, 3, 4], () => 4, new Date(0), /x/, new Map(), new Proxy({}, {}),
  new ArrayBuffer(16), new SharedArrayBuffer(16), new DataView(new ArrayBuffer(16)), Buffer.alloc(16),
  new Int32Array(4), new BigInt64Array(4), new Uint8Array(16), new Float32Array(4), new Float64Array(4),
  Object.defineProperty({}, 'length', { get() { throw new Error('getter'); } }),
];

function detach<T extends ArrayBufferView>(view: T): T {
  structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] });
  return view;
}

function target(type: (typeof ARRAY_TYPES)[number], length: number): Target {
  const bytes = length * type.BYTES_PER_ELEMENT;
  switch (int(7)) {
    case 0: return new type(new SharedArrayBuffer(bytes) as unknown as ArrayBuffer);
    case 1: return new type(new ArrayBuffer(bytes + 16), 8, length);  // an offset view
    case 2: return new type(length + 3).subarray(1, 1 + length);
    case 3: return detach(new type(length));
    case 4: return new type(new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(bytes, { maxByteLength: bytes + 64 }));
    default: return new type(length);
  }
}

function params(transform: number): unknown {
  const good = [Float64Array.of(-0.5, 0.5, 0, 0), Float64Array.of(0.1, 2, 0, 0), Float64Array.of(0, 1, -2, 2)][transform] ??
    Float64Array.of(0, 1, 0, 0);
  if (valid()) return good;
  switch (int(10)) {
    case 0: return Float64Array.of(NaN, 1, 0, 0);
    case 1: return Float64Array.of(0, Infinity, -Infinity, Infinity);
    case 2: return Float64Array.of(1, 1, 1, 1);
    case 3: return Float64Array.of(0, -1, 2, -2);
    case 4: return new Float64Array(pick([0, 3, 5]));
    case 5: return detach(Float64Array.of(0, 1, 0, 0));
    case 6: return new Float64Array(new SharedArrayBuffer(32)).fill(0.5);
    case 7: return chance(0.05) ? Float64Array.of(0, 1, 1000000.01, 1000001) : Float64Array.of(0, 1e-300, -1e-300, 1e-300);
    case 8: return pick(JUNK);
    default: return good;
  }
}

function cancelFlag(): unknown {
  if (valid()) return chance(0.5) ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  switch (int(8)) {
    case 0: return new Int32Array(new SharedArrayBuffer(4));
    case 1: return Int32Array.of(1);  // not shared: refused
    case 2: { const flag = new Int32Array(new SharedArrayBuffer(8)); flag[0] = 1; return flag; }
    case 3: return new Int32Array(new SharedArrayBuffer(0));
    case 4: return pick(JUNK);
    default: return undefined;
  }
}

function uint64(): unknown {
  if (valid()) return BigInt.asUintN(64, BigInt(int(2 ** 32)) * 4294967296n + BigInt(int(2 ** 32)));
  return pick([0n, 2n ** 64n - 1n, 2n ** 64n, -1n, 0, 1, '1', undefined, null, Symbol('seed')]);
}

/** Arguments for fill/fillAsync: mostly plausible, each position sometimes wrong. */
function fillArguments(async: boolean): { args: unknown[]; out: Target | null } {
  const typeIndex = int(3);
  let length = pick(SMALL);
  let out: Target | null = null;
  if (chance(0.5)) out = target(ARRAY_TYPES[typeIndex], length);
  if (!valid()) length = pick([length + 1, Math.max(0, length - 1), length * 2 + 1]);  // a lying length
  if (!valid(0.5)) length = pick(HUGE);
  const dtype = valid() ? (typeIndex === 2 ? 2 + int(2) : typeIndex) : pick([4, -1, 1.5, NaN, '0', 0n, undefined]);
  const transform = valid() ? int(3) : pick([3, -1, 2.5, '1']);
  const start = valid() ? int(2 ** 20) : pick([2 ** 53 - 1, 2 ** 53 - 1 - length, 2 ** 53, -1, NaN, 0.5, 2n ** 40n]);
  const threads = valid() ? 1 + int(4) : pick([0, 1025, 1024, 64, -1, NaN, 2.5, '2']);
  const args: unknown[] = [
    valid(0.5) ? out : pick(JUNK), valid(0.3) ? length : pick(JUNK), dtype, transform, uint64(), uint64(), start,
    params(typeof transform === 'number' ? transform : 0), threads,
  ];
  if (async) args.push(cancelFlag());
  return { args: reshape(args), out };
}

function orthogonalArguments(): { args: unknown[]; async: boolean } {
  const rows = 1 + int(24);
  const cols = 1 + int(24);
  let matrix: unknown = Float64Array.from({ length: rows * cols }, () => random() * 2 - 1);
  if (!valid()) {
    switch (int(5)) {
      case 0: matrix = new Float64Array(rows * cols + 1); break;
      case 1: matrix = detach(new Float64Array(rows * cols)); break;
      case 2: matrix = new Float64Array(new SharedArrayBuffer(rows * cols * 8)).fill(1); break;  // rank 1
      case 3: matrix = Float64Array.of(NaN, ...new Float64Array(rows * cols - 1)); break;
      default: matrix = pick(JUNK); break;
    }
  }
  const async = chance(0.5);
  const args: unknown[] = [
    matrix, valid() ? rows : pick([0, -1, 2 ** 53, NaN, 2 ** 26]), valid() ? cols : pick([0, 2 ** 27, 1.5]),
    valid() ? random() * 4 : pick([NaN, Infinity, '1', 1e308]), valid() ? 1 + int(3) : pick([0, 2000]),
    valid(0.3) ? async : pick(JUNK),
  ];
  if (async || chance(0.1)) args.push(cancelFlag());
  return { args: reshape(args), async };
}

/** Sometimes too few or too many arguments. */
function reshape(args: unknown[]): unknown[] {
  if (!valid(0.3)) return args.slice(0, int(args.length));
  if (!valid(0.2)) return [...args, ...Array.from({ length: 1 + int(3) }, () => pick(JUNK))];
  return args;
}

// ---- the run -----------------------------------------------------------------

const counts = { calls: 0, returned: 0, resolved: 0, threw: 0, rejected: 0, aborted: 0, transferredMidway: 0, unexpected: 0 };
const messages = new Map<string, number>();
const unexpected: string[] = [];

function classify(error: unknown, label: string): void {
  const e = error as Error;
  const expected = e instanceof TypeError || e instanceof RangeError || e?.name === 'AbortError';
  const key = `${e?.constructor?.name}: ${String(e?.message).replace(/\d{3,}/g, 'N')}`;
  messages.set(key, (messages.get(key) ?? 0) + 1);
  if (e?.name === 'AbortError') counts.aborted++;
  if (!expected) {
    counts.unexpected++;
    if (unexpected.length < 20) unexpected.push(`${label}: ${key}`);
  }
}

async function main(): Promise<void> {
  const binding = native() as NativeBinding & Record<string, (...args: unknown[]) => unknown>;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < iterations; i++) {
    corruption = chance(0.5) ? 0 : 0.15;
    const which = int(10);
    const name = which < 4 ? 'fill' : which < 8 ? 'fillAsync' : 'orthogonalize';
    const built = name === 'orthogonalize' ? { ...orthogonalArguments(), out: null } : { ...fillArguments(name === 'fillAsync'), async: name === 'fillAsync' };
    counts.calls++;
    let result: unknown;
    try {
      result = (binding[name] as (...args: unknown[]) => unknown)(...built.args);
    } catch (error) {
      counts.threw++;
      classify(error, name);
      continue;
    }
    if (!(result instanceof Promise)) {
      counts.returned++;
      continue;
    }
    // While it runs: transfer the target away, raise the cancel flag, or drop every reference.
    const out = built.args[0];
    if (chance(0.2) && ArrayBuffer.isView(out) && out.buffer instanceof ArrayBuffer && out.byteLength > 0) {
      try {
        detach(out);
        counts.transferredMidway++;
      } catch {
        // A resizable or already detached buffer may refuse; that is fine.
      }
    }
    const cancel = built.args[9] ?? built.args[6];
    if (chance(0.2) && cancel instanceof Int32Array && cancel.buffer instanceof SharedArrayBuffer && cancel.length > 0) {
      setTimeout(() => Atomics.store(cancel, 0, 1), int(3));
    }
    pending.push(result.then(() => { counts.resolved++; }, (error) => { counts.rejected++; classify(error, `${name} (async)`); }));
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const summary = { seed, iterations, ...counts, distinctMessages: messages.size, unexpectedSamples: unexpected };
  if (process.env.KAIMING_FUZZ_VERBOSE) {
    for (const [message, n] of [...messages].sort((a, b) => b[1] - a[1])) process.stderr.write(`${n}\t${message}\n`);
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = counts.unexpected === 0 ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`fuzz driver failed: ${(error as Error).stack}\n`);
  process.exitCode = 2;
});
