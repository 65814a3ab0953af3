// The torch stream (docs/TORCH-STREAM.md): torch 1.13's own values, byte for
// byte, from fixtures made by test/fixtures/make_torch_stream_fixtures.py with
// Debian's torch 1.13.1 under ATEN_CPU_CAPABILITY=avx2 and =default.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import fixtures from './fixtures/torch_stream.json';
import {
  constant, dirac, eye, init, kaimingNormal, kaimingUniform, normal, normalAsync, ones, orthogonal, sparse, truncNormal, uniform,
  uniformAsync, xavierNormal, xavierUniform, zeros, torchGenerator, torchLayers, torchModules, heNormal,
  type TorchCapability, type TorchLayer, type Tensor,
} from '../lib/index';
import type { DType, TensorData } from '../lib/core/dtype';
import { readSafetensors } from '../lib/formats/safetensors';
import { resolveSpec } from '../lib/model/spec';
import { native } from '../lib/sampling/native';
import { verifyModel } from '../lib/model/verify';
import { initModel } from '../lib/model/write';

type Encoded = { n: number; hex?: string; sha256?: string; head?: string; tail?: string };
type Call = { fn: string; shape: number[]; options: Record<string, unknown>; dtype: DType };
type Layer = { kind: string; args?: unknown[]; options?: Record<string, unknown> };
type Case = { seed: number; calls?: Call[]; modules?: Layer[]; spec?: Record<string, unknown>; dtype?: DType; names?: string[]; outputs: Encoded[] };

// Each fixture call names its function and carries that function's own options.
const FUNCTIONS = {
  uniform, normal, truncNormal, constant, zeros, ones, kaimingUniform, kaimingNormal, xavierUniform, xavierNormal, sparse, eye, dirac,
} as unknown as Record<string, (shape: number[], options: object) => Tensor>;

const bytes = (data: TensorData) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

function encode(data: TensorData): Encoded {
  const raw = bytes(data);
  const item = data.BYTES_PER_ELEMENT;
  if (data.length <= 64) return { n: data.length, hex: raw.toString('hex') };
  return {
    n: data.length, sha256: createHash('sha256').update(raw).digest('hex'),
    head: raw.subarray(0, 8 * item).toString('hex'), tail: raw.subarray(raw.length - 8 * item).toString('hex'),
  };
}

function layerOf(l: Layer): TorchLayer | string {
  const args = (l.args ?? []) as never[];
  switch (l.kind) {
    case 'none': return 'ReLU';
    case 'linear': return torchLayers.linear(args[0], args[1], l.options);
    case 'conv1d': return torchLayers.conv1d(args[0], args[1], args[2], l.options);
    case 'conv2d': return torchLayers.conv2d(args[0], args[1], args[2], l.options);
    case 'conv3d': return torchLayers.conv3d(args[0], args[1], args[2], l.options);
    case 'embedding': return torchLayers.embedding(args[0], args[1], l.options);
    case 'layerNorm': return torchLayers.layerNorm(args[0], l.options);
    case 'bilinear': return torchLayers.bilinear(args[0], args[1], args[2], l.options);
    default: throw new Error(`unknown layer ${l.kind}`);
  }
}

function describeCase(c: Case): string {
  if (c.spec) return `spec with stream "torch", ${(c.spec as { dtype: string }).dtype}`;
  if (c.modules) return `modules ${c.modules.map((m) => `${m.kind}(${JSON.stringify(m.args ?? [])})`).join(', ')} ${c.dtype}`;
  return c.calls!.map((call) => `${call.fn}([${call.shape}], ${JSON.stringify(call.options)}, ${call.dtype})`).join(' → ');
}

describe('torch stream', () => {
  const runs = fixtures.runs as unknown as Record<TorchCapability, { torch: string; cases: Case[] }>;

  it('has fixtures for both torch builds, from torch 1.13', () => {
    expect(Object.keys(runs)).to.deep.equal(['avx2', 'default']);
    for (const run of Object.values(runs)) {
      expect(run.torch).to.match(/^1\.13/);
      expect(run.cases.length).to.be.greaterThan(200);
    }
  });

  for (const capability of ['avx2', 'default'] as const) {
    describe(`torch's ${capability} build`, () => {
      for (const c of runs[capability].cases) {
        if (c.spec) {
          // A model spec with stream "torch": the file's tensors, in order, are torch's (and verify agrees).
          it(`seed ${c.seed}: ${describeCase(c)}`, async () => {
            const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-torch-')), 'model.safetensors');
            await initModel(c.spec, { out });
            const file = readSafetensors(out);
            expect([...file.tensors.values()].map((t) => encode(t.data))).to.deep.equal(c.outputs);
            const verdict = await verifyModel(out);
            expect(verdict.ok, verdict.problems.join('; ')).to.equal(true);
          });
          continue;
        }
        it(`seed ${c.seed}: ${describeCase(c)}`, () => {
          const generator = torchGenerator(c.seed, { capability });
          if (c.modules) {
            const params = torchModules(generator, c.modules.map(layerOf), { dtype: c.dtype });
            expect(Object.keys(params)).to.deep.equal(c.names);
            expect(Object.values(params).map((t) => encode(t.data))).to.deep.equal(c.outputs);
            return;
          }
          const got = c.calls!.map((call) => encode(FUNCTIONS[call.fn]!(call.shape, { ...call.options, dtype: call.dtype, generator }).data));
          expect(got).to.deep.equal(c.outputs);
        });
      }
    });
  }

  it('advances as torch does: two calls on one generator differ, and manualSeed restarts it', () => {
    const g = torchGenerator(5);
    const first = uniform([40], { generator: g }).data;
    const second = uniform([40], { generator: g }).data;
    expect(bytes(first).equals(bytes(second))).to.equal(false);
    g.manualSeed(5);
    expect(bytes(uniform([40], { generator: g }).data).equals(bytes(first))).to.equal(true);
  });

  it('keeps only the low 32 bits of the seed, as torch.manual_seed does', () => {
    const a = normal([20], { generator: torchGenerator(2 ** 32 + 7) }).data;
    const b = normal([20], { generator: torchGenerator(7) }).data;
    expect(bytes(a).equals(bytes(b))).to.equal(true);
  });

  it('drops the cached normal sample on manualSeed (CPUGeneratorImpl::set_current_seed)', () => {
    const g = torchGenerator(3);
    normal([1], { generator: g, dtype: 'float64' }); // leaves r·sin θ cached
    g.manualSeed(3);
    const again = normal([1], { generator: g, dtype: 'float64' }).data;
    expect(bytes(again).equals(bytes(normal([1], { generator: torchGenerator(3), dtype: 'float64' }).data))).to.equal(true);
  });

  it('fills out, marks the tensor and takes the same values through init() and the async twins', async () => {
    const out = new Float64Array(17);
    const t = normal([17], { generator: torchGenerator(1), out });
    expect(t.data).to.equal(out);
    expect(t.stream).to.equal('torch');
    expect(t.seed).to.equal(1n);
    expect(bytes(init('normal_', [17], { generator: torchGenerator(1), dtype: 'float64' }).data).equals(bytes(out))).to.equal(true);
    const async = await normalAsync([17], { generator: torchGenerator(1), dtype: 'float64' });
    expect(bytes(async.data).equals(bytes(out))).to.equal(true);
    const u = await uniformAsync([5], { generator: torchGenerator(1) });
    expect(bytes(u.data).equals(bytes(uniform([5], { generator: torchGenerator(1) }).data))).to.equal(true);
  });

  it('rejects an aborted async call without drawing', async () => {
    const g = torchGenerator(9);
    const controller = new AbortController();
    controller.abort();
    let error: unknown;
    await uniformAsync([4], { generator: g, signal: controller.signal }).catch((e) => (error = e));
    expect((error as Error).name).to.equal('AbortError');
    expect(bytes(uniform([4], { generator: g }).data).equals(bytes(uniform([4], { generator: torchGenerator(9) }).data))).to.equal(true);
  });

  it('draws sparse as torch 1.13: normal_ then a randperm of the rows per column', () => {
    const t = sparse([8, 3], { sparsity: 0.5, generator: torchGenerator(4) });
    for (let col = 0; col < 3; col++) {
      let zeros = 0;
      for (let row = 0; row < 8; row++) zeros += t.data[row * 3 + col] === 0 ? 1 : 0;
      expect(zeros).to.equal(4);
    }
  });

  it('refuses what torch cannot reproduce, saying why, before drawing', () => {
    const g = torchGenerator(0);
    expect(() => orthogonal([4, 4], { generator: g })).to.throw(RangeError, /^Expected a kaiming Generator for orthogonal's generator but received a torch generator: orthogonal cannot draw from one, as torch's orthogonal_ takes the QR decomposition .* LAPACK/);
    expect(() => heNormal([3, 3, 4, 8], { generator: g })).to.throw(RangeError, /^Expected a kaiming Generator for heNormal's generator but received a torch generator: heNormal cannot draw from one, as torch.nn.init has no such initializer/);
    expect(() => uniform([4], { generator: g, dtype: 'bfloat16' })).to.throw(RangeError,
      "Expected 'float32' or 'float64' with a torch generator for dtype but received \"bfloat16\" (string) (torch's float16 and bfloat16 kernels are not reproduced)");
    expect(() => uniform([4], { generator: g, key: 'w' })).to.throw(TypeError, /^Expected no key with a torch generator for key but received "w"/);
    expect(() => uniform([4], { generator: g, range: [0, 2] })).to.throw(TypeError, /^Expected no range with a torch generator for range/);
    expect(() => uniform([4], { generator: g, seed: 1 })).to.throw(TypeError, 'Expected either seed or generator, not both, but received seed 1');
    expect(() => uniform([4], { generator: g, low: 2, high: 1 })).to.throw(RangeError, /^Expected a number greater than or equal to low/);
    // Nothing was drawn by the refused calls.
    expect(bytes(uniform([4], { generator: g }).data).equals(bytes(uniform([4], { generator: torchGenerator(0) }).data))).to.equal(true);
  });

  it('refuses in a torch-stream spec what the stream cannot make, and shards', async () => {
    const base = { seed: 1, stream: 'torch' };
    expect(() => resolveSpec({ ...base, tensors: [{ name: 'w', shape: [4, 4], init: 'orthogonal' }] })).to.throw(RangeError,
      /^tensors\[0\] \("w"\)\.init: Expected a kaiming Generator for orthogonal's generator but received a torch generator: orthogonal cannot draw from one/);
    expect(() => resolveSpec({ ...base, dtype: 'bfloat16', tensors: [{ name: 'w', shape: [4], init: 'normal' }] })).to.throw(RangeError,
      /^tensors\[0\] \("w"\)\.dtype: Expected "float32" or "float64" \(the dtypes of the torch stream\)/);
    expect(() => resolveSpec({ ...base, stream: 'numpy', tensors: [] })).to.throw(RangeError, /stream/);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-torch-')), 'm.safetensors');
    let error: unknown;
    await initModel({ ...base, tensors: [{ name: 'w', shape: [4, 4], init: 'normal' }] }, { out, shard: { rank: 0, world: 2 } }).catch((e) => (error = e));
    expect((error as Error).message).to.match(/^Expected no shard with stream "torch"/);
  });

  it('gives the same bytes on 1 and 3 threads (the transforms after the serial engine are spread)', () => {
    for (const [fn, dtype] of [[normal, 'float32'], [normal, 'float64'], [truncNormal, 'float32']] as const) {
      const one = fn([300_017], { generator: torchGenerator(8), dtype, threads: 1 }).data;
      const three = fn([300_017], { generator: torchGenerator(8), dtype, threads: 3 }).data;
      expect(bytes(one).equals(bytes(three)), `${fn.name} ${dtype}`).to.equal(true);
    }
  });

  it('binding: refuses bad states, arrays and parameters in lib\'s message format', () => {
    const g = torchGenerator(0);
    const params = new Float64Array([0, 1, 0, 0]);
    const b = native();
    expect(() => b.torchFill(new Uint8Array(10), new Float32Array(4), 0, params, 0, 1)).to.throw(TypeError, /^Expected a Uint8Array of 2512 bytes for state but received/);
    expect(() => b.torchFill(g.state, new Int32Array(4) as never, 0, params, 0, 1)).to.throw(TypeError, /^Expected a Float32Array or Float64Array for out but received/);
    expect(() => b.torchFill(g.state, new Float32Array(4), 3, params, 0, 1)).to.throw(RangeError, /^Expected 0, 1 or 2 for family but received 3/);
    expect(() => b.torchFill(g.state, new Float32Array(4), 0, new Float64Array([1, 0, 0, 0]), 0, 1)).to.throw(RangeError, /^Expected parameters of that family for params/);
    expect(() => b.torchFill(g.state, new Float32Array(4), 0, params, 2, 1)).to.throw(RangeError, /^Expected 0 or 1 for capability but received 2/);
    expect(() => b.torchFill(g.state, new Float32Array(4), 0, params, 0, 0)).to.throw(RangeError, /^Expected an integer between 1 and 1024 for threads but received 0/);
    const broken = new Uint8Array(2512);
    new Uint32Array(broken.buffer)[624] = 625;
    expect(() => b.torchFill(broken, new Float32Array(4), 0, params, 0, 1)).to.throw(RangeError, /^Expected a torch generator state for state/);
    expect(() => b.torchRandom(g.state, new Float32Array(2) as never)).to.throw(TypeError, /^Expected a Uint32Array for out/);
    // The generator state is torch's: its first outputs are std::mt19937(0)'s (C++17 [rand.predef]: default seed 5489 gives 3499211612 first).
    expect([...b.torchRandom(torchGenerator(5489).state, new Uint32Array(2))]).to.deep.equal([3499211612, 581869302]);
  });

  it('validates torchGenerator, torchLayers and torchModules arguments', () => {
    expect(() => torchGenerator(-1)).to.throw(RangeError, /^Expected an integer between 0 and 2\^64-1 .* for seed but received -1/);
    expect(() => torchGenerator(0, { capability: 'avx512' as never })).to.throw(RangeError, "Expected 'avx2' or 'default' for capability but received \"avx512\" (string)");
    expect(() => torchLayers.linear(3.5, 2)).to.throw(RangeError, /^Expected a non-negative integer for inFeatures but received 3.5/);
    expect(() => torchLayers.conv2d(3, 8, 3, { groups: 2 })).to.throw(RangeError, /^Expected a multiple of groups \(2\) for inChannels but received 3/);
    expect(() => torchLayers.embedding(5, 2, { paddingIdx: 5 })).to.throw(RangeError, /^Expected an integer between -5 and 4 for paddingIdx but received 5/);
    expect(() => torchModules(0, [{}] as never)).to.throw(TypeError, /^Expected a torchLayers module, a string or null for modules\[0\]/);
    expect(() => torchModules(0, torchLayers.linear(2, 2), { dtype: 'float16' })).to.throw(RangeError, /^Expected 'float32' or 'float64' with a torch generator for dtype/);
  });
});
