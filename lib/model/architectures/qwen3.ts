/**
 * qwen3: transformers models/qwen3/modeling_qwen3.py (Qwen3ForCausalLM) and configuration_qwen3.py
 * (Qwen3Config: head_dim defaults to 128, not hidden/heads). Llama's tensors plus per-head
 * `self_attn.q_norm` / `k_norm` (Qwen3RMSNorm(head_dim), after o_proj in __init__ order); q/k/v/o
 * biases with attention_bias.
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderLayout, readDecoderDims, LLAMA_NORMS } from './decoder';

defineArchitecture({
  id: 'qwen3',
  classes: ['Qwen3ForCausalLM'],
  modeling: 'src/transformers/models/qwen3/modeling_qwen3.py',
  configuration: 'src/transformers/models/qwen3/configuration_qwen3.py',
  summary: 'per-head q_norm/k_norm (RMSNorm over head_dim), head_dim 128 by default, optional attention_bias',
  defaults: {
    vocab_size: 151936, hidden_size: 4096, intermediate_size: 22016, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 32, head_dim: 128, initializer_range: 0.02, tie_word_embeddings: false, attention_bias: false, pad_token_id: null,
  },
  layout(c) {
    const d = readDecoderDims(c);
    const bias = c.flag('attention_bias');
    return decoderLayout({
      ...d, architecture: 'qwen3', qkvBias: bias, outBias: bias, mlpBias: false, qkNorm: 'head', blockNorms: LLAMA_NORMS, paddingIdx: c.paddingIdx(d.vocab),
    });
  },
  init: HF_INIT,
  plan: DECODER_TP,
});
