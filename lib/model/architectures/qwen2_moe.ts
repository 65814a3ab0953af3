/**
 * qwen2_moe: transformers 5.18.0 src/transformers/models/qwen2_moe/modeling_qwen2_moe.py
 * (Qwen2MoeForCausalLM, Qwen2MoePreTrainedModel._init_weights) and configuration_qwen2_moe.py
 * (Qwen2MoeConfig: the defaults below).
 *
 * Qwen2's attention (q/k/v biases with qkv_bias, default true; none on o_proj; head_dim from the
 * config when it has one, else hidden_size // num_attention_heads). Block i is sparse when
 * `i not in mlp_only_layers and num_experts > 0 and (i + 1) % decoder_sparse_step == 0`
 * (Qwen2MoeDecoderLayer), else a dense Qwen2MoeMLP of intermediate_size. A sparse block,
 * Qwen2MoeSparseMoeBlock in __init__ order: `mlp.gate` (router [num_experts, hidden]),
 * `mlp.experts.{e}.{gate,up,down}_proj` (moe_intermediate_size, as the hub stores them),
 * `mlp.shared_expert.{gate,up,down}_proj` (shared_expert_intermediate_size) and
 * `mlp.shared_expert_gate` (nn.Linear(hidden, 1, bias=False): a gate, role router).
 * num_experts_per_tok, norm_topk_prob (whether the top-k weights are renormalised) and the
 * sliding-window fields change no tensor.
 *
 * _init_weights: the base class's, then Qwen2MoeExperts and Qwen2MoeTopKRouter N(0, initializer_range).
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { decoderLayout, LLAMA_NORMS, readDecoderDims } from './decoder';
import { gatedMlp, layerList, MOE_TP, routedExperts, router } from './moe';

defineArchitecture({
  id: 'qwen2_moe',
  classes: ['Qwen2MoeForCausalLM'],
  modeling: 'src/transformers/models/qwen2_moe/modeling_qwen2_moe.py',
  configuration: 'src/transformers/models/qwen2_moe/configuration_qwen2_moe.py',
  summary: 'Qwen2 attention; sparse blocks (decoder_sparse_step, mlp_only_layers) with router, per-expert MLPs, a shared expert and its sigmoid gate',
  defaults: {
    vocab_size: 151936, hidden_size: 2048, intermediate_size: 5632, num_hidden_layers: 24, num_attention_heads: 16,
    num_key_value_heads: 16, head_dim: null, initializer_range: 0.02, tie_word_embeddings: false, qkv_bias: true,
    decoder_sparse_step: 1, moe_intermediate_size: 1408, shared_expert_intermediate_size: 5632, num_experts: 60,
    mlp_only_layers: null, pad_token_id: null,
  },
  layout(c) {
    const d = readDecoderDims(c);
    const qkvBias = c.flag('qkv_bias');
    const experts = c.optionalCount('num_experts') ?? 0; // 0: every block dense (Qwen2MoeDecoderLayer's num_experts > 0)
    const step = c.int('decoder_sparse_step');
    const dense = layerList(c, 'mlp_only_layers');
    const moeInter = c.int('moe_intermediate_size');
    const sharedInter = c.int('shared_expert_intermediate_size');
    for (const [k, v] of [['num_experts', experts], ['moe_intermediate_size', moeInter], ['shared_expert_intermediate_size', sharedInter], ['decoder_sparse_step', step], ['mlp_only_layers', `[${dense.join(',')}]`]] as const) c.show(k, v);
    return decoderLayout({
      ...d, architecture: 'qwen2_moe', qkvBias, outBias: false, mlpBias: false, blockNorms: LLAMA_NORMS, paddingIdx: c.paddingIdx(d.vocab),
      blockMlp: (list, l, i) => {
        if (dense.includes(i) || experts === 0 || (i + 1) % step !== 0) return gatedMlp(list, `${l}.mlp`, d.hidden, d.intermediate, false, i);
        router(list, `${l}.mlp.gate`, experts, d.hidden, i);
        routedExperts(list, `${l}.mlp.experts`, experts, d.hidden, moeInter, i);
        gatedMlp(list, `${l}.mlp.shared_expert`, d.hidden, sharedInter, false, i);
        list.linear(`${l}.mlp.shared_expert_gate`, 1, d.hidden, 'router', false, i);
      },
    });
  },
  init: HF_INIT,
  plan: MOE_TP,
});
