import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { initModelCommand, specCommand, verifyCommand } from '../lib/cli/main';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-hfcli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }), text: () => chunks.join('') };
}

const CONFIG = {
  architectures: ['Qwen2ForCausalLM'], vocab_size: 300, hidden_size: 32, intermediate_size: 64, num_hidden_layers: 2,
  num_attention_heads: 4, num_key_value_heads: 2, tie_word_embeddings: true, torch_dtype: 'bfloat16',
};

describe('cli: spec --hf-config, --recipe, init-model --out-dir, verify DIR', () => {
  it('config.json → spec → sharded checkpoint directory → verify', async () => {
    const configPath = path.join(tmp, 'config.json');
    fs.writeFileSync(configPath, JSON.stringify(CONFIG));
    const out = sink();
    expect(specCommand(['--hf-config', configPath, '--seed', '7', '--recipe', 'megatron'], out.stream)).to.equal(0);
    const spec = JSON.parse(out.text());
    expect(spec).to.include({ seed: 7, dtype: 'bfloat16' });
    expect(spec.description).to.match(/^Qwen2ForCausalLM .* recipe=megatron$/);
    expect(spec.tensors.find((t: { name: string }) => t.name === 'model.layers.1.self_attn.o_proj.weight').options).to.deep.equal({ mean: 0, std: 0.01 });
    const specPath = path.join(tmp, 'spec.json');
    fs.writeFileSync(specPath, out.text());
    const dir = path.join(tmp, 'ckpt');
    const err = sink();
    // The embedding (300×32 bf16 = 19,200 B) is over 10kB: a file of its own.
    expect(await initModelCommand([specPath, '--out-dir', dir, '--max-shard-size', '10KB'], err.stream)).to.equal(0);
    expect(err.text()).to.match(/^kaiming: wrote .*ckpt: \d+ file\(s\) \+ index \+ config\.json, 26 tensors/);
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'model.safetensors.index.json'), 'utf8'));
    expect(index.weight_map['model.embed_tokens.weight']).to.equal(Object.values(index.weight_map)[0]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).to.deep.equal(CONFIG);
    const v = sink();
    expect(await verifyCommand([dir], v.stream)).to.equal(0);
    expect(v.text()).to.match(/^kaiming verify: OK: the checkpoint .* \(26 tensors/);
    expect(await initModelCommand([specPath, '--out-dir', dir], sink().stream)).to.equal(1);
  });

  it('{rank} in --out-dir and -o is the --shard rank; without a rank it is refused', async () => {
    const specPath = path.join(tmp, 'rank-spec.json');
    fs.writeFileSync(specPath, JSON.stringify({ seed: 3, tensors: [{ name: 'w', shape: [4, 6], init: 'normal' }] }));
    const base = fs.mkdtempSync(path.join(tmp, 'rank-'));
    expect(await initModelCommand([specPath, '--out-dir', path.join(base, 'dir{rank}'), '--shard', '1/2', '-q'], sink().stream)).to.equal(0);
    expect(await initModelCommand([specPath, '-o', path.join(base, 'f{rank}.safetensors'), '--shard', '0/2', '-q'], sink().stream)).to.equal(0);
    expect(fs.readdirSync(base).sort()).to.deep.equal(['dir1', 'f0.safetensors']);
    expect(fs.readdirSync(path.join(base, 'dir1'))).to.deep.equal(['model.safetensors']);
    expect(await verifyCommand([path.join(base, 'dir1')], sink().stream)).to.equal(0);
    const e = sink();
    expect(await initModelCommand([specPath, '--out-dir', 'dir{rank}', '-q'], e.stream)).to.equal(2);
    expect(e.text()).to.equal(
      'kaiming init-model: Expected a path without {rank} (there is no rank: give a shard or a parallel rank) for --out-dir but received "dir{rank}" (string)\n');
    expect(fs.existsSync('dir{rank}')).to.equal(false);
    const e2 = sink();
    expect(await initModelCommand([specPath, '-o', 'x{rank}.safetensors', '-q'], e2.stream)).to.equal(2);
    expect(e2.text()).to.contain('for -o but received "x{rank}.safetensors" (string)');
    expect(fs.readdirSync(base).sort()).to.deep.equal(['dir1', 'f0.safetensors']);
  });

  it('verify --full with checkpoint directories: one line naming the argument, exit 2', async () => {
    const specPath = path.join(tmp, 'full-spec.json');
    fs.writeFileSync(specPath, JSON.stringify({ seed: 3, tensors: [{ name: 'w', shape: [4, 6], init: 'normal' }] }));
    const base = fs.mkdtempSync(path.join(tmp, 'full-'));
    const full = path.join(base, 'full.safetensors');
    expect(await initModelCommand([specPath, '-o', full, '-q'], sink().stream)).to.equal(0);
    for (const r of [0, 1]) expect(await initModelCommand([specPath, '--out-dir', path.join(base, 'd{rank}'), '--shard', `${r}/2`, '-q'], sink().stream)).to.equal(0);
    const e = sink();
    expect(await verifyCommand(['--full', full, path.join(base, 'd0'), path.join(base, 'd1')], sink().stream, e.stream)).to.equal(2);
    expect(e.text()).to.equal(
      `kaiming verify: Expected a .safetensors file for shard file 1 after --full but received the directory ${JSON.stringify(path.join(base, 'd0'))} ` +
        '(verify a checkpoint directory alone: kaiming verify DIR)\n');
    const e2 = sink();
    expect(await verifyCommand(['--full', base, path.join(base, 'd0', 'model.safetensors')], sink().stream, e2.stream)).to.equal(2);
    expect(e2.text()).to.match(/^kaiming verify: Expected a \.safetensors file for --full but received the directory .*\n$/);
    // The rank files inside the directories put together equal the full file.
    expect(await verifyCommand(['--full', full, ...[0, 1].map((r) => path.join(base, `d${r}`, 'model.safetensors'))], sink().stream)).to.equal(0);
  });

  it('verify\'s FAILED lines claim nothing: "X checked against Y", in every mode', async () => {
    const specPath = path.join(tmp, 'failed-spec.json');
    fs.writeFileSync(specPath, JSON.stringify({ seed: 3, tensors: [{ name: 'w', shape: [4, 6], init: 'normal', parallel: 'colwise' }] }));
    const base = fs.mkdtempSync(path.join(tmp, 'failed-'));
    const at = (f: string) => path.join(base, f);
    expect(await initModelCommand([specPath, '-o', at('full.safetensors'), '-q'], sink().stream)).to.equal(0);
    expect(await initModelCommand([specPath, '-o', at('r{rank}.safetensors'), '--tp', '2', '-q'], sink().stream)).to.equal(0);
    expect(await initModelCommand([specPath, '--out-dir', at('ckpt'), '-q'], sink().stream)).to.equal(0);
    const flip = (f: string) => {
      const b = fs.readFileSync(f);
      b[b.length - 1] ^= 1;
      fs.writeFileSync(f, b);
    };
    flip(at('r1.safetensors'));
    flip(at('ckpt/model.safetensors'));
    const firstLine = async (args: string[]) => {
      const o = sink();
      expect(await verifyCommand(args, o.stream)).to.equal(1);
      return o.text().split('\n')[0];
    };
    expect(await firstLine([at('r1.safetensors')])).to.equal(`kaiming verify: FAILED: ${at('r1.safetensors')} checked against the spec in its metadata`);
    expect(await firstLine([at('r0.safetensors'), at('r1.safetensors')])).to.equal('kaiming verify: FAILED: 2 rank file(s) checked against their spec and for every tensor');
    expect(await firstLine(['--full', at('full.safetensors'), at('r0.safetensors'), at('r1.safetensors')])).to.equal(
      `kaiming verify: FAILED: 2 shard(s) put together checked against ${at('full.safetensors')}`);
    expect(await firstLine([at('ckpt')])).to.equal(`kaiming verify: FAILED: the checkpoint ${at('ckpt')} checked against the specs in its files`);
  });

  it('usage errors exit 2 with one line', async () => {
    const e = sink();
    expect(specCommand(['--hf-config', 'x.json', 'gpt2'], sink().stream, e.stream)).to.equal(2);
    expect(e.text()).to.equal('kaiming spec: Expected no model name with --hf-config but received "gpt2" (string)\n');
    const e2 = sink();
    expect(specCommand(['llama', '--recipe', 'titan'], sink().stream, e2.stream)).to.equal(2);
    expect(e2.text()).to.contain('for recipe but received "titan" (string)');
    const e3 = sink();
    expect(await initModelCommand(['s.json', '-o', 'x.safetensors', '--max-shard-size', '1GB'], e3.stream)).to.equal(2);
    expect(e3.text()).to.equal('kaiming init-model: Expected --out-dir with --max-shard-size\n');
    const e4 = sink();
    expect(await initModelCommand(['s.json', '--out-dir', tmp, '--max-shard-size', '1GiB'], e4.stream)).to.equal(2);
    expect(e4.text()).to.contain('for --max-shard-size but received "1GiB" (string)');
    const e5 = sink();
    expect(specCommand(['--hf-config', path.join(tmp, 'missing.json')], sink().stream, e5.stream)).to.equal(1);
    expect(e5.text()).to.contain('Cannot read');
  });
});

describe('cli: every family through --hf-config (spec and init-model)', () => {
  const FIXTURES = path.join(__dirname, 'fixtures', 'hf-configs');
  const totalOf = (text: string) => (JSON.parse(text).tensors as { shape: number[] }[]).reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0);

  for (const [file, published] of [
    ['Qwen3-8B.config.json', 8_190_735_360],
    ['gemma-3-1b-pt.config.json', 999_885_952],
    ['Phi-4-mini-instruct.config.json', 3_836_021_760],
    ['pythia-410m.config.json', 405_334_016],
    ['falcon-7b.config.json', 6_921_720_704],
    ['starcoder2-3b.config.json', 3_030_371_328],
  ] as const) {
    it(`kaiming spec --hf-config ${file}: ${published.toLocaleString('en-US')} parameters`, () => {
      const out = sink();
      expect(specCommand(['--hf-config', path.join(FIXTURES, file)], out.stream)).to.equal(0);
      expect(totalOf(out.text())).to.equal(published);
    });
  }

  it('init-model --hf-config writes a padded Gemma 3 whose pad row is zero, and verify agrees; --ignore-pad-token draws it', async () => {
    const config = { model_type: 'gemma3_text', vocab_size: 40, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1, head_dim: 8, pad_token_id: 5 };
    const configPath = path.join(tmp, 'gemma3.config.json');
    fs.writeFileSync(configPath, JSON.stringify(config));
    const embedRows = (file: string) => {
      const bytes = fs.readFileSync(file);
      const headerLength = Number(bytes.readBigUInt64LE(0));
      const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
      const [begin, end] = header['model.embed_tokens.weight'].data_offsets as [number, number];
      const data = bytes.subarray(8 + headerLength + begin, 8 + headerLength + end);
      const values = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
      return Array.from({ length: 40 }, (_, r) => values.subarray(r * 16, r * 16 + 16).every((v) => v === 0));
    };
    const file = path.join(tmp, 'gemma3.safetensors');
    expect(await initModelCommand(['--hf-config', configPath, '--seed', '4', '-o', file, '-q'], sink().stream)).to.equal(0);
    expect(embedRows(file).map((zero, r) => (zero ? r : -1)).filter((r) => r >= 0)).to.deep.equal([5]);
    expect(await verifyCommand([file], sink().stream)).to.equal(0);
    const drawn = path.join(tmp, 'gemma3-drawn.safetensors');
    expect(await initModelCommand(['--hf-config', configPath, '--seed', '4', '--ignore-pad-token', '-o', drawn, '-q'], sink().stream)).to.equal(0);
    expect(embedRows(drawn).some((zero) => zero)).to.equal(false);
    // The same spec as "kaiming spec --hf-config … | init-model": the bytes agree.
    const specOut = sink();
    expect(specCommand(['--hf-config', configPath, '--seed', '4'], specOut.stream)).to.equal(0);
    const specPath = path.join(tmp, 'gemma3.spec.json');
    fs.writeFileSync(specPath, specOut.text());
    const viaSpec = path.join(tmp, 'gemma3-via-spec.safetensors');
    expect(await initModelCommand([specPath, '-o', viaSpec, '-q'], sink().stream)).to.equal(0);
    expect(fs.readFileSync(viaSpec).equals(fs.readFileSync(file))).to.equal(true);
  });

  it('init-model takes a spec or --hf-config, and the config flags only with --hf-config', async () => {
    const e = sink();
    expect(await initModelCommand(['-o', path.join(tmp, 'x.safetensors')], e.stream)).to.equal(2);
    expect(e.text()).to.equal('kaiming init-model: Expected a spec file or --hf-config FILE (one of them)\n');
    const s = sink();
    expect(await initModelCommand(['spec.json', '--seed', '3', '-o', path.join(tmp, 'x.safetensors')], s.stream)).to.equal(2);
    expect(s.text()).to.equal('kaiming init-model: Expected --hf-config with --seed (a spec file has its own)\n');
    const u = sink();
    const configPath = path.join(tmp, 'unknown.config.json');
    fs.writeFileSync(configPath, JSON.stringify({ model_type: 'qwen4' }));
    expect(await initModelCommand(['--hf-config', configPath, '-o', path.join(tmp, 'x.safetensors')], u.stream)).to.equal(2);
    expect(u.text()).to.match(/^kaiming init-model: Unsupported model_type "qwen4" in config.model_type; supported: .*; did you mean "qwen2"\?\n$/);
  });
});
