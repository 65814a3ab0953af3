/**
 * mistral: transformers models/mistral/modeling_mistral.py (MistralForCausalLM) and
 * configuration_mistral.py (MistralConfig; its defaults are Mistral-7B's). Llama's tensors
 * without any bias; sliding-window attention changes no tensor.
 */
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, LLAMA_NORMS } from './decoder';

decoderArchitecture({
  id: 'mistral',
  classes: ['MistralForCausalLM'],
  folder: 'mistral',
  summary: "Llama's tensors, no biases (sliding-window attention changes no tensor)",
  defaults: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 8, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, pad_token_id: null,
  },
  variant: () => ({ qkvBias: false, outBias: false, mlpBias: false, blockNorms: LLAMA_NORMS }),
  init: HF_INIT,
  plan: DECODER_TP,
});
