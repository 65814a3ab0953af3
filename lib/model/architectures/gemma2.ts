/**
 * gemma2: transformers models/gemma2/modeling_gemma2.py (Gemma2ForCausalLM) and
 * configuration_gemma2.py (Gemma2Config). Gemma's tensors with four norms per block
 * (Gemma2DecoderLayer: input_layernorm, post_attention_layernorm, pre_feedforward_layernorm,
 * post_feedforward_layernorm), all zero-centred (weights start at 0).
 */
import { HF_INIT_ZERO_CENTRED_NORMS } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, attentionBias } from './decoder';

/** Gemma2DecoderLayer's (and Gemma3's) norms, in __init__ order. */
export const GEMMA2_NORMS = ['input_layernorm', 'post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm'] as const;

decoderArchitecture({
  id: 'gemma2',
  classes: ['Gemma2ForCausalLM'],
  folder: 'gemma2',
  summary: 'four zero-centred norms per block (pre/post attention and feed-forward), head_dim 256, tied head, pad_token_id 0',
  defaults: {
    vocab_size: 256000, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8,
    num_key_value_heads: 4, head_dim: 256, initializer_range: 0.02, tie_word_embeddings: true, attention_bias: false, pad_token_id: 0,
  },
  variant: (c) => ({ ...attentionBias(c), blockNorms: GEMMA2_NORMS }),
  init: HF_INIT_ZERO_CENTRED_NORMS,
  plan: DECODER_TP,
});
