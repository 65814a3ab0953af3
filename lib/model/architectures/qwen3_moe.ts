/**
 * qwen3_moe: transformers 5.18.0 src/transformers/models/qwen3_moe/modeling_qwen3_moe.py
 * (Qwen3MoeForCausalLM, Qwen3MoePreTrainedModel._init_weights) and configuration_qwen3_moe.py
 * (Qwen3MoeConfig: the defaults below; `num_experts` in config.json is its num_local_experts).
 *
 * Qwen3's attention: q/k/v/o with biases when attention_bias, per-head `q_norm`/`k_norm`
 * (RMSNorm(head_dim)), head_dim from the config when it has one (Qwen3-30B-A3B: 128, not
 * 2048 // 32), else hidden_size // num_attention_heads. Block i is sparse when `i not in
 * mlp_only_layers and num_experts > 0 and (i + 1) % decoder_sparse_step == 0`
 * (Qwen3MoeDecoderLayer), else a dense Qwen3MoeMLP of intermediate_size. A sparse block,
 * Qwen3MoeSparseMoeBlock in __init__ order: `mlp.experts.{e}.{gate,up,down}_proj`
 * (moe_intermediate_size, as the hub stores them), then `mlp.gate` (router); no shared expert.
 * num_experts_per_tok and norm_topk_prob change no tensor.
 *
 * _init_weights: the base class's, then Qwen3MoeExperts and Qwen3MoeTopKRouter N(0, initializer_range).
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { decoderLayout, LLAMA_NORMS, readDecoderDims } from './decoder';
import { expertCount, gatedMlp, layerList, MOE_TP, routedExperts, router } from './moe';

defineArchitecture({
  id: 'qwen3_moe',
  classes: ['Qwen3MoeForCausalLM'],
  modeling: 'src/transformers/models/qwen3_moe/modeling_qwen3_moe.py',
  configuration: 'src/transformers/models/qwen3_moe/configuration_qwen3_moe.py',
  summary: 'Qwen3 attention (q/k norms); sparse blocks (decoder_sparse_step, mlp_only_layers) with per-expert MLPs and a router, no shared expert',
  defaults: {
    vocab_size: 151936, hidden_size: 2048, intermediate_size: 6144, num_hidden_layers: 24, num_attention_heads: 32,
    num_key_value_heads: 4, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, attention_bias: false,
    decoder_sparse_step: 1, moe_intermediate_size: 768, num_local_experts: 128, mlp_only_layers: null, pad_token_id: null,
  },
  layout(c) {
    const d = readDecoderDims(c);
    const bias = c.flag('attention_bias');
    const experts = expertCount(c, 'num_local_experts', 'num_experts', true);
    const step = c.int('decoder_sparse_step');
    const dense = layerList(c, 'mlp_only_layers');
    const moeInter = c.int('moe_intermediate_size');
    for (const [k, v] of [['num_experts', experts], ['moe_intermediate_size', moeInter], ['decoder_sparse_step', step], ['mlp_only_layers', `[${dense.join(',')}]`]] as const) c.show(k, v);
    return decoderLayout({
      ...d, architecture: 'qwen3_moe', qkvBias: bias, outBias: bias, mlpBias: false, qkNorm: 'head', blockNorms: LLAMA_NORMS, paddingIdx: c.paddingIdx(d.vocab),
      blockMlp: (list, l, i) => {
        if (dense.includes(i) || experts === 0 || (i + 1) % step !== 0) return gatedMlp(list, `${l}.mlp`, d.hidden, d.intermediate, false, i);
        routedExperts(list, `${l}.mlp.experts`, experts, d.hidden, moeInter, i);
        router(list, `${l}.mlp.gate`, experts, d.hidden, i);
      },
    });
  },
  init: HF_INIT,
  plan: MOE_TP,
});
