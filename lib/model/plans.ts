/**
 * The tensor-parallel plans several families share, by base role (lib/model/architecture.ts
 * ArchitecturePlan; a bias follows its weight's style). A family file picks one or writes its own.
 *
 * - MEGATRON_GPT: Megatron-LM's GPT plan (megatron/core/tensor_parallel/layers.py): the word
 *   embedding a VocabParallelEmbedding, QKV and fc1 ColumnParallelLinear (bias split), the
 *   attention and MLP output projections RowParallelLinear (bias whole), the position
 *   embedding and LayerNorms replicated. GPT-2's Conv1D stores (in, out), so colwise cuts its
 *   dim 1 and rowwise its dim 0. Scheme "megatron": every split size must divide.
 * - DECODER_TP: torchtitan's plan (torchtitan/models/llama3/infra/parallelize.py, apply_tp):
 *   tok_embeddings RowwiseParallel (an Embedding's Shard(0): vocab), wq/wk/wv and w1/w3
 *   ColwiseParallel, wo and w2 RowwiseParallel, norms SequenceParallel (parameters replicated),
 *   output ColwiseParallel; transformers' `base_model_tp_plan` (LlamaConfig, MistralConfig,
 *   Qwen2Config, Qwen3Config, Gemma*Config, Olmo2/3Config, Starcoder2Config) names the same styles
 *   for q/k/v/o and gate/up/down (and c_fc/c_proj), and replicates q_norm/k_norm
 *   ("replicated_with_grad_allreduce"). Scheme "dtensor": torch.chunk's rule.
 */
import type { ArchitecturePlan } from './architecture';
import type { ParallelEntry } from './parallel';

const COLWISE_CONV1D: ParallelEntry = { style: 'colwise', dim: 1 };
const ROWWISE_CONV1D: ParallelEntry = { style: 'rowwise', dim: 0 };

export const MEGATRON_GPT: ArchitecturePlan = {
  scheme: 'megatron',
  weights: {
    embed: 'vocab', pos_embed: 'replicate', lm_head: 'colwise',
    qkv: COLWISE_CONV1D, mlp_in: COLWISE_CONV1D,
    attn_out: ROWWISE_CONV1D, mlp_out: ROWWISE_CONV1D,
    norm: 'replicate',
  },
  source: 'Megatron-LM megatron/core/tensor_parallel/layers.py (VocabParallelEmbedding, ColumnParallelLinear, RowParallelLinear) on Conv1D (in, out) weights',
};

export const DECODER_TP: ArchitecturePlan = {
  scheme: 'dtensor',
  weights: {
    embed: 'vocab', lm_head: 'colwise',
    q: 'colwise', k: 'colwise', v: 'colwise', mlp_gate: 'colwise', mlp_up: 'colwise', mlp_in: 'colwise',
    // Fused projections (Phi-3 qkv_proj/gate_up_proj: transformers' "colwise_rep"; GPT-NeoX
    // query_key_value: "colwise"): Shard(0) of the fused rows.
    qkv: 'colwise', mlp_gate_up: 'colwise',
    attn_out: 'rowwise', mlp_out: 'rowwise',
    norm: 'replicate',
  },
  source: "transformers base_model_tp_plan (colwise q/k/v, gate/up; rowwise o/down; q/k norms replicated) and torchtitan apply_tp (embedding Shard(0), output colwise)",
};
