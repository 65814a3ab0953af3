/**
 * Node's wiring of the backend seam (lib/sampling/backend.ts): the native
 * addon (lib/sampling/native.ts) first, the WebAssembly kernel
 * (lib/sampling/wasm-node.ts) when the addon does not load. The browser build
 * replaces this file by lib/sampling/backends-browser.ts, which has the same
 * exports and no Node built-ins.
 */
import { activeBackend, backend, registerBackendLoaders } from './backend';
import { loadAddon, nativeBackend } from './native';
import { loadWasmBackend } from './wasm-node';

const packageRoot = `${__dirname}/../..`;

registerBackendLoaders({
  native: () => nativeBackend(loadAddon(packageRoot).binding),
  wasm: () => loadWasmBackend(),
});

export { activeBackend, backend };
