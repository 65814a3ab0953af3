import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { specFromHfConfig, specFromHfConfigText, HF_ARCHITECTURES } from '../lib/model/hf-config';
import { resolveSpec, type ModelSpec, type ResolvedTensor, type TensorEntry } from '../lib/model/spec';

const FIXTURES = path.join(__dirname, 'fixtures', 'hf-configs');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.config.json`), 'utf8')) as Record<string, unknown>;
const total = (spec: ModelSpec) => resolveSpec(spec).tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0);
const shapesOf = (t: Map<string, ResolvedTensor>, names: string[]) => names.map((n) => t.get(n)?.shape);
const byName = (spec: ModelSpec) => new Map<string, ResolvedTensor>(resolveSpec(spec).tensors.map((t) => [t.name, t]));

describe('hf config: the four public configs', () => {
  it('Meta-Llama-3-8B: 8,030,261,248 parameters, GQA 32/8, untied lm_head, bfloat16', () => {
    const spec = specFromHfConfig(load('Meta-Llama-3-8B'));
    expect(total(spec)).to.equal(8_030_261_248);
    expect(spec.dtype).to.equal('bfloat16');
    const t = byName(spec);
    expect(t.size).to.equal(1 + 32 * 9 + 2);
    expect(shapesOf(t, ['model.embed_tokens.weight', 'model.layers.31.self_attn.q_proj.weight', 'model.layers.31.self_attn.k_proj.weight', 'model.layers.31.self_attn.v_proj.weight', 'model.layers.0.self_attn.o_proj.weight', 'model.layers.0.mlp.gate_proj.weight', 'model.layers.0.mlp.down_proj.weight', 'lm_head.weight'])).to.deep.equal([[128256, 4096], [4096, 4096], [1024, 4096], [1024, 4096], [4096, 4096], [14336, 4096], [4096, 14336], [128256, 4096]]);
    expect(t.has('model.layers.0.self_attn.q_proj.bias')).to.equal(false);
    expect(t.get('model.layers.0.mlp.up_proj.weight')!.options).to.deep.equal({ mean: 0, std: 0.02 });
    expect(t.get('model.norm.weight')!.init).to.equal('ones');
    // state_dict order: attention, MLP, then the block's two norms.
    const names = resolveSpec(spec).tensors.map((x) => x.name);
    expect(names.slice(0, 11)).to.deep.equal([
      'model.embed_tokens.weight',
      ...['q', 'k', 'v', 'o'].map((p) => `model.layers.0.self_attn.${p}_proj.weight`),
      ...['gate', 'up', 'down'].map((p) => `model.layers.0.mlp.${p}_proj.weight`),
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
      'model.layers.1.self_attn.q_proj.weight',
    ]);
    expect(names.at(-1)).to.equal('lm_head.weight');
    expect(spec.config).to.deep.equal(load('Meta-Llama-3-8B'));
  });

  it('Mistral-7B-v0.1: 7,241,732,096 parameters; a config with only architectures gets the same (MistralConfig defaults)', () => {
    const spec = specFromHfConfig(load('Mistral-7B-v0.1'));
    expect(total(spec)).to.equal(7_241_732_096);
    const t = byName(spec);
    expect(t.get('model.embed_tokens.weight')!.shape).to.deep.equal([32000, 4096]);
    expect(t.get('model.layers.0.self_attn.k_proj.weight')!.shape).to.deep.equal([1024, 4096]);
    expect(total(specFromHfConfig({ architectures: ['MistralForCausalLM'] }))).to.equal(7_241_732_096);
    expect(specFromHfConfig({ architectures: ['MistralForCausalLM'] }).dtype).to.equal('float32');
  });

  it('Qwen2-0.5B: 494,032,768 parameters, q/k/v biases and no o_proj bias, tied embeddings (no lm_head)', () => {
    const spec = specFromHfConfig(load('Qwen2-0.5B'));
    expect(total(spec)).to.equal(494_032_768);
    const t = byName(spec);
    expect(t.size).to.equal(1 + 24 * 12 + 1);
    expect(t.get('model.layers.0.self_attn.q_proj.bias')!.shape).to.deep.equal([896]);
    expect(t.get('model.layers.0.self_attn.k_proj.bias')!.shape).to.deep.equal([128]);
    expect(t.get('model.layers.0.self_attn.v_proj.bias')!.init).to.equal('zeros');
    expect(t.get('model.layers.0.self_attn.k_proj.weight')!.shape).to.deep.equal([128, 896]);
    expect(t.has('model.layers.0.self_attn.o_proj.bias')).to.equal(false);
    expect(t.has('lm_head.weight')).to.equal(false);
    expect(spec.dtype).to.equal('bfloat16');
  });

  it('GPT-2: 124,439,808 parameters, GPT2LMHeadModel names (transformer.*), Conv1D (in, out), c_proj at 0.02/√24, float32', () => {
    const spec = specFromHfConfig(load('gpt2'));
    expect(total(spec)).to.equal(124_439_808);
    expect(spec.dtype).to.equal('float32');
    const t = byName(spec);
    expect(t.size).to.equal(2 + 12 * 12 + 2);
    expect(shapesOf(t, ['transformer.wte.weight', 'transformer.wpe.weight', 'transformer.h.0.attn.c_attn.weight', 'transformer.h.0.mlp.c_fc.weight'])).to.deep.equal([[50257, 768], [1024, 768], [768, 2304], [768, 3072]]);
    expect(t.get('transformer.h.11.mlp.c_proj.weight')!.options).to.deep.equal({ mean: 0, std: 0.02 / Math.sqrt(24) });
    expect(t.get('transformer.h.11.attn.c_proj.weight')!.shape).to.deep.equal([768, 768]);
    expect(t.get('transformer.ln_f.bias')!.init).to.equal('zeros');
    expect(t.has('lm_head.weight')).to.equal(false);
    expect(spec.config!.torch_dtype).to.equal('float32');
    // tie_word_embeddings false: an lm_head [vocab, n_embd].
    const untied = byName(specFromHfConfig({ ...load('gpt2'), tie_word_embeddings: false }));
    expect(untied.get('lm_head.weight')!.shape).to.deep.equal([50257, 768]);
  });
});

describe('hf config: fields', () => {
  const llama = { architectures: ['LlamaForCausalLM'], vocab_size: 10, hidden_size: 32, intermediate_size: 48, num_hidden_layers: 2, num_attention_heads: 4 };

  it('num_key_value_heads null means num_attention_heads; head_dim overrides hidden/heads', () => {
    const t = byName(specFromHfConfig({ ...llama, num_key_value_heads: null }));
    expect(t.get('model.layers.1.self_attn.k_proj.weight')!.shape).to.deep.equal([32, 32]);
    const wide = byName(specFromHfConfig({ ...llama, num_key_value_heads: 2, head_dim: 16 }));
    expect(wide.get('model.layers.0.self_attn.q_proj.weight')!.shape).to.deep.equal([64, 32]);
    expect(wide.get('model.layers.0.self_attn.k_proj.weight')!.shape).to.deep.equal([32, 32]);
    expect(wide.get('model.layers.0.self_attn.o_proj.weight')!.shape).to.deep.equal([32, 64]);
  });

  it('Llama attention_bias / mlp_bias add zero biases; initializer_range and torch_dtype are used; dtype overrides', () => {
    const spec = specFromHfConfig({ ...llama, attention_bias: true, mlp_bias: true, initializer_range: 0.5, torch_dtype: 'float16', tie_word_embeddings: true });
    const t = byName(spec);
    for (const p of ['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj', 'self_attn.o_proj', 'mlp.gate_proj', 'mlp.up_proj', 'mlp.down_proj']) {
      expect(t.get(`model.layers.0.${p}.bias`)!.init, p).to.equal('zeros');
    }
    expect(t.get('model.embed_tokens.weight')!.options).to.deep.equal({ mean: 0, std: 0.5 });
    expect(t.get('model.embed_tokens.weight')!.dtype).to.equal('float16');
    expect(t.has('lm_head.weight')).to.equal(false);
    expect(specFromHfConfig(llama, { dtype: 'bfloat16', seed: 9 })).to.include({ dtype: 'bfloat16', seed: 9 });
    expect(specFromHfConfig({ ...llama, dtype: 'bfloat16' }).config).to.include({ dtype: 'bfloat16' }); // transformers' newer key
  });

  it('an unsupported model_type or class names itself, the supported ones and the nearest; a config without either names model_type', () => {
    expect(() => specFromHfConfig({ architectures: ['BertForMaskedLM'] })).to.throw(
      RangeError,
      `Unsupported architecture "BertForMaskedLM" in config.architectures; supported: ${HF_ARCHITECTURES.join(', ')}`,
    );
    expect(HF_ARCHITECTURES).to.include.members(['LlamaForCausalLM', 'MistralForCausalLM', 'Qwen2ForCausalLM', 'GPT2LMHeadModel']);
    expect(() => specFromHfConfig({ model_type: 'lama' })).to.throw(RangeError, /^Unsupported model_type "lama" in config.model_type; supported: llama, .*; did you mean "llama"\?$/);
    expect(() => specFromHfConfig({ architectures: ['LLamaForCausalLM'] })).to.throw(RangeError, /did you mean "LlamaForCausalLM"\?$/);
    expect(() => specFromHfConfig({ vocab_size: 10 })).to.throw(TypeError, /^Expected a model_type for config.model_type but received undefined: the config names its family by model_type \(or an architectures class\); supported: llama, /);
    expect(() => specFromHfConfig({ model_type: 7 })).to.throw(TypeError, 'for config.model_type but received 7 (number)');
    // model_type alone picks the family and its defaults (LlamaConfig's: Llama-2-7B).
    expect(total(specFromHfConfig({ model_type: 'llama' }))).to.equal(6_738_415_616);
    expect(() => specFromHfConfig([])).to.throw(TypeError, 'Expected a config.json object for config but received');
  });

  it('bad fields are refused in the package\'s format', () => {
    expect(() => specFromHfConfig({ ...llama, hidden_size: '32' })).to.throw(TypeError, 'Expected a positive integer for config.hidden_size but received "32" (string)');
    expect(() => specFromHfConfig({ ...llama, num_hidden_layers: 0 })).to.throw(RangeError, 'Expected a positive integer for config.num_hidden_layers but received 0 (number)');
    expect(() => specFromHfConfig({ ...llama, num_key_value_heads: 3 })).to.throw(RangeError, 'Expected config.num_attention_heads to be a multiple of config.num_key_value_heads (3) but received 4 (number)');
    expect(() => specFromHfConfig({ ...llama, torch_dtype: 'int8' })).to.throw(RangeError, 'for config.torch_dtype but received "int8" (string)');
    expect(() => specFromHfConfig({ ...llama, initializer_range: -1 })).to.throw(RangeError, 'Expected a positive number for config.initializer_range but received -1 (number)');
    expect(() => specFromHfConfig({ architectures: ['GPT2LMHeadModel'], n_embd: 10, n_head: 4 })).to.throw(RangeError, 'config.n_embd to be a multiple of config.n_head (4)');
    expect(() => specFromHfConfigText('{', {}, '"c.json"')).to.throw(SyntaxError, 'Cannot parse "c.json" as JSON');
  });

  it('pad_token_id zeroes that embedding row (zeroRows, nn.Embedding padding_idx) unless ignorePadToken; a negative one counts from the end', () => {
    const embed = (spec: ModelSpec) => spec.tensors[0] as TensorEntry;
    expect(embed(specFromHfConfig({ ...llama, pad_token_id: 0 })).zeroRows).to.deep.equal([0]);
    expect(embed(specFromHfConfig({ ...llama, pad_token_id: -1 })).zeroRows).to.deep.equal([9]);
    expect(embed(specFromHfConfig({ ...llama, pad_token_id: 0 }, { ignorePadToken: true }))).to.not.have.property('zeroRows');
    expect(embed(specFromHfConfig({ ...llama, pad_token_id: null }))).to.not.have.property('zeroRows');
    expect(() => specFromHfConfig({ ...llama, pad_token_id: 10 })).to.throw(RangeError, "Expected an integer in [-10, 9] (nn.Embedding's padding_idx must index a row of the 10-row embedding) for config.pad_token_id but received 10 (number)");
    expect(() => specFromHfConfig({ ...llama, pad_token_id: '0' })).to.throw(TypeError, 'for config.pad_token_id but received "0" (string)');
  });
});
