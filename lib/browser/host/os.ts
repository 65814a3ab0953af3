/**
 * `node:os` for the browser build (bin/build-browser.cjs maps it here): only what lib/core
 * reads, `availableParallelism()`, the default thread count (navigator.hardwareConcurrency).
 * Values never depend on it (docs/STREAM.md).
 */
export function availableParallelism(): number {
  const navigator = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return navigator?.hardwareConcurrency ?? 1;
}
