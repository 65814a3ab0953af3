/**
 * PyTorch's default CPU generator, as a second stream beside kaiming's own
 * (docs/TORCH-STREAM.md). `torchGenerator(s)` is `torch.manual_seed(s)`:
 * passed as `generator`, it makes uniform, normal, truncNormal, the kaiming
 * and xavier rules (and, through torchModules, nn.Linear & co.) give torch
 * 1.13's values bit for bit, call after call, as torch's own generator
 * advances.
 *
 * The state is torch's: the 624 words of its 32-bit MT19937 (at::mt19937,
 * aten/src/ATen/core/MT19937RNGEngine.h), the position in them, and the
 * cached second Box–Muller sample of at::normal_distribution<double>
 * (aten/src/ATen/CPUGeneratorImpl.cpp, next_double_normal_sample_). It lives
 * in one ArrayBuffer laid out as native/kernel/torch_mt19937.h's
 * TorchGeneratorState, which the addon advances in place.
 */
import { rangeError, typeError } from './validate';
import { toUint64 } from './stream';

/** Bytes of the state (sizeof(kaiming::TorchGeneratorState)). */
export const TORCH_STATE_BYTES = 2512;
const MT_WORDS = 624;

/**
 * Which of torch's CPU kernel builds to reproduce (ATen's CPU_CAPABILITY):
 * 'avx2', the one torch 1.13 runs on every x86-64 CPU with AVX2 (AVX-512 ones
 * included), or 'default', its scalar build (CPUs without AVX2, or
 * ATEN_CPU_CAPABILITY=default).
 */
export type TorchCapability = 'avx2' | 'default';
export const TORCH_CAPABILITIES: readonly TorchCapability[] = ['avx2', 'default'];

export interface TorchGeneratorOptions {
  /** The torch build whose numbers to give; default 'avx2'. */
  capability?: TorchCapability;
}

/** torch's CPU generator: pass it as `generator`. */
export class TorchGenerator {
  /** The state the addon advances (TorchGeneratorState). */
  readonly state: Uint8Array;
  readonly capability: TorchCapability;
  #seed = 0n;

  constructor(seed: number | bigint, options: TorchGeneratorOptions = {}) {
    if (typeof options !== 'object' || options === null) throw typeError('an options object', 'options', options);
    const capability = options.capability ?? 'avx2';
    if (!TORCH_CAPABILITIES.includes(capability)) throw rangeError("'avx2' or 'default'", 'capability', capability);
    this.capability = capability;
    this.state = new Uint8Array(new ArrayBuffer(TORCH_STATE_BYTES));
    this.manualSeed(seed);
  }

  /** The seed given to the constructor or the last manualSeed (torch.initial_seed()). */
  get seed(): bigint {
    return this.#seed;
  }

  /**
   * torch.manual_seed(seed): the engine seeded with seed's low 32 bits as
   * std::mt19937 is ([rand.eng.mers]: x[i] = 1812433253·(x[i−1] ⊕ (x[i−1] ≫ 30)) + i),
   * and the cached normal sample dropped (CPUGeneratorImpl::set_current_seed).
   */
  manualSeed(seed: number | bigint): this {
    this.#seed = toUint64(seed, 'seed');
    const words = new Uint32Array(this.state.buffer, 0, MT_WORDS + 2);
    words[0] = Number(this.#seed & 0xffffffffn);
    for (let i = 1; i < MT_WORDS; i++) {
      const prev = words[i - 1]!;
      words[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
    words[MT_WORDS] = MT_WORDS; // index: twist before the first output
    words[MT_WORDS + 1] = 0; // no cached normal sample
    new Float64Array(this.state.buffer, (MT_WORDS + 2) * 4, 1)[0] = 0;
    return this;
  }

  toString(): string {
    return `TorchGenerator(seed=${this.#seed}, capability=${this.capability})`;
  }
}

/**
 * `torch.manual_seed(seed)` as a generator of its own.
 * @example const g = torchGenerator(0); kaimingUniform([256, 784], { a: Math.sqrt(5), generator: g });
 */
export function torchGenerator(seed: number | bigint, options?: TorchGeneratorOptions): TorchGenerator {
  return new TorchGenerator(seed, options);
}
