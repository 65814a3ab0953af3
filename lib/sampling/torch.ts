/**
 * Sampling on the torch stream (docs/TORCH-STREAM.md): a plan's family and
 * parameters drawn as torch 1.13's tensor.uniform_, normal_ and
 * nn.init.trunc_normal_ would draw them from its generator.
 */
import type { TorchGenerator } from '../core/torch-generator';
import { activeBackend } from './backends';

/** Family identifiers of native/binding/torch_stream.cc and native/wasm/abi.cc. */
export const TORCH_FAMILY = { uniform: 0, normal: 1, truncated_normal: 2 } as const;
export type TorchFamily = keyof typeof TORCH_FAMILY;

const params = new Float64Array(4);

/** Fills `out` in place from the generator, advancing it as torch would. */
export function torchFill(
  generator: TorchGenerator, family: TorchFamily, p: readonly number[], out: Float32Array | Float64Array, threads = 1,
): Float32Array | Float64Array {
  params[0] = p[0] ?? 0;
  params[1] = p[1] ?? 0;
  params[2] = p[2] ?? 0;
  params[3] = p[3] ?? 0;
  activeBackend().torchFill(generator.state, out, TORCH_FAMILY[family], params, generator.capability === 'avx2' ? 0 : 1, threads);
  return out;
}

/**
 * torch.randperm(n) on the generator (aten/src/ATen/native/TensorFactories.cpp,
 * randperm_cpu, torch 1.13): the identity, then for i = 0 … n − 2 a swap of
 * entries i and i + (random() mod (n − i)), one 32-bit output each.
 * `perm` (length n) receives the permutation.
 */
export function torchRandperm(generator: TorchGenerator, perm: Int32Array | Float64Array, words: Uint32Array): void {
  const n = perm.length;
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n < 2) return;
  activeBackend().torchRandom(generator.state, words.length === n - 1 ? words : words.subarray(0, n - 1));
  for (let i = 0; i < n - 1; i++) {
    const z = i + (words[i]! % (n - i));
    const saved = perm[i]!;
    perm[i] = perm[z]!;
    perm[z] = saved;
  }
}
