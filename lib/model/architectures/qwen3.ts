/**
 * qwen3: transformers models/qwen3/modeling_qwen3.py (Qwen3ForCausalLM) and configuration_qwen3.py
 * (Qwen3Config: head_dim defaults to 128, not hidden/heads). Llama's tensors plus per-head
 * `self_attn.q_norm` / `k_norm` (Qwen3RMSNorm(head_dim), after o_proj in __init__ order); q/k/v/o
 * biases with attention_bias.
 */
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, attentionBias, LLAMA_NORMS } from './decoder';

decoderArchitecture({
  id: 'qwen3',
  classes: ['Qwen3ForCausalLM'],
  folder: 'qwen3',
  summary: 'per-head q_norm/k_norm (RMSNorm over head_dim), head_dim 128 by default, optional attention_bias',
  defaults: {
    vocab_size: 151936, hidden_size: 4096, intermediate_size: 22016, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 32, head_dim: 128, initializer_range: 0.02, tie_word_embeddings: false, attention_bias: false, pad_token_id: null,
  },
  variant: (c) => ({ ...attentionBias(c), qkNorm: 'head', blockNorms: LLAMA_NORMS }),
  init: HF_INIT,
  plan: DECODER_TP,
});
