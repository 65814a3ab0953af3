/**
 * Initialisation recipes: how each trainer initialises a decoder-only model, as a
 * table from a tensor's base role (lib/model/architecture.ts TensorRole: a bias takes the
 * table's bias row, an expert its base role's row) to an initializer. A recipe lists the
 * architectures it covers and refuses the others by name. A recipe
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
import {
  architectureById, roleName,
  type Architecture, type ArchitectureTensor, type BaseRole, type Init, type ModelLayout, type RecipeContext, type RecipeTable, type RoleInit,
} from './architecture';
import './architectures';
import { normal, trunc, uniform, xavierUniform, ZEROS, ones, zeros, sameRow } from './inits';

export type { Init } from './architecture';

export interface RecipeOptions {
  /** torchtitan's `depth_init` (default true): residual outputs scaled by the block index instead of the depth. */
  depthInit?: boolean;
  /** mup: the width (hidden size) of the base model; every width of the base is this model's divided by hidden/base. */
  mupBaseWidth?: number;
  /** mup: `MuReadout(readout_zero_init=True)`: the lm_head starts at zero. */
  mupReadoutZeroInit?: boolean;
}

export interface Recipe {
  name: string;
  /** One line: what it is and where it comes from (repository, file, function, pinned commit). */
  source: string;
  /** The model_types (architecture ids) it is defined for; '*' for every registered one. */
  covers: readonly string[] | '*';
  /** Its rows for one of the architectures it covers. */
  table(architecture: Architecture): RecipeTable;
  /** Whether the padding_idx row of an embedding stays zero (transformers' `_init_weights` zeroes it; other trainers build no padding_idx). */
  zeroesPaddingRow: boolean;
}

// ---------------------------------------------------------------------------
// Building blocks

/** nn.Linear's own reset_parameters: kaiming_uniform_(a=√5) = U(±1/√in), bias U(±1/√in) (lib/rules/scales.ts). */
const linearWeightBound = (t: ArchitectureTensor) => linearDefaultBounds(t.inFeatures, 1).weightBound;
const linearBiasBound = (t: ArchitectureTensor) => linearDefaultBounds(t.inFeatures, 1).biasBound;

// ---------------------------------------------------------------------------
// torchtitan (Llama 3, Qwen3)

/** TransformerBlock.weight_init_std: 0.02 / (2 * (layer_id + 1)) ** 0.5 with depth_init, else 0.02 / (2 * n_layers) ** 0.5. */
function titanBlockStd(t: ArchitectureTensor, c: RecipeContext): number {
  return c.options.depthInit ? 0.02 / Math.sqrt(2 * ((t.layer as number) + 1)) : 0.02 / Math.sqrt(2 * c.layout.layers);
}

/** trunc_normal_ without a and b: torch's defaults a = −2, b = 2 (absolute, about ±100σ at std 0.02). */
const titanTrunc = (std: number) => trunc(std, -2, 2);

/**
 * torchtitan/models/llama3/model/model.py and torchtitan/models/qwen3/model/model.py (018740b7):
 * the same init_weights (Qwen3's Attention also resets q_norm/k_norm: ones).
 */
const TORCHTITAN: RecipeTable = {
  weights: {
    embed: () => normal(1), // nn.init.normal_(tok_embeddings.weight): N(0, 1)
    ...sameRow(['q', 'k', 'v', 'mlp_gate'], () => titanTrunc(0.02)), // wq, wk, wv, w1
    ...sameRow(['attn_out', 'mlp_up', 'mlp_out'], (t, c) => titanTrunc(titanBlockStd(t, c))), // wo, w3, w2
    lm_head: (_t, c) => {
      const std = reciprocalSqrt(c.layout.hidden); // final_out_std = dim**-0.5, cutoff_factor = 3
      return trunc(std, -3 * std, 3 * std);
    },
    norm: ones, // RMSNorm.reset_parameters
  },
};

/**
 * Qwen3 with enable_weight_tying (torchtitan/models/qwen3/__init__.py, the 0.6B–4B flavours):
 * parallelize_qwen3 ties `output.weight = tok_embeddings.weight` before `init_weights` runs
 * (torchtitan/train.py), whose last step is the output's trunc_normal_: the shared tensor ends
 * with the head's values.
 */
const TORCHTITAN_QWEN3: RecipeTable = { ...TORCHTITAN, tied: 'head' };

/**
 * torchtitan's MoE models (mainline 41753c67b, the last commit before torchtitan's own
 * trunc_normal_ replacement of 2026-02-09; the distributions are the same): qwen3 with moe_enabled
 * (torchtitan/models/qwen3/model/model.py) and deepseek_v3, whose "16B" and "236B" flavours are
 * DeepSeek-V2-Lite and DeepSeek-V2 (torchtitan/models/deepseek_v3/__init__.py, model/model.py).
 * torchtitan/models/moe/moe.py: GroupedExperts.init_weights draws w1 (gate_proj) trunc_normal_
 * std 0.02 and w2 (down_proj), w3 (up_proj) with the block's init_std, like the dense FeedForward
 * (so the expert tensors take the gate/up/out rows by their base role); the shared experts are a
 * FeedForward; TokenChoiceTopKRouter.init_weights: gate.weight trunc_normal_(std=init_std); the
 * expert_bias buffer (HF e_score_correction_bias, state_dict_adapter.py) torch.zeros.
 * DeepSeek's Attention.init_weights: wq or wq_a/wq_b, wkv_a, wkv_b trunc_normal_ std 0.02, wo
 * init_std, kv_norm/q_norm reset (ones). deepseek_v3's TransformerBlock has no depth_init:
 * weight_init_std is always 0.02 / (2 * (layer_id + 1)) ** 0.5.
 */
const TORCHTITAN_MOE: RecipeTable = {
  ...TORCHTITAN,
  weights: {
    ...TORCHTITAN.weights,
    ...sameRow(['q_down', 'kv_down', 'kv'], () => titanTrunc(0.02)), // wq_a, wkv_a, wkv_b
    router: (t, c) => titanTrunc(titanBlockStd(t, c)), // router.gate: init_std
  },
  biases: { router: zeros }, // expert_bias = torch.zeros(num_experts)
};

/** DeepSeek in torchtitan: TORCHTITAN_MOE with the block std fixed to the layer's depth (no depth_init option). */
const TORCHTITAN_DEEPSEEK: RecipeTable = {
  ...TORCHTITAN_MOE,
  weights: Object.fromEntries(
    Object.entries(TORCHTITAN_MOE.weights).map(([role, row]) => [
      role,
      (t: ArchitectureTensor, c: RecipeContext) => {
        if (!c.options.depthInit) {
          throw new RangeError(`${expectedMessage('true (torchtitan\'s deepseek_v3 TransformerBlock always scales by the block index)', 'depthInit', false)}`);
        }
        return (row as RoleInit)(t, c);
      },
    ]),
  ),
};

// ---------------------------------------------------------------------------
// OLMo-core InitMethod

/** InitMethod._init_linear: trunc_normal_(std, a=-3*std, b=3*std), bias zeros. */
const olmoTrunc = (std: number) => trunc(std, -3 * std, 3 * std);
const OLMO_STD = 0.02;

function olmo(variant: 'normal' | 'llama' | 'llama_depth'): RecipeTable {
  // init_attention (w_out) and init_feed_forward (w3, w2): std / (2 * num_blocks) ** 0.5 for llama,
  // std / (2 * (block_idx + 1)) ** 0.5 for llama_depth, std for normal.
  const scaled: RoleInit = (t, c) =>
    olmoTrunc(
      variant === 'llama' ? OLMO_STD / Math.sqrt(2 * c.layout.layers) : variant === 'llama_depth' ? OLMO_STD / Math.sqrt(2 * ((t.layer as number) + 1)) : OLMO_STD,
    );
  const llamaLike = variant !== 'normal';
  return {
    weights: {
      // init_embeddings: nn.init.normal_ (N(0, 1)) for llama/llama_depth, else trunc_normal_ 0.02 at ±3σ.
      embed: () => (llamaLike ? normal(1) : olmoTrunc(OLMO_STD)),
      ...sameRow(['q', 'k', 'v', 'mlp_gate'], () => olmoTrunc(OLMO_STD)), // w_q, w_k, w_v, w1
      ...sameRow(['attn_out', 'mlp_up', 'mlp_out'], scaled), // w_out, w3, w2
      // init_final_w_out: d_model**-0.5 for llama/llama_depth, else 0.02.
      lm_head: (_t, c) => olmoTrunc(llamaLike ? reciprocalSqrt(c.layout.hidden) : OLMO_STD),
      norm: ones, // block norms and OLMo 2/3's q_norm/k_norm: RMSNorm.reset_parameters
    },
    bias: zeros,
  };
}

// ---------------------------------------------------------------------------
// Megatron-LM

/** init_method_normal(init_method_std) and scaled_init_method_normal(sigma, num_layers, multiplier=2.0). */
const megatronNormal: RoleInit = (_t, c) => normal(c.layout.initializerRange);
const megatronScaled: RoleInit = (_t, c) => normal(c.layout.initializerRange / Math.sqrt(2.0 * c.layout.layers));

/** Inputs of a block (GPT-2's fused qkv and c_fc, or separate q/k/v and gate/up) and the embeddings and head. */
const INPUT_ROLES: readonly BaseRole[] = ['embed', 'pos_embed', 'lm_head', 'q', 'k', 'v', 'qkv', 'mlp_gate', 'mlp_up', 'mlp_in'];

const MEGATRON: RecipeTable = {
  weights: {
    ...sameRow(INPUT_ROLES, megatronNormal), // init_method (embedding_init_method and the output layer use it too)
    ...sameRow(['attn_out', 'mlp_out'], megatronScaled), // output_layer_init_method: linear_proj, linear_fc2
    norm: ones,
  },
  bias: zeros,
};

/**
 * Megatron-Core's MoE (NVIDIA/Megatron-LM d98e8a64dd): TopKRouter.reset_parameters
 * (megatron/core/transformer/moe/router.py) draws the router weight, and its bias when
 * add_bias_linear (gpt-oss's router.bias), with config.init_method: N(0, init_method_std); the
 * expert_bias buffer (HF e_score_correction_bias) is torch.zeros. The experts
 * (moe/experts.py) and shared experts (moe/shared_experts.py, its gate_weight with init_method)
 * build linear_fc1 (gate and up, fused or not) with init_method and linear_fc2 with
 * output_layer_init_method, so they take the dense rows by base role. Multi-latent attention
 * (transformer/multi_latent_attention.py) builds linear_q_proj / linear_q_down_proj /
 * linear_q_up_proj / linear_kv_down_proj / linear_kv_up_proj with init_method and linear_proj
 * with output_layer_init_method; the learnable softmax offset (gpt-oss sinks,
 * transformer/dot_product_attention.py softmax_type "learnable") with init_method.
 */
const MEGATRON_MOE: RecipeTable = {
  ...MEGATRON,
  weights: { ...MEGATRON.weights, ...sameRow(['q_down', 'kv_down', 'kv', 'mlp_gate_up', 'router', 'attn_sinks'], megatronNormal) },
};
/** gpt-oss's router.bias is the router's own bias (init_method); DeepSeek-V3's is the expert_bias buffer (zeros). */
const MEGATRON_ROUTER_BIAS: RecipeTable = { ...MEGATRON_MOE, biases: { router: megatronNormal } };

// ---------------------------------------------------------------------------
// GPT-NeoX small_init / wang_init

/** small_init_init_method(dim): std = math.sqrt(2 / (5 * dim)). */
const smallInit: RoleInit = (_t, c) => normal(Math.sqrt(2 / (5 * c.layout.hidden)));
/** wang_init_method(n_layers, dim): std = 2 / n_layers / math.sqrt(dim). */
const wangInit: RoleInit = (_t, c) => normal(2 / c.layout.layers / Math.sqrt(c.layout.hidden));

const NEOX: RecipeTable = {
  weights: {
    ...sameRow(INPUT_ROLES, smallInit), // init_method = small_init (embeddings, query_key_value, dense_h_to_4h, final_linear)
    ...sameRow(['attn_out', 'mlp_out'], wangInit), // output_layer_init_method = wang_init (attention dense, dense_4h_to_h)
    norm: ones,
  },
  bias: zeros,
};

// ---------------------------------------------------------------------------
// muP (microsoft/mup)

/**
 * How mup's `InfShape` sees each weight: 'matrix' has two width dimensions (hidden-by-hidden,
 * hidden-by-intermediate; each expert's projections, and gpt-oss's fused [E, hidden, 2·I] whose
 * expert dimension is finite), 'vector' one (embeddings and the readout: the vocabulary is finite;
 * norms, sinks; a router [experts, hidden] or Qwen2-MoE's shared_expert_gate [1, hidden]: the
 * expert count does not grow with width, so mup's constant_std_init_ keeps its std), 'readout' is
 * MuReadout's weight. Every bias is vector-like.
 */
const MUP_KIND: Record<BaseRole, 'matrix' | 'vector' | 'readout'> = {
  embed: 'vector', pos_embed: 'vector', lm_head: 'readout',
  q: 'matrix', k: 'matrix', v: 'matrix', kv: 'matrix', qkv: 'matrix', attn_out: 'matrix', q_down: 'matrix', kv_down: 'matrix',
  mlp_gate: 'matrix', mlp_up: 'matrix', mlp_gate_up: 'matrix', mlp_in: 'matrix', mlp_out: 'matrix',
  norm: 'vector', router: 'vector', attn_sinks: 'vector',
};

/**
 * transformers' _init_weights with `torch.nn.init.normal_` replaced by `mup.init.normal_`
 * (mup/init.py `constant_std_init_`): a matrix-like weight gets std·width_mult**-0.5, where
 * width_mult = fan_in / base fan_in (mup/infshape.py: the last infinite dimension) = hidden / base
 * width; vector-like tensors keep the std. The readout (MuReadout) is zero with readout_zero_init,
 * else vector-like.
 */
function mup(base: RecipeTable): RecipeTable {
  const weights: Partial<Record<BaseRole, RoleInit>> = {};
  for (const [role, row] of Object.entries(base.weights) as [BaseRole, RoleInit][]) {
    weights[role] = (t, c) => {
      const kind = MUP_KIND[role];
      if (kind === 'readout' && c.options.mupReadoutZeroInit) return ZEROS;
      const hf = row(t, c);
      if (kind !== 'matrix' || hf.init !== 'normal') return hf;
      const widthMult = c.layout.hidden / (c.options.mupBaseWidth as number);
      return normal((hf.options!.std as number) * reciprocalSqrt(widthMult));
    };
  }
  return { ...base, weights };
}

// ---------------------------------------------------------------------------
// DeepNet (microsoft/torchscale)

/** Decoder.__init__ with deepnorm: init_scale = math.pow(8.0 * decoder_layers, 0.25) (decoder-only). */
const deepBeta = (c: RecipeContext) => fourthRoot(8.0 * c.layout.layers);

const DEEPNET: RecipeTable = {
  weights: {
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
    // build_output_projection: normal_(std=decoder_embed_dim**-0.5).
    lm_head: (_t, c) => normal(reciprocalSqrt(c.layout.hidden)),
    norm: ones,
  },
  biases: {
    // q/k/v biases keep nn.Linear's U(±1/√in) (v_proj's divided); out_proj.bias is constant 0.
    q: (t) => uniform(linearBiasBound(t)),
    k: (t) => uniform(linearBiasBound(t)),
    v: (t, c) => uniform(linearBiasBound(t) / deepBeta(c)),
    attn_out: zeros,
    mlp_gate: (t, c) => uniform(linearBiasBound(t) / deepBeta(c)),
    mlp_up: (t) => uniform(linearBiasBound(t)),
    mlp_out: (t, c) => uniform(linearBiasBound(t) / deepBeta(c)),
  },
};

// ---------------------------------------------------------------------------
// The recipes

const HF_SOURCE = 'huggingface/transformers';
/** The families kaiming's first recipes were written for (Llama-style trunks); a recipe lists each family it covers. */
const LLAMA_LIKE = ['llama', 'mistral', 'qwen2'] as const;
const fixed = (table: RecipeTable) => () => table;
/** The mixture-of-experts families (lib/model/architectures/moe.ts); torchtitan has models for three of them. */
const MOE_FAMILIES = ['mixtral', 'qwen2_moe', 'qwen3_moe', 'deepseek_v2', 'deepseek_v3', 'gpt_oss'] as const;
const TITAN_MOE = ['qwen3_moe', 'deepseek_v2', 'deepseek_v3'] as const;

export const RECIPES: readonly Recipe[] = [
  {
    name: 'hf',
    source: `${HF_SOURCE} modeling_utils.py PreTrainedModel._init_weights and each family's _init_weights override (lib/model/architectures/)`,
    covers: '*',
    table: (a) => a.init,
    zeroesPaddingRow: true,
  },
  {
    name: 'torchtitan',
    source: 'pytorch/torchtitan torchtitan/models/llama3/model/model.py and torchtitan/models/qwen3/model/model.py Transformer.init_weights, TransformerBlock, Attention/FeedForward.init_weights (018740b7); MoE (qwen3_moe, deepseek_v2/v3): torchtitan/models/moe/moe.py GroupedExperts/TokenChoiceTopKRouter/MoE.init_weights, models/deepseek_v3/model/model.py and models/qwen3/model/model.py (41753c67b)',
    covers: [...LLAMA_LIKE, 'qwen3', ...TITAN_MOE],
    table: (a) => (a.id === 'qwen3' ? TORCHTITAN_QWEN3 : a.id.startsWith('deepseek') ? TORCHTITAN_DEEPSEEK : a.id === 'qwen3_moe' ? TORCHTITAN_MOE : TORCHTITAN),
    zeroesPaddingRow: false,
  },
  ...(['normal', 'llama', 'llama_depth'] as const).map((variant) => ({
    name: `olmo-core:${variant}`,
    source: `allenai/OLMo-core src/olmo_core/nn/transformer/init.py InitMethod.${variant} (004aefff)${variant === 'normal' ? "; TransformerConfig.olmo2_*/olmo3_*'s default init_method" : ''}`,
    covers: [...LLAMA_LIKE, 'olmo2', 'olmo3'],
    table: fixed(olmo(variant)),
    zeroesPaddingRow: false,
  })),
  {
    name: 'megatron',
    source: 'NVIDIA/Megatron-LM megatron/core/utils.py init_method_normal, scaled_init_method_normal; megatron/core/transformer/transformer_config.py TransformerConfig.__post_init__; MoE: megatron/core/transformer/moe/router.py TopKRouter.reset_parameters, moe/experts.py, moe/shared_experts.py, transformer/multi_latent_attention.py (d98e8a64dd)',
    covers: ['gpt2', ...LLAMA_LIKE, ...MOE_FAMILIES],
    table: (a) => (a.id === 'gpt_oss' ? MEGATRON_ROUTER_BIAS : MOE_FAMILIES.includes(a.id as (typeof MOE_FAMILIES)[number]) ? MEGATRON_MOE : MEGATRON),
    zeroesPaddingRow: false,
  },
  {
    name: 'gpt-neox',
    source: 'EleutherAI/gpt-neox megatron/model/init_functions.py small_init_init_method, wang_init_method (05c4de35)',
    covers: ['gpt2', ...LLAMA_LIKE, 'gpt_neox'],
    table: fixed(NEOX),
    zeroesPaddingRow: false,
  },
  {
    name: 'mup',
    source: 'microsoft/mup mup/init.py normal_/constant_std_init_, mup/layer.py MuReadout, mup/infshape.py (1981497)',
    covers: '*',
    table: (a) => mup(a.init),
    zeroesPaddingRow: true,
  },
  {
    name: 'deepnet',
    source: 'microsoft/torchscale torchscale/architecture/decoder.py Decoder.__init__ (deepnorm), component/multihead_attention.py reset_parameters (4d1e0e8)',
    covers: LLAMA_LIKE,
    table: fixed(DEEPNET),
    zeroesPaddingRow: false,
  },
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

/** Whether the recipe is defined for that architecture id. */
export function recipeCovers(recipe: Recipe, architecture: string): boolean {
  return recipe.covers === '*' || recipe.covers.includes(architecture);
}

const OPTION_NAMES = ['depthInit', 'mupBaseWidth', 'mupReadoutZeroInit'] as const;

/** The row of a tensor: its base role's weight row, or its bias row. */
function rowOf(table: RecipeTable, t: ArchitectureTensor): RoleInit | undefined {
  const { base, bias } = t.role;
  return bias === true ? (table.biases?.[base] ?? table.bias) : table.weights[base];
}

/**
 * The initializer of every tensor of `layout` under recipe `name`, in layout order.
 * @throws RangeError when the recipe does not cover the model's architecture (naming those it
 *   covers) or has no row for one of its tensors.
 */
export function applyRecipe(layout: ModelLayout, name: string, options: RecipeOptions = {}): (ArchitectureTensor & Init)[] {
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
  if (!recipeCovers(recipe, layout.architecture)) {
    throw new RangeError(`Recipe "${recipe.name}" is defined for ${(recipe.covers as readonly string[]).join(', ')} only, not for ${layout.architecture}`);
  }
  const table = recipe.table(architectureById(layout.architecture));
  positiveNumber(layout.initializerRange, 'initializerRange');
  const context: RecipeContext = { layout, options: { depthInit, mupReadoutZeroInit, ...(mupBaseWidth === undefined ? {} : { mupBaseWidth }) } };
  const embed = layout.tensors.find((t) => t.role.base === 'embed');
  const head = embed === undefined ? undefined : tiedHead(embed, layout);
  if (head !== undefined && table.tied !== 'head') refuseTiedConflict(recipe, table, embed!, head, context);
  return layout.tensors.map((t) => {
    // A tied embedding the trainer initialises last as the head takes the head's row.
    const as = t === embed && head !== undefined && table.tied === 'head' ? head : t;
    const row = rowOf(table, as);
    if (row === undefined) {
      throw new RangeError(`Recipe "${recipe.name}" has no rule for "${t.name}" (a ${roleName(t.role)} tensor): its source does not initialise such a tensor`);
    }
    const { zeroRows, ...rest } = t;
    return { ...rest, ...(zeroRows !== undefined && recipe.zeroesPaddingRow ? { zeroRows } : {}), ...row(as, context) };
  });
}

/** The output head a tied embedding also is, as a tensor of its own (undefined when untied). */
function tiedHead(embed: ArchitectureTensor, layout: ModelLayout): ArchitectureTensor | undefined {
  if (!layout.tiedEmbeddings) return undefined;
  return { ...embed, name: 'lm_head.weight', role: { base: 'lm_head' }, inFeatures: layout.hidden };
}

/**
 * A tied embedding (tie_word_embeddings) is one tensor serving as embedding and output head, so
 * it can follow only one rule. Recipes whose two rules differ (torchtitan and OLMo-core's
 * llama/llama_depth: N(0, 1) embeddings but a d^-1/2 head, whose trainers build untied models)
 * are refused rather than silently giving the head the embedding's N(0, 1).
 */
function refuseTiedConflict(recipe: Recipe, table: RecipeTable, embed: ArchitectureTensor, head: ArchitectureTensor, c: RecipeContext): void {
  const [embedRow, headRow] = [rowOf(table, embed), rowOf(table, head)];
  if (embedRow === undefined || headRow === undefined) return;
  const [e, h] = [embedRow(embed, c), headRow(head, c)];
  if (JSON.stringify(e) === JSON.stringify(h)) return;
  const law = (i: Init) => `${i.init}${i.options === undefined ? '' : ` ${JSON.stringify(i.options)}`}`;
  throw new RangeError(
    `Recipe "${recipe.name}" initialises the embedding as ${law(e)} and the output head as ${law(h)}, but this model ties them ` +
      `(tie_word_embeddings true: "${embed.name}" is also the output head); untie them (tie_word_embeddings false) or use a recipe with one rule for both`,
  );
}
