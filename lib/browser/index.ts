/**
 * kaiming for browsers and bundlers: the package root under the "browser" condition of
 * package.json `exports`, bundled by bin/build-browser.cjs into dist/browser/kaiming.js (ESM,
 * no Node built-in), with the WebAssembly kernel beside it (dist/browser/kaiming.wasm).
 *
 * The initializers, their exact laws (describe) and the fans, gains and scales, with the same
 * values as in Node: the kernel is the same C++ compiled to WebAssembly (lib/sampling/
 * wasm-browser.ts). Model files, the CLI and file formats stay in Node's entry.
 *
 * @example
 * <script type="importmap">{ "imports": { "kaiming": "/node_modules/kaiming/dist/browser/kaiming.js" } }</script>
 * <script type="module">
 *   import { ready, kaimingUniform } from 'kaiming';
 *   await ready(); // fetches kaiming.wasm from beside kaiming.js
 *   const w = kaimingUniform([128, 256], { nonlinearity: 'relu', seed: 0 });
 * </script>
 */
import '../sampling/backends-browser';
import { initWasm, type WasmSource } from '../sampling/wasm-browser';
import { lookupRule } from '../initializers/registry';
import { ruleOptionNames } from '../initializers/define';

/**
 * Compiles the WebAssembly kernel and makes it this page's backend; await it once before the
 * first fill. By default the kernel is fetched from beside this module (kaiming.wasm); a
 * bundler that moves assets passes its URL, a Response or the bytes.
 */
export function ready(source: WasmSource = new URL('./kaiming.wasm', import.meta.url)): Promise<void> {
  return initWasm(source);
}
export { initWasm };
export { backend } from '../sampling/backend';

/** The option names an initializer takes (besides the common seed, key, dtype, …). */
export function initializerOptions(name: string): string[] {
  return [...ruleOptionNames(lookupRule(name))];
}

export * from '../initializers/basic';
export * from '../initializers/kaiming';
export * from '../initializers/xavier';
export * from '../initializers/keras';
export * from '../initializers/structured';
export { init, initAsync, initializerNames, planFor } from '../initializers/registry';
export { defaults } from '../initializers/defaults';
export type { ConvLayerOptions, LayerOptions, LayerParameters } from '../initializers/defaults';

export { calculateGain, computeFans, DEFAULT_NEGATIVE_SLOPE, LAYOUTS, NONLINEARITIES } from '../rules/fans';
export type { Fans, Layout, Nonlinearity } from '../rules/fans';
export * from '../rules/scales';
export { formatShape, numel, validateShape } from '../core/shape';

export { defaultGenerator, Generator, hashKey, manualSeed } from '../core/stream';
export { TorchGenerator, torchGenerator } from '../core/torch-generator';
export type { AsyncOptions, CommonOptions, Tensor } from '../core/tensor';
export type { DType, TensorData } from '../core/dtype';
export {
  float32ToBfloat16Bits, float32ToFloat16Bits, float32BitsToFloat16Bits, float32ArrayToFloat16Bits,
  bfloat16BitsToFloat32, float16BitsToFloat32, bfloat16ArrayToFloat32,
} from '../core/dtype';

// The exact law of every initializer, its report lines and its histogram.
export { describe } from '../distributions/describe';
export type { Description } from '../distributions/describe';
export type { Distribution, Formula, FormulaText, PointMass } from '../distributions';
export { describeRows, type ReportRow } from '../distributions/report';
export { lawHistogramSvg, plotRange, type LawHistogram } from '../plot/law';
export { drawSample, toNumbers, type Drawn } from '../distributions/draw';
