/**
 * olmo2: transformers models/olmo2/modeling_olmo2.py (Olmo2ForCausalLM) and configuration_olmo2.py
 * (Olmo2Config: pad_token_id 1 by default). Norms after the sublayers: each block has
 * `post_attention_layernorm` and `post_feedforward_layernorm` and no input norm
 * (Olmo2DecoderLayer), and q_norm/k_norm over the whole projection width
 * (Olmo2RMSNorm(num_attention_heads * head_dim), k over num_key_value_heads * head_dim).
 */
import { defineArchitecture, type ModelLayout } from '../architecture';
import type { ConfigReader } from '../config-reader';
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderLayout, readDecoderDims } from './decoder';

/** OLMo 2's (and OLMo 3's) tensors. */
export function olmo2Layout(c: ConfigReader, architecture: string): ModelLayout {
  const d = readDecoderDims(c);
  const bias = c.flag('attention_bias');
  return decoderLayout({
    ...d, architecture, qkvBias: bias, outBias: bias, mlpBias: false, qkNorm: 'width',
    blockNorms: ['post_attention_layernorm', 'post_feedforward_layernorm'], paddingIdx: c.paddingIdx(d.vocab),
  });
}

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

defineArchitecture({
  id: 'olmo2',
  classes: ['Olmo2ForCausalLM'],
  modeling: 'src/transformers/models/olmo2/modeling_olmo2.py',
  configuration: 'src/transformers/models/olmo2/configuration_olmo2.py',
  summary: 'norms after attention and MLP (no input norm); q_norm/k_norm over the whole projection width; pad_token_id 1 by default',
  defaults: OLMO_DEFAULTS,
  layout: (c) => olmo2Layout(c, 'olmo2'),
  init: HF_INIT,
  plan: OLMO_PLAN,
});
