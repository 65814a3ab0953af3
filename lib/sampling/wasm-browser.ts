/**
 * The WebAssembly kernel for engines without Node built-ins (browsers, and
 * any engine the caller prefers to give bytes to): `initWasm(source)` compiles
 * the module from the caller's bytes, Response or URL and installs the wasm
 * backend, with a pool of Web Workers for async fills when the engine has
 * them. A bundler or import map serves native/wasm/kaiming.wasm; the ESM entry
 * passes `fetch(new URL('…/native/wasm/kaiming.wasm', import.meta.url))`.
 */
import { setBackend } from './backend';
import { wasmBackend, WasmKernel } from './wasm-kernel';
import { isWasmModule, WebAssemblyApi, type WasmModule } from './webassembly';
import { WORKER_SOURCE, WorkerFillPool, type FillPool, type PoolWorker, type TaskReply } from './wasm-pool';

/** What initWasm accepts: the module itself, its bytes, or where to get them. */
export type WasmSource = WasmModule | ArrayBufferView | ArrayBuffer | Response | PromiseLike<Response> | URL | string;

interface WebWorkerLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

async function compile(source: WasmSource): Promise<WasmModule> {
  if (isWasmModule(source)) return source;
  if (typeof source === 'string' || source instanceof URL) return compile(fetch(source));
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return WebAssemblyApi.compile(source);
  const response = await source;
  if (!response.ok) throw new Error(`kaiming: could not fetch the WebAssembly kernel from ${response.url}: ${response.status}`);
  return WebAssemblyApi.compile(await response.arrayBuffer());
}

function webWorkerPool(module: WasmModule, chunkElements: number): FillPool | undefined {
  const g = globalThis as unknown as {
    Worker?: new (url: string) => WebWorkerLike;
    Blob?: new (parts: string[], options: { type: string }) => unknown;
    URL: { createObjectURL?(blob: unknown): string };
    navigator?: { hardwareConcurrency?: number };
  };
  if (g.Worker === undefined || g.Blob === undefined || g.URL.createObjectURL === undefined) return undefined;
  const url = g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const spawn = (): PoolWorker => {
    const worker = new g.Worker!(url);
    return {
      post: (message) => worker.postMessage(message),
      onReply: (handler) => {
        worker.onmessage = (event) => handler(event.data as TaskReply);
      },
      busy: () => undefined,
    };
  };
  return new WorkerFillPool(module, spawn, Math.max(1, g.navigator?.hardwareConcurrency ?? 1), chunkElements);
}

/** Compiles the kernel and makes it the backend of this page (or worker). */
export async function initWasm(source: WasmSource): Promise<void> {
  const module = await compile(source);
  const kernel = new WasmKernel(module);
  setBackend(wasmBackend(kernel, webWorkerPool(module, kernel.chunkElements)));
}
