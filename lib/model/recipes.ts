/**
 * Initialisation recipes: how each trainer initialises a decoder-only model, as a
 * table from a tensor's role (lib/model/layouts.ts) to an initializer. A recipe
 * changes only values, never names or shapes: the Hugging Face names stay, and each
 * trainer's own module names are mapped onto them (docs/MODELS.md §2.3 lists the
 * sources, pinned by commit, and the name mapping):
 *
 *   torchtitan wq/wk/wv/wo → q_proj/k_proj/v_proj/o_proj; w1/w3/w2 → gate_proj/up_proj/down_proj;
 *   tok_embeddings → embed_tokens; output → lm_head; attention_norm/ffn_norm → input/post_attention_layernorm.
 *   OLMo-core w_q/w_k/w_v/w_out → q/k/v/o_proj; w1/w3/w2 → gate/up/down_proj.
 *   Megatron linear_qkv → q/k/v_proj (or GPT-2's c_attn); linear_proj → o_proj; linear_fc1 → gate/up_proj
 *   (or c_fc); linear_fc2 → down_proj (or mlp.c_proj).
 *   torchscale q/k/v/out_proj → q/k/v/o_proj; fc1 → gate_proj (the activated branch), gate → up_proj, fc2 → down_proj.
 *
 * Every std follows the source's own expression, operation by operation, with operations that
 * give the same double in every JavaScript engine: `+ − × ÷` and `Math.sqrt` (correctly rounded
 * by IEEE 754), and lib/math/roots.ts for `x ** -0.5` and `math.pow(x, 0.25)`, which ECMA-262
 * leaves implementation-approximated (Node 20's `2048 ** -0.5` is 1 ulp from Python's). Python's
 * `x ** 0.5` is C's `pow(x, 0.5)`, equal to `Math.sqrt(x)` for every x = 2·layers reachable here
 * (glibc 2.36's pow first differs from √ at x = 2921).
 */
import { positiveInteger, positiveNumber, boolean, optionsObject, knownOptions, describeValue, closestName, expectedMessage } from '../core/validate';
import { fourthRoot, reciprocalSqrt } from '../math/roots';
import { linearDefaultBounds } from '../rules/scales';
import type { Family, Layout, LayoutTensor, Role } from './layouts';

/** An initializer name and options, as a spec tensor takes them. */
export interface Init {
  init: string;
  options?: Record<string, unknown>;
}

export interface RecipeOptions {
  /** torchtitan's `depth_init` (default true): residual outputs scaled by the block index instead of the depth. */
  depthInit?: boolean;
  /** mup: the width (hidden size) of the base model; every width of the base is this model's divided by hidden/base. */
  mupBaseWidth?: number;
  /** mup: `MuReadout(readout_zero_init=True)`: the lm_head starts at zero. */
  mupReadoutZeroInit?: boolean;
}

interface Context {
  layout: Layout;
  options: Required<Pick<RecipeOptions, 'depthInit' | 'mupReadoutZeroInit'>> & { mupBaseWidth?: number };
}

type Rule = (t: LayoutTensor, c: Context) => Init;
type Table = Partial<Record<Role, Rule>>;

export interface Recipe {
  name: string;
  /** One line: what it is and where it comes from (repository, file, function, pinned commit). */
  source: string;
  /** One table per supported family; a family without a table is refused. */
  tables: Partial<Record<Family, Table>>;
}

// ---------------------------------------------------------------------------
// Building blocks

const normal = (std: number): Init => ({ init: 'normal', options: { mean: 0, std } });
/** torch.nn.init.trunc_normal_(mean=0, std, a, b): a and b are absolute bounds. */
const trunc = (std: number, a: number, b: number): Init => ({ init: 'trunc_normal', options: { mean: 0, std, a, b } });
const uniform = (bound: number): Init => ({ init: 'uniform', options: { low: -bound, high: bound } });
const xavierUniform = (gain: number): Init => ({ init: 'xavier_uniform', options: { gain } });
const ZEROS: Init = { init: 'zeros' };
const ONES: Init = { init: 'ones' };
const zeros: Rule = () => ZEROS;
const ones: Rule = () => ONES;

/** The same rule for several roles. */
function each(roles: readonly Role[], rule: Rule): Table {
  return Object.fromEntries(roles.map((r) => [r, rule]));
}

const LLAMA_BIASES: Role[] = ['q_bias', 'k_bias', 'v_bias', 'attn_out_bias', 'mlp_gate_bias', 'mlp_up_bias', 'mlp_out_bias'];
const GPT2_BIASES: Role[] = ['qkv_bias', 'attn_out_bias', 'mlp_in_bias', 'mlp_out_bias'];

/** nn.Linear's own reset_parameters: kaiming_uniform_(a=√5) = U(±1/√in), bias U(±1/√in) (lib/rules/scales.ts). */
const linearWeightBound = (t: LayoutTensor) => linearDefaultBounds(t.inFeatures, 1).weightBound;
const linearBiasBound = (t: LayoutTensor) => linearDefaultBounds(t.inFeatures, 1).biasBound;

// ---------------------------------------------------------------------------
// hf: transformers' _init_weights

/**
 * transformers `PreTrainedModel._init_weights` (modeling_utils.py) and the models' overrides
 * (LlamaPreTrainedModel, MistralPreTrainedModel, Qwen2PreTrainedModel): Linear and Embedding
 * weights N(0, initializer_range), biases 0, norm weights 1.
 */
const HF_LLAMA: Table = {
  ...each(['embed', 'q', 'k', 'v', 'attn_out', 'mlp_gate', 'mlp_up', 'mlp_out', 'lm_head'], (_t, c) => normal(c.layout.initializerRange)),
  ...each(LLAMA_BIASES, zeros),
  norm: ones,
};

/** `c_proj.weight` of GPT2PreTrainedModel._init_weights: initializer_range / math.sqrt(2 * n_layer). */
const gpt2Residual: Rule = (_t, c) => normal(c.layout.initializerRange / Math.sqrt(2 * c.layout.layers));

/** GPT2PreTrainedModel._init_weights (models/gpt2/modeling_gpt2.py). */
const HF_GPT2: Table = {
  ...each(['embed', 'pos_embed', 'qkv', 'mlp_in', 'lm_head'], (_t, c) => normal(c.layout.initializerRange)),
  attn_out: gpt2Residual,
  mlp_out: gpt2Residual,
  ...each(GPT2_BIASES, zeros),
  norm: ones,
  norm_bias: zeros,
};

// ---------------------------------------------------------------------------
// torchtitan (Llama 3)

/** TransformerBlock.weight_init_std: 0.02 / (2 * (layer_id + 1)) ** 0.5 with depth_init, else 0.02 / (2 * n_layers) ** 0.5. */
function titanBlockStd(t: LayoutTensor, c: Context): number {
  return c.options.depthInit ? 0.02 / Math.sqrt(2 * ((t.layer as number) + 1)) : 0.02 / Math.sqrt(2 * c.layout.layers);
}

/** trunc_normal_ without a and b: torch's defaults a = −2, b = 2 (absolute, about ±100σ at std 0.02). */
const titanTrunc = (std: number) => trunc(std, -2, 2);

const TORCHTITAN: Table = {
  embed: () => normal(1), // nn.init.normal_(tok_embeddings.weight): N(0, 1)
  ...each(['q', 'k', 'v', 'mlp_gate'], () => titanTrunc(0.02)), // wq, wk, wv, w1
  ...each(['attn_out', 'mlp_up', 'mlp_out'], (t, c) => titanTrunc(titanBlockStd(t, c))), // wo, w3, w2
  lm_head: (_t, c) => {
    const std = reciprocalSqrt(c.layout.hidden); // final_out_std = dim**-0.5, cutoff_factor = 3
    return trunc(std, -3 * std, 3 * std);
  },
  norm: ones, // RMSNorm.reset_parameters
};

// ---------------------------------------------------------------------------
// OLMo-core InitMethod

/** InitMethod._init_linear: trunc_normal_(std, a=-3*std, b=3*std), bias zeros. */
const olmoTrunc = (std: number) => trunc(std, -3 * std, 3 * std);
const OLMO_STD = 0.02;

function olmo(variant: 'normal' | 'llama' | 'llama_depth'): Table {
  // init_attention (w_out) and init_feed_forward (w3, w2): std / (2 * num_blocks) ** 0.5 for llama,
  // std / (2 * (block_idx + 1)) ** 0.5 for llama_depth, std for normal.
  const scaled: Rule = (t, c) =>
    olmoTrunc(
      variant === 'llama' ? OLMO_STD / Math.sqrt(2 * c.layout.layers) : variant === 'llama_depth' ? OLMO_STD / Math.sqrt(2 * ((t.layer as number) + 1)) : OLMO_STD,
    );
  const llamaLike = variant !== 'normal';
  return {
    // init_embeddings: nn.init.normal_ (N(0, 1)) for llama/llama_depth, else trunc_normal_ 0.02 at ±3σ.
    embed: () => (llamaLike ? normal(1) : olmoTrunc(OLMO_STD)),
    ...each(['q', 'k', 'v', 'mlp_gate'], () => olmoTrunc(OLMO_STD)), // w_q, w_k, w_v, w1
    ...each(['attn_out', 'mlp_up', 'mlp_out'], scaled), // w_out, w3, w2
    // init_final_w_out: d_model**-0.5 for llama/llama_depth, else 0.02.
    lm_head: (_t, c) => olmoTrunc(llamaLike ? reciprocalSqrt(c.layout.hidden) : OLMO_STD),
    ...each(LLAMA_BIASES, zeros),
    norm: ones,
  };
}

// ---------------------------------------------------------------------------
// Megatron-LM

/** init_method_normal(init_method_std) and scaled_init_method_normal(sigma, num_layers, multiplier=2.0). */
const megatronNormal: Rule = (_t, c) => normal(c.layout.initializerRange);
const megatronScaled: Rule = (_t, c) => normal(c.layout.initializerRange / Math.sqrt(2.0 * c.layout.layers));

function megatron(family: Family): Table {
  const inputs: Role[] = family === 'gpt2' ? ['embed', 'pos_embed', 'qkv', 'mlp_in', 'lm_head'] : ['embed', 'q', 'k', 'v', 'mlp_gate', 'mlp_up', 'lm_head'];
  return {
    ...each(inputs, megatronNormal), // init_method (embedding_init_method and the output layer use it too)
    ...each(['attn_out', 'mlp_out'], megatronScaled), // output_layer_init_method: linear_proj, linear_fc2
    ...each(family === 'gpt2' ? GPT2_BIASES : LLAMA_BIASES, zeros),
    norm: ones,
    ...(family === 'gpt2' ? { norm_bias: zeros } : {}),
  };
}

// ---------------------------------------------------------------------------
// GPT-NeoX small_init / wang_init

/** small_init_init_method(dim): std = math.sqrt(2 / (5 * dim)). */
const smallInit: Rule = (_t, c) => normal(Math.sqrt(2 / (5 * c.layout.hidden)));
/** wang_init_method(n_layers, dim): std = 2 / n_layers / math.sqrt(dim). */
const wangInit: Rule = (_t, c) => normal(2 / c.layout.layers / Math.sqrt(c.layout.hidden));

function neox(family: Family): Table {
  const inputs: Role[] = family === 'gpt2' ? ['embed', 'pos_embed', 'qkv', 'mlp_in', 'lm_head'] : ['embed', 'q', 'k', 'v', 'mlp_gate', 'mlp_up', 'lm_head'];
  return {
    ...each(inputs, smallInit), // init_method = small_init (embeddings, query_key_value, dense_h_to_4h, final_linear)
    ...each(['attn_out', 'mlp_out'], wangInit), // output_layer_init_method = wang_init (attention dense, dense_4h_to_h)
    ...each(family === 'gpt2' ? GPT2_BIASES : LLAMA_BIASES, zeros),
    norm: ones,
    ...(family === 'gpt2' ? { norm_bias: zeros } : {}),
  };
}

// ---------------------------------------------------------------------------
// muP (microsoft/mup)

/**
 * How mup's `InfShape` sees each role: 'matrix' has two width dimensions (hidden-by-hidden,
 * hidden-by-intermediate), 'vector' one (embeddings and the readout: the vocabulary is finite;
 * biases and norms), 'readout' is MuReadout's weight.
 */
const MUP_KIND: Record<Role, 'matrix' | 'vector' | 'readout'> = {
  embed: 'vector', pos_embed: 'vector',
  q: 'matrix', k: 'matrix', v: 'matrix', qkv: 'matrix', attn_out: 'matrix',
  mlp_gate: 'matrix', mlp_up: 'matrix', mlp_in: 'matrix', mlp_out: 'matrix',
  lm_head: 'readout',
  norm: 'vector', norm_bias: 'vector',
  q_bias: 'vector', k_bias: 'vector', v_bias: 'vector', qkv_bias: 'vector', attn_out_bias: 'vector',
  mlp_gate_bias: 'vector', mlp_up_bias: 'vector', mlp_in_bias: 'vector', mlp_out_bias: 'vector',
};

/**
 * transformers' _init_weights with `torch.nn.init.normal_` replaced by `mup.init.normal_`
 * (mup/init.py `constant_std_init_`): a matrix-like weight gets std·width_mult**-0.5, where
 * width_mult = fan_in / base fan_in (mup/infshape.py: the last infinite dimension) = hidden / base
 * width; vector-like tensors keep the std. The readout (MuReadout) is zero with readout_zero_init,
 * else vector-like.
 */
function mup(base: Table): Table {
  const table: Table = {};
  for (const [role, rule] of Object.entries(base) as [Role, Rule][]) {
    table[role] = (t, c) => {
      const kind = MUP_KIND[role];
      if (kind === 'readout' && c.options.mupReadoutZeroInit) return ZEROS;
      const hf = rule(t, c);
      if (kind !== 'matrix' || hf.init !== 'normal') return hf;
      const widthMult = c.layout.hidden / (c.options.mupBaseWidth as number);
      return normal((hf.options!.std as number) * reciprocalSqrt(widthMult));
    };
  }
  return table;
}

// ---------------------------------------------------------------------------
// DeepNet (microsoft/torchscale)

/** Decoder.__init__ with deepnorm: init_scale = math.pow(8.0 * decoder_layers, 0.25) (decoder-only). */
const deepBeta = (c: Context) => fourthRoot(8.0 * c.layout.layers);

const DEEPNET: Table = {
  // fairseq's Embedding (used by torchscale's examples/fairseq language model): N(0, embed_dim**-0.5).
  embed: (_t, c) => normal(reciprocalSqrt(c.layout.hidden)),
  // MultiheadAttention.reset_parameters: xavier_uniform_(gain=1/math.sqrt(2)) for q, k, v; xavier_uniform_ for out_proj.
  q: () => xavierUniform(1 / Math.sqrt(2)),
  k: () => xavierUniform(1 / Math.sqrt(2)),
  // Then Decoder.__init__ divides every parameter named fc1, fc2, out_proj or v_proj by init_scale.
  v: (_t, c) => xavierUniform(1 / Math.sqrt(2) / deepBeta(c)),
  attn_out: (_t, c) => xavierUniform(1 / deepBeta(c)),
  // GLU fc1 (activated branch, = gate_proj) and fc2 (= down_proj) keep nn.Linear's init, divided;
  // GLU's `gate` (= up_proj) is not matched by the names and is not divided.
  mlp_gate: (t, c) => uniform(linearWeightBound(t) / deepBeta(c)),
  mlp_up: (t) => uniform(linearWeightBound(t)),
  mlp_out: (t, c) => uniform(linearWeightBound(t) / deepBeta(c)),
  // q/k/v biases keep nn.Linear's U(±1/√in) (v_proj's divided); out_proj.bias is constant 0.
  q_bias: (t) => uniform(linearBiasBound(t)),
  k_bias: (t) => uniform(linearBiasBound(t)),
  v_bias: (t, c) => uniform(linearBiasBound(t) / deepBeta(c)),
  attn_out_bias: zeros,
  mlp_gate_bias: (t, c) => uniform(linearBiasBound(t) / deepBeta(c)),
  mlp_up_bias: (t) => uniform(linearBiasBound(t)),
  mlp_out_bias: (t, c) => uniform(linearBiasBound(t) / deepBeta(c)),
  // build_output_projection: normal_(std=decoder_embed_dim**-0.5).
  lm_head: (_t, c) => normal(reciprocalSqrt(c.layout.hidden)),
  norm: ones,
};

// ---------------------------------------------------------------------------
// The recipes

const HF_SOURCE = 'huggingface/transformers';

export const RECIPES: readonly Recipe[] = [
  { name: 'hf', source: `${HF_SOURCE} modeling_utils.py PreTrainedModel._init_weights, models/gpt2/modeling_gpt2.py GPT2PreTrainedModel._init_weights`, tables: { gpt2: HF_GPT2, llama: HF_LLAMA } },
  { name: 'torchtitan', source: 'pytorch/torchtitan torchtitan/models/llama3/model/model.py Transformer.init_weights, TransformerBlock, Attention/FeedForward.init_weights (018740b7)', tables: { llama: TORCHTITAN } },
  { name: 'olmo-core:normal', source: 'allenai/OLMo-core src/olmo_core/nn/transformer/init.py InitMethod.normal (004aefff)', tables: { llama: olmo('normal') } },
  { name: 'olmo-core:llama', source: 'allenai/OLMo-core src/olmo_core/nn/transformer/init.py InitMethod.llama (004aefff)', tables: { llama: olmo('llama') } },
  { name: 'olmo-core:llama_depth', source: 'allenai/OLMo-core src/olmo_core/nn/transformer/init.py InitMethod.llama_depth (004aefff)', tables: { llama: olmo('llama_depth') } },
  { name: 'megatron', source: 'NVIDIA/Megatron-LM megatron/core/utils.py init_method_normal, scaled_init_method_normal; megatron/core/transformer/transformer_config.py TransformerConfig.__post_init__', tables: { gpt2: megatron('gpt2'), llama: megatron('llama') } },
  { name: 'gpt-neox', source: 'EleutherAI/gpt-neox megatron/model/init_functions.py small_init_init_method, wang_init_method (05c4de35)', tables: { gpt2: neox('gpt2'), llama: neox('llama') } },
  { name: 'mup', source: 'microsoft/mup mup/init.py normal_/constant_std_init_, mup/layer.py MuReadout, mup/infshape.py (1981497)', tables: { gpt2: mup(HF_GPT2), llama: mup(HF_LLAMA) } },
  { name: 'deepnet', source: 'microsoft/torchscale torchscale/architecture/decoder.py Decoder.__init__ (deepnorm), component/multihead_attention.py reset_parameters (4d1e0e8)', tables: { llama: DEEPNET } },
];

export const RECIPE_NAMES = RECIPES.map((r) => r.name);

/** The recipe of that name. @throws RangeError naming the known ones. */
export function recipeByName(name: unknown): Recipe {
  const expected = `one of ${RECIPE_NAMES.map((n) => `"${n}"`).join(', ')}`;
  if (typeof name !== 'string') throw new TypeError(`Expected ${expected} for recipe but received ${describeValue(name)}`);
  const recipe = RECIPES.find((r) => r.name === name);
  if (recipe === undefined) {
    const hint = closestName(name, RECIPE_NAMES);
    throw new RangeError(`Expected ${expected} for recipe but received ${describeValue(name)}${hint === undefined ? '' : `; did you mean "${hint}"?`}`);
  }
  return recipe;
}

const OPTION_NAMES = ['depthInit', 'mupBaseWidth', 'mupReadoutZeroInit'] as const;

/**
 * The initializer of every tensor of `layout` under recipe `name`, in layout order.
 * @throws RangeError when the recipe does not support the model's family or has no rule for one of its tensors.
 */
export function applyRecipe(layout: Layout, name: string, options: RecipeOptions = {}): (LayoutTensor & Init)[] {
  const recipe = recipeByName(name);
  const o = optionsObject(options, 'recipeOptions');
  knownOptions(o, OPTION_NAMES, 'recipe options');
  const depthInit = o.depthInit === undefined ? true : boolean(o.depthInit, 'depthInit');
  const mupReadoutZeroInit = o.mupReadoutZeroInit === undefined ? false : boolean(o.mupReadoutZeroInit, 'mupReadoutZeroInit');
  const mupBaseWidth = o.mupBaseWidth === undefined ? undefined : positiveInteger(o.mupBaseWidth, 'mupBaseWidth');
  // An option of another recipe would be ignored silently: refuse it.
  for (const [option, owner] of [['depthInit', 'torchtitan'], ['mupBaseWidth', 'mup'], ['mupReadoutZeroInit', 'mup']] as const) {
    if (o[option] !== undefined && recipe.name !== owner) {
      throw new RangeError(`${expectedMessage(`recipe "${owner}" with ${option}`, 'recipe', recipe.name)}`);
    }
  }
  if (recipe.name === 'mup' && mupBaseWidth === undefined) {
    throw new TypeError(`Expected the base model's width (a positive integer) for mupBaseWidth but received undefined (recipe "mup" scales by hidden/base)`);
  }
  const table = recipe.tables[layout.family];
  if (table === undefined) {
    const supported = (Object.keys(recipe.tables) as Family[]).map((f) => FAMILY_MODELS[f]).join(', ');
    throw new RangeError(`Recipe "${recipe.name}" is defined for ${supported} only, not for ${FAMILY_MODELS[layout.family]}`);
  }
  positiveNumber(layout.initializerRange, 'initializerRange');
  const context: Context = { layout, options: { depthInit, mupReadoutZeroInit, ...(mupBaseWidth === undefined ? {} : { mupBaseWidth }) } };
  refuseTiedConflict(recipe, table, context);
  return layout.tensors.map((t) => {
    const rule = table[t.role];
    if (rule === undefined) {
      throw new RangeError(`Recipe "${recipe.name}" has no rule for "${t.name}" (a ${t.role} tensor): its source does not initialise such a tensor`);
    }
    return { ...t, ...rule(t, context) };
  });
}

/**
 * A tied embedding (tie_word_embeddings) is one tensor serving as embedding and output head, so
 * it can follow only one rule. Recipes whose two rules differ (torchtitan and OLMo-core's
 * llama/llama_depth: N(0, 1) embeddings but a d^-1/2 head, whose trainers build untied models)
 * are refused rather than silently giving the head the embedding's N(0, 1).
 */
function refuseTiedConflict(recipe: Recipe, table: Table, c: Context): void {
  const embed = c.layout.tensors.find((t) => t.role === 'embed');
  if (!c.layout.tiedEmbeddings || embed === undefined || table.embed === undefined || table.lm_head === undefined) return;
  const head: LayoutTensor = { ...embed, name: 'lm_head.weight', role: 'lm_head', inFeatures: c.layout.hidden };
  const [e, h] = [table.embed(embed, c), table.lm_head(head, c)];
  if (JSON.stringify(e) === JSON.stringify(h)) return;
  const law = (i: Init) => `${i.init}${i.options === undefined ? '' : ` ${JSON.stringify(i.options)}`}`;
  throw new RangeError(
    `Recipe "${recipe.name}" initialises the embedding as ${law(e)} and the output head as ${law(h)}, but this model ties them ` +
      `(tie_word_embeddings true: "${embed.name}" is also the output head); untie them (tie_word_embeddings false) or use a recipe with one rule for both`,
  );
}

const FAMILY_MODELS: Record<Family, string> = {
  gpt2: 'GPT-2 models',
  llama: 'Llama-family models (Llama, Mistral, Qwen2)',
};
