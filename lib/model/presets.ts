/**
 * Whole-model specs from hyperparameters, initialised as the reference
 * implementations do (sources in docs/MODELS.md):
 *
 * - GPT-2: Hugging Face transformers `GPT2PreTrainedModel._init_weights`
 *   (models/gpt2/modeling_gpt2.py): Linear/Conv1D/Embedding weights N(0, 0.02),
 *   biases 0, LayerNorm weight 1 / bias 0, and every `c_proj.weight` (attention and
 *   MLP output projections) N(0, 0.02/√(2·n_layer)) ("scale the weights of residual
 *   layers at initialization by 1/√N", GPT-2 paper).
 * - Llama: `LlamaPreTrainedModel._init_weights` (models/llama/modeling_llama.py):
 *   Linear and Embedding weights N(0, initializer_range = 0.02), no biases,
 *   RMSNorm weight 1.
 *
 * Tensor names and shapes are those of the Hugging Face checkpoints (lib/model/architectures/),
 * so a file can be loaded with `from_pretrained`/`load_state_dict`; the spec carries the
 * matching config.json. GPT-2's Conv1D stores weights as (in, out); Llama's nn.Linear as
 * (out, in). `recipe` picks another trainer's initialisation (lib/model/recipes.ts); it
 * never changes a name or a shape.
 */
import type { DType } from '../core/dtype';
import { describeValue, knownOptions, optionsObject, positiveInteger as posInt, positiveNumber as posNumber } from '../core/validate';
import { architectureById, parallelEntryOf, writtenConfigHead, type ModelLayout } from './architecture';
import { gpt2Layout, llamaLayout } from './architectures';
import { applyRecipe, type RecipeOptions } from './recipes';
import type { ModelSpec, TensorEntry } from './spec';

function divisible(a: number, aName: string, b: number, bName: string): void {
  if (a % b !== 0) throw new RangeError(`Expected ${aName} to be a multiple of ${bName} (${b}) but received ${a} (number)`);
}

/** How a generated spec is initialised and labelled. */
export interface RecipeChoice {
  /** An initialisation recipe (lib/model/recipes.ts RECIPE_NAMES); default "hf". */
  recipe?: string;
  recipeOptions?: RecipeOptions;
}

/** A spec from a layout and a recipe: the tensors in layout order, the config.json kept with it. */
export function specFromLayout(
  layout: ModelLayout,
  choice: { seed?: number | string; dtype?: DType } & RecipeChoice,
  head: { description: string; config: Record<string, unknown> },
): ModelSpec {
  const recipe = choice.recipe ?? 'hf';
  const { plan } = architectureById(layout.architecture);
  const tensors: TensorEntry[] = applyRecipe(layout, recipe, choice.recipeOptions).map((t) => ({
    name: t.name,
    shape: t.shape,
    init: t.init,
    ...(t.options === undefined ? {} : { options: t.options }),
    parallel: parallelEntryOf(plan, t.role),
    ...(t.zeroRows === undefined ? {} : { zeroRows: t.zeroRows }),
    // A mixture-of-experts tensor carries its expert (lib/model/experts.ts): what expert parallelism places.
    ...(t.role.experts === undefined ? {} : { experts: t.role.experts }),
  }));
  return {
    seed: choice.seed ?? 0,
    dtype: choice.dtype ?? 'float32',
    parallelScheme: plan.scheme,
    description: recipe === 'hf' ? head.description : `${head.description} recipe=${recipe}`,
    config: head.config,
    tensors,
  };
}

/** Hyperparameters of a GPT-2 model (names as in transformers' GPT2Config, camelCased). */
export interface GPT2Options extends RecipeChoice {
  /** vocab_size, default 50257. */
  vocab?: number;
  /** n_layer, default 12. */
  nLayer?: number;
  /** n_head, default 12 (checked: n_embd must be a multiple). */
  nHead?: number;
  /** n_embd, default 768. */
  nEmbd?: number;
  /** n_positions, default 1024. */
  nPositions?: number;
  /** n_inner, default 4·n_embd. */
  nInner?: number;
  /** initializer_range, default 0.02. */
  initializerRange?: number;
  seed?: number | string;
  dtype?: DType;
}

const COMMON_OPTIONS = ['initializerRange', 'seed', 'dtype', 'recipe', 'recipeOptions'] as const;
const GPT2_OPTIONS = ['vocab', 'nLayer', 'nHead', 'nEmbd', 'nPositions', 'nInner', ...COMMON_OPTIONS] as const;
const LLAMA_OPTIONS = ['vocab', 'layers', 'hidden', 'intermediate', 'heads', 'kvHeads', 'headDim', 'tieEmbeddings', ...COMMON_OPTIONS] as const;

/** A GPT-2 spec (124M parameters with the defaults), GPT2Model's tensor names (no `transformer.` prefix). */
export function gpt2(options: GPT2Options = {}): ModelSpec {
  knownOptions(optionsObject(options), GPT2_OPTIONS, 'gpt2');
  const vocab = posInt(options.vocab ?? 50257, 'vocab');
  const nLayer = posInt(options.nLayer ?? 12, 'nLayer');
  const nHead = posInt(options.nHead ?? 12, 'nHead');
  const nEmbd = posInt(options.nEmbd ?? 768, 'nEmbd');
  const nPositions = posInt(options.nPositions ?? 1024, 'nPositions');
  const nInner = posInt(options.nInner ?? 4 * nEmbd, 'nInner');
  const range = posNumber(options.initializerRange ?? 0.02, 'initializerRange');
  divisible(nEmbd, 'nEmbd', nHead, 'nHead');
  const layout = gpt2Layout({ vocab, nLayer, nEmbd, nPositions, nInner, initializerRange: range, prefix: '', tieEmbeddings: true });
  const dtype = options.dtype ?? 'float32';
  return specFromLayout(layout, options, {
    description: `gpt2 vocab=${vocab} n_layer=${nLayer} n_head=${nHead} n_embd=${nEmbd} n_positions=${nPositions} n_inner=${nInner} initializer_range=${range}`,
    config: {
      ...writtenConfigHead('gpt2'),
      vocab_size: vocab,
      n_positions: nPositions,
      n_embd: nEmbd,
      n_layer: nLayer,
      n_head: nHead,
      n_inner: nInner,
      initializer_range: range,
      tie_word_embeddings: true,
      torch_dtype: dtype,
    },
  });
}

/** Hyperparameters of a Llama model (transformers' LlamaConfig, camelCased). */
export interface LlamaOptions extends RecipeChoice {
  /** vocab_size, default 32000. */
  vocab?: number;
  /** num_hidden_layers, default 32. */
  layers?: number;
  /** hidden_size, default 4096. */
  hidden?: number;
  /** intermediate_size, default 11008. */
  intermediate?: number;
  /** num_attention_heads, default 32. */
  heads?: number;
  /** num_key_value_heads, default = heads. */
  kvHeads?: number;
  /** head_dim, default hidden / heads. */
  headDim?: number;
  /** tie_word_embeddings: default false (a separate lm_head.weight). */
  tieEmbeddings?: boolean;
  /** initializer_range, default 0.02. */
  initializerRange?: number;
  seed?: number | string;
  dtype?: DType;
}

/** A Llama spec (Llama-2-7B shapes with the defaults). */
export function llama(options: LlamaOptions = {}): ModelSpec {
  knownOptions(optionsObject(options), LLAMA_OPTIONS, 'llama');
  const vocab = posInt(options.vocab ?? 32000, 'vocab');
  const layers = posInt(options.layers ?? 32, 'layers');
  const hidden = posInt(options.hidden ?? 4096, 'hidden');
  const intermediate = posInt(options.intermediate ?? 11008, 'intermediate');
  const heads = posInt(options.heads ?? 32, 'heads');
  const kvHeads = posInt(options.kvHeads ?? heads, 'kvHeads');
  divisible(heads, 'heads', kvHeads, 'kvHeads');
  if (options.headDim === undefined) divisible(hidden, 'hidden', heads, 'heads');
  const headDim = posInt(options.headDim ?? hidden / heads, 'headDim');
  const range = posNumber(options.initializerRange ?? 0.02, 'initializerRange');
  const tie = options.tieEmbeddings ?? false;
  if (typeof tie !== 'boolean') throw new TypeError(`Expected a boolean for tieEmbeddings but received ${describeValue(tie)}`);
  const layout = llamaLayout({
    vocab, layers, hidden, intermediate, heads, kvHeads, headDim, tieEmbeddings: tie,
    qkvBias: false, outBias: false, mlpBias: false, initializerRange: range,
  });
  const dtype = options.dtype ?? 'float32';
  return specFromLayout(layout, options, {
    description:
      `llama vocab=${vocab} layers=${layers} hidden=${hidden} intermediate=${intermediate} heads=${heads} ` +
      `kv_heads=${kvHeads} head_dim=${headDim} tie_word_embeddings=${tie} initializer_range=${range}`,
    config: {
      ...writtenConfigHead('llama'),
      vocab_size: vocab,
      hidden_size: hidden,
      intermediate_size: intermediate,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      num_key_value_heads: kvHeads,
      head_dim: headDim,
      tie_word_embeddings: tie,
      initializer_range: range,
      torch_dtype: dtype,
    },
  });
}
