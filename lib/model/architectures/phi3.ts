/**
 * phi3: transformers models/phi3/modeling_phi3.py (Phi3ForCausalLM) and configuration_phi3.py
 * (Phi3Config: vocab 32064, pad_token_id 32000). Fused projections: `self_attn.o_proj` then
 * `self_attn.qkv_proj` (Phi3Attention.__init__ order; rows q, then k, then v:
 * num_attention_heads·head_dim + 2·num_key_value_heads·head_dim) and `mlp.gate_up_proj`
 * (2·intermediate_size rows) and `mlp.down_proj`; no biases. Phi-3.5-mini, Phi-4-mini and Phi-4
 * are phi3 checkpoints.
 */
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, LLAMA_NORMS } from './decoder';

decoderArchitecture({
  id: 'phi3',
  classes: ['Phi3ForCausalLM'],
  folder: 'phi3',
  summary: 'fused qkv_proj (after o_proj) and gate_up_proj, no biases; pad_token_id 32000 by default',
  defaults: {
    vocab_size: 32064, hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: null, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, pad_token_id: 32000,
  },
  variant: () => ({ qkvBias: false, outBias: false, mlpBias: false, projections: 'fused', blockNorms: LLAMA_NORMS }),
  init: HF_INIT,
  // Phi3Config.base_model_tp_plan: qkv_proj and gate_up_proj "colwise_rep", o_proj and down_proj "rowwise_rep".
  plan: { ...DECODER_TP, source: `${DECODER_TP.source}; Phi3Config names qkv_proj/gate_up_proj colwise_rep and o_proj/down_proj rowwise_rep (the same weight split)` },
});
