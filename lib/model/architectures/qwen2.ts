/**
 * qwen2: transformers models/qwen2/modeling_qwen2.py (Qwen2ForCausalLM) and configuration_qwen2.py
 * (Qwen2Config). Llama's tensors; Qwen2Attention has biases on q/k/v (`bias=True`) and none on
 * o_proj, whatever the config says.
 */
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, LLAMA_NORMS } from './decoder';

decoderArchitecture({
  id: 'qwen2',
  classes: ['Qwen2ForCausalLM'],
  folder: 'qwen2',
  summary: 'q/k/v biases always, none on o_proj',
  defaults: {
    vocab_size: 151936, hidden_size: 4096, intermediate_size: 22016, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 32, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, pad_token_id: null,
  },
  variant: () => ({ qkvBias: true, outBias: false, mlpBias: false, blockNorms: LLAMA_NORMS }),
  init: HF_INIT,
  plan: DECODER_TP,
});
