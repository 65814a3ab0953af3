/**
 * The tensors of the Hugging Face decoder-only models, as transformers saves them:
 * names, shapes and what each tensor is (its role), without any initialisation.
 * A recipe (lib/model/recipes.ts) then maps every role to an initializer, so the
 * names and shapes never depend on the recipe.
 *
 * - GPT-2 (`models/gpt2/modeling_gpt2.py`): `wte`, `wpe`, `h.{i}.ln_1`, `h.{i}.attn.c_attn`
 *   (q, k and v fused), `h.{i}.attn.c_proj`, `h.{i}.ln_2`, `h.{i}.mlp.c_fc`,
 *   `h.{i}.mlp.c_proj`, `ln_f`. Conv1D stores weights as (in, out). GPT2LMHeadModel
 *   prefixes them with `transformer.`; its `lm_head` is tied to `wte` and not saved.
 * - Llama, Mistral, Qwen2 (`models/{llama,mistral,qwen2}/modeling_*.py`):
 *   `model.embed_tokens`, `model.layers.{i}.input_layernorm`,
 *   `…self_attn.{q,k,v,o}_proj`, `…post_attention_layernorm`,
 *   `…mlp.{gate,up,down}_proj`, `model.norm`, `lm_head` (not saved when tied).
 *   nn.Linear stores (out, in); k/v have num_key_value_heads·head_dim rows.
 */

/** What a tensor is in its model: the key of every recipe's table. */
export type Role =
  | 'embed' | 'pos_embed'
  | 'q' | 'k' | 'v' | 'qkv' | 'attn_out'
  | 'mlp_gate' | 'mlp_up' | 'mlp_in' | 'mlp_out'
  | 'lm_head'
  | 'norm' | 'norm_bias'
  | 'q_bias' | 'k_bias' | 'v_bias' | 'qkv_bias' | 'attn_out_bias'
  | 'mlp_gate_bias' | 'mlp_up_bias' | 'mlp_in_bias' | 'mlp_out_bias';

/** Model families a recipe may support: GPT-2's fused Conv1D blocks, or Llama's separate projections. */
export type Family = 'gpt2' | 'llama';

export interface LayoutTensor {
  name: string;
  shape: number[];
  role: Role;
  /** 0-based block index, for tensors inside a transformer block. */
  layer?: number;
  /** in_features of the module the tensor belongs to (nn.Linear's and Conv1D's fan-in). */
  inFeatures: number;
}

export interface Layout {
  family: Family;
  /** Number of transformer blocks. */
  layers: number;
  /** Model width (hidden_size / n_embd). */
  hidden: number;
  /** transformers' initializer_range. */
  initializerRange: number;
  /** tie_word_embeddings: the embedding is also the output head (there is no lm_head tensor). */
  tiedEmbeddings?: boolean;
  tensors: LayoutTensor[];
}

export interface GPT2Dims {
  vocab: number;
  nLayer: number;
  nEmbd: number;
  nPositions: number;
  nInner: number;
  initializerRange: number;
  /** '' for GPT2Model's names (the hub's gpt2 file), 'transformer.' for GPT2LMHeadModel's state_dict. */
  prefix: string;
  /** tie_word_embeddings (GPT-2's default: true): no lm_head tensor. */
  tieEmbeddings: boolean;
}

/** GPT-2's tensors in GPT2Model.state_dict() order. */
export function gpt2Layout(d: GPT2Dims): Layout {
  const tensors: LayoutTensor[] = [];
  const p = d.prefix;
  const add = (name: string, shape: number[], role: Role, inFeatures: number, layer?: number) =>
    tensors.push({ name: `${p}${name}`, shape, role, inFeatures, ...(layer === undefined ? {} : { layer }) });
  const e = d.nEmbd;
  add('wte.weight', [d.vocab, e], 'embed', e);
  add('wpe.weight', [d.nPositions, e], 'pos_embed', e);
  for (let i = 0; i < d.nLayer; i++) {
    const h = `h.${i}`;
    add(`${h}.ln_1.weight`, [e], 'norm', e, i);
    add(`${h}.ln_1.bias`, [e], 'norm_bias', e, i);
    // Conv1D(nf, nx) has weight [nx, nf]: (in, out).
    add(`${h}.attn.c_attn.weight`, [e, 3 * e], 'qkv', e, i);
    add(`${h}.attn.c_attn.bias`, [3 * e], 'qkv_bias', e, i);
    add(`${h}.attn.c_proj.weight`, [e, e], 'attn_out', e, i);
    add(`${h}.attn.c_proj.bias`, [e], 'attn_out_bias', e, i);
    add(`${h}.ln_2.weight`, [e], 'norm', e, i);
    add(`${h}.ln_2.bias`, [e], 'norm_bias', e, i);
    add(`${h}.mlp.c_fc.weight`, [e, d.nInner], 'mlp_in', e, i);
    add(`${h}.mlp.c_fc.bias`, [d.nInner], 'mlp_in_bias', e, i);
    add(`${h}.mlp.c_proj.weight`, [d.nInner, e], 'mlp_out', d.nInner, i);
    add(`${h}.mlp.c_proj.bias`, [e], 'mlp_out_bias', d.nInner, i);
  }
  add('ln_f.weight', [e], 'norm', e);
  add('ln_f.bias', [e], 'norm_bias', e);
  // GPT2LMHeadModel.lm_head = nn.Linear(n_embd, vocab_size, bias=False), saved only when untied.
  if (!d.tieEmbeddings) tensors.push({ name: 'lm_head.weight', shape: [d.vocab, e], role: 'lm_head', inFeatures: e });
  return { family: 'gpt2', layers: d.nLayer, hidden: e, initializerRange: d.initializerRange, tiedEmbeddings: d.tieEmbeddings, tensors };
}

export interface LlamaDims {
  vocab: number;
  layers: number;
  hidden: number;
  intermediate: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  tieEmbeddings: boolean;
  /** Biases on q, k and v (Qwen2: always; Llama: attention_bias). */
  qkvBias: boolean;
  /** A bias on o_proj (Llama's attention_bias; Qwen2's o_proj has none). */
  outBias: boolean;
  /** Biases on gate/up/down (Llama's mlp_bias). */
  mlpBias: boolean;
  initializerRange: number;
}

/** A Llama-family model's tensors in LlamaForCausalLM.state_dict() order. */
export function llamaLayout(d: LlamaDims): Layout {
  const tensors: LayoutTensor[] = [];
  const add = (name: string, shape: number[], role: Role, inFeatures: number, layer?: number) =>
    tensors.push({ name, shape, role, inFeatures, ...(layer === undefined ? {} : { layer }) });
  const h = d.hidden;
  const q = d.heads * d.headDim;
  const kv = d.kvHeads * d.headDim;
  add('model.embed_tokens.weight', [d.vocab, h], 'embed', h);
  for (let i = 0; i < d.layers; i++) {
    const l = `model.layers.${i}`;
    // LlamaDecoderLayer.__init__ order (self_attn, mlp, input_layernorm, post_attention_layernorm) is
    // state_dict() order, the order save_pretrained shards in; a module's weight comes before its bias.
    const linear = (name: string, out: number, inF: number, role: Role, bias: boolean) => {
      add(`${l}.${name}.weight`, [out, inF], role, inF, i);
      if (bias) add(`${l}.${name}.bias`, [out], `${role}_bias` as Role, inF, i);
    };
    linear('self_attn.q_proj', q, h, 'q', d.qkvBias);
    linear('self_attn.k_proj', kv, h, 'k', d.qkvBias);
    linear('self_attn.v_proj', kv, h, 'v', d.qkvBias);
    linear('self_attn.o_proj', h, q, 'attn_out', d.outBias);
    linear('mlp.gate_proj', d.intermediate, h, 'mlp_gate', d.mlpBias);
    linear('mlp.up_proj', d.intermediate, h, 'mlp_up', d.mlpBias);
    linear('mlp.down_proj', h, d.intermediate, 'mlp_out', d.mlpBias);
    add(`${l}.input_layernorm.weight`, [h], 'norm', h, i);
    add(`${l}.post_attention_layernorm.weight`, [h], 'norm', h, i);
  }
  add('model.norm.weight', [h], 'norm', h);
  if (!d.tieEmbeddings) add('lm_head.weight', [d.vocab, h], 'lm_head', h);
  return { family: 'llama', layers: d.layers, hidden: h, initializerRange: d.initializerRange, tiedEmbeddings: d.tieEmbeddings, tensors };
}
