/**
 * The browser's wiring of the backend seam (lib/sampling/backend.ts), in
 * place of lib/sampling/backends.ts: no native addon, and the WebAssembly
 * kernel only once the page has given its bytes to `initWasm`
 * (lib/sampling/wasm-browser.ts).
 */
import { activeBackend, backend, registerBackendLoaders } from './backend';

registerBackendLoaders({
  native: () => {
    throw new Error('kaiming: there is no native addon in a browser (KAIMING_BACKEND=native cannot be met)');
  },
  wasm: () => {
    throw new Error("kaiming: the WebAssembly kernel is not loaded yet: await initWasm(fetch(new URL('kaiming.wasm', import.meta.url))) first");
  },
});

export { activeBackend, backend };
