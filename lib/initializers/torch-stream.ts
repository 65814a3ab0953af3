/**
 * The initializers on the torch stream: a call given a TorchGenerator
 * (lib/core/torch-generator.ts) draws what torch 1.13's nn.init function of
 * the same name draws from torch's generator (torch/nn/init.py), bit for bit
 * (docs/TORCH-STREAM.md). The plan (fans, gain, bound, std) is the one every
 * call makes; only the sampling differs.
 */
import { checkDType, type DType, type TensorData } from '../core/dtype';
import { allocate, resolveWithoutStream, type Tensor } from '../core/tensor';
import { TorchGenerator } from '../core/torch-generator';
import { describeValue, expectedMessage } from '../core/validate';
import type { Plan } from '../rules/plan';
import { fillStructured } from '../sampling/structured';
import { torchFill, torchRandperm } from '../sampling/torch';

/** The rules torch.nn.init has, by kaiming's name: the ones a torch generator can draw. */
const TORCH_RULES = new Set([
  'uniform', 'normal', 'truncNormal', 'constant', 'zeros', 'ones',
  'kaimingUniform', 'kaimingNormal', 'xavierUniform', 'xavierNormal', 'eye', 'dirac', 'sparse',
]);

/** Why the other rules are refused with a torch generator. */
const REFUSALS: Record<string, string> = {
  orthogonal:
    "torch's orthogonal_ takes the QR decomposition of a normal matrix from LAPACK (torch.linalg.qr), whose bits depend on the LAPACK build, so its values cannot be promised",
};

/**
 * torch 1.13's sparse_ (torch/nn/init.py): normal_(0, std) over the whole
 * matrix, then for each column a torch.randperm(rows) whose first
 * ⌈sparsity·rows⌉ rows are set to 0.
 */
function sparseAsTorch(generator: TorchGenerator, plan: Extract<Plan, { family: 'sparse' }>, shape: number[], out: Float32Array | Float64Array, threads: number): void {
  const [rows, cols] = shape as [number, number];
  torchFill(generator, 'normal', [0, plan.std], out, threads);
  const zeros = Math.ceil(plan.sparsity * rows);
  const perm = new Int32Array(rows);
  const words = new Uint32Array(Math.max(rows - 1, 0));
  for (let col = 0; col < cols; col++) {
    torchRandperm(generator, perm, words);
    for (let k = 0; k < zeros; k++) out[perm[k]! * cols + col] = 0;
  }
}

/** Whether a call's options carry a torch generator. */
export function usesTorchGenerator(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { generator?: unknown }).generator instanceof TorchGenerator;
}

/** A dtype the torch stream makes: 'float32' or 'float64' (RangeError for the others, TypeError for a non-dtype). */
export function torchDType(value: unknown): 'float32' | 'float64' {
  const dtype = checkDType(value);
  checkDTypeForTorch(dtype);
  return dtype;
}

function checkDTypeForTorch(dtype: DType): asserts dtype is 'float32' | 'float64' {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RangeError(
      `${expectedMessage("'float32' or 'float64' with a torch generator", 'dtype', dtype)} (torch's float16 and bfloat16 kernels are not reproduced)`,
    );
  }
}

/** Why a rule cannot draw from a torch generator, or undefined when it can. */
export function torchRefusal(ruleName: string): string | undefined {
  if (TORCH_RULES.has(ruleName)) return undefined;
  // lib's one message form (core/validate.ts), with the reason after it.
  return `Expected a kaiming Generator for ${ruleName}'s generator but received a torch generator: ${ruleName} cannot draw from one, as ${
    REFUSALS[ruleName] ?? 'torch.nn.init has no such initializer'}`;
}

/** The dtypes a torch generator makes. */
export const TORCH_DTYPES: readonly DType[] = ['float32', 'float64'];

/**
 * Draws a plan from a torch generator. `opts` passed the rule's option-name
 * check; the generator advances only after every option is accepted.
 */
export function sampleTorch(ruleName: string, shape: number[], plan: Plan, opts: Record<string, unknown>): Tensor {
  const refusal = torchRefusal(ruleName);
  if (refusal !== undefined) throw new RangeError(refusal);
  const generator = opts.generator as TorchGenerator;
  if (opts.seed !== undefined) {
    throw new TypeError(`Expected either seed or generator, not both, but received seed ${describeValue(opts.seed)}`);
  }
  if (opts.key !== undefined) {
    throw new TypeError(`${expectedMessage('no key with a torch generator', 'key', opts.key)} (torch's stream has no keys)`);
  }
  if (opts.range !== undefined) {
    throw new TypeError(
      `${expectedMessage('no range with a torch generator', 'range', opts.range)} (torch draws a tensor in one serial sequence)`,
    );
  }
  // The common options' checks (dtype, out, shared, threads); the stream is the generator.
  const resolved = resolveWithoutStream(shape, opts, false);
  checkDTypeForTorch(resolved.dtype);
  const data = (resolved.out ?? allocate(resolved)) as TensorData;
  const out = data as Float32Array | Float64Array;
  // torch's nn.init returns zero-element tensors untouched: no draw.
  if (resolved.size > 0) {
    switch (plan.family) {
      case 'uniform': torchFill(generator, 'uniform', [plan.low, plan.high], out, resolved.threads); break;
      case 'normal': torchFill(generator, 'normal', [plan.mean, plan.std], out, resolved.threads); break;
      case 'truncated_normal': torchFill(generator, 'truncated_normal', [plan.mean, plan.std, plan.a, plan.b], out, resolved.threads); break;
      case 'sparse': sparseAsTorch(generator, plan, shape, out, resolved.threads); break;
      default: fillStructured(plan, resolved, data); // constant_, eye_, dirac_: no random numbers in torch either
    }
  }
  return { data, shape, dtype: resolved.dtype, seed: generator.seed, key: 0n, range: [0, resolved.size], stream: 'torch' };
}
