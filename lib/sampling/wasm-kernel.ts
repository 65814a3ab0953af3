/**
 * The WebAssembly kernel (native/wasm/kaiming.wasm, built from native/kernel/
 * by native/wasm/build.sh) as a {@link Backend}. Engine-neutral: no Node
 * built-ins here, so the browser build uses this file as it is; the module
 * comes from the caller (lib/sampling/wasm-node.ts reads the file in Node,
 * lib/sampling/wasm-browser.ts takes bytes, a Response or a URL).
 *
 * An instance fills on the thread that calls it (the kernel has no threads of
 * its own, native/wasm/thread_pool_serial.cc); async fills of more than one
 * thread go to a {@link FillPool} of workers, each with its own instance,
 * chunk-aligned ranges each (values depend only on the flat index, never on
 * who fills it: docs/STREAM.md §2).
 */
import type { Backend, FillArray, FillCall } from './backend';
import { ARRAY_FOR_DTYPE_ID } from './ids';
import { isDetached } from '../core/validate';
import { abortError } from './jobs';
import { WebAssemblyApi, type WasmMemory, type WasmModule } from './webassembly';
import { fillRefusalError, matrixRefusalError, stalledError, type Refusal } from './refusal';

/** native/wasm/abi.cc's exports. */
interface KernelExports {
  memory: WasmMemory;
  _initialize(): void;
  kaiming_alloc(bytes: number): number;
  kaiming_free(pointer: number): void;
  kaiming_refusal(): number;
  kaiming_chunk_elements(): number;
  kaiming_inline_threshold(): number;
  kaiming_torch_state_bytes(): number;
  kaiming_fill(out: number, dtype: number, transform: number, p0: number, p1: number, p2: number, p3: number, seed: bigint,
    key: bigint, start: bigint, count: bigint): number;
  kaiming_orthogonalize(matrix: number, rows: bigint, cols: bigint, gain: number): number;
  kaiming_torch_fill(state: number, out: number, n: number, f64: number, family: number, p0: number, p1: number, p2: number,
    p3: number, capability: number): void;
  kaiming_torch_random(state: number, out: number, n: number): void;
}

// Results of kaiming_fill and kaiming_orthogonalize (abi.cc).
const DONE = 0;
const STALLED = 2;
const REFUSED = -1;

/** Elements per call into the instance: bounds its memory (8 MiB of float64) whatever the tensor's size. */
const SLICE_ELEMENTS = 1 << 20;

/** One instance of the kernel and the scratch memory it fills. */
export class WasmKernel {
  private readonly x: KernelExports;
  private scratch = 0;
  private scratchBytes = 0;

  constructor(module: WasmModule) {
    this.x = new WebAssemblyApi.Instance(module, {}).exports as unknown as KernelExports;
    this.x._initialize();
  }

  get chunkElements(): number {
    return this.x.kaiming_chunk_elements();
  }

  get inlineThreshold(): number {
    return this.x.kaiming_inline_threshold();
  }

  private refusal(): Refusal {
    const at = this.x.kaiming_refusal();
    const view = new DataView(this.x.memory.buffer, at, 24);
    return { problem: view.getInt32(0, true), argument: view.getInt32(4, true), value: view.getFloat64(8, true), index: view.getBigUint64(16, true) };
  }

  private bytes(n: number): number {
    if (n > this.scratchBytes) {
      if (this.scratch !== 0) this.x.kaiming_free(this.scratch);
      this.scratch = this.x.kaiming_alloc(n);
      if (this.scratch === 0) throw new RangeError(`Could not allocate ${n} bytes of WebAssembly memory`);
      this.scratchBytes = n;
    }
    return this.scratch;
  }

  private fillStatus(c: FillCall, pointer: number, start: number, count: number): void {
    const p = c.params;
    const status = this.x.kaiming_fill(pointer, c.dtype, c.transform, p[0]!, p[1]!, p[2]!, p[3]!, c.seed, c.key, BigInt(start), BigInt(count));
    if (status === REFUSED) throw fillRefusalError(this.refusal(), c);
    if (status === STALLED) throw stalledError(c);
  }

  /** Checks a fill's request as the kernel does (validate()), throwing its refusal. */
  check(c: FillCall): void {
    this.fillStatus(c, 0, c.start, 0);
  }

  /** Fills elements [from, to) of the call (offsets into `out`) on this thread. */
  fillRange(c: FillCall, out: FillArray, from: number, to: number): void {
    const size = out.BYTES_PER_ELEMENT;
    for (let at = from; at < to; at += SLICE_ELEMENTS) {
      const n = Math.min(SLICE_ELEMENTS, to - at);
      const pointer = this.bytes(n * size);
      this.fillStatus(c, pointer, c.start + at, n);
      out.set(new (out.constructor as typeof Float32Array)(this.x.memory.buffer, pointer, n) as never, at);
    }
  }

  orthogonalize(matrix: Float64Array, rows: number, cols: number, gain: number): Float64Array {
    const pointer = this.x.kaiming_alloc(matrix.length * 8);
    if (pointer === 0) throw new RangeError('Could not allocate the scratch memory of orthogonalize');
    try {
      new Float64Array(this.x.memory.buffer, pointer, matrix.length).set(matrix);
      const status = this.x.kaiming_orthogonalize(pointer, BigInt(rows), BigInt(cols), gain);
      if (status === REFUSED) throw matrixRefusalError(this.refusal());
      return new Float64Array(this.x.memory.buffer, pointer, matrix.length).slice();
    } finally {
      this.x.kaiming_free(pointer);
    }
  }

  /** Runs `work` on copies of the state and of `out` in the instance's memory, then copies both back. */
  private withTorchState(state: Uint8Array, outBytes: number, work: (statePointer: number, outPointer: number) => void): Uint8Array {
    const stateBytes = this.x.kaiming_torch_state_bytes();
    const pointer = this.x.kaiming_alloc(stateBytes + outBytes);
    try {
      new Uint8Array(this.x.memory.buffer, pointer, stateBytes).set(state);
      work(pointer, pointer + stateBytes);
      state.set(new Uint8Array(this.x.memory.buffer, pointer, stateBytes));
      return new Uint8Array(this.x.memory.buffer, pointer + stateBytes, outBytes).slice();
    } finally {
      this.x.kaiming_free(pointer);
    }
  }

  torchFill(state: Uint8Array, out: Float32Array | Float64Array, family: number, p: Float64Array, capability: number): void {
    const f64 = out instanceof Float64Array ? 1 : 0;
    const bytes = this.withTorchState(state, out.byteLength, (s, o) =>
      this.x.kaiming_torch_fill(s, o, out.length, f64, family, p[0]!, p[1]!, p[2]!, p[3]!, capability));
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
  }

  torchRandom(state: Uint8Array, out: Uint32Array): void {
    const bytes = this.withTorchState(state, out.byteLength, (s, o) => this.x.kaiming_torch_random(s, o, out.length));
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
  }
}

/** Async fills over workers (lib/sampling/wasm-pool.ts), when the engine has them. */
export interface FillPool {
  /** Fills out[from, to) of the call on the workers; rejects with an AbortError when `signal` aborts. */
  fill(c: FillCall, out: FillArray, threads: number, signal: AbortSignal | undefined): Promise<void>;
  /** orthogonalize on a worker; rejects with an AbortError when `signal` aborts. */
  orthogonalize(matrix: Float64Array, rows: number, cols: number, gain: number, signal: AbortSignal | undefined): Promise<Float64Array>;
}

function isShared(a: FillArray): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** Fills of fewer elements than this stay on the calling thread even when async: a worker's round trip costs more. */
const POOL_MIN_ELEMENTS = 1 << 18;

/**
 * One turn of the event loop, so that an abort (a timer, I/O) can run: Node's
 * and Bun's setImmediate, else setTimeout (which browsers clamp to 4 ms after
 * a few nested calls, hence slices of several chunks).
 */
function yieldTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate !== undefined ? immediate(resolve) : setTimeout(resolve, 0)));
}

/** The kernel as a backend; `pool` (optional) runs the async fills that may use more than one thread. */
export function wasmBackend(kernel: WasmKernel, pool?: FillPool): Backend {
  const allocate = (c: FillCall): FillArray => {
    if (c.out !== null) return c.out;
    const Array = ARRAY_FOR_DTYPE_ID[c.dtype];
    if (Array === undefined) kernel.check(c);  // throws the kernel's refusal of the dtype
    return new Array!(c.length);
  };
  return {
    name: 'wasm',
    chunkElements: kernel.chunkElements,
    inlineThreshold: kernel.inlineThreshold,
    kernelPath: 'simd128',
    fill(c) {
      const out = allocate(c);
      kernel.fillRange(c, out, 0, c.length);
      return out;
    },
    async fillAsync(call, signal) {
      if (signal?.aborted) throw abortError(signal);
      // The fill runs over later turns, while the caller may reuse its params array.
      const c = { ...call, params: call.params.slice() };
      kernel.check(c);
      // As the addon does: a caller's plain ArrayBuffer is written only once the fill is complete (an abort
      // leaves it untouched, a transfer mid-fill is an error); a SharedArrayBuffer receives whole chunks as they come.
      const plain = c.out !== null && !isShared(c.out);
      const out = plain ? new ARRAY_FOR_DTYPE_ID[c.dtype]!(c.length) : allocate(c);
      if (pool !== undefined && c.threads > 1 && c.length >= POOL_MIN_ELEMENTS) {
        await pool.fill(c, out, c.threads, signal);
      } else {
        // One thread: slices of a few chunks with a turn of the event loop between them, so that an abort is seen.
        const step = 16 * kernel.chunkElements;
        for (let at = 0; at < c.length; at += step) {
          await yieldTurn();
          if (signal?.aborted) throw abortError(signal);
          kernel.fillRange(c, out, at, Math.min(c.length, at + step));
        }
      }
      if (!plain) return out;
      if (isDetached(c.out!)) throw new TypeError('The buffer of out was detached or transferred during the fill');
      c.out!.set(out as never);
      return c.out!;
    },
    orthogonalize: (matrix, rows, cols, gain) => kernel.orthogonalize(matrix, rows, cols, gain),
    async orthogonalizeAsync(matrix, rows, cols, gain, _threads, signal) {
      if (signal?.aborted) throw abortError(signal);
      if (pool !== undefined) return pool.orthogonalize(matrix, rows, cols, gain, signal);
      await yieldTurn();
      if (signal?.aborted) throw abortError(signal);
      return kernel.orthogonalize(matrix, rows, cols, gain);
    },
    torchFill(state, out, family, params, capability) {
      kernel.torchFill(state, out, family, params, capability);
    },
    torchRandom: (state, out) => kernel.torchRandom(state, out),
  };
}
