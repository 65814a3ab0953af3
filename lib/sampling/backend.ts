/**
 * The one seam between lib/ and a kernel: the native addon
 * (lib/sampling/native.ts) and the WebAssembly kernel
 * (lib/sampling/wasm-kernel.ts, loaded in Node by lib/sampling/wasm-node.ts)
 * both implement {@link Backend}, with the same bytes for every call.
 *
 * The choice, once per process (or worker): the native addon when one loads,
 * else the WebAssembly kernel, silently; `KAIMING_BACKEND=native|wasm` forces
 * one (a forced native backend that cannot load is an error naming every file
 * tried). {@link setBackend} installs a caller's backend instead (the browser
 * build installs the wasm kernel it instantiated; tests install either), as
 * better-sqlite3 accepts a caller's binding.
 */
import { oneOf } from '../core/validate';

/** Which kernel runs the fills. */
export type BackendName = 'native' | 'wasm';
export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm'];

export type FillArray = Float32Array | Float64Array | Uint16Array;

/** A fill, as every backend takes it (native/kernel/fill.h's FillRequest, ids from lib/sampling/ids.ts). */
export interface FillCall {
  /** Where to write (length elements), or null for an array the backend allocates. */
  out: FillArray | null;
  length: number;
  dtype: number;
  transform: number;
  seed: bigint;
  key: bigint;
  start: number;
  /** The four parameters (FillParams p0..p3); read before the call returns. */
  params: Float64Array;
  /** An upper bound on the threads used; values never depend on it. */
  threads: number;
}

/** What lib/sampling needs of a kernel. */
export interface Backend {
  readonly name: BackendName;
  /** Elements per chunk of the stream (docs/STREAM.md §2). */
  readonly chunkElements: number;
  /** Fills below this many elements are cheaper on the calling thread than handed off. */
  readonly inlineThreshold: number;
  /** The compiled loops in use: 'baseline', 'avx2' or 'avx512' (native), 'simd128' (wasm). */
  readonly kernelPath: string;
  /** Fills synchronously; returns `out`, or the array it allocated. Refusals throw lib/'s messages. */
  fill(call: FillCall): FillArray;
  /** Fills off the calling thread; `signal` aborts with an AbortError. */
  fillAsync(call: FillCall, signal?: AbortSignal): Promise<FillArray>;
  /** gain·Q·diag(sign(diag R)) of a row-major rows × cols matrix (native/kernel/orthogonal.h); the input is not modified. */
  orthogonalize(matrix: Float64Array, rows: number, cols: number, gain: number, threads: number): Float64Array;
  orthogonalizeAsync(matrix: Float64Array, rows: number, cols: number, gain: number, threads: number, signal?: AbortSignal): Promise<Float64Array>;
  /** Advances a torch generator's state filling out (native/kernel/torch_transforms.h; family ids of lib/sampling/torch.ts). */
  torchFill(state: Uint8Array, out: Float32Array | Float64Array, family: number, params: Float64Array, capability: number, threads: number): void;
  /** The torch generator's next 32-bit outputs into out. */
  torchRandom(state: Uint8Array, out: Uint32Array): void;
}

/** How lib/sampling finds the backends it may choose (installed by lib/sampling/backends.ts). */
export interface BackendLoaders {
  /** The native addon, or throws why it cannot load. */
  native(): Backend;
  /** The WebAssembly kernel, or throws why it cannot load. */
  wasm(): Backend;
}

let loaders: BackendLoaders | undefined;
let chosen: Backend | undefined;

/** Registers how to load each backend (once, by the entry point's wiring). */
export function registerBackendLoaders(l: BackendLoaders): void {
  loaders = l;
}

/** The backend named by KAIMING_BACKEND (undefined when unset), validated as every option is. */
export function forcedBackend(env: Record<string, string | undefined> | undefined): BackendName | undefined {
  const value = env?.KAIMING_BACKEND;
  if (value === undefined || value === '') return undefined;
  return oneOf(value, 'KAIMING_BACKEND', BACKEND_NAMES);
}

function environment(): Record<string, string | undefined> | undefined {
  return typeof process === 'undefined' ? undefined : process.env;
}

/** Chooses as described above: forced, else native when it loads, else wasm. */
export function chooseBackend(l: BackendLoaders, env = environment()): Backend {
  const forced = forcedBackend(env);
  if (forced !== undefined) return l[forced]();
  try {
    return l.native();
  } catch {
    return l.wasm();
  }
}

/** The backend in use, chosen on first use. */
export function activeBackend(): Backend {
  if (chosen !== undefined) return chosen;
  if (loaders === undefined) throw new Error('kaiming: no kernel backend is registered (lib/sampling/backends.ts was not loaded)');
  chosen = chooseBackend(loaders);
  return chosen;
}

/** Installs a backend (a caller's instance, or undefined to choose again on next use). */
export function setBackend(b: Backend | undefined): void {
  chosen = b;
}

/** Which kernel kaiming uses in this process: 'native' (the addon) or 'wasm' (the WebAssembly kernel). */
export function backend(): BackendName {
  return activeBackend().name;
}
