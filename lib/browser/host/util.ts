/**
 * `node:util` for the browser build (bin/build-browser.cjs maps it here): only what lib/core
 * reads, `types.isProxy`, used to name a Proxy in an error message. No language feature tells a
 * Proxy apart, so in a browser a Proxy is described as what it wraps.
 */
export const types = { isProxy: (_value: unknown): boolean => false };
