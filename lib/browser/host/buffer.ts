/**
 * `node:buffer` for the browser build (bin/build-browser.cjs maps it here): only what lib/core
 * reads, `constants.MAX_LENGTH`, the largest ArrayBuffer in bytes. Browsers publish no such
 * constant; 2^31 − 1 is within every current engine's limit (V8, SpiderMonkey, JavaScriptCore),
 * so a shape beyond it is refused by kaiming's message before an allocation fails.
 */
export const constants = { MAX_LENGTH: 2 ** 31 - 1 };
