/**
 * gemma: transformers models/gemma/modeling_gemma.py (GemmaForCausalLM, GemmaPreTrainedModel) and
 * configuration_gemma.py (GemmaConfig: head_dim 256, pad_token_id 0, tied embeddings). Llama's
 * tensors; GemmaRMSNorm multiplies by (1 + weight), so `_init_weights` zeroes every norm weight.
 */
import { HF_INIT_ZERO_CENTRED_NORMS } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, attentionBias, LLAMA_NORMS } from './decoder';

decoderArchitecture({
  id: 'gemma',
  classes: ['GemmaForCausalLM'],
  folder: 'gemma',
  summary: 'zero-centred RMSNorm (1 + w): norm weights start at 0; head_dim 256; tied head; pad_token_id 0',
  defaults: {
    vocab_size: 256000, hidden_size: 3072, intermediate_size: 24576, num_hidden_layers: 28, num_attention_heads: 16,
    num_key_value_heads: 16, head_dim: 256, initializer_range: 0.02, tie_word_embeddings: true, attention_bias: false, pad_token_id: 0,
  },
  variant: (c) => ({ ...attentionBias(c), blockNorms: LLAMA_NORMS }),
  init: HF_INIT_ZERO_CENTRED_NORMS,
  plan: DECODER_TP,
});
