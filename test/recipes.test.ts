import { expect } from 'chai';
import { describe as law } from '../lib/distributions/describe';
import { init } from '../lib/initializers/registry';
import { gpt2, llama } from '../lib/model/presets';
import { RECIPE_NAMES, recipeByName } from '../lib/model/recipes';
import { resolveSpec, type ModelSpec } from '../lib/model/spec';
import { specFromHfConfig } from '../lib/model/hf-config';

// A small Llama: 2 blocks, hidden 64, intermediate 96, 4 heads of 16, 2 kv heads, untied head.
const SMALL = { vocab: 100, layers: 2, hidden: 64, intermediate: 96, heads: 4, kvHeads: 2, seed: 3 };
const SMALL_GPT2 = { vocab: 100, nLayer: 2, nHead: 4, nEmbd: 64, nPositions: 32, seed: 3 };

const L = 'model.layers';
type Row = [recipe: string, tensor: string, family: string, param: number, bounds: [number, number] | null];

const s2 = Math.sqrt(2);
/** (recipe, tensor) → (family, std for normals / high for uniforms / value for constants, truncation bounds). */
const TABLE: Row[] = [
  ['hf', 'model.embed_tokens.weight', 'normal', 0.02, null],
  ['hf', `${L}.1.self_attn.o_proj.weight`, 'normal', 0.02, null],
  ['hf', `${L}.1.mlp.down_proj.weight`, 'normal', 0.02, null],
  ['hf', 'lm_head.weight', 'normal', 0.02, null],
  ['hf', `${L}.0.input_layernorm.weight`, 'constant', 1, null],
  // torchtitan models/llama3/model/model.py
  ['torchtitan', 'model.embed_tokens.weight', 'normal', 1, null],
  ['torchtitan', `${L}.1.self_attn.q_proj.weight`, 'truncated_normal', 0.02, [-2, 2]],
  ['torchtitan', `${L}.1.self_attn.k_proj.weight`, 'truncated_normal', 0.02, [-2, 2]],
  ['torchtitan', `${L}.1.self_attn.v_proj.weight`, 'truncated_normal', 0.02, [-2, 2]],
  ['torchtitan', `${L}.1.mlp.gate_proj.weight`, 'truncated_normal', 0.02, [-2, 2]],
  ['torchtitan', `${L}.0.self_attn.o_proj.weight`, 'truncated_normal', 0.02 / s2, [-2, 2]], // depth_init: 0.02/√(2·1)
  ['torchtitan', `${L}.1.self_attn.o_proj.weight`, 'truncated_normal', 0.01, [-2, 2]], // 0.02/√(2·2)
  ['torchtitan', `${L}.1.mlp.up_proj.weight`, 'truncated_normal', 0.01, [-2, 2]],
  ['torchtitan', `${L}.0.mlp.down_proj.weight`, 'truncated_normal', 0.02 / s2, [-2, 2]],
  ['torchtitan', 'lm_head.weight', 'truncated_normal', 0.125, [-0.375, 0.375]], // 64^-0.5, ±3σ
  ['torchtitan', 'model.norm.weight', 'constant', 1, null],
  // OLMo-core src/olmo_core/nn/transformer/init.py
  ['olmo-core:normal', 'model.embed_tokens.weight', 'truncated_normal', 0.02, [-0.06, 0.06]],
  ['olmo-core:normal', `${L}.0.self_attn.o_proj.weight`, 'truncated_normal', 0.02, [-0.06, 0.06]],
  ['olmo-core:normal', 'lm_head.weight', 'truncated_normal', 0.02, [-0.06, 0.06]],
  ['olmo-core:llama', 'model.embed_tokens.weight', 'normal', 1, null],
  ['olmo-core:llama', `${L}.0.self_attn.q_proj.weight`, 'truncated_normal', 0.02, [-0.06, 0.06]],
  ['olmo-core:llama', `${L}.0.mlp.gate_proj.weight`, 'truncated_normal', 0.02, [-0.06, 0.06]],
  ['olmo-core:llama', `${L}.0.self_attn.o_proj.weight`, 'truncated_normal', 0.01, [-0.03, 0.03]], // 0.02/√(2·2 blocks)
  ['olmo-core:llama', `${L}.0.mlp.up_proj.weight`, 'truncated_normal', 0.01, [-0.03, 0.03]],
  ['olmo-core:llama', `${L}.0.mlp.down_proj.weight`, 'truncated_normal', 0.01, [-0.03, 0.03]],
  ['olmo-core:llama', 'lm_head.weight', 'truncated_normal', 0.125, [-0.375, 0.375]],
  ['olmo-core:llama_depth', `${L}.0.self_attn.o_proj.weight`, 'truncated_normal', 0.02 / s2, [-0.06 / s2, 0.06 / s2]],
  ['olmo-core:llama_depth', `${L}.1.mlp.down_proj.weight`, 'truncated_normal', 0.01, [-0.03, 0.03]],
  // Megatron-LM init_method_normal / scaled_init_method_normal
  ['megatron', 'model.embed_tokens.weight', 'normal', 0.02, null],
  ['megatron', `${L}.0.self_attn.k_proj.weight`, 'normal', 0.02, null],
  ['megatron', `${L}.0.self_attn.o_proj.weight`, 'normal', 0.01, null], // 0.02/√(2·2)
  ['megatron', `${L}.1.mlp.down_proj.weight`, 'normal', 0.01, null],
  ['megatron', 'lm_head.weight', 'normal', 0.02, null],
  // GPT-NeoX small_init √(2/(5d)), wang_init 2/(L·√d)
  ['gpt-neox', 'model.embed_tokens.weight', 'normal', Math.sqrt(1 / 160), null],
  ['gpt-neox', `${L}.1.mlp.up_proj.weight`, 'normal', Math.sqrt(1 / 160), null],
  ['gpt-neox', `${L}.0.self_attn.o_proj.weight`, 'normal', 0.125, null], // 2/2/8
  ['gpt-neox', `${L}.1.mlp.down_proj.weight`, 'normal', 0.125, null],
  // mup with base width 16: width_mult 4, matrix-like std 0.02/2, vector-like unchanged
  ['mup', `${L}.0.self_attn.q_proj.weight`, 'normal', 0.01, null],
  ['mup', `${L}.1.mlp.down_proj.weight`, 'normal', 0.01, null],
  ['mup', 'model.embed_tokens.weight', 'normal', 0.02, null],
  ['mup', 'lm_head.weight', 'normal', 0.02, null],
  // DeepNet (torchscale): β = (8·2)^¼ = 2
  ['deepnet', 'model.embed_tokens.weight', 'normal', 0.125, null],
  ['deepnet', `${L}.0.self_attn.q_proj.weight`, 'uniform', Math.sqrt(3 / 128), null], // (1/√2)·√(6/128)
  ['deepnet', `${L}.0.self_attn.k_proj.weight`, 'uniform', Math.sqrt(3 / 96), null], // (1/√2)·√(6/96)
  ['deepnet', `${L}.0.self_attn.v_proj.weight`, 'uniform', Math.sqrt(3 / 96) / 2, null],
  ['deepnet', `${L}.0.self_attn.o_proj.weight`, 'uniform', Math.sqrt(6 / 128) / 2, null],
  ['deepnet', `${L}.0.mlp.gate_proj.weight`, 'uniform', 1 / 8 / 2, null], // nn.Linear U(±1/√64), divided
  ['deepnet', `${L}.0.mlp.up_proj.weight`, 'uniform', 1 / 8, null], // GLU's `gate`: not divided
  ['deepnet', `${L}.0.mlp.down_proj.weight`, 'uniform', 1 / Math.sqrt(96) / 2, null],
  ['deepnet', 'lm_head.weight', 'normal', 0.125, null],
];

/** The same for a small GPT-2 (2 blocks, n_embd 64, Conv1D (in, out) weights); mup base width 16. */
const GPT2_TABLE: Row[] = [
  ['hf', 'wpe.weight', 'normal', 0.02, null],
  ['hf', 'h.0.attn.c_proj.weight', 'normal', 0.01, null], // 0.02/√(2·2)
  ['hf', 'h.1.mlp.c_fc.bias', 'constant', 0, null],
  ['megatron', 'h.1.attn.c_attn.weight', 'normal', 0.02, null],
  ['megatron', 'h.1.mlp.c_proj.weight', 'normal', 0.01, null],
  ['gpt-neox', 'wte.weight', 'normal', Math.sqrt(1 / 160), null],
  ['gpt-neox', 'h.0.attn.c_attn.weight', 'normal', Math.sqrt(1 / 160), null],
  ['gpt-neox', 'h.0.mlp.c_proj.weight', 'normal', 0.125, null],
  ['gpt-neox', 'ln_f.bias', 'constant', 0, null],
  ['mup', 'h.0.attn.c_attn.weight', 'normal', 0.01, null], // 0.02·4^−½
  ['mup', 'h.0.attn.c_proj.weight', 'normal', 0.005, null], // (0.02/√4)·4^−½
  ['mup', 'wte.weight', 'normal', 0.02, null],
];

const recipeOptionsFor = (recipe: string) => (recipe === 'mup' ? { mupBaseWidth: 16 } : {});

function specFor(recipe: string, family: 'llama' | 'gpt2' = 'llama'): ModelSpec {
  return family === 'llama' ? llama({ ...SMALL, recipe, recipeOptions: recipeOptionsFor(recipe) }) : gpt2({ ...SMALL_GPT2, recipe, recipeOptions: recipeOptionsFor(recipe) });
}

function planOfTensor(spec: ModelSpec, name: string) {
  const t = resolveSpec(spec).tensors.find((x) => x.name === name);
  if (t === undefined) throw new Error(`no tensor ${name}`);
  return { t, d: law(t.init, t.shape, t.options) };
}

const close = (a: number, b: number) => expect(a).to.be.closeTo(b, 1e-15 * Math.max(1, Math.abs(b)));

const BOTH: [Row, 'llama' | 'gpt2'][] = [...TABLE.map((r) => [r, 'llama'] as [Row, 'llama']), ...GPT2_TABLE.map((r) => [r, 'gpt2'] as [Row, 'gpt2'])];

describe('recipes: (recipe, tensor) → (initializer, std or bound, truncation)', () => {
  for (const [[recipe, name, family, param, bounds], model] of BOTH) {
    it(`${recipe} (${model}): ${name} is ${family} ${param}${bounds ? ` cut at [${bounds}]` : ''}`, () => {
      const { d } = planOfTensor(specFor(recipe, model), name);
      const plan = d.plan as unknown as Record<string, number>;
      expect(d.plan.family).to.equal(family);
      if (family === 'normal' || family === 'truncated_normal') {
        close(plan.mean, 0);
        close(plan.std, param);
      } else if (family === 'uniform') {
        close(plan.high, param);
        close(plan.low, -param);
      } else close(plan.value, param);
      if (bounds === null) expect(family).to.not.equal('truncated_normal');
      else {
        close(plan.a, bounds[0]);
        close(plan.b, bounds[1]);
      }
    });
  }

  it('every recipe is in the table, and the table names the recipe list exactly', () => {
    expect([...new Set(TABLE.map((r) => r[0]))].sort()).to.deep.equal([...RECIPE_NAMES].sort());
  });

  it('the sample moments of every tabled tensor match its law (mean within 5 SE, std within 5%)', () => {
    for (const [[recipe, name], model] of BOTH) {
      const spec = specFor(recipe, model);
      const { t, d } = planOfTensor(spec, name);
      const x = init(t.init, t.shape, { ...t.options, seed: 11, key: name }).data as Float32Array;
      let sum = 0;
      for (const v of x) sum += v;
      const mean = sum / x.length;
      let ss = 0;
      for (const v of x) ss += (v - mean) ** 2;
      const std = Math.sqrt(ss / (x.length - 1));
      const where = `${recipe} ${name}`;
      if (d.std === 0) {
        expect(std, where).to.equal(0);
        expect(mean, where).to.equal(d.mean);
        continue;
      }
      expect(Math.abs(mean - d.mean), where).to.be.below((5 * d.std) / Math.sqrt(x.length));
      expect(std / d.std, where).to.be.within(0.95, 1.05);
      if (d.plan.family === 'truncated_normal' || d.plan.family === 'uniform') {
        const [lo, hi] = d.plan.family === 'uniform' ? [d.plan.low, d.plan.high] : [d.plan.a, d.plan.b];
        expect(Math.min(...x), where).to.be.at.least(Math.fround(lo));
        expect(Math.max(...x), where).to.be.at.most(Math.fround(hi));
      }
    }
  });
});

describe('recipes: names and shapes never change', () => {
  const shapes = (spec: ModelSpec) => resolveSpec(spec).tensors.map((t) => `${t.name} ${t.shape.join('x')} ${t.dtype}`);

  it('every Llama recipe gives the hf recipe\'s names, shapes, dtypes and order', () => {
    const hf = shapes(specFor('hf'));
    expect(hf.length).to.equal(1 + 2 * 9 + 2);
    for (const r of RECIPE_NAMES) expect(shapes(specFor(r)), r).to.deep.equal(hf);
  });

  it('GPT-2 recipes too, and the recipes that do not cover GPT-2 refuse it naming the families they cover', () => {
    const hf = shapes(gpt2(SMALL_GPT2));
    for (const r of ['megatron', 'gpt-neox', 'mup']) {
      expect(shapes(gpt2({ ...SMALL_GPT2, recipe: r, recipeOptions: r === 'mup' ? { mupBaseWidth: 32 } : {} })), r).to.deep.equal(hf);
    }
    for (const r of ['torchtitan', 'olmo-core:llama', 'deepnet']) {
      expect(() => gpt2({ ...SMALL_GPT2, recipe: r })).to.throw(RangeError, new RegExp(`^Recipe "${r}" is defined for llama, mistral, qwen2(, [a-z0-9_]+)* only, not for gpt2$`));
    }
  });

  it('the hf recipe is what gpt2() and llama() always made (GPT-2 c_proj at 0.02/√(2·n_layer))', () => {
    const by = new Map(resolveSpec(gpt2(SMALL_GPT2)).tensors.map((t) => [t.name, t]));
    expect(by.get('h.1.attn.c_proj.weight')!.options).to.deep.equal({ mean: 0, std: 0.02 / Math.sqrt(4) });
    expect(by.get('h.1.attn.c_attn.weight')!.options).to.deep.equal({ mean: 0, std: 0.02 });
    expect(by.get('h.1.ln_2.bias')!.init).to.equal('zeros');
    // Megatron's GPT-2 is the same law: N(0, σ) and σ/√(2L) for c_proj.
    const mg = new Map(resolveSpec(gpt2({ ...SMALL_GPT2, recipe: 'megatron' })).tensors.map((t) => [t.name, t]));
    expect(mg.get('h.1.mlp.c_proj.weight')!.options).to.deep.equal({ mean: 0, std: 0.02 / Math.sqrt(2.0 * 2) });
    expect(gpt2(SMALL_GPT2).description).to.not.contain('recipe=');
    expect(gpt2({ ...SMALL_GPT2, recipe: 'megatron' }).description).to.match(/ recipe=megatron$/);
  });
});

describe('recipes: options and refusals', () => {
  it('torchtitan depthInit false uses 0.02/√(2·n_layers) in every block', () => {
    const spec = llama({ ...SMALL, recipe: 'torchtitan', recipeOptions: { depthInit: false } });
    for (const l of [0, 1]) expect((planOfTensor(spec, `${L}.${l}.self_attn.o_proj.weight`).d.plan as { std: number }).std).to.equal(0.02 / (2 * 2) ** 0.5);
  });

  it('mup readout zero init, and mup needs its base width', () => {
    const spec = llama({ ...SMALL, recipe: 'mup', recipeOptions: { mupBaseWidth: 16, mupReadoutZeroInit: true } });
    expect(planOfTensor(spec, 'lm_head.weight').t.init).to.equal('zeros');
    expect(() => llama({ ...SMALL, recipe: 'mup' })).to.throw(TypeError, 'Expected the base model\'s width (a positive integer) for mupBaseWidth but received undefined');
    expect(() => llama({ ...SMALL, recipe: 'mup', recipeOptions: { mupBaseWidth: 0 } })).to.throw(RangeError, 'Expected a positive integer for mupBaseWidth but received 0');
  });

  it('an unknown recipe or option is refused with the list and a hint', () => {
    expect(() => recipeByName('torchtitn')).to.throw(RangeError, /^Expected one of "hf", "torchtitan", .* for recipe but received "torchtitn" \(string\); did you mean "torchtitan"\?$/);
    expect(() => recipeByName(3)).to.throw(TypeError, 'for recipe but received 3 (number)');
    expect(() => llama({ ...SMALL, recipe: 'hf', recipeOptions: { depth_init: true } as never })).to.throw(RangeError, 'depth_init');
    expect(() => llama({ ...SMALL, recipe: 'megatron', recipeOptions: { depthInit: false } })).to.throw(RangeError, 'Expected recipe "torchtitan" with depthInit for recipe but received "megatron" (string)');
    expect(() => llama({ ...SMALL, recipe: 'hf', recipeOptions: { mupBaseWidth: 8 } })).to.throw(RangeError, 'Expected recipe "mup" with mupBaseWidth for recipe but received "hf" (string)');
  });

  it('a tied embedding is refused by the recipes whose embedding and output-head rules differ (torchtitan, olmo-core:llama/llama_depth)', () => {
    const tied = (recipe: string) => () => llama({ ...SMALL, tieEmbeddings: true, recipe });
    expect(tied('torchtitan')).to.throw(
      RangeError,
      'Recipe "torchtitan" initialises the embedding as normal {"mean":0,"std":1} and the output head as trunc_normal {"mean":0,"std":0.125,"a":-0.375,"b":0.375}, ' +
        'but this model ties them (tie_word_embeddings true: "model.embed_tokens.weight" is also the output head); untie them (tie_word_embeddings false) or use a recipe with one rule for both',
    );
    expect(tied('olmo-core:llama')).to.throw(RangeError, /^Recipe "olmo-core:llama" initialises the embedding as normal \{"mean":0,"std":1\} and the output head as trunc_normal \{"mean":0,"std":0\.125,/);
    expect(tied('olmo-core:llama_depth')).to.throw(RangeError, 'Recipe "olmo-core:llama_depth" initialises the embedding as normal');
    const qwen = { architectures: ['Qwen2ForCausalLM'], vocab_size: 10, hidden_size: 16, intermediate_size: 16, num_hidden_layers: 1, num_attention_heads: 2, tie_word_embeddings: true };
    expect(() => specFromHfConfig({ ...qwen, architectures: ['LlamaForCausalLM'] }, { recipe: 'torchtitan' })).to.throw(RangeError, 'but this model ties them');
    // One rule for both: allowed tied; and the same recipes untied are unchanged.
    for (const recipe of ['hf', 'olmo-core:normal', 'megatron', 'gpt-neox', 'deepnet']) expect(tied(recipe), recipe).not.to.throw();
    expect(resolveSpec(llama({ ...SMALL, recipe: 'torchtitan' })).tensors[0].options).to.deep.equal({ mean: 0, std: 1 });
    // GPT-2 is always tied: mup's zero readout would zero the embedding too.
    expect(() => gpt2({ ...SMALL_GPT2, recipe: 'mup', recipeOptions: { mupBaseWidth: 16, mupReadoutZeroInit: true } })).to.throw(RangeError, 'Recipe "mup" initialises the embedding as normal');
  });

  it('a recipe without a rule for a tensor says so (torchtitan has no biases: Qwen2\'s q/k/v biases)', () => {
    const qwen = { architectures: ['Qwen2ForCausalLM'], vocab_size: 10, hidden_size: 8, intermediate_size: 16, num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1 };
    expect(() => specFromHfConfig(qwen, { recipe: 'torchtitan' })).to.throw(
      RangeError,
      'Recipe "torchtitan" has no rule for "model.layers.0.self_attn.q_proj.bias" (a q_bias tensor): its source does not initialise such a tensor',
    );
    // olmo-core, megatron and deepnet do initialise biases.
    const deep = new Map(resolveSpec(specFromHfConfig(qwen, { recipe: 'deepnet' })).tensors.map((t) => [t.name, t]));
    // Python: 1 / math.sqrt(8) / math.pow(8.0, 0.25) (Node 20's Math.pow(8, 0.25) is 1 ulp above C's, giving …86).
    expect(deep.get('model.layers.0.self_attn.v_proj.bias')!.options).to.deep.equal({ low: -0.21022410381342863, high: 0.21022410381342863 });
    expect(recipeByName('deepnet').source).to.contain('torchscale');
  });
});

describe('recipes: the sources\' expressions evaluated in Python (test/fixtures/make_recipe_fixtures.py)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fixture = require('./fixtures/recipe_stds.json') as {
    config: { layers: number; hidden: number; intermediate: number; vocab: number; heads: number; kvHeads: number; mupBaseWidth: number };
    rows: { recipe: string; name: string; family: string; param: number; a: number | null; b: number | null }[];
  };
  const { mupBaseWidth, ...dims } = fixture.config;
  for (const r of fixture.rows) {
    it(`${r.recipe}: ${r.name} = ${r.param}`, () => {
      const spec = llama({ ...dims, recipe: r.recipe, recipeOptions: r.recipe === 'mup' ? { mupBaseWidth } : {} });
      const plan = planOfTensor(spec, r.name).d.plan as unknown as Record<string, number | string>;
      expect(plan.family).to.equal(r.family);
      if (r.family === 'uniform') {
        // torchscale divides the drawn values by β; kaiming divides the gain: the same law, the bound within an ulp.
        expect(Math.abs((plan.high as number) - r.param)).to.be.at.most(2 * Number.EPSILON * r.param);
      } else {
        expect(plan.std).to.equal(r.param);
        if (r.a !== null) expect([plan.a, plan.b]).to.deep.equal([r.a, r.b]);
      }
    });
  }
});

describe('recipes: the families they cover, and refusals by name', () => {
  const tensor = (spec: ModelSpec, name: string) => {
    const t = (spec.tensors as { name: string; init: string; options?: Record<string, unknown>; zeroRows?: number[] }[]).find((x) => x.name === name);
    if (t === undefined) throw new Error(`no tensor ${name}`);
    return t;
  };
  const QWEN3 = { model_type: 'qwen3', vocab_size: 50, hidden_size: 64, intermediate_size: 96, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, head_dim: 16 };

  it('torchtitan qwen3 (models/qwen3/model/model.py): the llama3 rows, q_norm/k_norm ones; a tied embedding ends as the head (init_weights runs after parallelize ties them)', () => {
    const untied = specFromHfConfig({ ...QWEN3, tie_word_embeddings: false }, { recipe: 'torchtitan' });
    expect(tensor(untied, 'model.embed_tokens.weight').options).to.deep.equal({ mean: 0, std: 1 });
    expect(tensor(untied, 'model.layers.1.self_attn.o_proj.weight').options).to.deep.equal({ mean: 0, std: 0.01, a: -2, b: 2 });
    expect(tensor(untied, 'model.layers.0.self_attn.q_norm.weight').init).to.equal('ones');
    expect(tensor(untied, 'lm_head.weight').options).to.deep.equal({ mean: 0, std: 0.125, a: -0.375, b: 0.375 });
    const tied = specFromHfConfig({ ...QWEN3, tie_word_embeddings: true, pad_token_id: 3 }, { recipe: 'torchtitan' });
    expect(tensor(tied, 'model.embed_tokens.weight')).to.deep.include({ init: 'trunc_normal', options: { mean: 0, std: 0.125, a: -0.375, b: 0.375 } });
    // torchtitan's embedding has no padding_idx: no zero row; transformers' (the hf recipe) has one.
    expect(tensor(tied, 'model.embed_tokens.weight')).to.not.have.property('zeroRows');
    expect(tensor(specFromHfConfig({ ...QWEN3, pad_token_id: 3 }), 'model.embed_tokens.weight').zeroRows).to.deep.equal([3]);
    // Llama keeps refusing a tied embedding under torchtitan (its trainer builds untied models).
    expect(() => llama({ ...SMALL, tieEmbeddings: true, recipe: 'torchtitan' })).to.throw(RangeError, 'but this model ties them');
  });

  it('OLMo-core InitMethod.normal is OLMo 2/3\'s default: every weight trunc_normal 0.02 at ±3σ, q_norm/k_norm (whole width) ones', () => {
    for (const model_type of ['olmo2', 'olmo3']) {
      const spec = specFromHfConfig({ ...QWEN3, model_type, pad_token_id: null }, { recipe: 'olmo-core:normal' });
      for (const name of ['model.embed_tokens.weight', 'model.layers.0.self_attn.q_proj.weight', 'model.layers.1.mlp.down_proj.weight', 'lm_head.weight']) {
        expect(tensor(spec, name).options, `${model_type} ${name}`).to.deep.equal({ mean: 0, std: 0.02, a: -0.06, b: 0.06 });
      }
      expect(tensor(spec, 'model.layers.0.self_attn.q_norm.weight').init).to.equal('ones');
    }
  });

  it('GPT-NeoX small_init/wang_init on its own model (Pythia): query_key_value and dense_h_to_4h small, dense and dense_4h_to_h wang, biases 0', () => {
    const spec = specFromHfConfig({ model_type: 'gpt_neox', vocab_size: 50, hidden_size: 64, intermediate_size: 256, num_hidden_layers: 2, num_attention_heads: 4 }, { recipe: 'gpt-neox' });
    const small = Math.sqrt(2 / (5 * 64));
    const wang = 2 / 2 / Math.sqrt(64);
    expect(tensor(spec, 'gpt_neox.layers.0.attention.query_key_value.weight').options).to.deep.equal({ mean: 0, std: small });
    expect(tensor(spec, 'gpt_neox.layers.0.mlp.dense_h_to_4h.weight').options).to.deep.equal({ mean: 0, std: small });
    expect(tensor(spec, 'gpt_neox.layers.1.attention.dense.weight').options).to.deep.equal({ mean: 0, std: wang });
    expect(tensor(spec, 'gpt_neox.layers.1.mlp.dense_4h_to_h.weight').options).to.deep.equal({ mean: 0, std: wang });
    expect(tensor(spec, 'embed_out.weight').options).to.deep.equal({ mean: 0, std: small });
    expect(tensor(spec, 'gpt_neox.layers.0.attention.dense.bias').init).to.equal('zeros');
    expect(tensor(spec, 'gpt_neox.final_layer_norm.weight').init).to.equal('ones');
  });

  it('muP covers every family (transformers\' _init_weights with mup.init): Gemma\'s norms stay zero, Phi-3\'s fused matrices are scaled', () => {
    const phi3 = specFromHfConfig({ model_type: 'phi3', vocab_size: 50, hidden_size: 64, intermediate_size: 96, num_hidden_layers: 1, num_attention_heads: 4, pad_token_id: 0 }, { recipe: 'mup', recipeOptions: { mupBaseWidth: 16 } });
    expect(tensor(phi3, 'model.layers.0.self_attn.qkv_proj.weight').options).to.deep.equal({ mean: 0, std: 0.01 });
    expect(tensor(phi3, 'model.layers.0.mlp.gate_up_proj.weight').options).to.deep.equal({ mean: 0, std: 0.01 });
    expect(tensor(phi3, 'model.embed_tokens.weight')).to.deep.include({ options: { mean: 0, std: 0.02 }, zeroRows: [0] });
    const gemma = specFromHfConfig({ model_type: 'gemma', vocab_size: 50, hidden_size: 64, intermediate_size: 96, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 1, head_dim: 16 }, { recipe: 'mup', recipeOptions: { mupBaseWidth: 32 } });
    expect(tensor(gemma, 'model.layers.0.input_layernorm.weight').init).to.equal('zeros');
  });

  it('a recipe that does not cover a family refuses it by name, listing the ones it covers', () => {
    const gemma = { model_type: 'gemma', vocab_size: 50, hidden_size: 64, intermediate_size: 96, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 1, head_dim: 16 };
    expect(() => specFromHfConfig(gemma, { recipe: 'torchtitan' })).to.throw(RangeError, 'Recipe "torchtitan" is defined for llama, mistral, qwen2, qwen3, qwen3_moe, deepseek_v2, deepseek_v3 only, not for gemma');
    expect(() => specFromHfConfig({ ...gemma, model_type: 'falcon', hidden_size: 64 }, { recipe: 'olmo-core:llama' })).to.throw(RangeError, /^Recipe "olmo-core:llama" is defined for llama, mistral, qwen2, olmo2, olmo3 only, not for falcon$/);
    expect(() => specFromHfConfig({ ...gemma, model_type: 'starcoder2' }, { recipe: 'deepnet' })).to.throw(RangeError, 'Recipe "deepnet" is defined for llama, mistral, qwen2 only, not for starcoder2');
  });
});
