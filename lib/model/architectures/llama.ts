/**
 * llama: transformers models/llama/modeling_llama.py (LlamaForCausalLM, LlamaPreTrainedModel) and
 * configuration_llama.py (LlamaConfig), at the version docs/MODELS.md pins.
 *
 * `model.embed_tokens` (padding_idx = pad_token_id), per block `self_attn.{q,k,v,o}_proj` (biases
 * with attention_bias), `mlp.{gate,up,down}_proj` (biases with mlp_bias), `input_layernorm`,
 * `post_attention_layernorm`; `model.norm`, `lm_head` (not saved when tie_word_embeddings).
 * nn.Linear stores (out, in); k/v have num_key_value_heads·head_dim rows.
 */
import type { ModelLayout } from '../architecture';
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { attentionBias, decoderArchitecture, decoderLayout, LLAMA_NORMS } from './decoder';

export interface LlamaDims {
  vocab: number;
  layers: number;
  hidden: number;
  intermediate: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  tieEmbeddings: boolean;
  /** Biases on q, k and v (Qwen2: always; Llama: attention_bias). */
  qkvBias: boolean;
  /** A bias on o_proj (Llama's attention_bias; Qwen2's o_proj has none). */
  outBias: boolean;
  /** Biases on gate/up/down (Llama's mlp_bias). */
  mlpBias: boolean;
  initializerRange: number;
  /** nn.Embedding's padding_idx (pad_token_id). */
  paddingIdx?: number;
}

/** A Llama-family model's tensors in LlamaForCausalLM.state_dict() order. */
export function llamaLayout(d: LlamaDims, architecture = 'llama'): ModelLayout {
  return decoderLayout({ ...d, architecture, blockNorms: LLAMA_NORMS });
}

decoderArchitecture({
  id: 'llama',
  classes: ['LlamaForCausalLM'],
  folder: 'llama',
  summary: 'grouped-query attention, SwiGLU MLP, RMSNorm; optional attention_bias/mlp_bias',
  defaults: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: null, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, attention_bias: false, mlp_bias: false,
    pad_token_id: null,
  },
  variant: (c) => ({ ...attentionBias(c), mlpBias: c.flag('mlp_bias'), blockNorms: LLAMA_NORMS }),
  init: HF_INIT,
  plan: DECODER_TP,
});
