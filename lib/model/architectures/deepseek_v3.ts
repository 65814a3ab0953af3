/**
 * deepseek_v3: transformers 5.18.0 src/transformers/models/deepseek_v3/modeling_deepseek_v3.py
 * (DeepseekV3ForCausalLM, DeepseekV3PreTrainedModel._init_weights) and configuration_deepseek_v3.py
 * (DeepseekV3Config: the defaults below; `num_local_experts` in config.json is its n_routed_experts).
 *
 * DeepSeek-V2's layout (deepseek_v2.ts mlaLayout) with two differences: the router
 * (DeepseekV3TopkRouter) has an `e_score_correction_bias` [n_routed_experts] buffer, saved in the
 * hub files (noaux_tc routing), and DeepseekV3MLP has no biases (no mlp_bias).
 *
 * The multi-token-prediction module (num_nextn_predict_layers: DeepSeek-V3's `model.layers.61.*`,
 * 11.5B parameters of its own per DeepSeek's README_WEIGHTS.md) is not part of transformers'
 * model: DeepseekV3PreTrainedModel drops it on load (`_keys_to_ignore_on_load_unexpected =
 * [r"model\.layers\.61.*"]`), so kaiming writes the 61 blocks transformers builds and nothing for
 * MTP: DeepSeek-V3's total is 671,026,419,200 (671B = 685B − 14B MTP, README_WEIGHTS.md).
 *
 * _init_weights: the base class's, then DeepseekV3TopkRouter's weight N(0, initializer_range) and
 * `init.zeros_(e_score_correction_bias)`, DeepseekV3Experts N(0, initializer_range).
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { MLA_TP, mlaLayout } from './deepseek_v2';

defineArchitecture({
  id: 'deepseek_v3',
  classes: ['DeepseekV3ForCausalLM'],
  modeling: 'src/transformers/models/deepseek_v3/modeling_deepseek_v3.py',
  configuration: 'src/transformers/models/deepseek_v3/configuration_deepseek_v3.py',
  summary: 'DeepSeek-V2 layout plus the router e_score_correction_bias (zeros); the MTP layer (num_nextn_predict_layers) is not in transformers\' model and is not written',
  defaults: {
    vocab_size: 129280, hidden_size: 7168, intermediate_size: 18432, moe_intermediate_size: 2048, num_hidden_layers: 61,
    num_attention_heads: 128, q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128,
    n_routed_experts: 256, n_shared_experts: 1, first_k_dense_replace: 3, attention_bias: false,
    tie_word_embeddings: false, initializer_range: 0.02, pad_token_id: null,
  },
  layout: (c) => mlaLayout(c, { architecture: 'deepseek_v3', routerBias: true, mlpBias: () => false, expertsAlias: 'num_local_experts' }),
  // HF_INIT's bias row (zeros) is the router bias's init.zeros_.
  init: HF_INIT,
  plan: MLA_TP,
});
