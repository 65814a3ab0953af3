/**
 * gpt_neox: transformers models/gpt_neox/modeling_gpt_neox.py (GPTNeoXForCausalLM) and
 * configuration_gpt_neox.py (GPTNeoXConfig). The Pythia models.
 *
 * `gpt_neox.embed_in` (no padding_idx), per block (GPTNeoXLayer.__init__ order) `input_layernorm`
 * and `post_attention_layernorm` (LayerNorm with bias), `attention.query_key_value` (q, k and v
 * fused, interleaved per head: 3·hidden rows) and `attention.dense` (biases with attention_bias),
 * `mlp.dense_h_to_4h` and `mlp.dense_4h_to_h` (always biased); `gpt_neox.final_layer_norm`, and a
 * separate output head `embed_out` (untied by default). use_parallel_residual changes no tensor.
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { DECODER_TP } from '../plans';
import { TensorList, transformersFiles } from './decoder';

defineArchitecture({
  id: 'gpt_neox',
  classes: ['GPTNeoXForCausalLM'],
  ...transformersFiles('gpt_neox'),
  summary: 'fused query_key_value, LayerNorm with bias, biased MLP, separate embed_out head; parallel residual (no tensor change)',
  defaults: {
    vocab_size: 50432, hidden_size: 6144, intermediate_size: 24576, num_hidden_layers: 44, num_attention_heads: 64,
    initializer_range: 0.02, tie_word_embeddings: false, attention_bias: true,
  },
  layout(c) {
    const vocab = c.int('vocab_size');
    const h = c.int('hidden_size');
    const inter = c.int('intermediate_size');
    const layers = c.int('num_hidden_layers');
    const heads = c.int('num_attention_heads');
    c.multiple(h, 'hidden_size', heads, 'num_attention_heads'); // GPTNeoXAttention: head_size = hidden_size // num_attention_heads
    const tie = c.flag('tie_word_embeddings');
    const bias = c.flag('attention_bias');
    const range = c.initializerRange();
    for (const [k, v] of [['vocab_size', vocab], ['hidden_size', h], ['intermediate_size', inter], ['num_hidden_layers', layers], ['num_attention_heads', heads], ['attention_bias', bias], ['tie_word_embeddings', tie], ['initializer_range', range]] as const) c.show(k, v);
    const list = new TensorList();
    list.embedding('gpt_neox.embed_in', vocab, h, 'embed');
    for (let i = 0; i < layers; i++) {
      const l = `gpt_neox.layers.${i}`;
      list.norm(`${l}.input_layernorm`, h, true, i);
      list.norm(`${l}.post_attention_layernorm`, h, true, i);
      list.linear(`${l}.attention.query_key_value`, 3 * h, h, 'qkv', bias, i);
      list.linear(`${l}.attention.dense`, h, h, 'attn_out', bias, i);
      list.linear(`${l}.mlp.dense_h_to_4h`, inter, h, 'mlp_in', true, i);
      list.linear(`${l}.mlp.dense_4h_to_h`, h, inter, 'mlp_out', true, i);
    }
    list.norm('gpt_neox.final_layer_norm', h, true);
    // GPTNeoXForCausalLM.embed_out = nn.Linear(hidden_size, vocab_size, bias=False); tied: not saved.
    if (!tie) list.add('embed_out.weight', [vocab, h], 'lm_head', h);
    return { architecture: 'gpt_neox', layers, hidden: h, initializerRange: range, tiedEmbeddings: tie, tensors: list.tensors };
  },
  init: HF_INIT,
  // GPTNeoXConfig.base_model_tp_plan: query_key_value and dense_h_to_4h colwise, dense and dense_4h_to_h rowwise.
  plan: DECODER_TP,
});
