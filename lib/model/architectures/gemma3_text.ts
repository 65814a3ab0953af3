/**
 * gemma3_text: transformers models/gemma3/modeling_gemma3.py (Gemma3ForCausalLM, the text-only
 * Gemma 3 checkpoints: gemma-3-270m, gemma-3-1b) and configuration_gemma3.py (Gemma3TextConfig).
 * Gemma 2's four norms per block plus per-head q_norm/k_norm (Gemma3RMSNorm(head_dim)), all
 * zero-centred. The scaled embedding (Gemma3TextScaledWordEmbedding) keeps its scale in a
 * non-persistent buffer: one tensor, `model.embed_tokens.weight`.
 */
import { HF_INIT_ZERO_CENTRED_NORMS } from '../inits';
import { DECODER_TP } from '../plans';
import { decoderArchitecture, attentionBias } from './decoder';
import { GEMMA2_NORMS } from './gemma2';

decoderArchitecture({
  id: 'gemma3_text',
  classes: ['Gemma3ForCausalLM'],
  folder: 'gemma3',
  summary: 'Gemma 2 block plus per-head q_norm/k_norm, all norms zero-centred; tied head; pad_token_id 0',
  defaults: {
    vocab_size: 262208, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8,
    num_key_value_heads: 4, head_dim: 256, initializer_range: 0.02, tie_word_embeddings: true, attention_bias: false, pad_token_id: 0,
  },
  variant: (c) => ({ ...attentionBias(c), qkNorm: 'head', blockNorms: GEMMA2_NORMS }),
  init: HF_INIT_ZERO_CENTRED_NORMS,
  plan: DECODER_TP,
});
