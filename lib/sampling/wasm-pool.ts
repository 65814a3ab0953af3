/**
 * Async wasm fills spread over workers, each with its own instance of the
 * kernel (lib/sampling/wasm-kernel.ts). Engine-neutral: the caller passes how
 * to start a worker (worker_threads in Node, lib/sampling/wasm-node.ts; a Web
 * Worker in a browser, lib/sampling/wasm-browser.ts), and every worker runs
 * {@link WORKER_SOURCE}.
 *
 * A fill is cut at chunk boundaries of the flat index (docs/STREAM.md §2) into
 * tasks of a few chunks; idle workers take the next task, and each result is
 * copied into the output at its offset. The values depend only on the index,
 * so the bytes are the same for any number of workers. An AbortSignal stops
 * the dispatch of new tasks and rejects with an AbortError at once; results
 * still in flight are dropped.
 */
import type { FillArray, FillCall } from './backend';
import { abortError } from './jobs';
import { fillRefusalError, matrixRefusalError, stalledError } from './refusal';
import type { FillPool } from './wasm-kernel';
import type { WasmModule } from './webassembly';

/** What the pool needs of a worker, whatever the engine. */
export interface PoolWorker {
  post(message: unknown): void;
  /** Registers the one handler of the worker's replies. */
  onReply(handler: (reply: TaskReply) => void): void;
  /** Keeps the process alive while a task runs (Node's ref/unref); a no-op elsewhere. */
  busy(yes: boolean): void;
}

/** A task as posted to a worker: a range of a fill, or a whole orthogonalize. */
type TaskMessage =
  | { id: number; kind: 'fill'; dtype: number; transform: number; params: number[]; seed: bigint; key: bigint; start: number; length: number; bytes: number }
  | { id: number; kind: 'orthogonalize'; matrix: Float64Array; rows: number; cols: number; gain: number };

/** A worker's reply: the result's bytes, or the kernel's status (and the refusal's fields) when there is none. */
export interface TaskReply {
  id: number;
  status: number;
  buffer?: ArrayBuffer;
  refusal?: number[];
  error?: string;
}

/**
 * The program every worker runs. Plain JS for any engine: the first message is
 * the compiled module; then each task is filled into the instance's memory and
 * posted back as a transferred ArrayBuffer. `port` is Node's parentPort or
 * the Web Worker's global scope.
 */
export const WORKER_SOURCE = `
const port = typeof require === 'function' ? require('node:worker_threads').parentPort : self;
let x, scratch = 0, capacity = 0;
function memory(bytes) {
  if (bytes > capacity) { if (scratch !== 0) x.kaiming_free(scratch); scratch = x.kaiming_alloc(bytes); capacity = bytes; }
  return scratch;
}
function reply(id, status, bytes) {
  if (status !== 0) {
    const r = new DataView(x.memory.buffer, x.kaiming_refusal(), 24);
    port.postMessage({ id, status, refusal: [r.getInt32(0, true), r.getInt32(4, true), r.getFloat64(8, true), Number(r.getBigUint64(16, true))] });
    return;
  }
  const out = new Uint8Array(bytes);
  out.set(new Uint8Array(x.memory.buffer, scratch, bytes));
  port.postMessage({ id, status, buffer: out.buffer }, [out.buffer]);
}
function onTask(m) {
  if (m.module !== undefined) { x = new WebAssembly.Instance(m.module, {}).exports; x._initialize(); return; }
  try {
    if (m.kind === 'orthogonalize') {
      const bytes = m.matrix.byteLength;
      const at = memory(bytes); // first: growing the memory detaches its old buffer
      new Float64Array(x.memory.buffer, at, m.matrix.length).set(m.matrix);
      reply(m.id, x.kaiming_orthogonalize(scratch, BigInt(m.rows), BigInt(m.cols), m.gain), bytes);
      return;
    }
    const p = m.params;
    const at = memory(m.bytes);
    reply(m.id, x.kaiming_fill(at, m.dtype, m.transform, p[0], p[1], p[2], p[3], m.seed, m.key, BigInt(m.start), BigInt(m.length)), m.bytes);
  } catch (error) {
    port.postMessage({ id: m.id, status: -2, error: String(error && error.message || error) });
  }
}
if (typeof require === 'function') port.on('message', onTask); else port.onmessage = (event) => onTask(event.data);
`;

/** Chunks per task: 4 × 65,536 elements, about a millisecond of uniform float32. */
const TASK_CHUNKS = 4;

interface Task {
  job: Job;
  message: TaskMessage;
}

interface Job {
  pending: number;
  settled: boolean;
  /** Takes one task's reply; returns the error that fails the job, if any. */
  accept(task: Task, reply: TaskReply): Error | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

/** The error of a reply without a result: a refusal (worded as the calling thread would), a stall, or a lost worker. */
function replyError(reply: TaskReply, call: FillCall | undefined): Error {
  if (reply.refusal !== undefined) {
    const [problem, argument, value, index] = reply.refusal as [number, number, number, number];
    const refusal = { problem, argument, value, index: BigInt(index) };
    return call === undefined ? matrixRefusalError(refusal) : fillRefusalError(refusal, call);
  }
  if (reply.status === 2 && call !== undefined) return stalledError(call);
  return new Error(`kaiming: a wasm worker failed: ${reply.error ?? `status ${reply.status}`}`);
}

export type { FillPool };

export class WorkerFillPool implements FillPool {
  private readonly workers: PoolWorker[] = [];
  private readonly idle: PoolWorker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<number, Task>();
  private nextId = 1;

  /**
   * @param spawn starts a worker running {@link WORKER_SOURCE}; the pool posts it `{ module }` first.
   * @param maxWorkers the most workers ever started (the hardware's threads).
   */
  constructor(
    private readonly module: WasmModule,
    private readonly spawn: () => PoolWorker,
    private readonly maxWorkers: number,
    private readonly chunkElements: number,
  ) {}

  fill(call: FillCall, out: FillArray, threads: number, signal: AbortSignal | undefined): Promise<void> {
    const size = out.BYTES_PER_ELEMENT;
    const step = TASK_CHUNKS * this.chunkElements;
    const messages: TaskMessage[] = [];
    const offsets = new Map<number, number>();
    // Task boundaries on multiples of the chunk size in the flat index, so no task redraws part of a chunk.
    for (let offset = 0; offset < call.length;) {
      const index = call.start + offset;
      const length = Math.min(call.length - offset, step - (index % step));
      const id = this.nextId++;
      messages.push({ id, kind: 'fill', dtype: call.dtype, transform: call.transform, params: Array.from(call.params), seed: call.seed,
        key: call.key, start: index, length, bytes: length * size });
      offsets.set(id, offset);
      offset += length;
    }
    return this.submit(messages, threads, signal, (task, reply) => {
      if (reply.buffer === undefined) return replyError(reply, call);
      const Array = out.constructor as typeof Float32Array;
      out.set(new Array(reply.buffer) as never, offsets.get(task.message.id)!);
      return undefined;
    });
  }

  /** orthogonalize (native/kernel/orthogonal.h) of a copy of `matrix` on a worker. */
  orthogonalize(matrix: Float64Array, rows: number, cols: number, gain: number, signal: AbortSignal | undefined): Promise<Float64Array> {
    let result: Float64Array | undefined;
    const message: TaskMessage = { id: this.nextId++, kind: 'orthogonalize', matrix, rows, cols, gain };
    return this.submit([message], 1, signal, (_task, reply) => {
      if (reply.buffer === undefined) return replyError(reply, undefined);
      result = new Float64Array(reply.buffer);
      return undefined;
    }).then(() => result!);
  }

  /** Queues a job's tasks; settles when every reply is accepted, the first error, or the abort. */
  private submit(messages: TaskMessage[], threads: number, signal: AbortSignal | undefined,
    accept: (task: Task, reply: TaskReply) => Error | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const job: Job = { pending: messages.length, settled: false, accept, resolve, reject };
      if (messages.length === 0) {
        resolve();
        return;
      }
      if (signal !== undefined) {
        const onAbort = () => this.fail(job, abortError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        job.resolve = () => { done(); resolve(); };
        job.reject = (error) => { done(); reject(error); };
      }
      for (const message of messages) this.queue.push({ job, message });
      this.grow(Math.min(threads, this.maxWorkers));
      this.dispatch();
    });
  }

  private fail(job: Job, error: unknown): void {
    if (job.settled) return;
    job.settled = true;
    // Tasks not yet started are dropped; those running finish into nothing.
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.job === job) this.queue.splice(i, 1);
    job.reject(error);
  }

  private grow(wanted: number): void {
    while (this.workers.length < wanted) {
      const worker = this.spawn();
      worker.post({ module: this.module });
      worker.onReply((reply) => this.onReply(worker, reply));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(task.message.id, task);
      worker.busy(true);
      worker.post(task.message);
    }
  }

  private onReply(worker: PoolWorker, reply: TaskReply): void {
    const task = this.running.get(reply.id);
    this.running.delete(reply.id);
    worker.busy(false);
    this.idle.push(worker);
    if (task !== undefined && !task.job.settled) {
      const job = task.job;
      let error: unknown;
      try {
        error = job.accept(task, reply);
      } catch (thrown) {
        error = thrown;
      }
      if (error !== undefined) this.fail(job, error);
      else if (--job.pending === 0) {
        job.settled = true;
        job.resolve();
      }
    }
    this.dispatch();
  }
}
