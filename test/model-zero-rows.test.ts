// zeroRows and experts in a spec's tensor entry: validation, the flat-spec round trip, and
// rows that are exactly zero in every range, shard, rank part, checkpoint file and the torch
// stream (test/fixtures/zero_rows_torch.json, made by make_zero_rows_fixtures.py with torch 1.13).
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSafetensors } from '../lib/formats/safetensors';
import { writeCheckpoint, verifyCheckpoint } from '../lib/model/checkpoint';
import { resolveSpec, flatSpec, type ModelSpec } from '../lib/model/spec';
import { verifyModel, verifyRanks, verifyShards } from '../lib/model/verify';
import { initModel } from '../lib/model/write';
import { initModelRanks } from '../lib/model/write-ranks';
import { zeroRowsIn } from '../lib/model/zero-rows';
import fixture from './fixtures/zero_rows_torch.json';
import { expectThrow } from './support/initializers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-zero-rows-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const dir = () => fs.mkdtempSync(path.join(tmp, `d${counter++}-`));
const bytesOf = (t: { data: ArrayBufferView }) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

/** An embedding with padding rows at both ends and inside, bf16 and f32, cut by every plan. */
const PADDED: ModelSpec = {
  seed: 5,
  dtype: 'float32',
  tensors: [
    { name: 'embed_tokens.weight', shape: [13, 6], init: 'normal', options: { std: 0.02 }, parallel: 'vocab', zeroRows: [0, 5, 12] },
    { name: 'wide', shape: [7, 9], init: 'uniform', parallel: 'rowwise', zeroRows: [3], dtype: 'bfloat16' },
    { name: 'col', shape: [10, 4], init: 'kaiming_uniform', parallel: 'colwise', zeroRows: [9] },
    { name: 'plain', shape: [5, 3], init: 'normal' },
  ],
};
const UNPADDED: ModelSpec = { ...PADDED, tensors: PADDED.tensors.map((t) => ({ ...t, zeroRows: undefined })) };

describe('spec fields: zeroRows and experts', () => {
  const one = (entry: Record<string, unknown>) => () => resolveSpec({ seed: 0, tensors: [{ name: 'e', shape: [6, 4], init: 'normal', ...entry }] });

  it('refuses a zeroRows that is not increasing row indices of dim 0, naming tensors[i].zeroRows', () => {
    const at = 'tensors[0] ("e").zeroRows';
    expectThrow(one({ zeroRows: 3 }), TypeError, `Expected a non-empty array of increasing row indices (dim 0) for ${at} but received 3 (number)`);
    expectThrow(one({ zeroRows: [] }), RangeError, `Expected a non-empty array of increasing row indices (dim 0) for ${at} but received an array of length 0`);
    expectThrow(one({ zeroRows: [6] }), RangeError, `Expected an integer between 0 and 5 for ${at}[0] but received 6 (number)`);
    expectThrow(one({ zeroRows: [1, '2'] }), TypeError, `Expected an integer between 0 and 5 for ${at}[1] but received "2" (string)`);
    expectThrow(one({ zeroRows: [0, 2.5] }), RangeError, `Expected an integer between 0 and 5 for ${at}[1] but received 2.5 (number)`);
    expectThrow(one({ zeroRows: [3, 3] }), RangeError, `Expected an index above ${at}[0] (3): sorted and unique for ${at}[1] but received 3 (number)`);
    expectThrow(one({ zeroRows: [4, 1] }), RangeError, `Expected an index above ${at}[0] (4): sorted and unique for ${at}[1] but received 1 (number)`);
    expectThrow(() => resolveSpec({ seed: 0, tensors: [{ name: 's', shape: [], init: 'zeros', zeroRows: [0] }] }), RangeError,
      'Expected no zeroRows for a scalar tensor (it has no rows) for tensors[0] ("s").zeroRows but received an array of length 1');
    expectThrow(one({ zeroRow: [1] }), RangeError, 'tensors[0] ("e"): Unknown field "zeroRow"; did you mean "zeroRows"?');
  });

  it('refuses experts without a consistent index or dimension, naming tensors[i].experts', () => {
    const at = 'tensors[0] ("e").experts';
    expectThrow(one({ experts: 4 }), TypeError, `Expected an options object for ${at} but received 4 (number)`);
    expectThrow(one({ experts: { count: 0, index: 0 } }), RangeError, `Expected a positive integer for ${at}.count but received 0 (number)`);
    expectThrow(one({ experts: { count: 4, index: 4 } }), RangeError, `Expected an integer between 0 and 3 for ${at}.index but received 4 (number)`);
    expectThrow(one({ experts: { count: 4 } }), RangeError, `Expected either index (a per-expert tensor) or dim (a fused tensor), not both or neither for ${at} but received an object`);
    expectThrow(one({ experts: { count: 6, index: 1, dim: 0 } }), RangeError, `Expected either index (a per-expert tensor) or dim (a fused tensor), not both or neither for ${at} but received an object`);
    expectThrow(one({ experts: { count: 4, dim: 0 } }), RangeError, `Expected a dimension of size count (4) in the shape [6, 4] for ${at}.dim but received 0 (number)`);
    expectThrow(one({ experts: { count: 4, dim: 2 } }), RangeError, `Expected an integer between 0 and 1 for ${at}.dim but received 2 (number)`);
    expectThrow(one({ experts: { count: 4, idx: 1 } }), RangeError, `Unknown option "idx" for ${at}; did you mean "index"?`);
  });

  it('keeps zeroRows and experts through the flat spec (what files store) and back', () => {
    const spec: ModelSpec = {
      seed: 1,
      tensors: [
        { name: 'emb', shape: [6, 4], init: 'normal', zeroRows: [0, 5] },
        { name: 'experts.3.w', shape: [2, 4], init: 'normal', experts: { count: 8, index: 3 } },
        { name: 'experts.gate_up', shape: [8, 4, 2], init: 'normal', experts: { count: 8, dim: 0 } },
      ],
    };
    const flat = flatSpec(resolveSpec(spec));
    expect(flat.tensors).to.deep.equal([
      { name: 'emb', shape: [6, 4], init: 'normal', zeroRows: [0, 5] },
      { name: 'experts.3.w', shape: [2, 4], init: 'normal', experts: { count: 8, index: 3 } },
      { name: 'experts.gate_up', shape: [8, 4, 2], init: 'normal', experts: { count: 8, dim: 0 } },
    ]);
    expect(flatSpec(resolveSpec(JSON.parse(JSON.stringify(flat))))).to.deep.equal(flat);
  });

  it('zeroes exactly the rows a slice of the row-major elements holds', () => {
    const out = new Float32Array(10).fill(1);
    // Shape [5, 4]: elements 6…15 are rows 1 (6, 7), 2 (8…11), 3 (12…15).
    zeroRowsIn([5, 4], [0, 2, 4], 6, out);
    expect([...out]).to.deep.equal([1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
    zeroRowsIn([5, 4], [1], 6, out);
    expect([...out]).to.deep.equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('makes the rows exactly zero and every other element as without zeroRows, in the whole file and small pieces', async () => {
    const d = dir();
    await initModel(UNPADDED, { out: path.join(d, 'plain.safetensors') });
    await initModel(PADDED, { out: path.join(d, 'padded.safetensors') });
    await initModel(PADDED, { out: path.join(d, 'pieces.safetensors'), pieceElements: 5 });
    const plain = readSafetensors(path.join(d, 'plain.safetensors'));
    const padded = readSafetensors(path.join(d, 'padded.safetensors'));
    expect(fs.readFileSync(path.join(d, 'pieces.safetensors')).equals(fs.readFileSync(path.join(d, 'padded.safetensors')))).to.equal(true);
    const rows = new Map(PADDED.tensors.map((t) => [(t as { name: string }).name, (t as { zeroRows?: number[] }).zeroRows ?? []]));
    for (const [name, t] of padded.tensors) {
      const row = t.shape.slice(1).reduce((a, b) => a * b, 1);
      const before = plain.tensors.get(name)!.data;
      for (let i = 0; i < t.data.length; i++) {
        const zero = rows.get(name)!.includes(Math.floor(i / row));
        if (zero) expect(Object.is(t.data[i], 0), `${name}[${i}]`).to.equal(true);
        else expect(t.data[i], `${name}[${i}]`).to.equal(before[i]);
      }
    }
    expect(await verifyModel(path.join(d, 'padded.safetensors'))).to.deep.include({ ok: true, problems: [] });
    // A file whose padding row was drawn fails against the spec that zeroes it.
    expect((await verifyModel(path.join(d, 'plain.safetensors'), { spec: PADDED })).problems[0]).to.equal('tensor "embed_tokens.weight" differs from its spec at element 0');
  });

  it('keeps the rows zero in every shard, tensor-parallel rank and checkpoint file', async () => {
    const d = dir();
    const full = path.join(d, 'full.safetensors');
    await initModel(PADDED, { out: full });
    for (const shardDim of [0, 1] as const) {
      const shards = [0, 1, 2].map((rank) => path.join(d, `s${shardDim}-${rank}.safetensors`));
      for (let rank = 0; rank < 3; rank++) await initModel(PADDED, { out: shards[rank], shard: { rank, world: 3 }, shardDim, pieceElements: 4 });
      expect(await verifyShards(full, shards), `dim ${shardDim}`).to.deep.include({ ok: true, problems: [] });
    }
    const ranks = await initModelRanks(PADDED, { out: path.join(d, 'r{rank}.safetensors'), tp: 2, fsdp: 2, pieceElements: 7 });
    expect(await verifyRanks(ranks.map((r) => r.path))).to.deep.include({ ok: true, problems: [] });
    // Rank 0 of TP 2 (vocab) × FSDP 2 holds rows 0…3 of embed_tokens (torch.chunk of 13 → 7, then 4): row 0 is zero.
    const r0 = readSafetensors(ranks[0].path).tensors.get('embed_tokens.weight')!;
    expect(r0.shape).to.deep.equal([4, 6]);
    expect([...r0.data.subarray(0, 6)].every((x) => Object.is(x, 0))).to.equal(true);
    expect([...r0.data.subarray(6)].every((x) => x !== 0)).to.equal(true);
    // One process per rank writes the same bytes as the one-pass writer.
    await initModel(PADDED, { out: path.join(d, 'one{rank}.safetensors'), parallel: { tp: 2, fsdp: 2, rank: 3 }, pieceElements: 3 });
    expect(fs.readFileSync(path.join(d, 'one3.safetensors')).equals(fs.readFileSync(ranks[3].path))).to.equal(true);
    const ck = path.join(d, 'ckpt');
    await writeCheckpoint(PADDED, { outDir: ck, maxShardSize: 200 });
    expect(await verifyCheckpoint(ck)).to.deep.include({ ok: true, problems: [] });
    const whole = readSafetensors(full);
    for (const f of fs.readdirSync(ck).filter((x) => x.endsWith('.safetensors'))) {
      for (const [name, t] of readSafetensors(path.join(ck, f)).tensors) expect(bytesOf(t).equals(bytesOf(whole.tensors.get(name)!)), name).to.equal(true);
    }
  });

  it('draws the whole tensor on the torch stream, then zeroes the rows, as nn.Embedding(padding_idx) and HF _init_weights (torch 1.13)', async () => {
    const d = dir();
    const spec: ModelSpec = {
      seed: fixture.seed,
      stream: 'torch',
      tensors: [
        { name: 'emb.weight', shape: [6, 4], init: 'normal', zeroRows: [2] },
        { module: 'linear', name: 'fc', in: 4, out: 3 },
        { name: 'hf_emb', shape: [5, 3], init: 'normal', options: { std: 0.02 }, zeroRows: [0, 4] },
      ],
    };
    const out = path.join(d, 'torch.safetensors');
    await initModel(spec, { out });
    const file = readSafetensors(out);
    for (const [name, hex] of Object.entries(fixture.tensors)) expect(bytesOf(file.tensors.get(name)!).toString('hex'), name).to.equal(hex);
    expect(await verifyModel(out)).to.deep.include({ ok: true, problems: [] });
  });
});
