/**
 * falcon: transformers models/falcon/modeling_falcon.py (FalconForCausalLM) and
 * configuration_falcon.py (FalconConfig: falcon-7b's defaults, multi_query and parallel_attn true,
 * bias false, tie_word_embeddings true).
 *
 * `transformer.word_embeddings` (no padding_idx, also the tied head), per block
 * `self_attention.query_key_value` (new_decoder_architecture: (2·num_kv_heads + heads)·head_dim
 * rows; multi_query: hidden + 2·head_dim; else 3·hidden) and `self_attention.dense`, `mlp.dense_h_to_4h`
 * (ffn_hidden_size, default 4·hidden) and `mlp.dense_4h_to_h` (biases with `bias`), then the norms
 * of FalconDecoderLayer.__init__: `post_attention_layernorm` and `input_layernorm` without
 * parallel_attn; `ln_attn` and `ln_mlp` with parallel_attn and num_ln_in_parallel_attn 2 (the
 * default of new_decoder_architecture); else `input_layernorm` alone. LayerNorms have biases.
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { TensorList, transformersFiles } from './decoder';

defineArchitecture({
  id: 'falcon',
  classes: ['FalconForCausalLM'],
  ...transformersFiles('falcon'),
  summary: 'parallel attention and MLP, multi-query or grouped fused query_key_value, LayerNorm with bias, tied word_embeddings head',
  defaults: {
    vocab_size: 65024, hidden_size: 4544, num_hidden_layers: 32, num_attention_heads: 71, num_kv_heads: null, num_ln_in_parallel_attn: null,
    new_decoder_architecture: false, multi_query: true, parallel_attn: true, bias: false, ffn_hidden_size: null,
    initializer_range: 0.02, tie_word_embeddings: true,
  },
  layout(c) {
    const vocab = c.int('vocab_size');
    const h = c.int('hidden_size');
    const layers = c.int('num_hidden_layers');
    const heads = c.int('num_attention_heads');
    c.multiple(h, 'hidden_size', heads, 'num_attention_heads'); // FalconAttention raises unless head_dim * num_heads == hidden_size
    const headDim = h / heads;
    const kvHeads = c.optionalInt('num_kv_heads') ?? heads;
    const newArch = c.flag('new_decoder_architecture');
    const multiQuery = c.flag('multi_query');
    const parallel = c.flag('parallel_attn');
    const bias = c.flag('bias');
    const ffn = c.optionalInt('ffn_hidden_size') ?? 4 * h;
    // FalconDecoderLayer: num_ln_in_parallel_attn None becomes 2 with new_decoder_architecture.
    const lnCount = c.optionalInt('num_ln_in_parallel_attn') ?? (newArch ? 2 : undefined);
    const tie = c.flag('tie_word_embeddings');
    const range = c.initializerRange();
    const qkvRows = newArch ? (2 * kvHeads + heads) * headDim : multiQuery ? h + 2 * headDim : 3 * h;
    for (const [k, v] of [
      ['vocab_size', vocab], ['hidden_size', h], ['num_hidden_layers', layers], ['num_attention_heads', heads], ['num_kv_heads', kvHeads],
      ['new_decoder_architecture', newArch], ['multi_query', multiQuery], ['parallel_attn', parallel], ['bias', bias], ['ffn_hidden_size', ffn],
      ['tie_word_embeddings', tie], ['initializer_range', range],
    ] as const) c.show(k, v);
    const norms = !parallel ? ['post_attention_layernorm', 'input_layernorm'] : lnCount === 2 ? ['ln_attn', 'ln_mlp'] : ['input_layernorm'];
    const list = new TensorList();
    list.embedding('transformer.word_embeddings', vocab, h, 'embed');
    for (let i = 0; i < layers; i++) {
      const l = `transformer.h.${i}`;
      list.linear(`${l}.self_attention.query_key_value`, qkvRows, h, 'qkv', bias, i);
      list.linear(`${l}.self_attention.dense`, h, h, 'attn_out', bias, i);
      list.linear(`${l}.mlp.dense_h_to_4h`, ffn, h, 'mlp_in', bias, i);
      list.linear(`${l}.mlp.dense_4h_to_h`, h, ffn, 'mlp_out', bias, i);
      for (const n of norms) list.norm(`${l}.${n}`, h, true, i);
    }
    list.norm('transformer.ln_f', h, true);
    if (!tie) list.add('lm_head.weight', [vocab, h], 'lm_head', h);
    return { architecture: 'falcon', layers, hidden: h, initializerRange: range, tiedEmbeddings: tie, tensors: list.tensors };
  },
  init: HF_INIT,
  // FalconConfig has no base_model_tp_plan: kaiming uses the decoder plan (fused query_key_value
  // colwise as a Shard(0) of its rows, which for multi-query does not align with heads).
  plan: { ...DECODER_TP, source: `${DECODER_TP.source}; FalconConfig has no plan: query_key_value Shard(0) of the fused rows` },
});
