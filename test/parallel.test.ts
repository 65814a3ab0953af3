import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { initModelCommand, verifyCommand } from '../lib/cli/main';
import { uniform } from '../lib/initializers/basic';
import { describe as describeInit } from '../lib/distributions/describe';
import { boxOf, chunkRange, placementOfRank, resolveParallel } from '../lib/model/parallel';
import { fillPiece, partOf, piecesOf, viewOf } from '../lib/model/pieces';
import { gpt2, llama } from '../lib/model/presets';
import { resolveSpec, flatSpec, type ModelSpec } from '../lib/model/spec';
import { verifyModel, verifyRanks, verifyShards } from '../lib/model/verify';
import { verifyCheckpoint } from '../lib/model/checkpoint';
import { readSafetensors } from '../lib/formats/safetensors';
import { initModel } from '../lib/model/write';
import { initModelRanks } from '../lib/model/write-ranks';
import { fnv1a, uniformMinusOneOne } from './support/reference-stream';
import { maxElements } from '../lib/core/tensor';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-parallel-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const dir = () => fs.mkdtempSync(path.join(tmp, `d${counter++}-`));
const torchChunk = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'torch_chunk.json'), 'utf8')) as {
  cases: { n: number; world: number; sizes: number[] }[];
};

const PLANNED: ModelSpec = {
  seed: 11,
  dtype: 'float32',
  tensors: [
    { module: 'embedding', name: 'tok', num: 13, dim: 6, parallel: 'vocab' },
    { module: 'linear', name: 'q', in: 6, out: 10, parallel: 'colwise' },
    { module: 'linear', name: 'o', in: 10, out: 6, parallel: 'rowwise' },
    { name: 'c_attn.weight', shape: [6, 9], init: 'normal', options: { std: 0.02 }, parallel: { style: 'colwise', dim: 1 }, dtype: 'bfloat16' },
    { name: 'conv.weight', shape: [7, 5, 3], init: 'kaiming_uniform', parallel: 'rowwise', dtype: 'float64' },
    { module: 'layernorm', name: 'ln', dim: 6, parallel: 'replicate' },
    { name: 'plain', shape: [5, 3], init: 'uniform' },
    { name: 'scalar', shape: [], init: 'constant', options: { value: 2 } },
  ],
};

describe('parallel plans', () => {
  it('splits like torch.chunk (pieces of ceil(n/world), trailing ranks empty), as torch 1.13 does', () => {
    for (const { n, world, sizes } of torchChunk.cases) {
      const got = Array.from({ length: world }, (_, r) => chunkRange(n, world, r));
      expect(got.map(([a, b]) => b - a), `${n}/${world}`).to.deep.equal(sizes);
      got.forEach(([a], r) => expect(a).to.equal(sizes.slice(0, r).reduce((x, y) => x + y, 0)));
    }
  });

  it('cuts the dimension of torch\'s (out, in, …) layout each style names; a row-parallel bias is whole', () => {
    const r = resolveSpec(PLANNED);
    const dims = Object.fromEntries(r.tensors.map((t) => [t.name, t.parallel?.dim ?? null]));
    expect(dims).to.deep.equal({
      'tok.weight': 0, 'q.weight': 0, 'q.bias': 0, 'o.weight': 1, 'o.bias': null, 'c_attn.weight': 1, 'conv.weight': 1,
      'ln.weight': null, 'ln.bias': null, plain: null, scalar: null,
    });
    const p = placementOfRank(1, 2, 1, 'dtensor');
    const shapes = Object.fromEntries(r.tensors.map((t) => [t.name, partOf(t, p).shape]));
    expect(shapes).to.deep.equal({
      'tok.weight': [6, 6], 'q.weight': [5, 6], 'q.bias': [5], 'o.weight': [6, 5], 'o.bias': [6], 'c_attn.weight': [6, 4],
      'conv.weight': [7, 2, 3], 'ln.weight': [6], 'ln.bias': [6], plain: [5, 3], scalar: [],
    });
  });

  it('puts FSDP Shard(0) (torch.chunk) on the TP part, TP ranks innermost', () => {
    // rank 5 of tp 2 × fsdp 3: tp rank 1, fsdp rank 2.
    const p = placementOfRank(5, 2, 3, 'dtensor');
    expect(p).to.deep.equal({ tp: { size: 2, rank: 1 }, fsdp: { size: 3, rank: 2 }, scheme: 'dtensor' });
    const rowwise = resolveParallel('rowwise', [10, 7], 'x');
    // TP: columns chunk(7, 2)[1] = [4, 7); FSDP: rows chunk(10, 3)[2] = [8, 10).
    expect(boxOf('x', [10, 7], rowwise, p)).to.deep.equal({ rows: [8, 10], cols: [4, 7] });
    // colwise: TP rows chunk(10, 2)[1] = [5, 10); FSDP chunk(5, 3)[2] = [4, 5) of those: [9, 10).
    expect(boxOf('x', [10, 7], resolveParallel('colwise', [10, 7], 'x'), p)).to.deep.equal({ rows: [9, 10], cols: undefined });
  });

  it('refuses what a scheme cannot split, naming the tensor; refuses bad plans', () => {
    const spec = { ...PLANNED, parallelScheme: 'megatron' };
    return initModelRanks(spec, { out: path.join(tmp, 'x{rank}.safetensors'), tp: 2 }).then(
      () => expect.fail('resolved'),
      (error: Error) => {
        expect(error).to.be.instanceOf(RangeError);
        expect(error.message).to.equal(
          'Expected a size divisible by the tensor-parallel size 2 for dimension 0 of tensor "tok.weight" (scheme "megatron" splits evenly, ' +
            'as Megatron-LM\'s divide() requires) but received 13; pad it, or use scheme "dtensor" (torch.chunk)',
        );
        expect(fs.readdirSync(tmp).filter((f) => f.startsWith('x'))).to.deep.equal([]);
        expect(() => resolveSpec({ seed: 1, tensors: [{ name: 'a', shape: [2], init: 'zeros', parallel: 'colwize' }] })).to.throw(
          RangeError, 'tensors[0] ("a").parallel: Expected one of "colwise", "rowwise", "vocab", "replicate", or { style, dim } but received "colwize" (string)');
        expect(() => resolveSpec({ seed: 1, tensors: [{ name: 'a', shape: [2], init: 'zeros', parallel: { style: 'colwise', dim: 1 } }] })).to.throw(
          RangeError, 'tensors[0] ("a").parallel.dim: Expected a dimension of the shape [2] but received 1 (number)');
        const torchSpec = { seed: 1, stream: 'torch', tensors: [{ name: 'w', shape: [4, 4], init: 'normal', parallel: 'colwise' }] };
        return Promise.all([
          initModel(torchSpec, { out: path.join(tmp, 't{rank}.safetensors'), parallel: { tp: 2, rank: 0 } }).then(() => expect.fail('resolved'), (e: Error) =>
            expect(e.message).to.equal('Expected no parallel with stream "torch" but received parallel an object (torch draws every tensor after the ones before it)')),
          initModelRanks(torchSpec, { out: path.join(tmp, 't{rank}.safetensors'), tp: 2 }).then(() => expect.fail('resolved'), (e: Error) =>
            expect(e).to.be.instanceOf(RangeError)),
        ]).then(() => expect(() => resolveSpec({ seed: 1, parallelScheme: 'deepspeed', tensors: [] })).to.throw(
          RangeError, 'parallelScheme: Expected one of "dtensor", "megatron" but received "deepspeed" (string)'));
      },
    );
  });

  it('writes every rank of tp 2 × fsdp 2 in one pass, equal to one process per rank and to the full file', async () => {
    const d = dir();
    const full = path.join(d, 'full.safetensors');
    await initModel(PLANNED, { out: full });
    const single = path.join(d, 'single-{rank}.safetensors');
    for (let rank = 0; rank < 4; rank++) await initModel(PLANNED, { out: single, parallel: { tp: 2, fsdp: 2, rank }, pieceElements: 4 });
    const results = await initModelRanks(PLANNED, { out: path.join(d, 'pass-{rank}.safetensors'), tp: 2, fsdp: 2, pieceElements: 8 });
    expect(results.map((r) => path.basename(r.path))).to.deep.equal([0, 1, 2, 3].map((r) => `pass-${r}.safetensors`));
    const singles = [0, 1, 2, 3].map((r) => path.join(d, `single-${r}.safetensors`));
    for (let r = 0; r < 4; r++) expect(fs.readFileSync(results[r].path).equals(fs.readFileSync(singles[r])), `rank ${r}`).to.equal(true);
    expect(await verifyShards(full, singles)).to.deep.include({ ok: true, problems: [] });
    expect(await verifyRanks(singles)).to.deep.include({ ok: true, problems: [] });
    expect((await verifyModel(singles[3])).ok).to.equal(true);
    const meta = JSON.parse(fs.readFileSync(singles[3]).subarray(8, 8 + Number(fs.readFileSync(singles[3]).readBigUInt64LE(0))).toString()).__metadata__;
    expect(JSON.parse(meta.parallel)).to.deep.equal({ rank: 3, world: 4, tp: 2, fsdp: 2, scheme: 'dtensor' });
    // A missing rank and a changed byte are found.
    expect((await verifyRanks(singles.slice(0, 3))).problems).to.deep.equal(['rank 3 of 4 is missing']);
    const bad = fs.readFileSync(singles[1]);
    bad[bad.length - 1] ^= 1;
    fs.writeFileSync(singles[1], bad);
    const broken = await verifyRanks(singles);
    expect(broken.ok).to.equal(false);
    expect(broken.problems[0]).to.match(/^rank 1 \(".*single-1\.safetensors"\): tensor "scalar"|^rank 1 .*differs from its spec/);
    expect((await verifyShards(full, singles)).ok).to.equal(false);
  });

  it('refuses rank files written from different specs, naming the file (seed, plan)', async () => {
    const d = dir();
    await initModelRanks(PLANNED, { out: path.join(d, 'a-{rank}.safetensors'), tp: 4 });
    await initModelRanks({ ...PLANNED, seed: 12 }, { out: path.join(d, 'b-{rank}.safetensors'), tp: 4 });
    const mixed = [path.join(d, 'a-0.safetensors'), path.join(d, 'a-1.safetensors'), path.join(d, 'b-2.safetensors'), path.join(d, 'a-3.safetensors')];
    const refused = (p: Promise<unknown>) => p.then(() => expect.fail('resolved'), (e: Error) => e.message);
    expect(await refused(verifyRanks(mixed))).to.equal(
      `Cannot verify ranks: "${mixed[2]}" was written from another spec than "${mixed[0]}" (seed 12, not 11)`);
    // Same seed, another plan for one tensor.
    const replanned = { ...PLANNED, tensors: PLANNED.tensors.map((t) => (t.name === 'plain' ? { ...t, parallel: 'colwise' } : t)) } as ModelSpec;
    await initModelRanks(replanned, { out: path.join(d, 'c-{rank}.safetensors'), tp: 4 });
    expect(await refused(verifyRanks([mixed[0], mixed[1], mixed[3], path.join(d, 'c-2.safetensors')]))).to.match(/c-2\.safetensors" was written from another spec than ".*a-0\.safetensors" \(tensor "plain": its plan\)$/);
    expect(await verifyRanks([0, 1, 2, 3].map((r) => path.join(d, `a-${r}.safetensors`)))).to.deep.include({ ok: true, problems: [] });
  });

  it('GPT-2 and Llama presets emit Megatron\'s and torchtitan\'s plans', () => {
    const g = resolveSpec(gpt2({ nLayer: 1 }));
    const plan = (s: ReturnType<typeof resolveSpec>) => Object.fromEntries(s.tensors.map((t) => [t.name, t.parallel?.entry ?? null]));
    expect(g.parallelScheme).to.equal('megatron');
    expect(plan(g)).to.deep.equal({
      'wte.weight': 'vocab', 'wpe.weight': 'replicate', 'h.0.ln_1.weight': 'replicate', 'h.0.ln_1.bias': 'replicate',
      'h.0.attn.c_attn.weight': { style: 'colwise', dim: 1 }, 'h.0.attn.c_attn.bias': 'colwise',
      'h.0.attn.c_proj.weight': { style: 'rowwise', dim: 0 }, 'h.0.attn.c_proj.bias': 'rowwise',
      'h.0.ln_2.weight': 'replicate', 'h.0.ln_2.bias': 'replicate',
      'h.0.mlp.c_fc.weight': { style: 'colwise', dim: 1 }, 'h.0.mlp.c_fc.bias': 'colwise',
      'h.0.mlp.c_proj.weight': { style: 'rowwise', dim: 0 }, 'h.0.mlp.c_proj.bias': 'rowwise',
      'ln_f.weight': 'replicate', 'ln_f.bias': 'replicate',
    });
    const l = resolveSpec(llama({ layers: 1, hidden: 64, intermediate: 96, heads: 4, vocab: 100 }));
    expect(l.parallelScheme).to.equal('dtensor');
    expect(plan(l)).to.deep.equal({
      'model.embed_tokens.weight': 'vocab', 'model.layers.0.input_layernorm.weight': 'replicate',
      'model.layers.0.self_attn.q_proj.weight': 'colwise', 'model.layers.0.self_attn.k_proj.weight': 'colwise',
      'model.layers.0.self_attn.v_proj.weight': 'colwise', 'model.layers.0.self_attn.o_proj.weight': 'rowwise',
      'model.layers.0.post_attention_layernorm.weight': 'replicate', 'model.layers.0.mlp.gate_proj.weight': 'colwise',
      'model.layers.0.mlp.up_proj.weight': 'colwise', 'model.layers.0.mlp.down_proj.weight': 'rowwise',
      'model.norm.weight': 'replicate', 'lm_head.weight': 'colwise',
    });
    // The flat spec keeps the plan, and resolves back to it.
    expect(plan(resolveSpec(flatSpec(l)))).to.deep.equal(plan(l));
  });
});

describe('tensors beyond one typed array ([262144, 16384] float32, 2^32 elements, 17 GB)', () => {
  const SHAPE = [262144, 16384];
  const N = 262144 * 16384;
  const seed = 5n;
  const name = 'model.embed_tokens.weight';
  const key = fnv1a(name);
  const BIG: ModelSpec = { seed: 5, tensors: [{ name, shape: SHAPE, init: 'uniform', options: { low: -1, high: 1 }, parallel: 'rowwise' }] };

  it('makes ranges anywhere in it, equal to the stream (an independent BigInt implementation)', () => {
    for (const [a, b] of [[N - 70000, N], [2 ** 31 - 3, 2 ** 31 + 5], [N - 65536 * 7 + 12345, N - 65536 * 7 + 12400]]) {
      const got = uniform(SHAPE, { seed, key: name, low: -1, high: 1, range: [a, b] });
      expect(got.range).to.deep.equal([a, b]);
      expect(Array.from(got.data)).to.deep.equal(Array.from(uniformMinusOneOne(seed, key, a, b)));
    }
    // One typed array holds at most maxElements(4) float32s (2^30 in Node 20 and Bun); Deno 2.9's
    // ArrayBuffers go to 2^53 − 1 bytes, and there the kernel's limit on a new tensor refuses 2^32.
    const limit = maxElements(4);
    const kernel = `Expected a length of at most ${2 ** 30} for a new tensor of this dtype but received ${N}`;
    expect(() => uniform(SHAPE, { seed, range: [0, N] })).to.throw(RangeError, N > limit ? `Expected a range of at most ${limit} float32 elements for range but received [0, ${N}]` : kernel);
    expect(() => uniform(SHAPE, { seed })).to.throw(RangeError, N > limit ? `Expected a shape with at most ${limit} float32 elements for shape but received [262144, 16384]` : kernel);
    // describe() and fans take the full shape: kaiming_uniform(a=√5) of fan_in 16384 is U(±1/128).
    const d = describeInit('kaiming_uniform', SHAPE, { a: Math.sqrt(5) }) as unknown as { params: { low: number; high: number } };
    expect(d.params.high).to.be.closeTo(1 / 128, 1e-17);
  });

  it('cuts it into rank parts whose pieces equal the stream (rowwise tp 8, fsdp 2, rank 15)', async () => {
    const t = resolveSpec(BIG).tensors[0];
    const part = partOf(t, placementOfRank(15, 8, 2, 'dtensor'));
    expect(part.shape).to.deep.equal([131072, 2048]);
    expect(part.rows).to.deep.equal([131072, 262144]);
    expect(part.cols).to.deep.equal([14336, 16384]);
    const pieces = [...piecesOf(part, 1 << 20)];
    expect(pieces.reduce((s, p) => s + p.length, 0)).to.equal(131072 * 2048);
    const last = pieces[pieces.length - 1];
    const out = viewOf(new SharedArrayBuffer(last.length * 4), 'float32', last.length);
    await fillPiece(part, last, out, { seed, staging: () => new SharedArrayBuffer(1 << 22) });
    // The piece's last row, from the stream: columns [14336, 16384) of row 262143.
    const rowStart = 262143 * 16384 + 14336;
    expect(Array.from(out.subarray(last.length - 2048))).to.deep.equal(Array.from(uniformMinusOneOne(seed, key, rowStart, rowStart + 2048)));
  });

  it('writes and verifies a shard file at its end (vocab tp 4096, last rank: rows past 2^32 - 2^20)', async () => {
    const spec: ModelSpec = { ...BIG, tensors: [{ ...BIG.tensors[0], parallel: 'vocab' } as never] };
    const out = path.join(dir(), 'rank{rank}.safetensors');
    const result = await initModel(spec, { out, parallel: { tp: 4096, rank: 4095 } });
    expect(result.dataBytes).to.equal(64 * 16384 * 4);
    const bytes = fs.readFileSync(result.path);
    const data = new Float32Array(bytes.buffer.slice(bytes.length - result.dataBytes));
    const start = N - 64 * 16384;
    for (const [a, b] of [[0, 100], [500000, 500100], [64 * 16384 - 100, 64 * 16384]]) {
      expect(Array.from(data.subarray(a, b))).to.deep.equal(Array.from(uniformMinusOneOne(seed, key, start + a, start + b)));
    }
    expect(await verifyModel(result.path)).to.deep.include({ ok: true, problems: [] });
  });
});

describe('parallel plans: command line', () => {
  function sink(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    return { stream: new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }), text: () => chunks.join('') };
  }
  const ENV = ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'SLURM_PROCID', 'SLURM_NTASKS', 'OMPI_COMM_WORLD_RANK', 'OMPI_COMM_WORLD_SIZE', 'PMI_RANK', 'PMI_SIZE'];
  const saved = new Map(ENV.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('--tp/--fsdp write every rank in one pass; --rank N and --rank auto write one, equal; verify puts them together', async () => {
    const d = dir();
    const specPath = path.join(d, 'spec.json');
    fs.writeFileSync(specPath, JSON.stringify(PLANNED));
    const err = sink();
    expect(await initModelCommand([specPath, '-o', path.join(d, 'full.safetensors'), '-q'], err.stream)).to.equal(0);
    expect(await initModelCommand([specPath, '-o', path.join(d, 'all{rank}.safetensors'), '--tp', '2', '--fsdp', '2'], err.stream)).to.equal(0);
    expect(err.text()).to.match(/wrote .*all3\.safetensors \(rank 3 of tp 2 × fsdp 2\)/);
    expect(await initModelCommand([specPath, '-o', path.join(d, 'one{rank}.safetensors'), '--tp', '2', '--fsdp', '2', '--rank', '2', '-q'], err.stream)).to.equal(0);
    for (const [k, v] of Object.entries({ OMPI_COMM_WORLD_RANK: '1', OMPI_COMM_WORLD_SIZE: '4' })) process.env[k] = v;
    expect(await initModelCommand([specPath, '-o', path.join(d, 'auto{rank}.safetensors'), '--fsdp', '2', '--rank', 'auto', '-q'], err.stream)).to.equal(0);
    const read = (name: string) => fs.readFileSync(path.join(d, name));
    expect(read('one2.safetensors').equals(read('all2.safetensors'))).to.equal(true);
    expect(read('auto1.safetensors').equals(read('all1.safetensors'))).to.equal(true);
    const ranks = [0, 1, 2, 3].map((r) => path.join(d, `all${r}.safetensors`));
    const out = sink();
    expect(await verifyCommand(ranks, out.stream)).to.equal(0);
    expect(await verifyCommand(['--full', path.join(d, 'full.safetensors'), ...ranks], out.stream)).to.equal(0);
    expect(out.text()).to.contain('kaiming verify: OK: 4 rank file(s) match their spec and put together make every tensor');
  });

  it('--out-dir with --tp/--fsdp: one checkpoint directory per rank ({rank}), each equal to that rank\'s file', async () => {
    const d = dir();
    const specPath = path.join(d, 'spec.json');
    fs.writeFileSync(specPath, JSON.stringify(PLANNED));
    const q = (args: string[]) => initModelCommand([specPath, ...args, '-q'], sink().stream);
    expect(await q(['-o', path.join(d, 'r{rank}.safetensors'), '--tp', '2', '--fsdp', '2'])).to.equal(0);
    expect(await q(['--out-dir', path.join(d, 'ckpt-rank{rank}'), '--tp', '2', '--fsdp', '2', '--max-shard-size', '100'])).to.equal(0);
    expect(fs.readdirSync(d).filter((f) => f.startsWith('ckpt')).sort()).to.deep.equal([0, 1, 2, 3].map((r) => `ckpt-rank${r}`));
    for (let r = 0; r < 4; r++) {
      const ck = path.join(d, `ckpt-rank${r}`);
      const files = fs.readdirSync(ck).filter((f) => f.endsWith('.safetensors'));
      expect(files.length, `rank ${r}`).to.be.above(1);
      expect(await verifyCheckpoint(ck)).to.deep.include({ ok: true, problems: [] });
      // The directory's tensors, put together, are exactly the rank file's.
      const single = readSafetensors(path.join(d, `r${r}.safetensors`));
      const got = new Map<string, Buffer>();
      for (const f of files) {
        const file = readSafetensors(path.join(ck, f));
        expect(JSON.parse(file.metadata!.parallel)).to.include({ rank: r, world: 4, tp: 2, fsdp: 2 });
        for (const [name, t] of file.tensors) got.set(name, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      }
      expect([...got.keys()].sort()).to.deep.equal([...single.tensors.keys()].sort());
      for (const [name, t] of single.tensors) expect(got.get(name)!.equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)), `${r} ${name}`).to.equal(true);
    }
    // --rank N writes that rank's directory only; a name without {rank} for several ranks is refused.
    expect(await q(['--out-dir', path.join(d, 'one{rank}'), '--tp', '2', '--fsdp', '2', '--rank', '3'])).to.equal(0);
    expect(fs.readdirSync(d).filter((f) => f.startsWith('one'))).to.deep.equal(['one3']);
    const e = sink();
    expect(await initModelCommand([specPath, '--out-dir', path.join(d, 'x'), '--tp', '2'], e.stream)).to.equal(2);
    expect(e.text()).to.match(/^kaiming init-model: Expected an output name holding \{rank\} for --out-dir \(one directory per rank\) but received ".*x" \(string\)\n$/);
  });

  it('refuses launcher variables that disagree with --tp/--fsdp or with each other, and -o without {rank}', async () => {
    const d = dir();
    const specPath = path.join(d, 'spec.json');
    fs.writeFileSync(specPath, JSON.stringify(PLANNED));
    process.env.RANK = '0';
    process.env.WORLD_SIZE = '4';
    let err = sink();
    expect(await initModelCommand([specPath, '-o', path.join(d, 'r{rank}.safetensors'), '--tp', '8', '--rank', 'auto'], err.stream)).to.equal(2);
    expect(err.text()).to.contain("Expected --tp 8 × --fsdp 1 = 8 to equal the launcher's world size but received 4 from torchrun");
    process.env.PMI_RANK = '1';
    process.env.PMI_SIZE = '4';
    err = sink();
    expect(await initModelCommand([specPath, '-o', path.join(d, 'r{rank}.safetensors'), '--rank', 'auto'], err.stream)).to.equal(2);
    expect(err.text()).to.contain('received RANK=0 WORLD_SIZE=4 (torchrun) and PMI_RANK=1 PMI_SIZE=4 (MPICH/PMI); pass --rank N');
    err = sink();
    expect(await initModelCommand([specPath, '-o', path.join(d, 'r.safetensors'), '--tp', '2'], err.stream)).to.equal(2);
    expect(err.text()).to.contain('Expected an output name holding {rank} for -o (one file per rank)');
    expect(fs.readdirSync(d)).to.deep.equal(['spec.json']);
  });
});
