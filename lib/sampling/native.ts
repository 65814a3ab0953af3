/**
 * The one place that loads the compiled addon, and the addon as a backend
 * (lib/sampling/backend.ts).
 *
 * In order (README, "Installing"):
 *   1. `KAIMING_ADDON`, a file named in the environment (CI runs tests against
 *      the cmake-js build this way). When it is set it is the only candidate:
 *      a file asked for by name that fails to load is an error, never a quiet
 *      fall-back to another build.
 *   2. A local build: node-gyp's build/Release, then cmake-js's build-cmake/Release
 *      (a clone, or an install that compiled: KAIMING_BUILD_FROM_SOURCE=1).
 *   3. The prebuilt binary shipped in the package for this platform and
 *      architecture, in prebuildify's layout, prebuilds/<platform>-<arch>/
 *      kaiming.<libc>.node (the layout node-gyp-build reads at install time,
 *      bin/install.cjs).
 * When nothing loads, one error lists every path tried, in order, with the
 * reason each failed, and the command that builds from source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Backend, FillCall } from './backend';
import { ARRAY_FOR_DTYPE_ID } from './ids';
import { abortable } from './jobs';

/** The arguments of fill and fillAsync, in order (native/binding/arguments.h documents each). */
type FillArgs = [
  out: Float32Array | Float64Array | Uint16Array | null,
  length: number,
  dtype: number,
  transform: number,
  seed: bigint,
  key: bigint,
  start: number,
  params: Float64Array,
  threads: number,
];

/** The raw binding. lib/ validates everything before calling it; it validates again. */
export interface NativeBinding {
  /**
   * Fills `out`, or a new native block when `out` is null; undefined (nothing
   * filled) when that block would take the native blocks JS holds past the
   * block cache's size (native/kernel/block_allocator.h): pass an array then.
   */
  fill(...args: FillArgs): Float32Array | Float64Array | Uint16Array | undefined;
  fillAsync(...args: [...FillArgs, cancel?: Int32Array]): Promise<Float32Array | Float64Array | Uint16Array>;
  /** gain·Q·diag(sign(diag R)) of a row-major rows × cols matrix (native/kernel/orthogonal.h). */
  orthogonalize(matrix: Float64Array, rows: number, cols: number, gain: number, threads: number, async: false): Float64Array;
  orthogonalize(
    matrix: Float64Array, rows: number, cols: number, gain: number, threads: number, async: true, cancel?: Int32Array,
  ): Promise<Float64Array>;
  /** Advances a torch generator's state (lib/core/torch-generator.ts) filling out (native/binding/torch_stream.cc). */
  torchFill(state: Uint8Array, out: Float32Array | Float64Array, family: number, params: Float64Array, capability: number, threads: number): Float32Array | Float64Array;
  /** The torch generator's next 32-bit outputs into out (native/binding/torch_stream.cc). */
  torchRandom(state: Uint8Array, out: Uint32Array): Uint32Array;
  readonly chunkElements: number;
  readonly inlineThreshold: number;
  /** The compiled kernel path in use: 'baseline', 'avx2' or 'avx512' (KAIMING_PATH forces one). */
  readonly kernelPath: string;
}

// lib/sampling/ (dist/sampling/ once compiled): the package is two levels up.
const packageRoot = path.join(__dirname, '..', '..');

/** Where an addon may be, and what kind of build each is. */
export interface AddonCandidate {
  readonly file: string;
  readonly what: string;
  /** Set when the candidate cannot be tried at all (no prebuilt binary for this platform). */
  readonly missing?: string;
}

/** The candidates, in the order they are tried, for a package at `root`. */
export function addonCandidates(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
  arch: string = process.arch,
): AddonCandidate[] {
  const fromEnv = env.KAIMING_ADDON;
  if (fromEnv !== undefined && fromEnv !== '') return [{ file: path.resolve(fromEnv), what: 'KAIMING_ADDON' }];
  const candidates: AddonCandidate[] = [
    { file: path.join(root, 'build', 'Release', 'kaiming.node'), what: 'local node-gyp build' },
    { file: path.join(root, 'build-cmake', 'Release', 'kaiming.node'), what: 'local cmake-js build' },
  ];
  const tuple = `${platform}-${arch}`;
  const folder = path.join(root, 'prebuilds', tuple);
  const shipped = readdir(folder).filter((name) => name.endsWith('.node')).sort();
  if (shipped.length === 0) {
    const others = readdir(path.join(root, 'prebuilds'));
    candidates.push({
      file: folder,
      what: 'prebuilt binary',
      missing: `no prebuilt binary for ${tuple} in this package (it has ${others.length > 0 ? others.join(', ') : 'none'})`,
    });
  }
  for (const name of shipped) candidates.push({ file: path.join(folder, name), what: `prebuilt binary for ${tuple}` });
  return candidates;
}

function readdir(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

/** Why a file did not load: the first line of the loader's message, with a hint where one helps. */
function reason(file: string, error: unknown): string {
  if (!fs.existsSync(file)) return 'not found';
  const message = String((error as Error).message ?? error).split('\n')[0]!;
  // A glibc binary on musl (Alpine) fails with a missing-symbol or missing
  // loader message; say which C library it needs. The report header has
  // glibcVersionRuntime only on glibc (node src/node_report.cc).
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  if (/\.glibc\.node$/.test(file) && process.platform === 'linux' && header?.glibcVersionRuntime === undefined) {
    return `${message} (this binary needs glibc; this system's C library is another, e.g. musl)`;
  }
  return message;
}

/** The command that compiles the addon on this machine, for the error message. */
export const BUILD_FROM_SOURCE =
  'KAIMING_BUILD_FROM_SOURCE=1 npm rebuild kaiming (needs a C++17 compiler, make and Python 3; in a clone: npm run build:gyp)';

/** Loads the first candidate that loads; throws one error naming every one tried. */
export function loadAddon(root: string, env: NodeJS.ProcessEnv = process.env): { binding: NativeBinding; file: string } {
  const tried: string[] = [];
  for (const candidate of addonCandidates(root, env)) {
    const label = candidate.what === 'KAIMING_ADDON' ? `KAIMING_ADDON=${candidate.file}` : `${candidate.file} (${candidate.what})`;
    if (candidate.missing !== undefined) {
      tried.push(`- ${label}: ${candidate.missing}`);
      continue;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { binding: require(candidate.file) as NativeBinding, file: candidate.file };
    } catch (error) {
      tried.push(`- ${label}: ${reason(candidate.file, error)}`);
    }
  }
  throw new Error(
    `kaiming: could not load the native addon (${process.platform}-${process.arch}, Node ${process.versions.node}). ` +
      `Tried, in order:\n${tried.join('\n')}\nTo build it from source: ${BUILD_FROM_SOURCE}`,
  );
}

let binding: NativeBinding | undefined;

/** The addon, loaded on first use. */
export function native(): NativeBinding {
  binding ??= loadAddon(packageRoot).binding;
  return binding;
}

/**
 * A synchronous fill that always returns its array: when `out` is null and
 * the binding declines a native block (undefined: the blocks JS holds are at
 * the block cache's size, and Node would free another only on a later turn
 * of the event loop), the fill goes into a typed array allocated here, which
 * a collection frees at once.
 */
export function fillSync(...args: FillArgs): Float32Array | Float64Array | Uint16Array {
  const filled = native().fill(...args);
  if (filled !== undefined) return filled;
  const [, length, dtype, ...rest] = args;
  return native().fill(new ARRAY_FOR_DTYPE_ID[dtype]!(length), length, dtype, ...rest)!;
}

/** The addon as a {@link Backend} (lib/sampling/backend.ts): its cancel flag and native blocks stay in here. */
export function nativeBackend(binding: NativeBinding): Backend {
  const args = (c: FillCall): FillArgs => [c.out, c.length, c.dtype, c.transform, c.seed, c.key, c.start, c.params, c.threads];
  return {
    name: 'native',
    chunkElements: binding.chunkElements,
    inlineThreshold: binding.inlineThreshold,
    kernelPath: binding.kernelPath,
    fill: (c) => fillSync(...args(c)),
    fillAsync: (c, signal) => {
      // The job may wait in the queue (jobs.ts) while the caller reuses its params array.
      const a = args({ ...c, params: c.params.slice() });
      return abortable(signal, (cancel) => binding.fillAsync(...a, cancel));
    },
    orthogonalize: (matrix, rows, cols, gain, threads) => binding.orthogonalize(matrix, rows, cols, gain, threads, false),
    orthogonalizeAsync: (matrix, rows, cols, gain, threads, signal) =>
      abortable(signal, (cancel) => binding.orthogonalize(matrix, rows, cols, gain, threads, true, cancel)),
    torchFill: (state, out, family, params, capability, threads) => {
      binding.torchFill(state, out, family, params, capability, threads);
    },
    torchRandom: (state, out) => {
      binding.torchRandom(state, out);
    },
  };
}
