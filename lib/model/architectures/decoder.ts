/**
 * Building blocks of the architecture files: a tensor list that knows nn.Linear's and the norms'
 * parameters, and the one decoder-only trunk most families share (LlamaModel and its descendants
 * in transformers: `model.embed_tokens`, `model.layers.{i}.self_attn.*`, `….mlp.*`, the block's
 * norms, `model.norm`, `lm_head`). A family file reads its config and says which variant it is;
 * what differs (fused projections, q/k norms, extra norms, biases, LayerNorm) is a field here.
 *
 * Order: a module's parameters in `__init__` order (weight before bias), modules in the order
 * their `__init__` assigns them: `state_dict()` order, the order save_pretrained shards in.
 */
import { expectedMessage } from '../../core/validate';
import { defineArchitecture, type Architecture, type ArchitectureTensor, type BaseRole, type ModelLayout, type TensorRole } from '../architecture';
import type { ConfigReader } from '../config-reader';

export class TensorList {
  readonly tensors: ArchitectureTensor[] = [];

  add(name: string, shape: number[], role: TensorRole | BaseRole, inFeatures: number, layer?: number, zeroRows?: number[]): void {
    this.tensors.push({
      name,
      shape,
      role: typeof role === 'string' ? { base: role } : role,
      inFeatures,
      ...(layer === undefined ? {} : { layer }),
      ...(zeroRows === undefined ? {} : { zeroRows }),
    });
  }

  /** nn.Linear(inF, out, bias): weight (out, in), then bias (out). */
  linear(name: string, out: number, inF: number, base: BaseRole, bias: boolean, layer?: number): void {
    this.add(`${name}.weight`, [out, inF], base, inF, layer);
    if (bias) this.add(`${name}.bias`, [out], { base, bias: true }, inF, layer);
  }

  /** nn.Embedding(rows, dim, padding_idx): its padding row is zero after _init_weights. */
  embedding(name: string, rows: number, dim: number, base: BaseRole, paddingIdx?: number): void {
    this.add(`${name}.weight`, [rows, dim], base, dim, undefined, paddingIdx === undefined ? undefined : [paddingIdx]);
  }

  /** An RMSNorm (weight) or a LayerNorm (weight and bias) over `dim`. */
  norm(name: string, dim: number, bias: boolean, layer?: number): void {
    this.add(`${name}.weight`, [dim], 'norm', dim, layer);
    if (bias) this.add(`${name}.bias`, [dim], { base: 'norm', bias: true }, dim, layer);
  }
}

/** A Llama-like decoder: LlamaForCausalLM's names, with each family's variations. */
export interface DecoderShape {
  architecture: string;
  vocab: number;
  hidden: number;
  layers: number;
  intermediate: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  initializerRange: number;
  tieEmbeddings: boolean;
  /** nn.Embedding's padding_idx (pad_token_id), if the family passes it. */
  paddingIdx?: number;
  /** Biases on q, k, v (Qwen2: always; Llama: attention_bias). */
  qkvBias: boolean;
  /** A bias on o_proj. */
  outBias: boolean;
  /** Biases on the MLP's projections. */
  mlpBias: boolean;
  /**
   * Attention q/k norms: 'head' over head_dim (Qwen3, Gemma 3: `RMSNorm(head_dim)`), 'width' over the
   * whole projection (OLMo 2/3: `RMSNorm(num_attention_heads * head_dim)`, k over kv heads).
   */
  qkNorm?: 'head' | 'width';
  /** 'fused': Phi-3's o_proj then qkv_proj, and gate_up_proj; else q/k/v/o and gate/up/down. */
  projections?: 'separate' | 'fused';
  /** 'gated': gate/up/down (SwiGLU-style); 'plain': c_fc/c_proj (Starcoder2). */
  mlp?: 'gated' | 'plain';
  /**
   * A block's MLP in place of the dense one: the mixture-of-experts families add their router and
   * experts under the block prefix `model.layers.{i}` (lib/model/architectures/moe.ts).
   */
  blockMlp?: (list: TensorList, block: string, layer: number) => void;
  /** gpt-oss: the attention's per-head sinks `self_attn.sinks` [heads], a parameter of the module itself, so before its projections. */
  sinks?: boolean;
  /** The block's norms in __init__ order. */
  blockNorms: readonly string[];
  /** LayerNorm (weight and bias) instead of RMSNorm. */
  normBias?: boolean;
}

/** The tensors of a Llama-like decoder, in state_dict() order. */
export function decoderLayout(d: DecoderShape): ModelLayout {
  const list = new TensorList();
  const h = d.hidden;
  const q = d.heads * d.headDim;
  const kv = d.kvHeads * d.headDim;
  list.embedding('model.embed_tokens', d.vocab, h, 'embed', d.paddingIdx);
  for (let i = 0; i < d.layers; i++) {
    const l = `model.layers.${i}`;
    if (d.sinks === true) list.add(`${l}.self_attn.sinks`, [d.heads], 'attn_sinks', h, i);
    if (d.projections === 'fused') {
      // Phi3Attention.__init__ assigns o_proj before qkv_proj.
      list.linear(`${l}.self_attn.o_proj`, h, q, 'attn_out', d.outBias, i);
      list.linear(`${l}.self_attn.qkv_proj`, q + 2 * kv, h, 'qkv', d.qkvBias, i);
    } else {
      list.linear(`${l}.self_attn.q_proj`, q, h, 'q', d.qkvBias, i);
      list.linear(`${l}.self_attn.k_proj`, kv, h, 'k', d.qkvBias, i);
      list.linear(`${l}.self_attn.v_proj`, kv, h, 'v', d.qkvBias, i);
      list.linear(`${l}.self_attn.o_proj`, h, q, 'attn_out', d.outBias, i);
    }
    if (d.qkNorm !== undefined) {
      list.norm(`${l}.self_attn.q_norm`, d.qkNorm === 'head' ? d.headDim : q, false, i);
      list.norm(`${l}.self_attn.k_norm`, d.qkNorm === 'head' ? d.headDim : kv, false, i);
    }
    if (d.blockMlp !== undefined) {
      d.blockMlp(list, l, i);
    } else if (d.mlp === 'plain') {
      list.linear(`${l}.mlp.c_fc`, d.intermediate, h, 'mlp_in', d.mlpBias, i);
      list.linear(`${l}.mlp.c_proj`, h, d.intermediate, 'mlp_out', d.mlpBias, i);
    } else if (d.projections === 'fused') {
      list.linear(`${l}.mlp.gate_up_proj`, 2 * d.intermediate, h, 'mlp_gate_up', d.mlpBias, i);
      list.linear(`${l}.mlp.down_proj`, h, d.intermediate, 'mlp_out', d.mlpBias, i);
    } else {
      list.linear(`${l}.mlp.gate_proj`, d.intermediate, h, 'mlp_gate', d.mlpBias, i);
      list.linear(`${l}.mlp.up_proj`, d.intermediate, h, 'mlp_up', d.mlpBias, i);
      list.linear(`${l}.mlp.down_proj`, h, d.intermediate, 'mlp_out', d.mlpBias, i);
    }
    for (const norm of d.blockNorms) list.norm(`${l}.${norm}`, h, d.normBias === true, i);
  }
  list.norm('model.norm', h, d.normBias === true);
  if (!d.tieEmbeddings) list.add('lm_head.weight', [d.vocab, h], 'lm_head', h);
  return { architecture: d.architecture, layers: d.layers, hidden: h, initializerRange: d.initializerRange, tiedEmbeddings: d.tieEmbeddings, tensors: list.tensors };
}

/** The block norms of LlamaDecoderLayer. */
export const LLAMA_NORMS = ['input_layernorm', 'post_attention_layernorm'] as const;

/** The fields every Llama-like config class has, as DecoderShape's numbers. */
export type DecoderDims = Pick<DecoderShape, 'vocab' | 'hidden' | 'layers' | 'intermediate' | 'heads' | 'kvHeads' | 'headDim' | 'initializerRange' | 'tieEmbeddings'>;

/**
 * vocab_size, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads,
 * num_key_value_heads (None: num_attention_heads, as every config class's __init__/__post_init__),
 * head_dim (None or absent: hidden_size // num_attention_heads, the attention classes'
 * `getattr(config, "head_dim", None) or hidden_size // num_attention_heads`), tie_word_embeddings
 * and initializer_range; shown in the description in that order.
 */
export function readDecoderDims(c: ConfigReader): DecoderDims {
  const vocab = c.int('vocab_size');
  const hidden = c.int('hidden_size');
  const intermediate = c.int('intermediate_size');
  const layers = c.int('num_hidden_layers');
  const heads = c.int('num_attention_heads');
  const kvHeads = c.optionalInt('num_key_value_heads') ?? heads;
  // repeat_kv needs num_attention_heads // num_key_value_heads groups of whole heads.
  c.multiple(heads, 'num_attention_heads', kvHeads, 'num_key_value_heads');
  const headDim = c.optionalInt('head_dim') ?? Math.floor(hidden / heads);
  if (headDim < 1) throw new RangeError(expectedMessage(`a hidden_size of at least num_attention_heads (${heads})`, 'config.hidden_size', hidden));
  const tieEmbeddings = c.flag('tie_word_embeddings');
  const initializerRange = c.initializerRange();
  for (const [k, v] of [
    ['vocab_size', vocab], ['hidden_size', hidden], ['intermediate_size', intermediate], ['num_hidden_layers', layers],
    ['num_attention_heads', heads], ['num_key_value_heads', kvHeads], ['head_dim', headDim],
    ['tie_word_embeddings', tieEmbeddings], ['initializer_range', initializerRange],
  ] as const) c.show(k, v);
  return { vocab, hidden, intermediate, layers, heads, kvHeads, headDim, tieEmbeddings, initializerRange };
}

/** transformers' modeling and configuration files of a model folder (src/transformers/models/<folder>/). */
export function transformersFiles(folder: string): { modeling: string; configuration: string } {
  return { modeling: `src/transformers/models/${folder}/modeling_${folder}.py`, configuration: `src/transformers/models/${folder}/configuration_${folder}.py` };
}

/** What a Llama-like family adds to the common fields: its biases, norms and fused projections. */
export type DecoderVariant = Omit<DecoderShape, keyof DecoderDims | 'architecture' | 'paddingIdx'>;

/**
 * A Llama-like family: the common fields (readDecoderDims), padding_idx = pad_token_id, and what
 * `variant` reads from its own config fields.
 */
export function decoderArchitecture(a: Omit<Architecture, 'layout' | 'modeling' | 'configuration'> & { folder: string; variant(c: ConfigReader): DecoderVariant }): Architecture {
  const { folder, variant, ...rest } = a;
  return defineArchitecture({
    ...rest,
    ...transformersFiles(folder),
    layout(c) {
      const d = readDecoderDims(c);
      return decoderLayout({ ...d, architecture: a.id, paddingIdx: c.paddingIdx(d.vocab), ...variant(c) });
    },
  });
}

/** `attention_bias` on q/k/v/o_proj and no MLP bias (Qwen3, Gemma, OLMo 2/3: `bias=config.attention_bias`). */
export function attentionBias(c: ConfigReader): Pick<DecoderShape, 'qkvBias' | 'outBias' | 'mlpBias'> {
  const bias = c.flag('attention_bias');
  return { qkvBias: bias, outBias: bias, mlpBias: false };
}
