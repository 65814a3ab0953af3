/**
 * Trainer recipes on the mixture-of-experts families (lib/model/recipes.ts): torchtitan's MoE
 * (41753c67b) for qwen3_moe and deepseek_v2/v3, Megatron-Core's MoE (d98e8a64dd) for all six;
 * every other recipe refuses them by name. Expected stds use the sources' own expressions.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { specFromHfConfig } from '../lib/model/hf-config';
import type { ModelSpec, TensorEntry } from '../lib/model/spec';

const SMALL = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'moe_transformers.json'), 'utf8')) as {
  small: { model_type: string; config: Record<string, unknown> }[];
}).small;
const configOf = (type: string) => {
  const s = SMALL.find((x) => x.model_type === type)!;
  return { model_type: type, ...s.config };
};
const byName = (spec: ModelSpec) => new Map((spec.tensors as TensorEntry[]).map((t) => [t.name, { init: t.init, ...(t.options === undefined ? {} : { options: t.options }) }]));
const trunc = (std: number, a = -2, b = 2) => ({ init: 'trunc_normal', options: { mean: 0, std, a, b } });
const normal = (std: number) => ({ init: 'normal', options: { mean: 0, std } });

describe('recipes on MoE families: torchtitan (models/moe/moe.py, deepseek_v3, qwen3; 41753c67b)', () => {
  it('deepseek_v3: MLA projections 0.02, wo/w2/w3/router with the block std, w1 0.02, expert_bias zeros, N(0,1) embedding', () => {
    const t = byName(specFromHfConfig(configOf('deepseek_v3'), { recipe: 'torchtitan' }));
    const block1 = 0.02 / (2 * (1 + 1)) ** 0.5; // TransformerBlock.weight_init_std of layer_id 1
    const l = 'model.layers.1';
    expect(t.get('model.embed_tokens.weight')).to.deep.equal(normal(1));
    for (const n of ['q_a_proj', 'q_b_proj', 'kv_a_proj_with_mqa', 'kv_b_proj']) expect(t.get(`${l}.self_attn.${n}.weight`), n).to.deep.equal(trunc(0.02));
    expect(t.get(`${l}.self_attn.o_proj.weight`)).to.deep.equal(trunc(block1));
    expect(t.get(`${l}.self_attn.q_a_layernorm.weight`)).to.deep.equal({ init: 'ones' });
    expect(t.get(`${l}.mlp.experts.2.gate_proj.weight`)).to.deep.equal(trunc(0.02));
    expect(t.get(`${l}.mlp.experts.2.up_proj.weight`)).to.deep.equal(trunc(block1));
    expect(t.get(`${l}.mlp.experts.2.down_proj.weight`)).to.deep.equal(trunc(block1));
    expect(t.get(`${l}.mlp.gate.weight`)).to.deep.equal(trunc(block1));
    expect(t.get(`${l}.mlp.gate.e_score_correction_bias`)).to.deep.equal({ init: 'zeros' });
    expect(t.get(`${l}.mlp.shared_experts.gate_proj.weight`)).to.deep.equal(trunc(0.02));
    expect(t.get(`${l}.mlp.shared_experts.down_proj.weight`)).to.deep.equal(trunc(block1));
    // Layer 0 is dense (first_k_dense_replace 1): FeedForward with its own block std.
    expect(t.get('model.layers.0.mlp.down_proj.weight')).to.deep.equal(trunc(0.02 / (2 * (0 + 1)) ** 0.5));
    const out = 16 ** -0.5; // final_out_std = dim**-0.5, cutoff_factor 3
    expect(t.get('lm_head.weight')).to.deep.equal(trunc(out, -3 * out, 3 * out));
  });

  it('deepseek: torchtitan has no depth_init there, so depthInit false is refused', () => {
    expect(() => specFromHfConfig(configOf('deepseek_v2'), { recipe: 'torchtitan', recipeOptions: { depthInit: false } })).to.throw(
      RangeError, "Expected true (torchtitan's deepseek_v3 TransformerBlock always scales by the block index) for depthInit but received false (boolean)");
  });

  it('deepseek_v2 (q_lora_rank null): wq 0.02, no expert bias', () => {
    const t = byName(specFromHfConfig(configOf('deepseek_v2'), { recipe: 'torchtitan' }));
    expect(t.get('model.layers.1.self_attn.q_proj.weight')).to.deep.equal(trunc(0.02));
    expect([...t.keys()].some((n) => n.includes('e_score_correction_bias'))).to.equal(false);
  });

  it('qwen3_moe: router and experts follow depth_init (default true; false: 0.02/√(2·n_layers))', () => {
    const depth = byName(specFromHfConfig(configOf('qwen3_moe'), { recipe: 'torchtitan' }));
    expect(depth.get('model.layers.1.mlp.gate.weight')).to.deep.equal(trunc(0.02 / (2 * (1 + 1)) ** 0.5));
    const flat = byName(specFromHfConfig(configOf('qwen3_moe'), { recipe: 'torchtitan', recipeOptions: { depthInit: false } }));
    expect(flat.get('model.layers.1.mlp.gate.weight')).to.deep.equal(trunc(0.02 / (2 * 2) ** 0.5));
    expect(flat.get('model.layers.1.mlp.experts.0.up_proj.weight')).to.deep.equal(trunc(0.02 / (2 * 2) ** 0.5));
    expect(flat.get('model.layers.1.self_attn.k_norm.weight')).to.deep.equal({ init: 'ones' });
  });

  for (const type of ['mixtral', 'qwen2_moe', 'gpt_oss']) {
    it(`${type}: refused by name (torchtitan has no such model)`, () => {
      expect(() => specFromHfConfig(configOf(type), { recipe: 'torchtitan' })).to.throw(RangeError, `Recipe "torchtitan" is defined for `)
        .with.property('message').that.matches(new RegExp(`qwen3_moe, deepseek_v2, deepseek_v3 only, not for ${type}$`));
    });
  }
});

describe('recipes on MoE families: Megatron-Core (moe/router.py, experts, MLA; d98e8a64dd)', () => {
  it('gpt_oss: router weight and bias, sinks and fused gate_up N(0, σ); fused down scaled; other biases 0', () => {
    const t = byName(specFromHfConfig(configOf('gpt_oss'), { recipe: 'megatron' }));
    const l = 'model.layers.0';
    for (const n of ['mlp.router.weight', 'mlp.router.bias', 'self_attn.sinks', 'mlp.experts.gate_up_proj']) expect(t.get(`${l}.${n}`), n).to.deep.equal(normal(0.02));
    expect(t.get(`${l}.mlp.experts.down_proj`)).to.deep.equal(normal(0.02 / Math.sqrt(2.0 * 2)));
    for (const n of ['mlp.experts.gate_up_proj_bias', 'mlp.experts.down_proj_bias', 'self_attn.q_proj.bias']) expect(t.get(`${l}.${n}`), n).to.deep.equal({ init: 'zeros' });
  });

  it('deepseek_v3: MLA and router N(0, σ), o_proj and every down_proj scaled, expert_bias 0', () => {
    const t = byName(specFromHfConfig(configOf('deepseek_v3'), { recipe: 'megatron' }));
    const scaled = normal(0.02 / Math.sqrt(2.0 * 2));
    const l = 'model.layers.1';
    for (const n of ['self_attn.q_a_proj', 'self_attn.kv_a_proj_with_mqa', 'self_attn.kv_b_proj', 'mlp.gate', 'mlp.experts.3.gate_proj']) expect(t.get(`${l}.${n}.weight`), n).to.deep.equal(normal(0.02));
    for (const n of ['self_attn.o_proj', 'mlp.experts.3.down_proj', 'mlp.shared_experts.down_proj']) expect(t.get(`${l}.${n}.weight`), n).to.deep.equal(scaled);
    expect(t.get(`${l}.mlp.gate.e_score_correction_bias`)).to.deep.equal({ init: 'zeros' });
  });

  it('qwen2_moe: the shared expert gate is a router-like gate (init_method)', () => {
    const t = byName(specFromHfConfig(configOf('qwen2_moe'), { recipe: 'megatron' }));
    expect(t.get('model.layers.0.mlp.shared_expert_gate.weight')).to.deep.equal(normal(0.02));
    expect(t.get('model.layers.0.mlp.shared_expert.down_proj.weight')).to.deep.equal(normal(0.02 / Math.sqrt(2.0 * 3)));
  });
});

describe('recipes on MoE families: the others refuse by name', () => {
  for (const recipe of ['olmo-core:llama', 'gpt-neox', 'deepnet']) {
    it(`${recipe} on mixtral`, () => {
      expect(() => specFromHfConfig(configOf('mixtral'), { recipe })).to.throw(RangeError, `Recipe "${recipe}" is defined for `)
        .with.property('message').that.matches(/ only, not for mixtral$/);
    });
  }
});

describe('recipes on MoE families: mup (mup/init.py constant_std_init_)', () => {
  it('mixtral: expert projections scale by width_mult^-1/2, the router (one infinite dimension) keeps N(0, σ)', () => {
    const t = byName(specFromHfConfig(configOf('mixtral'), { recipe: 'mup', recipeOptions: { mupBaseWidth: 4 } }));
    const sigma = 0.03; // the small mixtral's initializer_range
    expect(t.get('model.layers.0.block_sparse_moe.gate.weight')).to.deep.equal(normal(sigma));
    expect(t.get('model.layers.0.block_sparse_moe.experts.1.w2.weight')).to.deep.equal(normal(sigma * (16 / 4) ** -0.5));
  });
});
