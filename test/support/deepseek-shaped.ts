/**
 * A DeepSeek-V3-shaped spec made in code, for tests of scale: the tensors (names, shapes) of
 * transformers v4.57.1 modeling_deepseek_v3.py as the hub checkpoint deepseek-ai/DeepSeek-V3
 * stores them (config.json: hidden_size 7168, intermediate_size 18432, moe_intermediate_size 2048,
 * n_routed_experts 256, n_shared_experts 1, first_k_dense_replace 3, num_hidden_layers 61,
 * q_lora_rank 1536, kv_lora_rank 512, qk_nope_head_dim 128, qk_rope_head_dim 64, v_head_dim 128,
 * num_attention_heads 128, vocab_size 129280), without the multi-token-prediction layer 61
 * (transformers does not load it). `layers` scales the tensor count.
 */
import type { ModelSpec, TensorEntry } from '../../lib/model/spec';

export function deepseekShaped(layers = 61): ModelSpec {
  const H = 7168;
  const heads = 128;
  const experts = 256;
  const w = (name: string, shape: number[], extra: Partial<TensorEntry> = {}): TensorEntry => ({ name, shape, init: 'normal', options: { std: 0.006 }, ...extra });
  const tensors: TensorEntry[] = [w('model.embed_tokens.weight', [129280, H], { parallel: 'vocab' })];
  for (let l = 0; l < layers; l++) {
    const p = `model.layers.${l}`;
    tensors.push(
      { name: `${p}.input_layernorm.weight`, shape: [H], init: 'ones' },
      w(`${p}.self_attn.q_a_proj.weight`, [1536, H]),
      { name: `${p}.self_attn.q_a_layernorm.weight`, shape: [1536], init: 'ones' },
      w(`${p}.self_attn.q_b_proj.weight`, [heads * 192, 1536], { parallel: 'colwise' }),
      w(`${p}.self_attn.kv_a_proj_with_mqa.weight`, [512 + 64, H]),
      { name: `${p}.self_attn.kv_a_layernorm.weight`, shape: [512], init: 'ones' },
      w(`${p}.self_attn.kv_b_proj.weight`, [heads * (128 + 128), 512], { parallel: 'colwise' }),
      w(`${p}.self_attn.o_proj.weight`, [H, heads * 128], { parallel: 'rowwise' }),
      { name: `${p}.post_attention_layernorm.weight`, shape: [H], init: 'ones' },
    );
    const mlp = (q: string, inter: number, extra: Partial<TensorEntry> = {}) => [
      w(`${q}.gate_proj.weight`, [inter, H], { parallel: 'colwise', ...extra }),
      w(`${q}.up_proj.weight`, [inter, H], { parallel: 'colwise', ...extra }),
      w(`${q}.down_proj.weight`, [H, inter], { parallel: 'rowwise', ...extra }),
    ];
    if (l < 3) {
      tensors.push(...mlp(`${p}.mlp`, 18432));
      continue;
    }
    tensors.push(w(`${p}.mlp.gate.weight`, [experts, H]), { name: `${p}.mlp.gate.e_score_correction_bias`, shape: [experts], init: 'zeros' });
    for (let e = 0; e < experts; e++) tensors.push(...mlp(`${p}.mlp.experts.${e}`, 2048, { experts: { count: experts, index: e } }));
    tensors.push(...mlp(`${p}.mlp.shared_experts`, 2048));
  }
  tensors.push({ name: 'model.norm.weight', shape: [H], init: 'ones' }, w('lm_head.weight', [129280, H], { parallel: 'colwise' }));
  return { seed: 0, dtype: 'bfloat16', tensors };
}
