/**
 * The part of the WebAssembly JS API the wasm backend uses, typed here: the
 * compiler's `lib` is es2022 with Node's types, which declare no
 * `WebAssembly` global, and every engine kaiming runs in has one.
 */

/** A compiled module (WebAssembly.Module): opaque, cloneable to workers. */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WebAssemblyApi {
  Module: (new (bytes: ArrayBufferView | ArrayBuffer) => WasmModule) & { prototype: WasmModule };
  Instance: new (module: WasmModule, imports: Record<string, unknown>) => WasmInstance;
  compile(bytes: ArrayBufferView | ArrayBuffer): Promise<WasmModule>;
}

/** The engine's WebAssembly namespace. */
export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Whether a value is a compiled module. */
export function isWasmModule(value: unknown): value is WasmModule {
  return value instanceof WebAssemblyApi.Module;
}
