// Expert parallelism (lib/model/experts.ts, parallel.ts, ranks.ts): a small mixture-of-experts
// spec written as --ep 2 and --ep 2 --tp 2 rank files and checkpoint directories; the parts put
// back together are byte for byte the single-file write, and verify says so.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { initModelCommand, verifyCommand } from '../lib/cli/main';
import { readSafetensors } from '../lib/formats/safetensors';
import { verifyCheckpoint, writeCheckpoint } from '../lib/model/checkpoint';
import { boxOf, holds, placementOfRank, rankOfPlacement } from '../lib/model/parallel';
import { partOf } from '../lib/model/pieces';
import { placementFromMetadata } from '../lib/model/ranks';
import { resolveSpec, type ModelSpec } from '../lib/model/spec';
import { verifyRanks, verifyShards } from '../lib/model/verify';
import { initModel } from '../lib/model/write';
import { initModelRanks } from '../lib/model/write-ranks';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-ep-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const dir = () => fs.mkdtempSync(path.join(tmp, `d${counter++}-`));

/** Four experts per layer, stored per expert (Mixtral, Qwen3-MoE, DeepSeek-V3) and fused (gpt-oss), and a padded embedding. */
const MOE: ModelSpec = {
  seed: 21,
  dtype: 'bfloat16',
  tensors: [
    { name: 'model.embed_tokens.weight', shape: [11, 8], init: 'normal', options: { std: 0.02 }, parallel: 'vocab', zeroRows: [0] },
    { name: 'model.layers.0.mlp.gate.weight', shape: [4, 8], init: 'normal', options: { std: 0.02 } },
    ...[0, 1, 2, 3].flatMap((e) => [
      { name: `model.layers.0.mlp.experts.${e}.gate_proj.weight`, shape: [6, 8], init: 'normal', options: { std: 0.02 }, parallel: 'colwise' as const, experts: { count: 4, index: e } },
      { name: `model.layers.0.mlp.experts.${e}.down_proj.weight`, shape: [8, 6], init: 'normal', options: { std: 0.02 }, parallel: 'rowwise' as const, experts: { count: 4, index: e } },
    ]),
    { name: 'model.layers.1.mlp.experts.gate_up_proj', shape: [4, 8, 12], init: 'normal', options: { std: 0.02 }, experts: { count: 4, dim: 0 } },
    { name: 'model.layers.1.mlp.experts.gate_up_proj_bias', shape: [4, 12], init: 'zeros', experts: { count: 4, dim: 0 } },
    { name: 'model.layers.1.mlp.experts.down_proj', shape: [4, 6, 8], init: 'normal', options: { std: 0.02 }, experts: { count: 4, dim: 0 }, parallel: { style: 'colwise', dim: 1 } },
    { name: 'model.norm.weight', shape: [8], init: 'ones', parallel: 'replicate' },
    { name: 'lm_head.weight', shape: [11, 8], init: 'normal', options: { std: 0.02 }, parallel: 'colwise' },
  ],
};

function sink(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

/**
 * Puts rank files back together: each rank's part of each tensor copied into the full tensor at
 * its box (from the placement in the file's metadata), every element covered once at least.
 */
function reassemble(files: string[]): Map<string, Buffer> {
  const spec = resolveSpec(JSON.parse(readSafetensors(files[0]).metadata!.spec));
  const full = new Map<string, Buffer>();
  const covered = new Map<string, Uint8Array>();
  for (const f of files) {
    const file = readSafetensors(f);
    const placement = placementFromMetadata(file.metadata, f)!;
    for (const [name, t] of file.tensors) {
      const tensor = spec.tensors.find((x) => x.name === name)!;
      const part = partOf(tensor, placement);
      const width = t.data.BYTES_PER_ELEMENT;
      const shape = tensor.shape;
      const rowLen = shape.slice(1).reduce((a, b) => a * b, 1);
      const inner = shape.slice(2).reduce((a, b) => a * b, 1);
      const buffer = full.get(name) ?? Buffer.alloc(shape.reduce((a, b) => a * b, 1) * width);
      const seen = covered.get(name) ?? new Uint8Array(buffer.length / width);
      const src = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      const [c0, c1] = part.cols ?? [0, shape[1] ?? 1];
      const slice = shape.length < 2 ? rowLen : (c1 - c0) * inner;
      for (let r = part.rows[0]; r < part.rows[1]; r++) {
        const at = r * rowLen + (shape.length < 2 ? 0 : c0 * inner);
        src.copy(buffer, at * width, (r - part.rows[0]) * slice * width, (r - part.rows[0] + 1) * slice * width);
        seen.fill(1, at, at + slice);
      }
      full.set(name, buffer);
      covered.set(name, seen);
    }
  }
  for (const [name, seen] of covered) expect(seen.every((x) => x === 1), `${name} covered`).to.equal(true);
  return full;
}

function expectSameAsSingle(files: string[], single: string): void {
  const whole = readSafetensors(single);
  const got = reassemble(files);
  expect([...got.keys()].sort()).to.deep.equal([...whole.tensors.keys()].sort());
  for (const [name, t] of whole.tensors) expect(got.get(name)!.equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)), name).to.equal(true);
}

describe('expert parallelism', () => {
  it('numbers ranks TP-innermost, then EP, then FSDP (Megatron-LM order tp-cp-ep-dp-pp)', () => {
    const got = Array.from({ length: 8 }, (_, r) => {
      const p = placementOfRank(r, 2, 2, 'dtensor', 2);
      expect(rankOfPlacement(p)).to.deep.equal({ rank: r, world: 8 });
      return [p.tp!.rank, p.ep!.rank, p.fsdp!.rank];
    });
    expect(got).to.deep.equal([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]]);
    expect(() => placementOfRank(8, 2, 2, 'dtensor', 2)).to.throw(RangeError, 'Expected a rank between 0 and 7 (tp 2 × ep 2 × fsdp 2) for rank but received 8 (number)');
  });

  it('places experts contiguously: per-expert tensors on their rank only, fused ones cut on the expert dimension, then TP and FSDP', () => {
    const spec = resolveSpec(MOE);
    const t = (name: string) => spec.tensors.find((x) => x.name === name)!;
    const ep = (rank: number, tp = 1, fsdp = 1) => placementOfRank(rank, tp, fsdp, 'dtensor', 2);
    // Experts 0, 1 on EP rank 0; 2, 3 on EP rank 1.
    expect([0, 1, 2, 3].map((e) => [holds(t(`model.layers.0.mlp.experts.${e}.gate_proj.weight`), ep(0)), holds(t(`model.layers.0.mlp.experts.${e}.gate_proj.weight`), ep(1))]))
      .to.deep.equal([[true, false], [true, false], [false, true], [false, true]]);
    expect(holds(t('model.norm.weight'), ep(1))).to.equal(true);
    // Fused [4, 8, 12]: rows 2…3 on EP rank 1; with TP 2 a colwise plan on dim 1 then cuts columns.
    expect(boxOf('f', [4, 8, 12], undefined, ep(1), { count: 4, dim: 0 })).to.deep.equal({ rows: [2, 4], cols: undefined });
    const down = t('model.layers.1.mlp.experts.down_proj');
    expect(boxOf(down.name, down.shape, down.parallel, placementOfRank(3, 2, 1, 'dtensor', 2), down.experts)).to.deep.equal({ rows: [2, 4], cols: [3, 6] });
    // FSDP 2 then chunks the EP rows: rank (tp 0, ep 1, fsdp 1) = 6 holds expert 3 only.
    expect(boxOf('f', [4, 8, 12], undefined, placementOfRank(6, 2, 2, 'dtensor', 2), { count: 4, dim: 0 })).to.deep.equal({ rows: [3, 4], cols: undefined });
    // A per-expert tensor on its rank follows its own plan: colwise gate_proj [6, 8] on tp rank 1 → rows 3…5.
    expect(partOf(t('model.layers.0.mlp.experts.3.gate_proj.weight'), placementOfRank(3, 2, 1, 'dtensor', 2)).rows).to.deep.equal([3, 6]);
  });

  it('refuses an expert count the EP size does not divide, naming parallel.ep (API) and --ep (command line)', async () => {
    const d = dir();
    let error: Error | undefined;
    try {
      await initModelRanks(MOE, { out: path.join(d, 'r{rank}.safetensors'), ep: 3 });
    } catch (e) {
      error = e as Error;
    }
    expect(error).to.be.instanceOf(RangeError);
    expect(error!.message).to.equal(
      'Expected an expert-parallel size that divides the 4 experts of tensor "model.layers.0.mlp.experts.0.gate_proj.weight" (experts are placed contiguously) for parallel.ep but received 3 (number)');
    const specPath = path.join(d, 'moe.json');
    fs.writeFileSync(specPath, JSON.stringify(MOE));
    const err = sink();
    expect(await initModelCommand([specPath, '-o', path.join(d, 'r{rank}.safetensors'), '--ep', '3', '-q'], err.stream)).to.equal(2);
    expect(err.text()).to.equal(
      'kaiming init-model: Expected an expert-parallel size that divides the 4 experts of tensor "model.layers.0.mlp.experts.0.gate_proj.weight" (experts are placed contiguously) for --ep but received 3 (number)\n');
    expect(fs.readdirSync(d)).to.deep.equal(['moe.json']);
  });

  const COMBINATIONS: [string, string[]][] = [['--ep 2', ['--ep', '2']], ['--ep 2 --tp 2', ['--ep', '2', '--tp', '2']], ['--ep 2 --tp 2 --fsdp 2', ['--ep', '2', '--tp', '2', '--fsdp', '2']]];
  for (const [label, args] of COMBINATIONS) {
    it(`${label}: rank files put together are the single-file write, and verify says so`, async () => {
      const d = dir();
      const specPath = path.join(d, 'moe.json');
      fs.writeFileSync(specPath, JSON.stringify(MOE));
      const single = path.join(d, 'single.safetensors');
      const q = (more: string[]) => initModelCommand([specPath, ...more, '-q'], sink().stream);
      expect(await q(['-o', single])).to.equal(0);
      expect(await q(['-o', path.join(d, 'r{rank}.safetensors'), ...args])).to.equal(0);
      const world = args.filter((_, i) => i % 2 === 1).reduce((a, b) => a * Number(b), 1);
      const ranks = Array.from({ length: world }, (_, r) => path.join(d, `r${r}.safetensors`));
      expect(fs.readdirSync(d).filter((f) => f.startsWith('r')).length).to.equal(world);
      // Per-expert tensors only on their EP rank, under their global names.
      const names = (f: string) => [...readSafetensors(f).tensors.keys()].filter((n) => /experts\.\d/.test(n));
      expect(names(ranks[0])).to.deep.equal(['model.layers.0.mlp.experts.0.gate_proj.weight', 'model.layers.0.mlp.experts.0.down_proj.weight', 'model.layers.0.mlp.experts.1.gate_proj.weight', 'model.layers.0.mlp.experts.1.down_proj.weight']);
      const ep1 = args.includes('--tp') ? 2 : 1; // the first rank of EP group 1
      expect(names(ranks[ep1])).to.deep.equal(['model.layers.0.mlp.experts.2.gate_proj.weight', 'model.layers.0.mlp.experts.2.down_proj.weight', 'model.layers.0.mlp.experts.3.gate_proj.weight', 'model.layers.0.mlp.experts.3.down_proj.weight']);
      expectSameAsSingle(ranks, single);
      expect(await verifyShards(single, ranks)).to.deep.include({ ok: true, problems: [] });
      expect(await verifyRanks(ranks)).to.deep.include({ ok: true, tensors: 15, problems: [] });
      const out = sink();
      expect(await verifyCommand(ranks, out.stream, sink().stream)).to.equal(0);
      expect(out.text()).to.match(new RegExp(`^kaiming verify: OK: ${world} rank file\\(s\\) match their spec and put together make every tensor \\(15 tensors, `));
      // One process per rank writes the same bytes as the one-pass writer.
      const last = world - 1;
      await initModel(MOE, { out: path.join(d, 'one{rank}.safetensors'), parallel: { tp: args.includes('--tp') ? 2 : 1, ep: 2, fsdp: args.includes('--fsdp') ? 2 : 1, rank: last } });
      expect(fs.readFileSync(path.join(d, `one${last}.safetensors`)).equals(fs.readFileSync(ranks[last]))).to.equal(true);
      // Checkpoint directories per rank: each verifies, and their files hold the same parts.
      expect(await q(['--out-dir', path.join(d, 'ck{rank}'), '--max-shard-size', '200', ...args])).to.equal(0);
      for (let r = 0; r < world; r++) {
        expect(await verifyCheckpoint(path.join(d, `ck${r}`)), `rank ${r}`).to.deep.include({ ok: true, problems: [] });
        const fromDir = new Map<string, Buffer>();
        for (const f of fs.readdirSync(path.join(d, `ck${r}`)).filter((x) => x.endsWith('.safetensors'))) {
          for (const [n, t] of readSafetensors(path.join(d, `ck${r}`, f)).tensors) fromDir.set(n, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
        }
        const rankFile = readSafetensors(ranks[r]);
        expect([...fromDir.keys()].sort()).to.deep.equal([...rankFile.tensors.keys()].sort());
        for (const [n, t] of rankFile.tensors) expect(fromDir.get(n)!.equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)), n).to.equal(true);
      }
    });
  }

  it('keeps the padding row zero in the vocab-parallel parts, and finds a rank given twice or missing', async () => {
    const d = dir();
    const ranks = await initModelRanks(MOE, { out: path.join(d, 'r{rank}.safetensors'), ep: 2, tp: 2 });
    const emb = readSafetensors(ranks[0].path).tensors.get('model.embed_tokens.weight')!;
    expect(emb.shape).to.deep.equal([6, 8]);
    expect([...emb.data.subarray(0, 8)]).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0]);
    // Rank 2 (EP 1) given twice instead of rank 0 (EP 0).
    const paths = ranks.map((r) => r.path);
    const error = await verifyRanks([paths[2], paths[1], paths[2], paths[3]]).then(() => undefined, (e: Error) => e.message);
    expect(error).to.equal(`Cannot verify shards: rank 2 is given twice ("${paths[2]}", "${paths[2]}")`);
    const missing = await verifyRanks(paths.slice(1));
    expect(missing.problems[0]).to.equal('rank 0 of 4 is missing');
  });

  it('writeCheckpoint records rank_tensors for a directory that holds some experts only', async () => {
    const d = dir();
    const r = await writeCheckpoint(MOE, { outDir: path.join(d, 'ep{rank}'), parallel: { ep: 2, rank: 1 }, maxShardSize: 300 });
    const index = JSON.parse(fs.readFileSync(r.index!, 'utf8'));
    expect(index.metadata).to.include({ spec_tensors: 15, rank_tensors: 11 });
    expect(r.tensors).to.equal(11);
    expect(await verifyCheckpoint(r.dir)).to.deep.include({ ok: true, tensors: 11, problems: [] });
  });
});
