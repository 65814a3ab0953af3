/**
 * gpt_oss: transformers 5.18.0 src/transformers/models/gpt_oss/modeling_gpt_oss.py
 * (GptOssForCausalLM, GptOssPreTrainedModel._init_weights) and configuration_gpt_oss.py
 * (GptOssConfig: the defaults below; `num_experts` in config.json is its num_local_experts).
 *
 * Per block, in state_dict() order: `self_attn.sinks` [num_attention_heads] (the attention sinks,
 * a parameter of GptOssAttention itself, so before its submodules), `self_attn.{q,k,v,o}_proj`
 * with biases (attention_bias, default true; head_dim 64 by default), `mlp.router.weight`
 * [E, hidden] and `mlp.router.bias` [E], then the experts fused as GptOssExperts holds them,
 * `mlp.experts.gate_up_proj` [E, hidden, 2·intermediate] and `gate_up_proj_bias` [E, 2·intermediate],
 * `mlp.experts.down_proj` [E, intermediate, hidden] and `down_proj_bias` [E, hidden] (stored
 * (in, out), tagged `experts: { count: E, dim: 0 }`), `input_layernorm`, `post_attention_layernorm`.
 * The embedding's padding_idx is pad_token_id (199999 in the hub configs).
 *
 * The hub checkpoints (openai/gpt-oss-20b, -120b) store the expert weights quantized to MXFP4
 * (`gate_up_proj_blocks`/`_scales`, `down_proj_blocks`/`_scales`, quantization_config
 * "mxfp4"); transformers dequantizes them into the bf16 tensors above when it loads them. kaiming
 * writes those bf16-model tensors, the ones transformers' model has and saves without a
 * quantization config, not MXFP4 blocks.
 *
 * _init_weights (5.18.0): Linear/Embedding/RMSNorm as the base class; GptOssExperts gate_up_proj
 * and down_proj N(0, initializer_range), their biases 0; GptOssAttention.sinks N(0, σ);
 * GptOssTopKRouter weight N(0, σ) and bias N(0, σ) (not 0).
 */
import { defineArchitecture, type ArchitecturePlan } from '../architecture';
import { HF_INIT, initializerRange } from '../inits';
import { decoderLayout, LLAMA_NORMS, readDecoderDims } from './decoder';
import { expertCount } from './moe';

/**
 * transformers 5.18.0 has no base_model_tp_plan for gpt_oss; kaiming follows torchtitan's gpt_oss
 * apply_non_moe_tp (torchtitan/models/gpt_oss/infra/parallelize.py, 41753c67b): wq/wk/wv colwise,
 * wo rowwise, `sinks` Shard(0) across heads (colwise), the router NoParallel, and transformers'
 * base_model_ep_plan for the experts ("grouped_gemm": split on the expert dimension, the spec's
 * `experts.dim`). The fused experts stay whole under tensor parallelism: their output dimension is
 * dim 2, which a spec's parallel entry (dim 0 or 1) cannot name; expert parallelism splits them.
 */
const GPT_OSS_TP: ArchitecturePlan = {
  scheme: 'dtensor',
  weights: {
    embed: 'vocab', lm_head: 'colwise',
    q: 'colwise', k: 'colwise', v: 'colwise', attn_out: 'rowwise', attn_sinks: 'colwise',
    router: 'replicate', mlp_gate_up: 'replicate', mlp_out: 'replicate', norm: 'replicate',
  },
  source: 'torchtitan gpt_oss apply_non_moe_tp (41753c67b): q/k/v colwise, o rowwise, sinks Shard(0); transformers 5.18.0 GptOssConfig.base_model_ep_plan for the experts; fused experts whole under TP',
};

defineArchitecture({
  id: 'gpt_oss',
  classes: ['GptOssForCausalLM'],
  modeling: 'src/transformers/models/gpt_oss/modeling_gpt_oss.py',
  configuration: 'src/transformers/models/gpt_oss/configuration_gpt_oss.py',
  summary: 'attention sinks and q/k/v/o biases; router with bias; fused experts gate_up_proj [E, hidden, 2·inter] and down_proj with biases (bf16, not the hub\'s MXFP4 blocks)',
  defaults: {
    vocab_size: 201088, hidden_size: 2880, intermediate_size: 2880, num_hidden_layers: 36, num_attention_heads: 64,
    num_key_value_heads: 8, head_dim: 64, initializer_range: 0.02, tie_word_embeddings: false, attention_bias: true,
    num_local_experts: 128, pad_token_id: null,
  },
  layout(c) {
    const d = readDecoderDims(c);
    const bias = c.flag('attention_bias');
    const E = expertCount(c, 'num_local_experts', 'num_experts');
    c.show('num_local_experts', E);
    const I = d.intermediate;
    const experts = { count: E, dim: 0 };
    return decoderLayout({
      ...d, architecture: 'gpt_oss', qkvBias: bias, outBias: bias, mlpBias: false, sinks: true, blockNorms: LLAMA_NORMS, paddingIdx: c.paddingIdx(d.vocab),
      // GptOssMLP.__init__: router, then experts (GptOssExperts: gate_up_proj, its bias, down_proj, its bias).
      blockMlp: (list, l, i) => {
        list.linear(`${l}.mlp.router`, E, d.hidden, 'router', true, i);
        list.add(`${l}.mlp.experts.gate_up_proj`, [E, d.hidden, 2 * I], { base: 'mlp_gate_up', experts }, d.hidden, i);
        list.add(`${l}.mlp.experts.gate_up_proj_bias`, [E, 2 * I], { base: 'mlp_gate_up', bias: true, experts }, d.hidden, i);
        list.add(`${l}.mlp.experts.down_proj`, [E, I, d.hidden], { base: 'mlp_out', experts }, I, i);
        list.add(`${l}.mlp.experts.down_proj_bias`, [E, d.hidden], { base: 'mlp_out', bias: true, experts }, I, i);
      },
    });
  },
  init: {
    ...HF_INIT,
    weights: { ...HF_INIT.weights, attn_sinks: initializerRange },
    // GptOssTopKRouter's bias is drawn like its weight; every other bias (q/k/v/o, the experts') is 0.
    biases: { router: initializerRange },
  },
  plan: GPT_OSS_TP,
});
