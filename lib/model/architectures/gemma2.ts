/**
 * gemma2: transformers models/gemma2/modeling_gemma2.py (Gemma2ForCausalLM) and
 * configuration_gemma2.py (Gemma2Config). Gemma's tensors with four norms per block
 * (Gemma2DecoderLayer: input_layernorm, post_attention_layernorm, pre_feedforward_layernorm,
 * post_feedforward_layernorm), all zero-centred (weights start at 0).
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT_ZERO_CENTRED_NORMS } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderLayout, readDecoderDims } from './decoder';

/** Gemma2DecoderLayer's (and Gemma3's) norms, in __init__ order. */
export const GEMMA2_NORMS = ['input_layernorm', 'post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm'] as const;

defineArchitecture({
  id: 'gemma2',
  classes: ['Gemma2ForCausalLM'],
  modeling: 'src/transformers/models/gemma2/modeling_gemma2.py',
  configuration: 'src/transformers/models/gemma2/configuration_gemma2.py',
  summary: 'four zero-centred norms per block (pre/post attention and feed-forward), head_dim 256, tied head, pad_token_id 0',
  defaults: {
    vocab_size: 256000, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8,
    num_key_value_heads: 4, head_dim: 256, initializer_range: 0.02, tie_word_embeddings: true, attention_bias: false, pad_token_id: 0,
  },
  layout(c) {
    const d = readDecoderDims(c);
    const bias = c.flag('attention_bias');
    return decoderLayout({ ...d, architecture: 'gemma2', qkvBias: bias, outBias: bias, mlpBias: false, blockNorms: GEMMA2_NORMS, paddingIdx: c.paddingIdx(d.vocab) });
  },
  init: HF_INIT_ZERO_CENTRED_NORMS,
  plan: DECODER_TP,
});
