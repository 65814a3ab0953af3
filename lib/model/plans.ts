/**
 * The tensor-parallel plan of each tensor of a Hugging Face layout (lib/model/layouts.ts),
 * by role: what the presets and config readers put in a spec's `parallel` fields.
 *
 * - GPT-2 family: Megatron-LM's GPT plan (megatron/core/tensor_parallel/layers.py): the word
 *   embedding a VocabParallelEmbedding, QKV and fc1 ColumnParallelLinear (bias split), the
 *   attention and MLP output projections RowParallelLinear (bias whole), the position
 *   embedding and LayerNorms replicated. GPT-2's Conv1D stores (in, out), so colwise cuts its
 *   dim 1 and rowwise its dim 0. Scheme "megatron": every split size must divide.
 * - Llama family: torchtitan's plan (torchtitan/models/llama3/infra/parallelize.py, apply_tp):
 *   tok_embeddings RowwiseParallel (an Embedding's Shard(0): vocab), wq/wk/wv and w1/w3
 *   ColwiseParallel, wo and w2 RowwiseParallel, norms SequenceParallel (parameters replicated),
 *   output ColwiseParallel; transformers' LlamaConfig.base_model_tp_plan names the same styles
 *   for q/k/v/o and gate/up/down. Scheme "dtensor": torch.chunk's rule.
 */
import type { Family, Role } from './layouts';
import type { ParallelEntry, ParallelScheme } from './parallel';

const COLWISE_CONV1D: ParallelEntry = { style: 'colwise', dim: 1 };
const ROWWISE_CONV1D: ParallelEntry = { style: 'rowwise', dim: 0 };

const GPT2: Partial<Record<Role, ParallelEntry>> = {
  embed: 'vocab', pos_embed: 'replicate', lm_head: 'colwise',
  qkv: COLWISE_CONV1D, qkv_bias: 'colwise', mlp_in: COLWISE_CONV1D, mlp_in_bias: 'colwise',
  attn_out: ROWWISE_CONV1D, attn_out_bias: 'rowwise', mlp_out: ROWWISE_CONV1D, mlp_out_bias: 'rowwise',
  norm: 'replicate', norm_bias: 'replicate',
};

const LLAMA: Partial<Record<Role, ParallelEntry>> = {
  embed: 'vocab', lm_head: 'colwise',
  q: 'colwise', k: 'colwise', v: 'colwise', q_bias: 'colwise', k_bias: 'colwise', v_bias: 'colwise',
  mlp_gate: 'colwise', mlp_up: 'colwise', mlp_gate_bias: 'colwise', mlp_up_bias: 'colwise',
  attn_out: 'rowwise', attn_out_bias: 'rowwise', mlp_out: 'rowwise', mlp_out_bias: 'rowwise',
  norm: 'replicate', norm_bias: 'replicate',
};

/** A tensor's style in its family's plan (replicate for a role the plan does not name). */
export function planForRole(family: Family, role: Role): ParallelEntry {
  return (family === 'gpt2' ? GPT2 : LLAMA)[role] ?? 'replicate';
}

/** The scheme of a family's plan. */
export function schemeForFamily(family: Family): ParallelScheme {
  return family === 'gpt2' ? 'megatron' : 'dtensor';
}
