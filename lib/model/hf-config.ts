/**
 * `specFromHfConfig(config)`: a model spec from a Hugging Face `config.json`, with the
 * tensor names, shapes and dtypes transformers' implementation saves and its
 * `_init_weights` (or another recipe, lib/model/recipes.ts).
 *
 * Supported `architectures`: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM
 * and GPT2LMHeadModel. Fields missing from the file take the defaults of the config
 * class's `__init__` (transformers `models/llama/configuration_llama.py` LlamaConfig,
 * `models/mistral/configuration_mistral.py` MistralConfig, `models/qwen2/configuration_qwen2.py`
 * Qwen2Config, `models/gpt2/configuration_gpt2.py` GPT2Config), as `from_pretrained` does.
 *
 * - head_dim: `head_dim` if set, else hidden_size // num_attention_heads (LlamaConfig,
 *   MistralConfig; Qwen2Attention `getattr(config, "head_dim", hidden_size // num_attention_heads)`).
 * - num_key_value_heads: None means num_attention_heads (every config class).
 * - Biases: Qwen2Attention has q/k/v biases (`bias=True`) and none on o_proj; Llama has
 *   them on q/k/v/o with `attention_bias` and on gate/up/down with `mlp_bias`; Mistral none.
 * - tie_word_embeddings: true means no `lm_head.weight` in the saved files
 *   (save_pretrained drops tied duplicates); GPT-2's default is true (PretrainedConfig).
 * - torch_dtype (or `dtype`, its newer name) is the spec's default dtype; float32 if absent.
 */
import { DTYPES, type DType } from '../core/dtype';
import { expectedMessage, optionsObject, knownOptions, boolean } from '../core/validate';
import { gpt2Layout, llamaLayout, type Layout } from './layouts';
import { specFromLayout, type RecipeChoice } from './presets';
import type { ModelSpec } from './spec';

export const HF_ARCHITECTURES = ['LlamaForCausalLM', 'MistralForCausalLM', 'Qwen2ForCausalLM', 'GPT2LMHeadModel'] as const;
export type HfArchitecture = (typeof HF_ARCHITECTURES)[number];

export interface HfConfigOptions extends RecipeChoice {
  seed?: number | string;
  /** Overrides the config's torch_dtype. */
  dtype?: DType;
  /**
   * A config with pad_token_id makes transformers zero that row of embed_tokens (nn.Embedding's
   * padding_idx), which a spec cannot express: refused unless this is true (the row is then drawn).
   */
  ignorePadToken?: boolean;
}

type Config = Record<string, unknown>;

/** The config classes' defaults, field by field (transformers' configuration_*.py `__init__`). */
const DEFAULTS: Record<HfArchitecture, Record<string, number | boolean | null>> = {
  LlamaForCausalLM: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: null, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, attention_bias: false, mlp_bias: false,
  },
  MistralForCausalLM: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 8, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false,
  },
  Qwen2ForCausalLM: {
    vocab_size: 151936, hidden_size: 4096, intermediate_size: 22016, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 32, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false,
  },
  GPT2LMHeadModel: {
    vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, n_inner: null, initializer_range: 0.02, tie_word_embeddings: true,
  },
};

function configError(expected: string, field: string, value: unknown, type: boolean): Error {
  const text = expectedMessage(expected, `config.${field}`, value);
  return type ? new TypeError(text) : new RangeError(text);
}

/** A field, or its default when absent or null (HF treats None as "use the default"). */
function read(config: Config, arch: HfArchitecture, field: string): unknown {
  const value = config[field];
  return value === undefined || value === null ? DEFAULTS[arch][field] : value;
}

function int(config: Config, arch: HfArchitecture, field: string): number {
  const v = read(config, arch, field);
  if (typeof v !== 'number') throw configError('a positive integer', field, v, true);
  if (!Number.isSafeInteger(v) || v < 1) throw configError('a positive integer', field, v, false);
  return v;
}

function optionalInt(config: Config, arch: HfArchitecture, field: string): number | undefined {
  return read(config, arch, field) === null ? undefined : int(config, arch, field);
}

function flag(config: Config, arch: HfArchitecture, field: string): boolean {
  const v = read(config, arch, field);
  if (typeof v !== 'boolean') throw configError('a boolean', field, v, true);
  return v;
}

function range(config: Config, arch: HfArchitecture): number {
  const v = read(config, arch, 'initializer_range');
  if (typeof v !== 'number') throw configError('a positive number', 'initializer_range', v, true);
  if (!Number.isFinite(v) || v <= 0) throw configError('a positive number', 'initializer_range', v, false);
  return v;
}

function torchDType(config: Config): DType {
  const field = config.torch_dtype !== undefined ? 'torch_dtype' : 'dtype';
  const v = config[field];
  if (v === undefined || v === null) return 'float32';
  const expected = `one of ${DTYPES.map((d) => `"${d}"`).join(', ')}`;
  if (typeof v !== 'string') throw configError(expected, field, v, true);
  if (!(DTYPES as readonly string[]).includes(v)) throw configError(expected, field, v, false);
  return v as DType;
}

function multiple(a: number, aField: string, b: number, bField: string): void {
  if (a % b !== 0) throw new RangeError(`Expected config.${aField} to be a multiple of config.${bField} (${b}) but received ${a} (number)`);
}

function architectureOf(config: Config): HfArchitecture {
  const list = config.architectures;
  const supported = HF_ARCHITECTURES.join(', ');
  if (!Array.isArray(list) || list.length !== 1 || typeof list[0] !== 'string') {
    throw new TypeError(`${expectedMessage('an array of one architecture name', 'config.architectures', list)}; supported: ${supported}`);
  }
  const arch = list[0];
  if (!(HF_ARCHITECTURES as readonly string[]).includes(arch)) {
    throw new RangeError(`Unsupported architecture "${arch}" in config.architectures; supported: ${supported}`);
  }
  return arch as HfArchitecture;
}

function llamaFamily(config: Config, arch: Exclude<HfArchitecture, 'GPT2LMHeadModel'>, options: HfConfigOptions): { layout: Layout; description: string } {
  const vocab = int(config, arch, 'vocab_size');
  const hidden = int(config, arch, 'hidden_size');
  const intermediate = int(config, arch, 'intermediate_size');
  const layers = int(config, arch, 'num_hidden_layers');
  const heads = int(config, arch, 'num_attention_heads');
  const kvHeads = optionalInt(config, arch, 'num_key_value_heads') ?? heads;
  // repeat_kv needs num_attention_heads // num_key_value_heads groups of whole heads.
  multiple(heads, 'num_attention_heads', kvHeads, 'num_key_value_heads');
  const headDim = optionalInt(config, arch, 'head_dim') ?? Math.floor(hidden / heads);
  if (headDim < 1) throw configError(`a hidden_size of at least num_attention_heads (${heads})`, 'hidden_size', hidden, false);
  const tie = flag(config, arch, 'tie_word_embeddings');
  const attentionBias = arch === 'LlamaForCausalLM' ? flag(config, arch, 'attention_bias') : false;
  const mlpBias = arch === 'LlamaForCausalLM' ? flag(config, arch, 'mlp_bias') : false;
  const pad = config.pad_token_id;
  if (pad !== undefined && pad !== null && options.ignorePadToken !== true) {
    throw new RangeError(
      `${expectedMessage('null or no pad_token_id', 'config.pad_token_id', pad)}: transformers zeroes that row of model.embed_tokens.weight ` +
        '(nn.Embedding padding_idx), which a spec cannot express; pass ignorePadToken (--ignore-pad-token) to draw the row like the others',
    );
  }
  const layout = llamaLayout({
    vocab, layers, hidden, intermediate, heads, kvHeads, headDim, tieEmbeddings: tie,
    qkvBias: arch === 'Qwen2ForCausalLM' || attentionBias,
    outBias: attentionBias,
    mlpBias,
    initializerRange: range(config, arch),
  });
  const description =
    `${arch} vocab_size=${vocab} hidden_size=${hidden} intermediate_size=${intermediate} num_hidden_layers=${layers} ` +
    `num_attention_heads=${heads} num_key_value_heads=${kvHeads} head_dim=${headDim} tie_word_embeddings=${tie} initializer_range=${layout.initializerRange}`;
  return { layout, description };
}

function gpt2Family(config: Config): { layout: Layout; description: string } {
  const arch = 'GPT2LMHeadModel';
  const vocab = int(config, arch, 'vocab_size');
  const nEmbd = int(config, arch, 'n_embd');
  const nLayer = int(config, arch, 'n_layer');
  const nHead = int(config, arch, 'n_head');
  const nPositions = int(config, arch, 'n_positions');
  // GPT2MLP: inner_dim = n_inner if not None else 4 * hidden_size.
  const nInner = optionalInt(config, arch, 'n_inner') ?? 4 * nEmbd;
  multiple(nEmbd, 'n_embd', nHead, 'n_head'); // GPT2Attention raises unless embed_dim is a multiple of num_heads
  const tie = flag(config, arch, 'tie_word_embeddings');
  const layout = gpt2Layout({ vocab, nLayer, nEmbd, nPositions, nInner, initializerRange: range(config, arch), prefix: 'transformer.', tieEmbeddings: tie });
  const description =
    `${arch} vocab_size=${vocab} n_layer=${nLayer} n_head=${nHead} n_embd=${nEmbd} n_positions=${nPositions} n_inner=${nInner} ` +
    `tie_word_embeddings=${tie} initializer_range=${layout.initializerRange}`;
  return { layout, description };
}

const OPTION_NAMES = ['seed', 'dtype', 'recipe', 'recipeOptions', 'ignorePadToken'] as const;

/**
 * A spec from the parsed `config.json` of a supported architecture; the config itself is kept
 * in the spec (`config`), so a checkpoint directory gets it back (lib/model/checkpoint.ts).
 * @throws RangeError naming an unsupported architecture and the supported list, or a bad field.
 */
export function specFromHfConfig(config: unknown, options: HfConfigOptions = {}): ModelSpec {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new TypeError(expectedMessage('a config.json object', 'config', config));
  const o = optionsObject(options);
  knownOptions(o, OPTION_NAMES, 'specFromHfConfig');
  if (o.ignorePadToken !== undefined) boolean(o.ignorePadToken, 'ignorePadToken');
  const c = config as Config;
  const arch = architectureOf(c);
  const { layout, description } = arch === 'GPT2LMHeadModel' ? gpt2Family(c) : llamaFamily(c, arch, options);
  const dtype = options.dtype ?? torchDType(c);
  return specFromLayout(layout, { ...options, dtype }, {
    description,
    // The dtype the checkpoint is written in, under the key the file used (torch_dtype, or the newer dtype).
    config: { ...c, [c.torch_dtype === undefined && c.dtype !== undefined ? 'dtype' : 'torch_dtype']: dtype },
  });
}

/** Parses the text of a config.json; `source` names the file in a syntax error. */
export function specFromHfConfigText(text: string, options: HfConfigOptions = {}, source = 'the config'): ModelSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot parse ${source} as JSON: ${(error as Error).message}`);
  }
  return specFromHfConfig(value, options);
}
