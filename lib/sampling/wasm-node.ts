/**
 * The WebAssembly kernel in Node: native/wasm/kaiming.wasm from the package,
 * compiled once, with a pool of worker_threads for async fills
 * (lib/sampling/wasm-pool.ts). The browser's counterpart is
 * lib/sampling/wasm-browser.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Backend } from './backend';
import { wasmBackend, WasmKernel } from './wasm-kernel';
import { WebAssemblyApi } from './webassembly';
import { WORKER_SOURCE, WorkerFillPool, type PoolWorker, type TaskReply } from './wasm-pool';

/** The kernel's file in the package (lib/sampling/ or dist/sampling/ is two levels below the root). */
export const WASM_FILE = path.join(__dirname, '..', '..', 'native', 'wasm', 'kaiming.wasm');

function nodeWorker(): PoolWorker {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  // An idle worker must not keep the process alive; a busy one must, until its reply arrives.
  worker.unref();
  return {
    post: (message) => worker.postMessage(message),
    onReply: (handler) => worker.on('message', (reply: TaskReply) => handler(reply)),
    busy: (yes) => (yes ? worker.ref() : worker.unref()),
  };
}

/** The wasm backend from `file` (default: the package's), or throws why it cannot load. */
export function loadWasmBackend(file: string = WASM_FILE): Backend {
  const module = new WebAssemblyApi.Module(fs.readFileSync(file));
  const kernel = new WasmKernel(module);
  const pool = new WorkerFillPool(module, nodeWorker, Math.max(1, os.availableParallelism()), kernel.chunkElements);
  return wasmBackend(kernel, pool);
}
