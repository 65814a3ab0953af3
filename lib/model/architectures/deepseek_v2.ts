/**
 * deepseek_v2: transformers 5.18.0 src/transformers/models/deepseek_v2/modeling_deepseek_v2.py
 * (DeepseekV2ForCausalLM, DeepseekV2PreTrainedModel._init_weights) and configuration_deepseek_v2.py
 * (DeepseekV2Config: the defaults below; `num_experts` in config.json is its n_routed_experts).
 * deepseek_v3.ts reuses this layout (`mlaLayout`).
 *
 * Multi-head latent attention (DeepseekV2Attention, __init__ order): `q_proj` [heads·(nope+rope), hidden]
 * when q_lora_rank is None, else `q_a_proj` [q_lora_rank, hidden] (bias with attention_bias),
 * `q_a_layernorm` [q_lora_rank], `q_b_proj` [heads·(nope+rope), q_lora_rank]; then
 * `kv_a_proj_with_mqa` [kv_lora_rank + rope, hidden] (bias with attention_bias), `kv_a_layernorm`
 * [kv_lora_rank], `kv_b_proj` [heads·(nope+v_head_dim), kv_lora_rank], `o_proj` [hidden, heads·v_head_dim]
 * (bias with attention_bias). num_key_value_heads changes no tensor.
 *
 * Blocks before first_k_dense_replace have a dense MLP of intermediate_size (biases with mlp_bias);
 * the others a MoE (DeepseekV2Moe, __init__ order): `mlp.experts.{e}.{gate,up,down}_proj`
 * (moe_intermediate_size, the hub's per-expert names), `mlp.gate.weight` (router), and
 * `mlp.shared_experts.{gate,up,down}_proj` of moe_intermediate_size·n_shared_experts.
 * moe_layer_freq: DeepSeek's own modeling_deepseek.py makes block i sparse only when also
 * `i % moe_layer_freq == 0`; transformers ignores the key (every block from first_k_dense_replace
 * on is sparse). The two agree only for 1, the value of every published checkpoint, so any other
 * value is refused rather than guessed. topk_method, n_group, topk_group, routed_scaling_factor,
 * norm_topk_prob and num_experts_per_tok change no tensor.
 *
 * q_lora_rank: a key present with null is None (q_proj), as from_pretrained passes it; only an
 * absent key takes the default (1536 for DeepseekV2Config).
 *
 * _init_weights: the base class's, then DeepseekV2TopkRouter's weight and DeepseekV2Experts
 * N(0, initializer_range).
 */
import { rangeError } from '../../core/validate';
import { defineArchitecture, type ArchitecturePlan, type ModelLayout } from '../architecture';
import type { ConfigReader } from '../config-reader';
import { HF_INIT } from '../inits';
import { LLAMA_NORMS, TensorList } from './decoder';
import { expertCount, gatedMlp, routedExperts, router } from './moe';

/** What differs between DeepSeek-V2 and V3 in the layout. */
export interface MlaVariant {
  architecture: 'deepseek_v2' | 'deepseek_v3';
  /** DeepseekV3TopkRouter's `e_score_correction_bias` buffer [n_routed_experts] (saved in the checkpoint). */
  routerBias: boolean;
  /** DeepseekV2MLP's biases (config.mlp_bias); DeepseekV3MLP has none. */
  mlpBias: (c: ConfigReader) => boolean;
  /** The config key a config.json may use for n_routed_experts (attribute_map). */
  expertsAlias: string;
}

/** The tensors of a DeepSeek-V2/V3 config, in state_dict() order. */
export function mlaLayout(c: ConfigReader, v: MlaVariant): ModelLayout {
  const vocab = c.int('vocab_size');
  const h = c.int('hidden_size');
  const intermediate = c.int('intermediate_size');
  const moeInter = c.int('moe_intermediate_size');
  const layers = c.int('num_hidden_layers');
  const heads = c.int('num_attention_heads');
  const qLora = c.config.q_lora_rank === null ? undefined : c.int('q_lora_rank');
  const kvLora = c.int('kv_lora_rank');
  const nope = c.int('qk_nope_head_dim');
  const rope = c.int('qk_rope_head_dim');
  const vHead = c.int('v_head_dim');
  const routed = expertCount(c, 'n_routed_experts', v.expertsAlias);
  const shared = c.int('n_shared_experts');
  const firstDense = c.optionalCount('first_k_dense_replace') ?? 0;
  const freq = c.config.moe_layer_freq ?? 1;
  if (freq !== 1) {
    throw rangeError(
      '1 (transformers ignores moe_layer_freq and makes every block from first_k_dense_replace on sparse; DeepSeek\'s own code skips blocks with i % moe_layer_freq != 0)',
      'config.moe_layer_freq',
      freq,
    );
  }
  const bias = c.flag('attention_bias');
  const mlpBias = v.mlpBias(c);
  const tie = c.flag('tie_word_embeddings');
  const range = c.initializerRange();
  for (const [k, val] of [
    ['vocab_size', vocab], ['hidden_size', h], ['intermediate_size', intermediate], ['moe_intermediate_size', moeInter],
    ['num_hidden_layers', layers], ['num_attention_heads', heads], ['q_lora_rank', qLora ?? null], ['kv_lora_rank', kvLora],
    ['qk_nope_head_dim', nope], ['qk_rope_head_dim', rope], ['v_head_dim', vHead], ['n_routed_experts', routed],
    ['n_shared_experts', shared], ['first_k_dense_replace', firstDense], ['tie_word_embeddings', tie], ['initializer_range', range],
  ] as const) c.show(k, val);
  const qHead = nope + rope;
  const list = new TensorList();
  list.embedding('model.embed_tokens', vocab, h, 'embed', c.paddingIdx(vocab));
  for (let i = 0; i < layers; i++) {
    const l = `model.layers.${i}`;
    const a = `${l}.self_attn`;
    if (qLora === undefined) {
      list.linear(`${a}.q_proj`, heads * qHead, h, 'q', false, i);
    } else {
      list.linear(`${a}.q_a_proj`, qLora, h, 'q_down', bias, i);
      list.norm(`${a}.q_a_layernorm`, qLora, false, i);
      list.linear(`${a}.q_b_proj`, heads * qHead, qLora, 'q', false, i);
    }
    list.linear(`${a}.kv_a_proj_with_mqa`, kvLora + rope, h, 'kv_down', bias, i);
    list.norm(`${a}.kv_a_layernorm`, kvLora, false, i);
    list.linear(`${a}.kv_b_proj`, heads * (nope + vHead), kvLora, 'kv', false, i);
    list.linear(`${a}.o_proj`, h, heads * vHead, 'attn_out', bias, i);
    if (i >= firstDense) {
      routedExperts(list, `${l}.mlp.experts`, routed, h, moeInter, i);
      router(list, `${l}.mlp.gate`, routed, h, i);
      // nn.Buffer(torch.zeros(n_routed_experts)): not a parameter, but in the state dict and the hub files.
      if (v.routerBias) list.add(`${l}.mlp.gate.e_score_correction_bias`, [routed], { base: 'router', bias: true }, h, i);
      gatedMlp(list, `${l}.mlp.shared_experts`, h, moeInter * shared, mlpBias, i);
    } else {
      gatedMlp(list, `${l}.mlp`, h, intermediate, mlpBias, i);
    }
    for (const norm of LLAMA_NORMS) list.norm(`${l}.${norm}`, h, false, i);
  }
  list.norm('model.norm', h, false);
  if (!tie) list.add('lm_head.weight', [vocab, h], 'lm_head', h);
  return { architecture: v.architecture, layers, hidden: h, initializerRange: range, tiedEmbeddings: tie, tensors: list.tensors };
}

/**
 * DeepSeek's tensor-parallel plan: transformers 5.18.0 DeepseekV2Config.base_model_tp_plan
 * (q_proj, q_b_proj and kv_b_proj colwise, o_proj rowwise; experts packed_colwise/rowwise per
 * expert; shared experts and the dense MLP colwise/rowwise) and torchtitan's deepseek_v3
 * apply_tp (torchtitan/models/deepseek_v3/infra/parallelize.py, 41753c67b: wq/wq_b and wkv_b
 * colwise, wo rowwise, wq_a, wkv_a, q_norm, kv_norm NoParallel). The low-rank down projections
 * q_a_proj and kv_a_proj_with_mqa are replicated (transformers' "mla_kv_a_proj" style also keeps
 * kv_a whole), the router too ("ep_router"). Where kaiming differs: DeepseekV3Config's plan in
 * 5.18.0 leaves the attention unsplit; kaiming uses V2's plan for both, as torchtitan does for V3.
 */
export const MLA_TP: ArchitecturePlan = {
  scheme: 'dtensor',
  weights: {
    embed: 'vocab', lm_head: 'colwise',
    q: 'colwise', kv: 'colwise', attn_out: 'rowwise', q_down: 'replicate', kv_down: 'replicate',
    mlp_gate: 'colwise', mlp_up: 'colwise', mlp_out: 'rowwise',
    norm: 'replicate', router: 'replicate',
  },
  source:
    'transformers 5.18.0 DeepseekV2Config.base_model_tp_plan and base_model_ep_plan; torchtitan deepseek_v3 apply_tp (41753c67b); ' +
    'q_a_proj/kv_a_proj_with_mqa replicated; DeepseekV3Config leaves attention whole, kaiming splits it as for V2',
};

defineArchitecture({
  id: 'deepseek_v2',
  classes: ['DeepseekV2ForCausalLM'],
  modeling: 'src/transformers/models/deepseek_v2/modeling_deepseek_v2.py',
  configuration: 'src/transformers/models/deepseek_v2/configuration_deepseek_v2.py',
  summary: 'multi-head latent attention (q_lora_rank may be null: q_proj), first_k_dense_replace dense blocks, routed and shared experts',
  defaults: {
    vocab_size: 102400, hidden_size: 4096, intermediate_size: 11008, moe_intermediate_size: 1407, num_hidden_layers: 32,
    num_attention_heads: 32, q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128,
    n_routed_experts: 64, n_shared_experts: 2, first_k_dense_replace: 0, attention_bias: false, mlp_bias: false,
    tie_word_embeddings: false, initializer_range: 0.02, pad_token_id: null,
  },
  layout: (c) => mlaLayout(c, { architecture: 'deepseek_v2', routerBias: false, mlpBias: (r) => r.flag('mlp_bias'), expertsAlias: 'num_experts' }),
  init: HF_INIT,
  plan: MLA_TP,
});
