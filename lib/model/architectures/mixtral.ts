/**
 * mixtral: transformers 5.18.0 src/transformers/models/mixtral/modeling_mixtral.py
 * (MixtralForCausalLM, MixtralPreTrainedModel._init_weights) and configuration_mixtral.py
 * (MixtralConfig: the defaults below, `num_experts` an alias of num_local_experts).
 *
 * Mistral's attention (q/k/v/o without biases, grouped kv heads, head_dim from the config or
 * hidden_size // num_attention_heads) and, in every block, a sparse MoE in place of the MLP:
 * `block_sparse_moe.gate` (the router, nn.Linear(hidden, num_local_experts) without bias) and
 * num_local_experts SwiGLU experts stored as the hub checkpoints store them,
 * `block_sparse_moe.experts.{e}.w1` (gate, [intermediate, hidden]), `.w2` (down, [hidden,
 * intermediate]), `.w3` (up) — transformers 5 renames `block_sparse_moe` to `mlp` and fuses the
 * experts in memory only (conversion_mapping.py "mixtral"). num_experts_per_tok, router_jitter_noise
 * and router_aux_loss_coef change no tensor.
 *
 * _init_weights: the base class's (Linear and Embedding N(0, initializer_range), padding_idx row 0,
 * RMSNorm 1), then MixtralExperts' gate_up_proj/down_proj and MixtralTopKRouter's weight
 * N(0, initializer_range): every expert and router weight is N(0, σ).
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { decoderLayout, LLAMA_NORMS, readDecoderDims } from './decoder';
import { expertCount, MOE_TP, routedExperts, router } from './moe';

defineArchitecture({
  id: 'mixtral',
  classes: ['MixtralForCausalLM'],
  modeling: 'src/transformers/models/mixtral/modeling_mixtral.py',
  configuration: 'src/transformers/models/mixtral/configuration_mixtral.py',
  summary: 'Mistral attention; every block a sparse MoE: router block_sparse_moe.gate and per-expert w1/w2/w3',
  defaults: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 8, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, num_local_experts: 8,
    pad_token_id: null,
  },
  layout(c) {
    const d = readDecoderDims(c);
    const experts = expertCount(c, 'num_local_experts', 'num_experts');
    c.show('num_local_experts', experts);
    return decoderLayout({
      ...d, architecture: 'mixtral', qkvBias: false, outBias: false, mlpBias: false, blockNorms: LLAMA_NORMS, paddingIdx: c.paddingIdx(d.vocab),
      // MixtralSparseMoeBlock.__init__: gate, then experts; MixtralBlockSparseTop2MLP: w1, w2, w3.
      blockMlp: (list, l, i) => {
        router(list, `${l}.block_sparse_moe.gate`, experts, d.hidden, i);
        routedExperts(list, `${l}.block_sparse_moe.experts`, experts, d.hidden, d.intermediate, i, { gate: 'w1', up: 'w3', down: 'w2' }, ['gate', 'down', 'up']);
      },
    });
  },
  init: HF_INIT,
  plan: MOE_TP,
});
