/**
 * Whole-model specs from hyperparameters, initialised as the reference
 * implementations do (sources in docs/MODELS.md):
 *
 * - GPT-2: Hugging Face transformers `GPT2PreTrainedModel._init_weights`
 *   (models/gpt2/modeling_gpt2.py): Linear/Conv1D/Embedding weights N(0, 0.02),
 *   biases 0, LayerNorm weight 1 / bias 0, and every `c_proj.weight` (attention and
 *   MLP output projections) N(0, 0.02/√(2·n_layer)) ("scale the weights of residual
 *   layers at initialization by 1/√N", GPT-2 paper).
 * - Llama: `LlamaPreTrainedModel._init_weights` (models/llama/modeling_llama.py):
 *   Linear and Embedding weights N(0, initializer_range = 0.02), no biases,
 *   RMSNorm weight 1.
 *
 * Tensor names and shapes are those of the Hugging Face checkpoints, so a file can
 * be loaded with `from_pretrained`/`load_state_dict` after writing the config. GPT-2's
 * Conv1D stores weights as (in, out); Llama's nn.Linear as (out, in).
 */
import type { DType } from '../core/dtype';
import { describeValue, knownOptions, optionsObject, positiveInteger as posInt, positiveNumber as posNumber } from '../core/validate';
import type { ParallelEntry } from './parallel';
import type { ModelSpec, TensorEntry } from './spec';

function divisible(a: number, aName: string, b: number, bName: string): void {
  if (a % b !== 0) throw new RangeError(`Expected ${aName} to be a multiple of ${bName} (${b}) but received ${a} (number)`);
}

/** Hyperparameters of a GPT-2 model (names as in transformers' GPT2Config, camelCased). */
export interface GPT2Options {
  /** vocab_size, default 50257. */
  vocab?: number;
  /** n_layer, default 12. */
  nLayer?: number;
  /** n_head, default 12 (checked: n_embd must be a multiple). */
  nHead?: number;
  /** n_embd, default 768. */
  nEmbd?: number;
  /** n_positions, default 1024. */
  nPositions?: number;
  /** n_inner, default 4·n_embd. */
  nInner?: number;
  /** initializer_range, default 0.02. */
  initializerRange?: number;
  seed?: number | string;
  dtype?: DType;
}

/** A GPT-2 spec (124M parameters with the defaults). */
const GPT2_OPTIONS = ['vocab', 'nLayer', 'nHead', 'nEmbd', 'nPositions', 'nInner', 'initializerRange', 'seed', 'dtype'] as const;
const LLAMA_OPTIONS = ['vocab', 'layers', 'hidden', 'intermediate', 'heads', 'kvHeads', 'headDim', 'tieEmbeddings', 'initializerRange',
  'seed', 'dtype'] as const;

export function gpt2(options: GPT2Options = {}): ModelSpec {
  knownOptions(optionsObject(options), GPT2_OPTIONS, 'gpt2');
  const vocab = posInt(options.vocab ?? 50257, 'vocab');
  const nLayer = posInt(options.nLayer ?? 12, 'nLayer');
  const nHead = posInt(options.nHead ?? 12, 'nHead');
  const nEmbd = posInt(options.nEmbd ?? 768, 'nEmbd');
  const nPositions = posInt(options.nPositions ?? 1024, 'nPositions');
  const nInner = posInt(options.nInner ?? 4 * nEmbd, 'nInner');
  const range = posNumber(options.initializerRange ?? 0.02, 'initializerRange');
  divisible(nEmbd, 'nEmbd', nHead, 'nHead');
  const residual = range / Math.sqrt(2 * nLayer); // exactly `initializer_range / math.sqrt(2 * n_layer)`
  const tensors: TensorEntry[] = [];
  // Megatron-LM's GPT plan (megatron/core/tensor_parallel/layers.py): the word embedding is a
  // VocabParallelEmbedding, QKV and fc1 ColumnParallelLinear (bias split), the attention and
  // MLP output projections RowParallelLinear (bias whole), position embedding and LayerNorms
  // replicated. GPT-2's Conv1D stores (in, out): colwise cuts its dim 1, rowwise its dim 0.
  const colwise: ParallelEntry = { style: 'colwise', dim: 1 };
  const rowwise: ParallelEntry = { style: 'rowwise', dim: 0 };
  const normal = (name: string, shape: number[], parallel: ParallelEntry, std = range) =>
    tensors.push({ name, shape, init: 'normal', options: { mean: 0, std }, parallel });
  const zeros = (name: string, shape: number[], parallel: ParallelEntry = 'replicate') => tensors.push({ name, shape, init: 'zeros', parallel });
  const ones = (name: string, shape: number[]) => tensors.push({ name, shape, init: 'ones', parallel: 'replicate' });
  const layerNorm = (name: string) => {
    ones(`${name}.weight`, [nEmbd]);
    zeros(`${name}.bias`, [nEmbd]);
  };
  normal('wte.weight', [vocab, nEmbd], 'vocab');
  normal('wpe.weight', [nPositions, nEmbd], 'replicate');
  for (let i = 0; i < nLayer; i++) {
    const h = `h.${i}`;
    layerNorm(`${h}.ln_1`);
    normal(`${h}.attn.c_attn.weight`, [nEmbd, 3 * nEmbd], colwise);
    zeros(`${h}.attn.c_attn.bias`, [3 * nEmbd], 'colwise');
    normal(`${h}.attn.c_proj.weight`, [nEmbd, nEmbd], rowwise, residual);
    zeros(`${h}.attn.c_proj.bias`, [nEmbd], 'rowwise');
    layerNorm(`${h}.ln_2`);
    normal(`${h}.mlp.c_fc.weight`, [nEmbd, nInner], colwise);
    zeros(`${h}.mlp.c_fc.bias`, [nInner], 'colwise');
    normal(`${h}.mlp.c_proj.weight`, [nInner, nEmbd], rowwise, residual);
    zeros(`${h}.mlp.c_proj.bias`, [nEmbd], 'rowwise');
  }
  layerNorm('ln_f');
  return {
    seed: options.seed ?? 0,
    dtype: options.dtype ?? 'float32',
    // Megatron sizes every partition with divide(): vocab and widths must be multiples of the TP size.
    parallelScheme: 'megatron',
    description: `gpt2 vocab=${vocab} n_layer=${nLayer} n_head=${nHead} n_embd=${nEmbd} n_positions=${nPositions} n_inner=${nInner} initializer_range=${range}`,
    tensors,
  };
}

/** Hyperparameters of a Llama model (transformers' LlamaConfig, camelCased). */
export interface LlamaOptions {
  /** vocab_size, default 32000. */
  vocab?: number;
  /** num_hidden_layers, default 32. */
  layers?: number;
  /** hidden_size, default 4096. */
  hidden?: number;
  /** intermediate_size, default 11008. */
  intermediate?: number;
  /** num_attention_heads, default 32. */
  heads?: number;
  /** num_key_value_heads, default = heads. */
  kvHeads?: number;
  /** head_dim, default hidden / heads. */
  headDim?: number;
  /** tie_word_embeddings: default false (a separate lm_head.weight). */
  tieEmbeddings?: boolean;
  /** initializer_range, default 0.02. */
  initializerRange?: number;
  seed?: number | string;
  dtype?: DType;
}

/** A Llama spec (Llama-2-7B shapes with the defaults). */
export function llama(options: LlamaOptions = {}): ModelSpec {
  knownOptions(optionsObject(options), LLAMA_OPTIONS, 'llama');
  const vocab = posInt(options.vocab ?? 32000, 'vocab');
  const layers = posInt(options.layers ?? 32, 'layers');
  const hidden = posInt(options.hidden ?? 4096, 'hidden');
  const intermediate = posInt(options.intermediate ?? 11008, 'intermediate');
  const heads = posInt(options.heads ?? 32, 'heads');
  const kvHeads = posInt(options.kvHeads ?? heads, 'kvHeads');
  divisible(heads, 'heads', kvHeads, 'kvHeads');
  if (options.headDim === undefined) divisible(hidden, 'hidden', heads, 'heads');
  const headDim = posInt(options.headDim ?? hidden / heads, 'headDim');
  const range = posNumber(options.initializerRange ?? 0.02, 'initializerRange');
  const tie = options.tieEmbeddings ?? false;
  if (typeof tie !== 'boolean') throw new TypeError(`Expected a boolean for tieEmbeddings but received ${describeValue(tie)}`);
  const tensors: TensorEntry[] = [];
  // torchtitan's Llama plan (torchtitan/models/llama3/infra/parallelize.py, apply_tp): tok_embeddings
  // RowwiseParallel (an Embedding's Shard(0): vocab), wq/wk/wv and w1/w3 ColwiseParallel, wo and
  // w2 RowwiseParallel, norms SequenceParallel (parameters replicated), output ColwiseParallel;
  // transformers' LlamaConfig.base_model_tp_plan names the same styles for q/k/v/o and gate/up/down.
  const normal = (name: string, shape: number[], parallel: ParallelEntry) =>
    tensors.push({ name, shape, init: 'normal', options: { mean: 0, std: range }, parallel });
  const ones = (name: string) => tensors.push({ name, shape: [hidden], init: 'ones', parallel: 'replicate' });
  normal('model.embed_tokens.weight', [vocab, hidden], 'vocab');
  for (let i = 0; i < layers; i++) {
    const l = `model.layers.${i}`;
    ones(`${l}.input_layernorm.weight`);
    normal(`${l}.self_attn.q_proj.weight`, [heads * headDim, hidden], 'colwise');
    normal(`${l}.self_attn.k_proj.weight`, [kvHeads * headDim, hidden], 'colwise');
    normal(`${l}.self_attn.v_proj.weight`, [kvHeads * headDim, hidden], 'colwise');
    normal(`${l}.self_attn.o_proj.weight`, [hidden, heads * headDim], 'rowwise');
    ones(`${l}.post_attention_layernorm.weight`);
    normal(`${l}.mlp.gate_proj.weight`, [intermediate, hidden], 'colwise');
    normal(`${l}.mlp.up_proj.weight`, [intermediate, hidden], 'colwise');
    normal(`${l}.mlp.down_proj.weight`, [hidden, intermediate], 'rowwise');
  }
  ones('model.norm.weight');
  if (!tie) normal('lm_head.weight', [vocab, hidden], 'colwise');
  return {
    seed: options.seed ?? 0,
    dtype: options.dtype ?? 'float32',
    // DTensor placements (torch.chunk's rule for uneven sizes), as torchtitan uses.
    parallelScheme: 'dtensor',
    description:
      `llama vocab=${vocab} layers=${layers} hidden=${hidden} intermediate=${intermediate} heads=${heads} ` +
      `kv_heads=${kvHeads} head_dim=${headDim} tie_word_embeddings=${tie} initializer_range=${range}`,
    tensors,
  };
}
