/**
 * olmo2: transformers models/olmo2/modeling_olmo2.py (Olmo2ForCausalLM) and configuration_olmo2.py
 * (Olmo2Config: pad_token_id 1 by default). Norms after the sublayers: each block has
 * `post_attention_layernorm` and `post_feedforward_layernorm` and no input norm
 * (Olmo2DecoderLayer), and q_norm/k_norm over the whole projection width
 * (Olmo2RMSNorm(num_attention_heads * head_dim), k over num_key_value_heads * head_dim).
 */
import type { ConfigReader } from '../config-reader';
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { attentionBias, decoderArchitecture, type DecoderVariant } from './decoder';

/** OLMo 2's (and OLMo 3's) block: norms after the sublayers, q/k norms over the whole width. */
export const olmoVariant = (c: ConfigReader): DecoderVariant => ({ ...attentionBias(c), qkNorm: 'width', blockNorms: ['post_attention_layernorm', 'post_feedforward_layernorm'] });

/** Olmo2Config's and Olmo3Config's defaults (the same). */
export const OLMO_DEFAULTS = {
  vocab_size: 50304, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32,
  num_key_value_heads: null, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, attention_bias: false, pad_token_id: 1,
} as const;

/**
 * transformers names q/k/v "colwise_rep" and o_proj "rowwise_rep" (Olmo2Config.base_model_tp_plan):
 * the full-width q/k norms need the whole projection, so the activations are gathered; the weight
 * split is the same Shard(0)/Shard(1) as DECODER_TP's.
 */
export const OLMO_PLAN = { ...DECODER_TP, source: `${DECODER_TP.source}; Olmo2/Olmo3Config name q/k/v colwise_rep and o_proj rowwise_rep (same weight split, gathered activations)` };

decoderArchitecture({
  id: 'olmo2',
  classes: ['Olmo2ForCausalLM'],
  folder: 'olmo2',
  summary: 'norms after attention and MLP (no input norm); q_norm/k_norm over the whole projection width; pad_token_id 1 by default',
  defaults: OLMO_DEFAULTS,
  variant: olmoVariant,
  init: HF_INIT,
  plan: OLMO_PLAN,
});
