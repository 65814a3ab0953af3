/**
 * How native async jobs run: one at a time per JS thread, cancellable through
 * an AbortSignal, rejecting as Node's own APIs do.
 */

/** An AbortError as Node's own APIs reject with. */
export function abortError(signal: AbortSignal): DOMException {
  const error = new DOMException('The operation was aborted', 'AbortError');
  Object.defineProperty(error, 'cause', { value: signal.reason, enumerable: false, configurable: true });
  return error;
}

// Native async jobs run one at a time (per JS thread). The kernel's pool
// already uses every core, so a second job in flight adds no speed; it only
// holds another of libuv's four threads, which fs, dns and zlib need: with
// 500 concurrent fills, an fs.readFile waited for a batch of them.
// An idle queue starts the job at once, in the caller's turn, as a direct
// call would.
let nativeQueue: Promise<unknown> = Promise.resolve();
let queued = 0;

export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const started = queued === 0 ? new Promise<T>((resolve) => resolve(work())) : nativeQueue.then(work, work);
  queued++;
  const run = started.finally(() => {
    queued--;
  });
  nativeQueue = run.catch(() => undefined);
  return run;
}

/**
 * Runs native async work that may be aborted, after the native jobs queued
 * before it: `work` receives the cancel flag (an Int32Array over a
 * SharedArrayBuffer that the native side polls between chunks, or undefined
 * without a signal). A job aborted while it waits never starts. The abort
 * listener is removed afterwards, and a native abort becomes a DOMException
 * AbortError.
 */
export async function abortable<T>(signal: AbortSignal | undefined, work: (cancel: Int32Array | undefined) => Promise<T>): Promise<T> {
  if (signal === undefined) return oneAtATime(() => work(undefined));
  if (signal.aborted) throw abortError(signal);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const onAbort = () => Atomics.store(flag, 0, 1);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await oneAtATime(() => {
      if (signal.aborted) throw abortError(signal);
      return work(flag);
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw abortError(signal);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
