/**
 * starcoder2: transformers models/starcoder2/modeling_starcoder2.py (Starcoder2ForCausalLM) and
 * configuration_starcoder2.py (Starcoder2Config: initializer_range 0.018042, use_bias true).
 * Biases on q/k/v/o and on the plain MLP `mlp.c_fc` / `mlp.c_proj` (use_bias), LayerNorms with
 * bias (`input_layernorm`, `post_attention_layernorm`, `model.norm`); tied head by default.
 */
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, LLAMA_NORMS } from './decoder';

decoderArchitecture({
  id: 'starcoder2',
  classes: ['Starcoder2ForCausalLM'],
  folder: 'starcoder2',
  summary: 'LayerNorm with bias, biases on every projection (use_bias), plain c_fc/c_proj MLP, tied head',
  defaults: {
    vocab_size: 49152, hidden_size: 3072, intermediate_size: 12288, num_hidden_layers: 30, num_attention_heads: 24,
    num_key_value_heads: 2, head_dim: null, initializer_range: 0.018042, tie_word_embeddings: true, use_bias: true, pad_token_id: null,
  },
  variant: (c) => {
    const bias = c.flag('use_bias');
    return { qkvBias: bias, outBias: bias, mlpBias: bias, mlp: 'plain', normBias: true, blockNorms: LLAMA_NORMS };
  },
  init: HF_INIT,
  plan: DECODER_TP,
});
