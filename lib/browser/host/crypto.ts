/**
 * `node:crypto` for the browser build (bin/build-browser.cjs maps it here): only what lib/core
 * reads, `webcrypto`, which in a browser is the global Web Crypto object. It seeds the default
 * generator only; values never depend on it (docs/STREAM.md).
 */
export const webcrypto: Crypto = globalThis.crypto;
