/**
 * `node:buffer` for the browser build (bin/build-browser.cjs maps it here): only what lib/core
 * reads, `constants.MAX_LENGTH`, the largest ArrayBuffer in bytes. Browsers publish no such
 * constant; 2^31 − 1 bytes (2 GiB) is a conservative bound: a shape beyond it is refused with
 * kaiming's message, and an engine whose own limit is lower throws its RangeError on allocation.
 */
export const constants = { MAX_LENGTH: 2 ** 31 - 1 };
