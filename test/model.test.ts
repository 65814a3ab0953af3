import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import type { DType, TensorData } from '../lib/core/dtype';
import { readSafetensors } from '../lib/formats/safetensors';
import { ruleByName, runSync } from '../lib/initializers/define';
import { normal } from '../lib/initializers/basic';
import { init } from '../lib/initializers/registry';
import { linearDefaultBounds } from '../lib/rules/scales';
import { gpt2, llama } from '../lib/model/presets';
import { partOf, piecesOf, splitRange } from '../lib/model/pieces';
import { MODULES, resolveSpec, type ModelSpec } from '../lib/model/spec';
import { verifyModel, verifyShards } from '../lib/model/verify';
import { initModel } from '../lib/model/write';
import { initModelCommand, specCommand, verifyCommand } from '../lib/cli/main';
import { childNode, runtime } from './support/runtime';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-model-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const file = (name = 'm') => path.join(tmp, `${name}-${counter++}.safetensors`);

function bytes(data: TensorData): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The whole tensor made directly with runSync, with the stream the writer uses. */
function reference(spec: ModelSpec, name: string): TensorData {
  const resolved = resolveSpec(spec);
  const t = resolved.tensors.find((x) => x.name === name)!;
  return runSync(t.rule, t.shape, { ...t.options, seed: resolved.seed, key: t.name, dtype: t.dtype }).data;
}

const SMALL: ModelSpec = {
  seed: 7,
  dtype: 'float32',
  tensors: [
    { name: 'emb', shape: [11, 6], init: 'normal', options: { std: 0.02 } },
    { name: 'w.bf16', shape: [5, 9], init: 'uniform', options: { low: -0.5, high: 0.5 }, dtype: 'bfloat16' },
    { name: 'w.f64', shape: [4, 3, 2], init: 'trunc_normal', options: { std: 0.1, a: -0.2, b: 0.2 }, dtype: 'float64' },
    { name: 'w.f16', shape: [3, 3], init: 'normal', dtype: 'float16' },
    { name: 'scalar', shape: [], init: 'constant', options: { value: 3 } },
    { module: 'linear', name: 'fc', in: 6, out: 4, bias: true },
    { module: 'conv2d', name: 'conv', in: 4, out: 6, kernel: [3, 2], groups: 2 },
    { module: 'embedding', name: 'tok', num: 13, dim: 4 },
    { module: 'layernorm', name: 'ln', dim: 6 },
    { module: 'rmsnorm', name: 'rms', dim: [2, 3], dtype: 'bfloat16' },
  ],
};

const NAMES = ['emb', 'w.bf16', 'w.f64', 'w.f16', 'scalar', 'fc.weight', 'fc.bias', 'conv.weight', 'conv.bias', 'tok.weight', 'ln.weight', 'ln.bias', 'rms.weight'];

describe('model: spec', () => {
  it('expands module presets to PyTorch defaults', () => {
    const r = resolveSpec(SMALL);
    expect(r.tensors.map((t) => t.name)).to.deep.equal(NAMES);
    const byName = new Map(r.tensors.map((t) => [t.name, t]));
    const { weightBound, biasBound } = linearDefaultBounds(6, 4);
    expect(byName.get('fc.weight')!.shape).to.deep.equal([4, 6]);
    expect(byName.get('fc.weight')!.options).to.deep.equal({ low: -weightBound, high: weightBound });
    expect(byName.get('fc.bias')!.options).to.deep.equal({ low: -biasBound, high: biasBound });
    expect(byName.get('conv.weight')!.shape).to.deep.equal([6, 2, 3, 2]);
    // conv fan_in = 2·3·2 = 12: bound 1/√12 for both weight (a=√5) and bias
    expect(byName.get('conv.bias')!.options.high).to.equal(1 / Math.sqrt(12));
    expect(byName.get('tok.weight')!.init).to.equal('normal');
    expect(byName.get('tok.weight')!.options).to.deep.equal({ mean: 0, std: 1 });
    expect(byName.get('ln.weight')!.init).to.equal('ones');
    expect(byName.get('ln.bias')!.init).to.equal('zeros');
    expect(byName.get('rms.weight')!.shape).to.deep.equal([2, 3]);
    expect(byName.get('rms.weight')!.dtype).to.equal('bfloat16');
  });

  const bad: [string, unknown, string, typeof TypeError | typeof RangeError][] = [
    ['a negative dim', { seed: 1, tensors: [{ name: 'a', shape: [1], init: 'zeros' }, { name: 'b', shape: [1], init: 'zeros' }, { module: 'rmsnorm', name: 'c', dim: 2 }, { name: 'h.0.attn.c_attn.weight', shape: [768, -3], init: 'normal' }] },
      'tensors[3] ("h.0.attn.c_attn.weight").shape[1]: Expected a positive integer but received -3 (number)', RangeError],
    ['a string dim', { seed: 1, tensors: [{ name: 'a', shape: ['4'], init: 'normal' }] },
      'tensors[0] ("a").shape[0]: Expected a positive integer but received "4" (string)', TypeError],
    ['an unknown init', { seed: 1, tensors: [{ name: 'a', shape: [4], init: 'normall' }] },
      'tensors[0] ("a").init: Expected the name of an initializer but received "normall" (string); did you mean "normal"?', RangeError],
    ['a bad option value', { seed: 1, tensors: [{ name: 'a', shape: [4], init: 'normal', options: { std: -1 } }] },
      'tensors[0] ("a").options: Expected a non-negative number for std but received -1 (number)', RangeError],
    ['an unknown option', { seed: 1, tensors: [{ name: 'a', shape: [4], init: 'normal', options: { sdt: 1 } }] },
      'tensors[0] ("a").options: Unknown option "sdt" for normalAsync; did you mean "std"?', RangeError],
    ['a reserved option', { seed: 1, tensors: [{ name: 'a', shape: [4], init: 'normal', options: { seed: 3 } }] },
      'tensors[0] ("a").options.seed: the spec sets seed', RangeError],
    ['a missing name', { seed: 1, tensors: [{ shape: [4], init: 'normal' }] },
      'tensors[0].name: Expected a non-empty string but received undefined', TypeError],
    ['a duplicate name', { seed: 1, tensors: [{ name: 'fc.weight', shape: [4], init: 'zeros' }, { module: 'linear', name: 'fc', in: 2, out: 2 }] },
      'tensors[1] ("fc").name: Expected a unique tensor name ("fc.weight" is already made by tensors[0] ("fc.weight")) but received "fc" (string)', RangeError],
    ['a bad module field', { seed: 1, tensors: [{ module: 'linear', name: 'fc', in: 0, out: 2 }] },
      'tensors[0] ("fc").in: Expected a positive integer but received 0 (number)', RangeError],
    ['an unknown module', { seed: 1, tensors: [{ module: 'lineer', name: 'fc', in: 1, out: 2 }] },
      'tensors[0] ("fc").module: Expected one of "linear", "conv1d", "conv2d", "conv3d", "embedding", "layernorm", "rmsnorm" but received "lineer" (string); did you mean "linear"?', RangeError],
    ['an unknown module field', { seed: 1, tensors: [{ module: 'linear', name: 'fc', in: 1, out: 2, baias: true }] },
      'tensors[0] ("fc"): Unknown field "baias"; did you mean "bias"?', RangeError],
    ['groups not dividing', { seed: 1, tensors: [{ module: 'conv1d', name: 'c', in: 3, out: 4, kernel: 3, groups: 2 }] },
      'tensors[0] ("c").in: Expected a multiple of groups (2) but received 3 (number)', RangeError],
    ['a bad dtype', { seed: 1, tensors: [{ name: 'a', shape: [4], init: 'zeros', dtype: 'int8' }] },
      'tensors[0] ("a").dtype: Expected one of "float32", "float64", "bfloat16", "float16" but received "int8" (string)', RangeError],
    ['a bad top-level dtype', { seed: 1, dtype: 'f32', tensors: [] }, 'dtype: Expected one of', RangeError],
    ['a missing seed', { tensors: [] }, 'seed: Expected an integer between 0 and 2^64-1', TypeError],
    ['a negative seed', { seed: -1, tensors: [] }, 'seed: Expected an integer between 0 and 2^64-1', RangeError],
    ['tensors not an array', { seed: 1, tensors: {} }, 'tensors: Expected an array of tensors or modules but received an object', TypeError],
    ['the reserved name', { seed: 1, tensors: [{ name: '__metadata__', shape: [1], init: 'zeros' }] }, 'tensors[0].name: Expected a name other than "__metadata__"', RangeError],
  ];
  for (const [what, spec, msg, Type] of bad) {
    it(`refuses ${what}, naming the tensor and field`, () => {
      expect(() => resolveSpec(spec)).to.throw(Type).with.property('message').that.satisfies((m: string) => m.startsWith(msg) || m === msg);
    });
  }

  it('agrees with docs/model-spec.schema.json on the module kinds and reserved options', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'docs', 'model-spec.schema.json'), 'utf8'));
    const kinds = schema.$defs.module.oneOf.flatMap((m: { properties: { module: { const?: string; enum?: string[] } } }) => m.properties.module.enum ?? [m.properties.module.const]);
    expect(kinds).to.deep.equal([...MODULES]);
    expect(schema.$defs.tensor.properties.options.propertyNames.not.enum).to.deep.equal(['seed', 'key', 'generator', 'dtype', 'threads', 'shared', 'out', 'range', 'signal']);
  });

  it('accepts seeds above 2^53 as decimal strings', () => {
    expect(resolveSpec({ seed: '18446744073709551615', tensors: [] }).seed).to.equal((1n << 64n) - 1n);
    expect(() => resolveSpec({ seed: '18446744073709551616', tensors: [] })).to.throw(RangeError);
  });
});

describe('model: initModel', () => {
  it('round-trips a small spec; values equal runSync with the same seed and name', async () => {
    const out = file();
    const result = await initModel(SMALL, { out, pieceElements: 7 });
    expect(result.tensors).to.equal(NAMES.length);
    const f = readSafetensors(out);
    expect([...f.tensors.keys()]).to.deep.equal(NAMES);
    for (const name of NAMES) {
      const t = f.tensors.get(name)!;
      expect(bytes(t.data).equals(bytes(reference(SMALL, name))), name).to.equal(true);
    }
    expect(f.tensors.get('fc.bias')!.shape).to.deep.equal([4]);
    expect(f.tensors.get('w.bf16')!.dtype).to.equal('bfloat16');
    expect(f.tensors.get('scalar')!.shape).to.deep.equal([]);
    expect(result.fileBytes).to.equal(fs.statSync(out).size);
    // normal() with the same seed and key gives the same tensor as the file
    const emb = normal([11, 6], { std: 0.02, seed: 7, key: 'emb' });
    expect(bytes(f.tensors.get('emb')!.data).equals(bytes(emb.data))).to.equal(true);
  });

  it('writes a standard header: length prefix, padded JSON, dtypes, contiguous offsets, metadata', async () => {
    const out = file();
    await initModel(SMALL, { out });
    const raw = fs.readFileSync(out);
    const n = Number(raw.readBigUInt64LE(0));
    expect(n % 8).to.equal(0);
    const header = JSON.parse(raw.subarray(8, 8 + n).toString('utf8'));
    expect(Object.keys(header)[0]).to.equal('__metadata__');
    const meta = header.__metadata__;
    expect(meta.format).to.equal('pt');
    expect(meta.seed).to.equal('7');
    const stored = JSON.parse(meta.spec);
    expect(stored.tensors.map((t: { name: string }) => t.name)).to.deep.equal(NAMES);
    expect(resolveSpec(stored).tensors.length).to.equal(NAMES.length); // the stored spec is itself valid
    const widths: Record<string, number> = { F32: 4, F64: 8, BF16: 2, F16: 2 };
    const expectDType: Record<string, string> = { emb: 'F32', 'w.bf16': 'BF16', 'w.f64': 'F64', 'w.f16': 'F16', 'rms.weight': 'BF16' };
    let cursor = 0;
    for (const name of NAMES) {
      const e = header[name];
      expect(e.dtype).to.equal(expectDType[name] ?? 'F32');
      expect(e.data_offsets[0]).to.equal(cursor);
      const count = e.shape.reduce((a: number, b: number) => a * b, 1);
      expect(e.data_offsets[1] - e.data_offsets[0]).to.equal(count * widths[e.dtype]);
      cursor = e.data_offsets[1];
    }
    expect(raw.length).to.equal(8 + n + cursor);
  });

  it('makes a tensor independent of the others: adding, removing or reordering does not change it', async () => {
    const a = file();
    const b = file();
    await initModel({ seed: 3, tensors: [{ name: 'x', shape: [64, 33], init: 'normal' }, { name: 'y', shape: [10], init: 'uniform' }] }, { out: a });
    await initModel({ seed: 3, tensors: [{ name: 'y', shape: [10], init: 'uniform' }, { name: 'new', shape: [5, 5], init: 'normal' }, { name: 'x', shape: [64, 33], init: 'normal' }] }, { out: b });
    const fa = readSafetensors(a);
    const fb = readSafetensors(b);
    for (const name of ['x', 'y']) expect(bytes(fa.tensors.get(name)!.data).equals(bytes(fb.tensors.get(name)!.data))).to.equal(true);
  });

  it('gives the same bytes whatever the piece size and thread count', async () => {
    const spec: ModelSpec = { seed: 11, dtype: 'bfloat16', tensors: [{ name: 'big', shape: [300, 700], init: 'trunc_normal', options: { std: 0.02, a: -0.04, b: 0.04 } }] };
    const a = file();
    const b = file();
    await initModel(spec, { out: a });
    await initModel(spec, { out: b, pieceElements: 65537, threads: 1 });
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).to.equal(true);
  });

  it('accepts every init() name; the linear preset equals kaiming_uniform(a=√5); fan-based shards use the full shape', async () => {
    const spec: ModelSpec = {
      seed: 13,
      tensors: [
        { name: 'h.0.mlp.c_fc.weight', shape: [96, 40], init: 'kaiming_uniform', options: { a: 2.23606797749979 } },
        { name: 'x', shape: [30, 20], init: 'xavier_normal', options: { gain: 2 } },
        { name: 'he', shape: [3, 3, 8, 16], init: 'he_normal' },
        { name: 'eye', shape: [5, 7], init: 'eye' },
        { module: 'linear', name: 'fc', in: 40, out: 96 },
      ],
    };
    const full = file();
    await initModel(spec, { out: full, pieceElements: 50 });
    const f = readSafetensors(full);
    for (const t of spec.tensors.slice(0, 4) as { name: string; shape: number[]; init: string; options?: Record<string, unknown> }[]) {
      const expected = init(t.init, t.shape, { ...t.options, seed: 13, key: t.name });
      expect(bytes(f.tensors.get(t.name)!.data).equals(bytes(expected.data)), t.name).to.equal(true);
    }
    const torchDefault = init('kaiming_uniform', [96, 40], { a: Math.sqrt(5), seed: 13, key: 'fc.weight' });
    expect(bytes(f.tensors.get('fc.weight')!.data).equals(bytes(torchDefault.data))).to.equal(true);
    for (const dim of [0, 1] as const) {
      const shards = [file(), file()];
      for (let rank = 0; rank < 2; rank++) await initModel(spec, { out: shards[rank], shard: { rank, world: 2 }, shardDim: dim, pieceElements: 50 });
      expect(await verifyShards(full, shards), `dim ${dim}`).to.deep.include({ ok: true });
    }
  });

  it('refuses an existing file unless force', async () => {
    const out = file();
    fs.writeFileSync(out, 'x');
    let error: unknown;
    try {
      await initModel(SMALL, { out });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect(fs.readFileSync(out, 'utf8')).to.equal('x');
    await initModel(SMALL, { out, force: true });
    expect(readSafetensors(out).tensors.size).to.equal(NAMES.length);
  });

  it('leaves nothing behind when aborted mid-run or before the start', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'abort-'));
    const out = path.join(dir, 'model.safetensors');
    const controller = new AbortController();
    const spec: ModelSpec = { seed: 1, tensors: [{ name: 'a', shape: [1000, 1000], init: 'normal' }, { name: 'b', shape: [1000, 1000], init: 'normal' }] };
    let calls = 0;
    let error: unknown;
    try {
      await initModel(spec, {
        out,
        signal: controller.signal,
        pieceElements: 100_000,
        onProgress: () => {
          if (++calls === 3) controller.abort();
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.have.property('name', 'AbortError');
    expect(calls).to.be.at.least(3).and.below(20);
    expect(fs.readdirSync(dir)).to.deep.equal([]);

    let error2: unknown;
    try {
      await initModel(spec, { out, signal: AbortSignal.abort() });
    } catch (e) {
      error2 = e;
    }
    expect(error2).to.have.property('name', 'AbortError');
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('reports a file-system error and leaves nothing', async () => {
    const out = path.join(tmp, 'no-such-dir', 'm.safetensors');
    let error: unknown;
    try {
      await initModel(SMALL, { out });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.contain('no-such-dir');
    expect(fs.existsSync(path.dirname(out))).to.equal(false);
  });

  it('reports progress up to every byte and tensor', async () => {
    const seen: number[] = [];
    let last: { tensorsDone: number; tensors: number; bytesDone: number; bytes: number } | undefined;
    await initModel(SMALL, { out: file(), pieceElements: 16, onProgress: (p) => { seen.push(p.bytesDone); last = p; } });
    expect(seen).to.deep.equal([...seen].sort((x, y) => x - y));
    expect(last!.bytesDone).to.equal(last!.bytes);
    expect(last!.tensorsDone).to.equal(last!.tensors);
  });

  it('validates its options', async () => {
    const fails = async (options: unknown, Type: typeof TypeError | typeof RangeError, msg: string) => {
      let error: unknown;
      try {
        await initModel(SMALL, options as never);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(Type);
      expect((error as Error).message).to.contain(msg);
    };
    await fails({}, TypeError, 'Expected a file path for out but received undefined');
    await fails({ out: file(), shard: { rank: 2, world: 2 } }, RangeError, 'Expected an integer between 0 and 1 for shard.rank but received 2 (number)');
    await fails({ out: file(), shard: { rank: 0, world: 2 }, shardDim: 2 }, RangeError, 'Expected 0 or 1 for shardDim but received 2 (number)');
    await fails({ out: file(), shardDim: 1 }, TypeError, 'Expected shard with shardDim');
    await fails({ out: file(), sharding: 1 }, RangeError, 'Unknown option "sharding" for initModel');
  });
});

describe('model: shards', () => {
  it('splits like numpy.array_split', () => {
    expect([0, 1, 2].map((r) => splitRange(10, 3, r))).to.deep.equal([[0, 4], [4, 7], [7, 10]]);
    expect([0, 1, 2, 3].map((r) => splitRange(2, 4, r))).to.deep.equal([[0, 1], [1, 2], [2, 2], [2, 2]]);
  });

  const SHARDED: ModelSpec = {
    seed: 5,
    dtype: 'float32',
    tensors: [
      { name: 'w', shape: [7, 10], init: 'normal', options: { std: 0.5 } },
      { name: 'k', shape: [5, 7, 3], init: 'uniform', options: { low: -1, high: 1 }, dtype: 'bfloat16' },
      { name: 'b', shape: [10], init: 'normal' },
      { name: 's', shape: [], init: 'constant', options: { value: 2 } },
      { name: 'narrow', shape: [2, 3], init: 'normal', dtype: 'float64' },
    ],
  };

  /** The rank's part of a full tensor, by plain indexing. */
  function expectedPart(full: TensorData, shape: number[], rank: number, world: number, dim: 0 | 1): number[] {
    const values = Array.from(full);
    if (shape.length <= dim) return values;
    const [lo, hi] = splitRange(shape[dim], world, rank);
    const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const outer = shape.slice(0, dim).reduce((a, b) => a * b, 1);
    const out: number[] = [];
    for (let o = 0; o < outer; o++) for (let i = lo; i < hi; i++) for (let j = 0; j < inner; j++) out.push(values[(o * shape[dim] + i) * inner + j]);
    return out;
  }

  for (const dim of [0, 1] as const) {
    for (const pieceElements of [undefined, 4]) {
      it(`writes each rank's part equal to the full tensor's (dim ${dim}, uneven, pieces ${pieceElements ?? 'default'})`, async () => {
        const full = file('full');
        await initModel(SHARDED, { out: full });
        const whole = readSafetensors(full);
        const world = 3;
        const shards: string[] = [];
        for (let rank = 0; rank < world; rank++) {
          const out = file(`shard${rank}`);
          shards.push(out);
          await initModel(SHARDED, { out, shard: { rank, world }, shardDim: dim, pieceElements });
          const f = readSafetensors(out);
          expect(JSON.parse(f.metadata!.shard)).to.deep.equal({ rank, world, dim });
          for (const [name, t] of whole.tensors) {
            const part = f.tensors.get(name)!;
            const shape = [...t.shape];
            if (shape.length > dim) shape[dim] = splitRange(t.shape[dim], world, rank)[1] - splitRange(t.shape[dim], world, rank)[0];
            expect(part.shape, name).to.deep.equal(shape);
            expect(Array.from(part.data), `${name} rank ${rank}`).to.deep.equal(expectedPart(t.data, t.shape, rank, world, dim));
          }
        }
        expect(await verifyShards(full, shards)).to.deep.include({ ok: true, problems: [] });
        for (const s of shards) expect((await verifyModel(s)).ok).to.equal(true);
      });
    }
  }

  it('makes column shards of wide rows with per-row ranges and of very wide rows in-row pieces, equal to the full tensor', async () => {
    const spec: ModelSpec = { seed: 9, tensors: [{ name: 'wide', shape: [3, 140_001], init: 'normal' }] };
    const t = resolveSpec(spec).tensors[0];
    expect(piecesOf(partOf(t, { rank: 0, world: 2 }, 1), 1 << 24).next().value!.kind).to.equal('rowRanges');
    expect(piecesOf(partOf(t, { rank: 0, world: 2 }, 1), 1000).next().value!.kind).to.equal('range');
    expect(piecesOf(partOf({ ...t, shape: [3, 1000] }, { rank: 0, world: 2 }, 1), 1 << 24).next().value!.kind).to.equal('rows');
    const full = file('wide');
    await initModel(spec, { out: full });
    const shards = [file('w0'), file('w1')];
    await initModel(spec, { out: shards[0], shard: { rank: 0, world: 2 }, shardDim: 1 });
    await initModel(spec, { out: shards[1], shard: { rank: 1, world: 2 }, shardDim: 1, pieceElements: 1000 });
    expect(await verifyShards(full, shards)).to.deep.include({ ok: true });
    // small read buffers: rows larger than a buffer, and several rows per block
    expect(await verifyShards(full, shards, { bufferBytes: 1000 })).to.deep.include({ ok: true });
    expect(await verifyShards(full, shards, { bufferBytes: 3 * 140_001 * 4 })).to.deep.include({ ok: true });
    const data = readSafetensors(shards[1]).tensors.get('wide')!.data;
    const whole = readSafetensors(full).tensors.get('wide')!.data;
    expect(data.length).to.equal(3 * 70_000);
    expect(data[0]).to.equal(whole[70_001]);
    expect(data[70_000]).to.equal(whole[140_001 + 70_001]);
  });

  it('detects a shard that differs, a missing rank and a corrupted file', async () => {
    const spec: ModelSpec = { seed: 2, tensors: [{ name: 'w', shape: [6, 4], init: 'normal' }] };
    const full = file();
    await initModel(spec, { out: full });
    const shards = [file(), file()];
    await initModel(spec, { out: shards[0], shard: { rank: 0, world: 2 }, shardDim: 1 });
    await initModel({ ...spec, seed: 3 }, { out: shards[1], shard: { rank: 1, world: 2 }, shardDim: 1 });
    const r = await verifyShards(full, shards);
    expect(r.ok).to.equal(false);
    expect(r.problems[0]).to.contain('tensor "w": rank 1 differs from the full file in row 0 at column element 2');
    expect((await verifyShards(full, shards, { bufferBytes: 8 })).problems[0]).to.contain('tensor "w": rank 1 differs from the full file in row 0');
    const rowShards = [file(), file()];
    await initModel(spec, { out: rowShards[0], shard: { rank: 0, world: 2 } });
    await initModel({ ...spec, seed: 3 }, { out: rowShards[1], shard: { rank: 1, world: 2 } });
    expect((await verifyShards(full, rowShards)).problems).to.deep.equal(['tensor "w": rank 1 differs from the full file at element 12 of the full tensor']);
    const missing = await verifyShards(full, [shards[0]]);
    expect(missing.problems).to.deep.equal(['rank 1 of 2 is missing']);
    // flip one byte of the data
    const raw = fs.readFileSync(full);
    raw[raw.length - 5] ^= 1;
    fs.writeFileSync(full, raw);
    const v = await verifyModel(full);
    expect(v.ok).to.equal(false);
    expect(v.problems[0]).to.match(/tensor "w" differs from its spec at element 22/);
    // against another spec
    const other = await verifyModel(shards[0], { spec: { ...spec, tensors: [{ name: 'w', shape: [6, 5], init: 'normal' }] } });
    expect(other.problems[0]).to.contain('has shape [6,2] in the file, [6,3] expected');
  });
});

describe('model: presets', () => {
  const count = (spec: ModelSpec) => resolveSpec(spec).tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0);

  it('gpt2() has GPT-2 small\'s 124,439,808 parameters and the HF init rules', () => {
    const spec = gpt2();
    expect(count(spec)).to.equal(124_439_808);
    const r = resolveSpec(spec);
    const by = new Map(r.tensors.map((t) => [t.name, t]));
    expect(by.get('wte.weight')!.shape).to.deep.equal([50257, 768]);
    expect(by.get('h.0.attn.c_attn.weight')!.shape).to.deep.equal([768, 2304]);
    expect(by.get('h.0.attn.c_attn.weight')!.options).to.deep.equal({ mean: 0, std: 0.02 });
    expect(by.get('h.11.mlp.c_proj.weight')!.options.std).to.equal(0.02 / Math.sqrt(24));
    expect(by.get('h.3.attn.c_proj.weight')!.options.std).to.equal(0.02 / Math.sqrt(24));
    expect(by.get('h.3.attn.c_proj.bias')!.init).to.equal('zeros');
    expect(by.get('ln_f.weight')!.init).to.equal('ones');
    expect(r.tensors.length).to.equal(2 + 12 * 12 + 2);
  });

  it('llama() has Llama-2-7B\'s 6,738,415,616 parameters by default and N(0, 0.02) / ones', () => {
    expect(count(llama())).to.equal(6_738_415_616);
    const r = resolveSpec(llama({ vocab: 100, layers: 2, hidden: 64, intermediate: 96, heads: 8, kvHeads: 2, tieEmbeddings: true }));
    const by = new Map(r.tensors.map((t) => [t.name, t]));
    expect(by.get('model.layers.1.self_attn.k_proj.weight')!.shape).to.deep.equal([16, 64]);
    expect(by.get('model.layers.1.mlp.down_proj.weight')!.shape).to.deep.equal([64, 96]);
    expect(by.get('model.norm.weight')!.init).to.equal('ones');
    expect(by.has('lm_head.weight')).to.equal(false);
    expect(by.get('model.embed_tokens.weight')!.options).to.deep.equal({ mean: 0, std: 0.02 });
    expect(() => llama({ heads: 6, kvHeads: 4 })).to.throw(RangeError, 'heads to be a multiple of kvHeads');
  });
});

describe('model: −0 survives the stored spec', () => {
  // JSON.stringify writes −0 as 0; the spec in __metadata__ must make the file's −0 again.
  it('a normal with mean −0 and std 0 is written as −0 and verifies', async () => {
    const spec = { seed: 1, tensors: [{ name: 'n', shape: [4], init: 'normal', options: { mean: -0, std: 0 } }] };
    const out = file();
    await initModel(spec, { out });
    const read = readSafetensors(out);
    const data = read.tensors.get('n')!.data as Float32Array;
    expect([...data].every((v) => Object.is(v, -0))).to.equal(true);
    expect(JSON.parse(read.metadata!.spec).tensors[0].options.mean).to.satisfy((m: number) => Object.is(m, -0));
    const result = await verifyModel(out);
    expect(result.problems).to.deep.equal([]);
    expect(result.ok).to.equal(true);
  });
});

describe('model: command line', () => {
  function sink(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    return { stream: new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }), text: () => chunks.join('') };
  }

  it('spec → init-model → verify', async () => {
    const out = sink();
    expect(specCommand(['gpt2', '--vocab', '50', '--n-layer', '2', '--n-head', '2', '--n-embd', '8', '--n-positions', '16', '--seed', '4', '--dtype', 'bfloat16'], out.stream)).to.equal(0);
    const spec = JSON.parse(out.text());
    expect(spec.seed).to.equal(4);
    expect(spec.dtype).to.equal('bfloat16');
    const specPath = path.join(tmp, `spec-${counter++}.json`);
    fs.writeFileSync(specPath, out.text());
    const model = file();
    const err = sink();
    expect(await initModelCommand([specPath, '-o', model], err.stream)).to.equal(0);
    expect(err.text()).to.match(/^kaiming: wrote .*: 28 tensors/);
    const shard = file();
    expect(await initModelCommand([specPath, '-o', shard, '--shard', '1/2', '--shard-dim', '1', '--quiet'], err.stream)).to.equal(0);
    const again = sink();
    expect(await initModelCommand([specPath, '-o', model], again.stream)).to.equal(1);
    expect(again.text()).to.contain('pass --force');
    const v = sink();
    expect(await verifyCommand([model], v.stream)).to.equal(0);
    expect(v.text()).to.contain('OK');
    const e2 = sink();
    expect(await initModelCommand([specPath], e2.stream)).to.equal(2);
    expect(e2.text()).to.contain('Expected an output file');
    expect(specCommand(['gpt3'], sink().stream, sink().stream)).to.equal(2);
  });

  it('draws a progress line on a TTY and a summary', async () => {
    const specPath = path.join(tmp, `spec-${counter++}.json`);
    fs.writeFileSync(specPath, JSON.stringify({ seed: 1, tensors: [{ name: 'a', shape: [64, 64], init: 'normal' }] }));
    const tty = sink();
    Object.assign(tty.stream, { isTTY: true });
    expect(await initModelCommand([specPath, '-o', file()], tty.stream)).to.equal(0);
    expect(tty.text()).to.match(/init-model \[=+\] 100% \| ETA \d+s \| tensors 1\/1 \| /);
    expect(tty.text()).to.match(/kaiming: wrote .*1 tensors/);
  });

  it('Ctrl-C (SIGINT) stops init-model with exit code 130 and leaves no file', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = fs.mkdtempSync(path.join(tmp, 'sigint-'));
    const specPath = path.join(dir, 'spec.json');
    fs.writeFileSync(specPath, JSON.stringify({ seed: 1, dtype: 'bfloat16', tensors: Array.from({ length: 40 }, (_, i) => ({ name: `t${i}`, shape: [4096, 4096], init: 'normal' })) }));
    const out = path.join(dir, 'model.safetensors');
    const script = `require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'cli', 'main.ts'))}).initModelCommand([${JSON.stringify(specPath)}, '-o', ${JSON.stringify(out)}]).then((c) => { process.exitCode = c; });`;
    // The child states its own exit status (test/support/report-exit.cjs: Deno's child_process does not).
    const child = spawn(childNode, ['-r', path.join(__dirname, 'support', 'report-exit.cjs'), '-r', 'tsx/cjs', '-e', script], { cwd: path.join(__dirname, '..'), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(runtime === 'deno' ? 130 : code)));
    // Wait until the temporary file exists (the run has started), then interrupt.
    for (let i = 0; i < 400 && !fs.readdirSync(dir).some((f) => f.includes('.tmp-')); i++) await new Promise((r) => setTimeout(r, 25));
    expect(fs.readdirSync(dir).some((f) => f.includes('.tmp-')), 'temporary file seen').to.equal(true);
    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    expect(stderr).to.contain('interrupted');
    expect(stderr).to.contain('exit status 130');
    expect(fs.readdirSync(dir)).to.deep.equal(['spec.json']);
  });
});

// keep ruleByName imported for readers: every init name of a spec resolves through it
void ruleByName;
void (null as unknown as DType);
