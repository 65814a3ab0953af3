import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { architectureById, architectureIds, defineArchitecture, parallelEntryOf, roleName } from '../lib/model/architecture';
import { ConfigReader } from '../lib/model/config-reader';
import { specFromHfConfig } from '../lib/model/hf-config';
import { resolveSpec, type ModelSpec, type TensorEntry } from '../lib/model/spec';

const HF = path.join(__dirname, 'fixtures', 'hf-configs');
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(HF, file), 'utf8')) as Record<string, unknown>;
const total = (spec: ModelSpec) => resolveSpec(spec).tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0);
const entries = (spec: ModelSpec) => spec.tensors as TensorEntry[];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DENSE = require('./fixtures/dense_transformers.json') as {
  transformers: string;
  small: { model_type: string; config: Record<string, unknown>; architectures: string[]; tensors: [string, number[], { init: string; std?: number; zeroRows?: number[] }][] }[];
  totals: Record<string, number>;
};

const FAMILIES = ['llama', 'mistral', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'gemma3_text', 'phi3', 'olmo2', 'olmo3', 'gpt2', 'gpt_neox', 'falcon', 'starcoder2'];

/** The law transformers' _init_weights gives a tensor, as the fixture records it, from a spec entry. */
function lawOf(t: TensorEntry): { init: string; std?: number; zeroRows?: number[] } {
  const law: { init: string; std?: number; zeroRows?: number[] } =
    t.init === 'normal' ? { init: 'normal', std: (t.options as { std: number }).std } : { init: t.init };
  if (t.zeroRows !== undefined) law.zeroRows = t.zeroRows;
  return law;
}

describe(`architectures: every dense family against transformers ${DENSE.transformers} (test/fixtures/make_dense_fixtures.py)`, () => {
  it('the registry holds every family of the table', () => {
    expect(architectureIds()).to.include.members(FAMILIES);
    expect(new Set(DENSE.small.map((s) => s.model_type))).to.deep.equal(new Set(FAMILIES));
  });

  DENSE.small.forEach((s, i) => {
    it(`${s.model_type} #${i}: names, shapes, state_dict order and _init_weights laws (${s.tensors.length} tensors)`, () => {
      const spec = specFromHfConfig({ model_type: s.model_type, ...s.config });
      const mine = entries(spec).map((t) => [t.name, t.shape, lawOf(t)]);
      const theirs = s.tensors.map(([n, shape, law]) => [n, shape, law.init === 'normal' ? { init: 'normal', std: law.std, ...(law.zeroRows ? { zeroRows: law.zeroRows } : {}) } : law]);
      expect(mine).to.deep.equal(theirs);
      expect(spec.description!.split(' ')[0]).to.equal(s.architectures[0]);
    });
  });
});

/** Real hub configs: transformers' own count (the fixture) and the published one (test/fixtures/hf-configs/README.md). */
const PUBLISHED: [file: string, family: string, total: number][] = [
  ['SmolLM2-135M-Instruct.config.json', 'llama', 134_515_008],
  ['Qwen3-0.6B.config.json', 'qwen3', 596_049_920],
  ['Qwen3-8B.config.json', 'qwen3', 8_190_735_360],
  ['gemma-2b.config.json', 'gemma', 2_506_172_416],
  ['gemma-2-2b.config.json', 'gemma2', 2_614_341_888],
  ['gemma-3-1b-pt.config.json', 'gemma3_text', 999_885_952],
  ['gemma-3-270m.config.json', 'gemma3_text', 268_098_176],
  ['Phi-3.5-mini-instruct.config.json', 'phi3', 3_821_079_552],
  ['Phi-4-mini-instruct.config.json', 'phi3', 3_836_021_760],
  ['OLMo-2-1124-7B.config.json', 'olmo2', 7_298_617_344],
  ['Olmo-3-1025-7B.config.json', 'olmo3', 7_298_011_136],
  ['pythia-160m.config.json', 'gpt_neox', 162_322_944],
  ['pythia-410m.config.json', 'gpt_neox', 405_334_016],
  ['falcon-7b.config.json', 'falcon', 6_921_720_704],
  ['starcoder2-3b.config.json', 'starcoder2', 3_030_371_328],
];

describe('architectures: real hub configs have their published parameter totals', () => {
  for (const [file, family, published] of PUBLISHED) {
    it(`${file} (${family}): ${published.toLocaleString('en-US')}`, () => {
      const config = load(file);
      const spec = specFromHfConfig(config);
      expect(total(spec)).to.equal(published);
      expect(DENSE.totals[file]).to.equal(published);
      expect(spec.config).to.deep.equal(config);
    });
  }

  it('a padded embedding has its zero row (SmolLM2 pad 2, Gemma pad 0, Phi-3.5 pad 32000, OLMo 2 pad 100277); --ignore-pad-token drops it', () => {
    const row = (file: string) => entries(specFromHfConfig(load(file)))[0].zeroRows;
    expect(row('SmolLM2-135M-Instruct.config.json')).to.deep.equal([2]);
    expect(row('gemma-3-1b-pt.config.json')).to.deep.equal([0]);
    expect(row('Phi-3.5-mini-instruct.config.json')).to.deep.equal([32000]);
    expect(row('OLMo-2-1124-7B.config.json')).to.deep.equal([100277]);
    // GPT-NeoX, Falcon and GPT-2 build their embeddings without padding_idx.
    expect(row('pythia-160m.config.json')).to.equal(undefined);
    expect(entries(specFromHfConfig(load('SmolLM2-135M-Instruct.config.json'), { ignorePadToken: true }))[0]).to.not.have.property('zeroRows');
    // The zero row survives into the resolved spec.
    expect(resolveSpec(specFromHfConfig(load('gemma-3-270m.config.json'))).tensors[0].zeroRows).to.deep.equal([0]);
  });

  it('what sets each family apart, on the real configs', () => {
    const by = (file: string) => new Map(entries(specFromHfConfig(load(file))).map((t) => [t.name, t]));
    const qwen3 = by('Qwen3-8B.config.json');
    expect(qwen3.get('model.layers.0.self_attn.q_norm.weight')!.shape).to.deep.equal([128]);
    expect(qwen3.get('lm_head.weight')!.shape).to.deep.equal([151936, 4096]);
    const olmo = by('OLMo-2-1124-7B.config.json');
    expect(olmo.get('model.layers.0.self_attn.q_norm.weight')!.shape).to.deep.equal([4096]);
    expect(olmo.has('model.layers.0.input_layernorm.weight')).to.equal(false);
    const gemma3 = by('gemma-3-1b-pt.config.json');
    expect(gemma3.get('model.layers.0.self_attn.k_norm.weight')!.init).to.equal('zeros');
    expect(gemma3.get('model.norm.weight')!.init).to.equal('zeros');
    expect(gemma3.has('lm_head.weight')).to.equal(false);
    const phi4 = by('Phi-4-mini-instruct.config.json');
    expect(phi4.get('model.layers.0.self_attn.qkv_proj.weight')!.shape).to.deep.equal([3072 + 2 * 1024, 3072]);
    expect(phi4.get('model.layers.0.mlp.gate_up_proj.weight')!.shape).to.deep.equal([16384, 3072]);
    const pythia = by('pythia-160m.config.json');
    expect(pythia.get('embed_out.weight')!.shape).to.deep.equal([50304, 768]);
    expect(pythia.get('gpt_neox.layers.0.attention.query_key_value.bias')!.init).to.equal('zeros');
    const falcon = by('falcon-7b.config.json');
    expect(falcon.get('transformer.h.0.self_attention.query_key_value.weight')!.shape).to.deep.equal([4544 + 2 * 64, 4544]);
    expect(falcon.has('transformer.h.0.post_attention_layernorm.weight')).to.equal(false);
    expect(falcon.get('transformer.h.0.input_layernorm.bias')!.init).to.equal('zeros');
    const starcoder = by('starcoder2-3b.config.json');
    expect(starcoder.get('model.layers.0.mlp.c_fc.bias')!.shape).to.deep.equal([12288]);
    expect(starcoder.get('model.norm.bias')!.init).to.equal('zeros');
    expect(starcoder.get('model.layers.0.self_attn.k_proj.weight')!.options).to.deep.equal({ mean: 0, std: 0.018042 });
  });
});

describe('architectures: refusals that help', () => {
  it('an unknown model_type names the supported ones and the nearest', () => {
    expect(() => specFromHfConfig({ model_type: 'qwen4' })).to.throw(RangeError, /^Unsupported model_type "qwen4" in config.model_type; supported: .*qwen3.*; did you mean "qwen2"\?$/);
    expect(() => specFromHfConfig({ model_type: 'gemma3' })).to.throw(RangeError, /did you mean "gemma3_text"\?|did you mean "gemma2"\?|did you mean "gemma"\?/);
    expect(() => specFromHfConfig({ model_type: 'bert' })).to.throw(RangeError, /^Unsupported model_type "bert" in config.model_type; supported: [a-z0-9_, ]+$/);
  });

  it('a missing required key is named with the family', () => {
    expect(() => new ConfigReader({}, 'toy', {}).int('hidden_size')).to.throw(
      TypeError,
      'Expected a positive integer for config.hidden_size but received undefined: model_type "toy" requires this key (its config class has no default)',
    );
    // A key with a default is read from the defaults, absent or null.
    expect(new ConfigReader({ hidden_size: null }, 'toy', { hidden_size: 8 }).int('hidden_size')).to.equal(8);
  });

  it('bad fields of the new families are named', () => {
    expect(() => specFromHfConfig({ model_type: 'falcon', hidden_size: 10, num_attention_heads: 4 })).to.throw(RangeError, 'config.hidden_size to be a multiple of config.num_attention_heads (4)');
    expect(() => specFromHfConfig({ model_type: 'starcoder2', use_bias: 'yes' })).to.throw(TypeError, 'Expected a boolean for config.use_bias but received "yes" (string)');
    expect(() => specFromHfConfig({ model_type: 'phi3', vocab_size: 100 })).to.throw(RangeError, 'for config.pad_token_id but received 32000 (number)');
  });

  it('a family is defined once', () => {
    expect(() => defineArchitecture({ ...architectureById('llama') })).to.throw(Error, 'Architecture "llama" is defined twice');
  });
});

describe('architectures: composable roles and parallel plans', () => {
  it('a role is a base role, a bias flag and an expert slot', () => {
    expect(roleName({ base: 'q', bias: true })).to.equal('q_bias');
    expect(roleName({ base: 'mlp_out', experts: { count: 8, index: 3 } })).to.equal('mlp_out[expert 3/8]');
    expect(roleName({ base: 'mlp_gate_up', experts: { count: 4, dim: 0 } })).to.equal('mlp_gate_up[4 experts on dim 0]');
  });

  it('a bias follows its weight\'s style; GPT-2 Conv1D styles name their dim', () => {
    const gpt2 = architectureById('gpt2').plan;
    expect(parallelEntryOf(gpt2, { base: 'qkv' })).to.deep.equal({ style: 'colwise', dim: 1 });
    expect(parallelEntryOf(gpt2, { base: 'qkv', bias: true })).to.equal('colwise');
    expect(parallelEntryOf(gpt2, { base: 'attn_out', bias: true })).to.equal('rowwise');
    const phi3 = architectureById('phi3').plan;
    expect([phi3.scheme, parallelEntryOf(phi3, { base: 'qkv' }), parallelEntryOf(phi3, { base: 'mlp_gate_up' }), parallelEntryOf(phi3, { base: 'attn_out' })]).to.deep.equal(['dtensor', 'colwise', 'colwise', 'rowwise']);
    const spec = specFromHfConfig(load('pythia-160m.config.json'));
    const by = new Map(entries(spec).map((t) => [t.name, t.parallel]));
    expect([by.get('gpt_neox.embed_in.weight'), by.get('gpt_neox.layers.0.attention.query_key_value.bias'), by.get('gpt_neox.layers.0.mlp.dense_4h_to_h.weight'), by.get('embed_out.weight')])
      .to.deep.equal(['vocab', 'colwise', 'rowwise', 'colwise']);
  });
});
