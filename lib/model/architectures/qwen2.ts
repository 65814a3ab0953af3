/**
 * qwen2: transformers models/qwen2/modeling_qwen2.py (Qwen2ForCausalLM) and configuration_qwen2.py
 * (Qwen2Config). Llama's tensors; Qwen2Attention has biases on q/k/v (`bias=True`) and none on
 * o_proj, whatever the config says.
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { readDecoderDims } from './decoder';
import { llamaLayout } from './llama';

defineArchitecture({
  id: 'qwen2',
  classes: ['Qwen2ForCausalLM'],
  modeling: 'src/transformers/models/qwen2/modeling_qwen2.py',
  configuration: 'src/transformers/models/qwen2/configuration_qwen2.py',
  summary: 'q/k/v biases always, none on o_proj',
  defaults: {
    vocab_size: 151936, hidden_size: 4096, intermediate_size: 22016, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 32, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, pad_token_id: null,
  },
  layout(c) {
    const d = readDecoderDims(c);
    return llamaLayout({ ...d, qkvBias: true, outBias: false, mlpBias: false, paddingIdx: c.paddingIdx(d.vocab) }, 'qwen2');
  },
  init: HF_INIT,
  plan: DECODER_TP,
});
