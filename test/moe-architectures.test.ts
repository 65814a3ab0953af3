/**
 * The mixture-of-experts families (lib/model/architectures/{mixtral,qwen2_moe,qwen3_moe,
 * deepseek_v2,deepseek_v3,gpt_oss}.ts) against transformers 5.18.0 itself
 * (test/fixtures/moe_transformers.json, made by test/fixtures/make_moe_fixtures.py: the tensors
 * save_pretrained writes and the law _init_weights gives each) and against the published
 * parameter totals of real hub configs (test/fixtures/hf-configs/README.md).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { initModelCommand, specCommand } from '../lib/cli/main';
import { architectureById } from '../lib/model/architecture';
import { ConfigReader } from '../lib/model/config-reader';
import { specFromHfConfig } from '../lib/model/hf-config';
import { applyRecipe } from '../lib/model/recipes';
import { resolveSpec, type ModelSpec, type TensorEntry } from '../lib/model/spec';

const FIXTURES = path.join(__dirname, 'fixtures');
const CONFIGS = path.join(FIXTURES, 'hf-configs');

type Law = { init: string; mean?: number; std?: number; zeroRows?: number[] };
interface Small {
  model_type: string;
  config: Record<string, unknown>;
  tensors: [string, number[], Law][];
}
const TRANSFORMERS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'moe_transformers.json'), 'utf8')) as {
  transformers: string;
  small: Small[];
  totals: Record<string, { saved_elements: number; parameters: number }>;
};

const entries = (spec: ModelSpec) => spec.tensors as TensorEntry[];
const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const total = (spec: ModelSpec) => resolveSpec(spec).tensors.reduce((s, t) => s + numel(t.shape), 0);
const config = (file: string) => JSON.parse(fs.readFileSync(path.join(CONFIGS, file), 'utf8')) as Record<string, unknown>;
const small = (type: string) => TRANSFORMERS.small.find((s) => s.model_type === type)!;
const smallConfig = (s: Small): Record<string, unknown> => ({ model_type: s.model_type, ...s.config });

/** transformers' law of a tensor as a spec writes it. */
function lawOf(t: TensorEntry): Law {
  const rows = t.zeroRows === undefined ? {} : { zeroRows: t.zeroRows };
  if (t.init === 'normal') return { init: 'normal', mean: (t.options as { mean: number }).mean, std: (t.options as { std: number }).std, ...rows };
  return { init: t.init, ...rows };
}

describe('MoE architectures: names, shapes and _init_weights as transformers 5.18.0 saves them', () => {
  it('the fixture was made by the pinned version', () => {
    expect(TRANSFORMERS.transformers).to.equal('5.18.0');
  });

  for (const [i, s] of TRANSFORMERS.small.entries()) {
    // The second config of a family switches on what the first leaves off (biases, q_lora_rank, padding rows, dense blocks).
    const variant = TRANSFORMERS.small.findIndex((x) => x.model_type === s.model_type) === i ? '' : ' (second config)';
    it(`${s.model_type}${variant}: every tensor of save_pretrained, in state_dict order, with its law`, () => {
      const spec = specFromHfConfig(smallConfig(s));
      expect(entries(spec).map((t) => [t.name, t.shape])).to.deep.equal(s.tensors.map(([n, shape]) => [n, shape]));
      // A buffer of zeros (DeepSeek-V3's e_score_correction_bias) is a zeros tensor in the spec; the
      // padding row (gpt-oss's pad_token_id) is the spec's zeroRows.
      const expected = s.tensors.map(([, , law]) => (law.init === 'buffer-zeros' ? { init: 'zeros' } : law));
      expect(entries(spec).map(lawOf)).to.deep.equal(expected);
    });
  }

  it('gpt_oss: the padding_idx row of the embedding is the zero row transformers leaves', () => {
    const s = small('gpt_oss');
    const arch = architectureById('gpt_oss');
    const layout = arch.layout(new ConfigReader(smallConfig(s), 'gpt_oss', arch.defaults));
    const rows = applyRecipe(layout, 'hf').filter((t) => t.zeroRows !== undefined).map((t) => [t.name, t.zeroRows]);
    expect(rows).to.deep.equal(s.tensors.filter(([, , l]) => l.zeroRows !== undefined).map(([n, , l]) => [n, l.zeroRows]));
    expect(rows).to.deep.equal([['model.embed_tokens.weight', [3]]]);
  });
});

describe('MoE architectures: experts fields (the spec contract of expert parallelism)', () => {
  for (const type of ['mixtral', 'qwen2_moe', 'qwen3_moe', 'deepseek_v2', 'deepseek_v3']) {
    it(`${type}: each per-expert tensor is { count, index } with the index of its name; nothing else is an expert`, () => {
      const spec = specFromHfConfig(smallConfig(small(type)));
      const count = entries(spec).filter((t) => t.experts !== undefined).length;
      expect(count).to.be.above(0);
      for (const t of entries(spec)) {
        const m = /\.experts\.(\d+)\./.exec(t.name);
        expect(t.experts, t.name).to.deep.equal(m === null ? undefined : { count: 4, index: Number(m[1]) });
      }
      // The spec validates: resolveSpec checks each experts entry against its shape.
      expect(resolveSpec(spec).tensors.filter((t) => t.experts !== undefined)).to.have.length(count);
    });
  }

  it('gpt_oss: the four fused expert tensors per block are { count, dim: 0 }', () => {
    const spec = specFromHfConfig(smallConfig(small('gpt_oss')));
    const fused = entries(spec).filter((t) => t.experts !== undefined);
    expect(fused.map((t) => t.name)).to.deep.equal([0, 1].flatMap((i) =>
      ['gate_up_proj', 'gate_up_proj_bias', 'down_proj', 'down_proj_bias'].map((n) => `model.layers.${i}.mlp.experts.${n}`)));
    for (const t of fused) expect(t.experts).to.deep.equal({ count: 4, dim: 0 });
  });

  it('a small qwen3_moe and a small deepseek_v3 (4 experts, 2 layers) carry the fields through the CLI', () => {
    for (const type of ['qwen3_moe', 'deepseek_v3']) {
      const file = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'kaiming-moe-')), 'config.json');
      fs.writeFileSync(file, JSON.stringify(smallConfig(small(type))));
      const out = sink();
      expect(specCommand(['--hf-config', file], out.stream)).to.equal(0);
      const spec = JSON.parse(out.text()) as ModelSpec;
      expect(entries(spec).find((t) => t.name === 'model.layers.1.mlp.experts.3.down_proj.weight')?.experts).to.deep.equal({ count: 4, index: 3 });
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

/**
 * Published totals (test/fixtures/hf-configs/README.md). Where the card gives a rounded figure,
 * the rounding is asserted and the exact count is transformers' own (the fixture's state-dict count).
 */
const PUBLISHED: { file: string; exact?: number; rounded?: [number, number] }[] = [
  { file: 'Mixtral-8x7B-v0.1.config.json', exact: 46_702_792_704 },
  { file: 'Qwen1.5-MoE-A2.7B.config.json', rounded: [14.3e9, 0.1e9] },
  // The hub's model.safetensors.index.json: metadata.total_size 61,064,245,248 bytes of bf16.
  { file: 'Qwen3-30B-A3B.config.json', exact: 61_064_245_248 / 2, rounded: [30.5e9, 0.1e9] },
  { file: 'DeepSeek-V2-Lite.config.json', rounded: [15.7e9, 0.1e9] },
  // DeepSeek's README_WEIGHTS.md: 671B main model = 685B − 14B MTP (the MTP layer is not in transformers' model).
  { file: 'DeepSeek-V3.config.json', exact: 671_026_419_200 },
  // The gpt-oss model card (arXiv 2508.10925): 20.9B and 116.8B total parameters.
  { file: 'gpt-oss-20b.config.json', rounded: [20.9e9, 0.1e9] },
  { file: 'gpt-oss-120b.config.json', rounded: [116.8e9, 0.1e9] },
];

describe('MoE architectures: totals of real hub configs', () => {
  for (const p of PUBLISHED) {
    it(`${p.file}: ${p.exact ?? `${p.rounded![0] / 1e9}B`} parameters`, () => {
      const n = total(specFromHfConfig(config(p.file)));
      if (p.exact !== undefined) expect(n).to.equal(p.exact);
      if (p.rounded !== undefined) expect(Math.round(n / p.rounded[1]) * p.rounded[1]).to.be.closeTo(p.rounded[0], 1);
      expect(n).to.equal(TRANSFORMERS.totals[p.file].saved_elements);
    });
  }

  it('DeepSeek-V3: the router e_score_correction_bias is a saved buffer, not a parameter (the 14,848 = 58·256 difference)', () => {
    const t = TRANSFORMERS.totals['DeepSeek-V3.config.json'];
    expect(t.saved_elements - t.parameters).to.equal(58 * 256);
    const spec = specFromHfConfig(config('DeepSeek-V3.config.json'));
    const biases = entries(spec).filter((x) => x.name.endsWith('.mlp.gate.e_score_correction_bias'));
    expect(biases.map((x) => x.name)).to.have.length(58).and.include('model.layers.3.mlp.gate.e_score_correction_bias').and.not.include('model.layers.2.mlp.gate.e_score_correction_bias');
    expect(biases.every((x) => x.init === 'zeros' && x.shape[0] === 256)).to.equal(true);
    expect(entries(spec).some((x) => x.name.startsWith('model.layers.61.'))).to.equal(false);
  });
});

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }), text: () => chunks.join('') };
}

describe('MoE architectures: kaiming spec --hf-config of the largest configs', () => {
  // No data is written: spec prints JSON only (no timing threshold here; the run itself is the test).
  for (const [file, expected] of [['DeepSeek-V3.config.json', 671_026_419_200], ['gpt-oss-120b.config.json', 116_829_156_672]] as const) {
    it(`${file}: the spec is printed with the exact total and no file appears`, () => {
      const before = fs.readdirSync(CONFIGS).sort();
      const out = sink();
      expect(specCommand(['--hf-config', path.join(CONFIGS, file)], out.stream)).to.equal(0);
      const spec = JSON.parse(out.text()) as ModelSpec;
      expect(entries(spec).reduce((s, t) => s + numel(t.shape), 0)).to.equal(expected);
      expect(entries(spec).filter((t) => t.zeroRows !== undefined).map((t) => [t.name, t.zeroRows])).to.deep.equal(
        file.startsWith('gpt-oss') ? [['model.embed_tokens.weight', [199999]]] : []);
      expect(fs.readdirSync(CONFIGS).sort()).to.deep.equal(before);
    });
  }
});

describe('MoE architectures: config fields read as the config classes read them', () => {
  const v2 = () => smallConfig(small('deepseek_v2'));

  it('deepseek: q_lora_rank null is None (q_proj); absent takes the class default 1536 (q_a_proj, q_a_layernorm, q_b_proj)', () => {
    const names = (c: Record<string, unknown>) => entries(specFromHfConfig(c)).map((t) => t.name).filter((n) => n.startsWith('model.layers.0.self_attn.q'));
    expect(names(v2())).to.deep.equal(['model.layers.0.self_attn.q_proj.weight']);
    const { q_lora_rank: _q, ...absent } = v2();
    const spec = specFromHfConfig(absent);
    expect(names(absent)).to.deep.equal(['model.layers.0.self_attn.q_a_proj.weight', 'model.layers.0.self_attn.q_a_layernorm.weight', 'model.layers.0.self_attn.q_b_proj.weight']);
    expect(entries(spec).find((t) => t.name === 'model.layers.0.self_attn.q_a_proj.weight')!.shape).to.deep.equal([1536, 16]);
  });

  it('deepseek: moe_layer_freq other than 1 is refused (transformers and DeepSeek\'s code disagree there)', () => {
    expect(() => specFromHfConfig({ ...v2(), moe_layer_freq: 2 })).to.throw(RangeError, 'Expected 1 (transformers ignores moe_layer_freq and makes every block from first_k_dense_replace on sparse; DeepSeek\'s own code skips blocks with i % moe_layer_freq != 0) for config.moe_layer_freq but received 2 (number)');
    expect(specFromHfConfig({ ...v2(), moe_layer_freq: 1 }).tensors).to.have.length(36);
  });

  it('deepseek_v2: num_experts is n_routed_experts (attribute_map); deepseek_v3: num_local_experts is', () => {
    const { n_routed_experts: _n, ...v2bare } = v2();
    const routers = (c: Record<string, unknown>) => entries(specFromHfConfig(c)).filter((t) => t.name.endsWith('mlp.gate.weight')).map((t) => t.shape);
    expect(routers({ ...v2bare, num_experts: 8 })).to.deep.equal([[8, 16]]);
    const { n_routed_experts: _m, ...v3bare } = smallConfig(small('deepseek_v3'));
    expect(routers({ ...v3bare, num_local_experts: 8 })).to.deep.equal([[8, 16]]);
  });

  it('qwen2_moe: num_experts 0 makes every block dense; mlp_only_layers must list layer indices', () => {
    const q = smallConfig(small('qwen2_moe'));
    const spec = specFromHfConfig({ ...q, num_experts: 0 });
    expect(entries(spec).some((t) => t.experts !== undefined || t.name.includes('mlp.gate.'))).to.equal(false);
    expect(() => specFromHfConfig({ ...q, mlp_only_layers: '1' })).to.throw(TypeError, 'Expected an array of layer indices (non-negative integers) for config.mlp_only_layers but received "1" (string)');
    expect(() => specFromHfConfig({ ...q, decoder_sparse_step: 0 })).to.throw(RangeError, 'config.decoder_sparse_step');
  });

  it('qwen3_moe: decoder_sparse_step 2 makes blocks 1, 3, … sparse', () => {
    const spec = specFromHfConfig({ ...smallConfig(small('qwen3_moe')), num_hidden_layers: 4, decoder_sparse_step: 2 });
    const sparse = [0, 1, 2, 3].filter((i) => entries(spec).some((t) => t.name === `model.layers.${i}.mlp.gate.weight`));
    expect(sparse).to.deep.equal([1, 3]);
    expect(entries(spec).find((t) => t.name === 'model.layers.0.mlp.down_proj.weight')!.shape).to.deep.equal([16, 40]);
  });

  it('the plans: per-expert projections split like dense ones, routers replicated, MLA down projections replicated, gpt-oss fused experts whole', () => {
    const style = (spec: ModelSpec, name: string) => entries(spec).find((t) => t.name === name)!.parallel;
    const v3 = specFromHfConfig(smallConfig(small('deepseek_v3')));
    expect(['q_a_proj', 'kv_a_proj_with_mqa', 'q_b_proj', 'kv_b_proj', 'o_proj'].map((n) => style(v3, `model.layers.1.self_attn.${n}.weight`)))
      .to.deep.equal(['replicate', 'replicate', 'colwise', 'colwise', 'rowwise']);
    expect(['experts.0.gate_proj', 'experts.0.down_proj', 'gate', 'shared_experts.up_proj'].map((n) => style(v3, `model.layers.1.mlp.${n}.weight`)))
      .to.deep.equal(['colwise', 'rowwise', 'replicate', 'colwise']);
    const oss = specFromHfConfig(smallConfig(small('gpt_oss')));
    expect(['self_attn.sinks', 'mlp.router.weight', 'mlp.experts.gate_up_proj', 'mlp.experts.down_proj_bias'].map((n) => style(oss, `model.layers.0.${n}`)))
      .to.deep.equal(['colwise', 'replicate', 'replicate', 'replicate']);
  });
});

describe('MoE architectures: init-model --hf-config --dry-run of the largest configs (nothing written)', () => {
  // DeepSeek-V3: 58 sparse blocks × 256 experts × 3 projections are per-expert tensors; with --ep 8
  // each rank holds 32 experts of every sparse block and every other tensor whole (tp 1).
  it('DeepSeek-V3 --ep 8: 671,026,419,200 parameters in bf16; each rank has the non-expert tensors and 58·32·3 expert tensors', async () => {
    const dir = path.join(CONFIGS, 'never-written-{rank}');
    const before = fs.readdirSync(CONFIGS).sort();
    const out = sink();
    const err = sink();
    expect(await initModelCommand(['--hf-config', path.join(CONFIGS, 'DeepSeek-V3.config.json'), '--out-dir', dir, '--ep', '8', '--dry-run'], err.stream, out.stream), err.text()).to.equal(0);
    const lines = out.text().trim().split('\n');
    expect(lines[0]).to.match(/^kaiming init-model: dry run, nothing written: \d+ tensors, 671026419200 parameters, 1342052838400 bytes/);
    const total = Number(/: (\d+) tensors/.exec(lines[0])![1]);
    const perRank = lines.filter((l) => l.includes('(rank ')).map((l) => Number(/: (\d+) tensors/.exec(l)![1]));
    expect(perRank).to.deep.equal(Array(8).fill(total - 58 * 256 * 3 + 58 * 32 * 3));
    expect(fs.readdirSync(CONFIGS).sort()).to.deep.equal(before);
  });

  it('gpt-oss-120b --ep 8 --tp 2: 116,829,156,672 parameters planned over 16 rank outputs, nothing written', async () => {
    const dir = path.join(CONFIGS, 'never-written-{rank}');
    const before = fs.readdirSync(CONFIGS).sort();
    const out = sink();
    const err = sink();
    expect(await initModelCommand(['--hf-config', path.join(CONFIGS, 'gpt-oss-120b.config.json'), '--out-dir', dir, '--ep', '8', '--tp', '2', '--dry-run'], err.stream, out.stream), err.text()).to.equal(0);
    const lines = out.text().trim().split('\n');
    // No torch_dtype in the hub file: float32 (4 bytes a parameter).
    expect(lines[0]).to.match(/ 116829156672 parameters, 467316626688 bytes/);
    expect(lines.filter((l) => l.includes('(rank '))).to.have.length(16);
    expect(fs.readdirSync(CONFIGS).sort()).to.deep.equal(before);
  });
});
