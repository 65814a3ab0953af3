/**
 * gpt2: transformers models/gpt2/modeling_gpt2.py (GPT2LMHeadModel, GPT2PreTrainedModel) and
 * configuration_gpt2.py (GPT2Config).
 *
 * `wte`, `wpe`, `h.{i}.ln_1`, `h.{i}.attn.c_attn` (q, k and v fused), `h.{i}.attn.c_proj`,
 * `h.{i}.ln_2`, `h.{i}.mlp.c_fc`, `h.{i}.mlp.c_proj`, `ln_f`. Conv1D stores weights as (in, out).
 * GPT2LMHeadModel prefixes them with `transformer.`; its `lm_head` is tied to `wte` and not saved.
 * The embeddings take no padding_idx.
 */
import { defineArchitecture, type ModelLayout, type RoleInit } from '../architecture';
import { initializerRange, normal, ones, sameRow, zeros } from '../inits';
import { MEGATRON_GPT } from '../plans';
import { TensorList, transformersFiles } from './decoder';

export interface GPT2Dims {
  vocab: number;
  nLayer: number;
  nEmbd: number;
  nPositions: number;
  nInner: number;
  initializerRange: number;
  /** '' for GPT2Model's names (the hub's gpt2 file), 'transformer.' for GPT2LMHeadModel's state_dict. */
  prefix: string;
  /** tie_word_embeddings (GPT-2's default: true): no lm_head tensor. */
  tieEmbeddings: boolean;
}

/** GPT-2's tensors in GPT2Model.state_dict() order. */
export function gpt2Layout(d: GPT2Dims): ModelLayout {
  const list = new TensorList();
  const p = d.prefix;
  const e = d.nEmbd;
  list.add(`${p}wte.weight`, [d.vocab, e], 'embed', e);
  list.add(`${p}wpe.weight`, [d.nPositions, e], 'pos_embed', e);
  // Conv1D(nf, nx) has weight [nx, nf] (in, out), then bias [nf].
  const conv1d = (name: string, inF: number, out: number, base: 'qkv' | 'attn_out' | 'mlp_in' | 'mlp_out', layer: number) => {
    list.add(`${name}.weight`, [inF, out], base, inF, layer);
    list.add(`${name}.bias`, [out], { base, bias: true }, inF, layer);
  };
  for (let i = 0; i < d.nLayer; i++) {
    const h = `${p}h.${i}`;
    list.norm(`${h}.ln_1`, e, true, i);
    conv1d(`${h}.attn.c_attn`, e, 3 * e, 'qkv', i);
    conv1d(`${h}.attn.c_proj`, e, e, 'attn_out', i);
    list.norm(`${h}.ln_2`, e, true, i);
    conv1d(`${h}.mlp.c_fc`, e, d.nInner, 'mlp_in', i);
    conv1d(`${h}.mlp.c_proj`, d.nInner, e, 'mlp_out', i);
  }
  list.norm(`${p}ln_f`, e, true);
  // GPT2LMHeadModel.lm_head = nn.Linear(n_embd, vocab_size, bias=False), saved only when untied.
  if (!d.tieEmbeddings) list.add('lm_head.weight', [d.vocab, e], 'lm_head', e);
  return { architecture: 'gpt2', layers: d.nLayer, hidden: e, initializerRange: d.initializerRange, tiedEmbeddings: d.tieEmbeddings, tensors: list.tensors };
}

/** `c_proj.weight` of GPT2PreTrainedModel._init_weights: initializer_range / math.sqrt(2 * n_layer). */
const gpt2Residual: RoleInit = (_t, c) => normal(c.layout.initializerRange / Math.sqrt(2 * c.layout.layers));

export const GPT2 = defineArchitecture({
  id: 'gpt2',
  classes: ['GPT2LMHeadModel'],
  ...transformersFiles('gpt2'),
  summary: 'learned positions, fused Conv1D c_attn stored (in, out), LayerNorm with bias, biases everywhere, c_proj at σ/√(2·n_layer), tied head',
  defaults: {
    vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, n_inner: null, initializer_range: 0.02, tie_word_embeddings: true,
  },
  layout(c) {
    const vocab = c.int('vocab_size');
    const nEmbd = c.int('n_embd');
    const nLayer = c.int('n_layer');
    const nHead = c.int('n_head');
    const nPositions = c.int('n_positions');
    // GPT2MLP: inner_dim = n_inner if not None else 4 * hidden_size.
    const nInner = c.optionalInt('n_inner') ?? 4 * nEmbd;
    c.multiple(nEmbd, 'n_embd', nHead, 'n_head'); // GPT2Attention raises unless embed_dim is a multiple of num_heads
    const tie = c.flag('tie_word_embeddings');
    const range = c.initializerRange();
    for (const [k, v] of [['vocab_size', vocab], ['n_layer', nLayer], ['n_head', nHead], ['n_embd', nEmbd], ['n_positions', nPositions], ['n_inner', nInner], ['tie_word_embeddings', tie], ['initializer_range', range]] as const) c.show(k, v);
    return gpt2Layout({ vocab, nLayer, nEmbd, nPositions, nInner, initializerRange: range, prefix: 'transformer.', tieEmbeddings: tie });
  },
  // GPT2PreTrainedModel._init_weights: N(0, initializer_range), c_proj scaled, biases 0, LayerNorm 1/0.
  init: {
    weights: { ...sameRow(['embed', 'pos_embed', 'qkv', 'mlp_in', 'lm_head'], initializerRange), attn_out: gpt2Residual, mlp_out: gpt2Residual, norm: ones },
    bias: zeros,
  },
  plan: MEGATRON_GPT,
});
