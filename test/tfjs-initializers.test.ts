// kaiming/tfjs initializer classes: registration as tfjs-layers expects it
// (tensorflow/tfjs tfjs-core/src/serialization.ts, tfjs-layers/src/initializers.ts),
// values equal to kaiming's own functions in TF.js's layout ('keras' semantics) or
// to kaiming's values for the PyTorch weight, permuted ('torch' semantics), seeds,
// configs and validation.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { init, kaimingNormal, kaimingUniform, manualSeed, xavierUniform } from '../lib/index';
import {
  Constant,
  Dirac,
  Eye,
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  INITIALIZER_CLASSES,
  KaimingNormal,
  KaimingUniform,
  LecunNormal,
  LecunUniform,
  Normal,
  Ones,
  Orthogonal,
  Sparse,
  TruncNormal,
  Uniform,
  VarianceScaling,
  XavierNormal,
  XavierUniform,
  Zeros,
  type KaimingInitializer,
} from '../lib/tfjs/index';
import { expectThrow } from './support/initializers';
import { useCpuBackend, valuesOf } from './support/tfjs';
import { childNode } from './support/runtime';

useCpuBackend();

type Case = {
  Cls: new (o?: never) => KaimingInitializer;
  rule: string;
  options: Record<string, unknown>;
  shape: number[];
  layout: boolean;
};

// One row per class: the kaiming rule it runs, options, a TF.js weight shape.
const CASES: Case[] = [
  { Cls: Uniform, rule: 'uniform', options: { low: -0.3, high: 0.2 }, shape: [5, 7], layout: false },
  { Cls: Normal, rule: 'normal', options: { mean: 1, std: 0.5 }, shape: [5, 7], layout: false },
  { Cls: TruncNormal, rule: 'truncNormal', options: { std: 0.02, a: -0.04, b: 0.04 }, shape: [5, 7], layout: false },
  { Cls: Constant, rule: 'constant', options: { value: 0.25 }, shape: [3, 4], layout: false },
  { Cls: Zeros, rule: 'zeros', options: {}, shape: [3, 4], layout: false },
  { Cls: Ones, rule: 'ones', options: {}, shape: [3, 4], layout: false },
  { Cls: KaimingUniform, rule: 'kaimingUniform', options: { nonlinearity: 'relu' }, shape: [3, 3, 4, 6], layout: true },
  { Cls: KaimingNormal, rule: 'kaimingNormal', options: { mode: 'fan_out', nonlinearity: 'leaky_relu', a: 0.2 }, shape: [3, 3, 4, 6], layout: true },
  { Cls: XavierUniform, rule: 'xavierUniform', options: { gain: 2 }, shape: [20, 30], layout: true },
  { Cls: XavierNormal, rule: 'xavierNormal', options: {}, shape: [3, 8, 9], layout: true },
  { Cls: VarianceScaling, rule: 'varianceScaling', options: { scale: 2, mode: 'fan_avg', distribution: 'uniform' }, shape: [3, 3, 4, 6], layout: true },
  { Cls: HeNormal, rule: 'heNormal', options: {}, shape: [3, 3, 4, 6], layout: true },
  { Cls: HeUniform, rule: 'heUniform', options: {}, shape: [20, 30], layout: true },
  { Cls: GlorotNormal, rule: 'glorotNormal', options: {}, shape: [20, 30], layout: true },
  { Cls: GlorotUniform, rule: 'glorotUniform', options: {}, shape: [20, 30], layout: true },
  { Cls: LecunNormal, rule: 'lecunNormal', options: {}, shape: [20, 30], layout: true },
  { Cls: LecunUniform, rule: 'lecunUniform', options: {}, shape: [20, 30], layout: true },
  { Cls: Eye, rule: 'eye', options: {}, shape: [4, 6], layout: false },
  { Cls: Orthogonal, rule: 'orthogonal', options: { gain: 1.5 }, shape: [6, 4], layout: false },
];

describe('kaiming/tfjs initializer classes', () => {
  it('exports 21 classes, each registered in tf.serialization under kaiming.<Name>', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(Object.keys(INITIALIZER_CLASSES)).to.have.length(21);
    for (const [name, Cls] of Object.entries(INITIALIZER_CLASSES)) {
      expect(Cls.className).to.equal(`kaiming.${name}`);
      expect(Cls.name).to.equal(name);
      expect(map[Cls.className][0]).to.equal(Cls);
    }
    // TF.js's own classes are untouched by ours.
    expect(map.HeNormal[0]).to.not.equal(HeNormal);
  });

  it('is accepted by tf.layers as an Initializer (getInitializer checks instanceof)', () => {
    const layer = tfl.layers.dense({ units: 6, kernelInitializer: new HeUniform({ seed: 3 }) });
    layer.apply(tfl.input({ shape: [20] }));
    const kernel = layer.getWeights()[0];
    expect(kernel.shape).to.deep.equal([20, 6]);
    expect(valuesOf(kernel)).to.deep.equal(Array.from(init('heUniform', [20, 6], { seed: 3 }).data));
  });

  describe("'keras' semantics (default): kaiming's values for the TF.js shape, Keras's fans", () => {
    for (const c of CASES) {
      it(`${c.Cls.name}(${JSON.stringify(c.options)}) on ${JSON.stringify(c.shape)}`, () => {
        const x = new c.Cls({ ...c.options, seed: 11, key: 'w' } as never).apply(c.shape, 'float32');
        const expected = init(c.rule, c.shape, { ...c.options, ...(c.layout ? { layout: 'keras' } : {}), seed: 11, key: 'w' });
        expect(x.shape).to.deep.equal(c.shape);
        expect(x.dtype).to.equal('float32');
        expect(valuesOf(x)).to.deep.equal(Array.from(expected.data));
      });
    }
  });

  describe("'torch' semantics: kaiming's values for the PyTorch weight, permuted into the TF.js kernel", () => {
    it('Dense kernel [in, out] = weight [out, in] transposed', () => {
      const kernel = valuesOf(new KaimingUniform({ seed: 5, semantics: 'torch' }).apply([7, 3]));
      const weight = kaimingUniform([3, 7], { seed: 5 }).data; // PyTorch layout, fan_in = 7
      for (let i = 0; i < 7; i++) for (let o = 0; o < 3; o++) expect(kernel[i * 3 + o]).to.equal(weight[o * 7 + i]);
    });

    it('Conv2D kernel [kh, kw, in, out] = weight [out, in, kh, kw] permuted', () => {
      const [kh, kw, cin, cout] = [3, 2, 4, 5];
      const kernel = valuesOf(new KaimingNormal({ nonlinearity: 'relu', seed: 6, semantics: 'torch' }).apply([kh, kw, cin, cout]));
      const weight = kaimingNormal([cout, cin, kh, kw], { nonlinearity: 'relu', seed: 6 }).data;
      for (let h = 0; h < kh; h++)
        for (let w = 0; w < kw; w++)
          for (let i = 0; i < cin; i++)
            for (let o = 0; o < cout; o++) {
              expect(kernel[((h * kw + w) * cin + i) * cout + o]).to.equal(weight[((o * cin + i) * kh + h) * kw + w]);
            }
    });

    it('Conv1D [k, in, out] and Conv3D [kd, kh, kw, in, out] likewise', () => {
      const k1 = valuesOf(new XavierUniform({ seed: 7, semantics: 'torch' }).apply([3, 4, 5]));
      const w1 = xavierUniform([5, 4, 3], { seed: 7 }).data;
      for (let k = 0; k < 3; k++) for (let i = 0; i < 4; i++) for (let o = 0; o < 5; o++) {
        expect(k1[(k * 4 + i) * 5 + o]).to.equal(w1[(o * 4 + i) * 3 + k]);
      }
      const k3 = valuesOf(new KaimingUniform({ seed: 8, semantics: 'torch' }).apply([2, 3, 2, 3, 4]));
      const w3 = kaimingUniform([4, 3, 2, 3, 2], { seed: 8 }).data;
      for (let k = 0; k < 12; k++) for (let i = 0; i < 3; i++) for (let o = 0; o < 4; o++) {
        expect(k3[(k * 3 + i) * 4 + o]).to.equal(w3[(o * 3 + i) * 12 + k]);
      }
    });

    it('Dirac defaults to the torch semantics: an identity Conv2D kernel', () => {
      const kernel = new Dirac().apply([3, 3, 4, 4]);
      // TF.js kernel[h, w, i, o] = 1 exactly at the centre with i = o.
      const v = valuesOf(kernel);
      for (let h = 0; h < 3; h++) for (let w = 0; w < 3; w++) for (let i = 0; i < 4; i++) for (let o = 0; o < 4; o++) {
        expect(v[((h * 3 + w) * 4 + i) * 4 + o]).to.equal(h === 1 && w === 1 && i === o ? 1 : 0);
      }
      expect(new Dirac().semantics).to.equal('torch');
      expect(new Sparse({ sparsity: 0.5 }).semantics).to.equal('torch');
    });

    it('Sparse zeroes ⌈sparsity·out⌉ entries per input row of the Dense kernel (torch sparse_ on the [out, in] weight)', () => {
      const v = valuesOf(new Sparse({ sparsity: 0.5, seed: 2 }).apply([6, 4]));
      for (let i = 0; i < 6; i++) expect(v.slice(i * 4, i * 4 + 4).filter((x) => x === 0)).to.have.length(2);
    });

    it("Orthogonal of a Conv2D kernel: [kh·kw·in, out] has orthonormal columns × gain in both semantics (Keras's flattening)", () => {
      const shape = [3, 3, 4, 8];
      for (const semantics of ['keras', 'torch'] as const) {
        const v = valuesOf(new Orthogonal({ gain: 2, seed: 3, semantics }).apply(shape));
        const [R, C] = [36, 8];
        for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) {
          let dot = 0;
          for (let r = 0; r < R; r++) dot += v[r * C + a] * v[r * C + b];
          expect(dot, `${semantics} column ${a}·${b}`).to.be.closeTo(a === b ? 4 : 0, 1e-5);
        }
      }
      // 'keras': kaiming's orthogonal of the [36, 8] matrix, reshaped.
      expect(valuesOf(new Orthogonal({ seed: 3 }).apply(shape))).to.deep.equal(Array.from(init('orthogonal', [36, 8], { seed: 3 }).data));
    });

    it('a rank-1 weight (a bias) is the same in both semantics', () => {
      const a = valuesOf(new Uniform({ seed: 4, semantics: 'torch' }).apply([9]));
      expect(a).to.deep.equal(valuesOf(new Uniform({ seed: 4 }).apply([9])));
    });
  });

  describe('seeds', () => {
    it('a seeded initializer gives the same values on every call, and the golden values in every process', () => {
      const he = new KaimingNormal({ nonlinearity: 'relu', seed: 1 });
      const first = valuesOf(he.apply([6, 4]));
      expect(valuesOf(he.apply([6, 4]))).to.deep.equal(first);
      // docs/STREAM.md: these depend only on (seed, key, index): written down once, they hold in any process.
      expect(first.slice(0, 4)).to.deep.equal(Array.from(kaimingNormal([6, 4], { nonlinearity: 'relu', seed: 1, layout: 'keras' }).data.slice(0, 4)));
      expect(first[0]).to.equal(Math.fround(first[0]));
    });

    it('unseeded: the default generator gives every call a new key, reproducible after manualSeed', () => {
      const he = new HeNormal();
      manualSeed(42);
      const a = valuesOf(he.apply([8, 8]));
      const b = valuesOf(he.apply([8, 8]));
      expect(a).to.not.deep.equal(b);
      manualSeed(42);
      expect(valuesOf(he.apply([8, 8]))).to.deep.equal(a);
      expect(a).to.deep.equal(Array.from(init('heNormal', [8, 8], { seed: 42, key: 0 }).data));
    });

    it('seeds and keys above 2^53 survive getConfig as decimal strings', () => {
      const seed = (1n << 63n) + 5n;
      const u = new Uniform({ seed, key: 'layer/kernel' });
      const config = u.getConfig();
      expect(config.seed).to.equal('9223372036854775813');
      expect(config.streamKey).to.match(/^[0-9]+$/);
      expect(valuesOf(new Uniform(config as never).apply([4, 4]))).to.deep.equal(valuesOf(u.apply([4, 4])));
      expect(valuesOf(u.apply([4, 4]))).to.deep.equal(Array.from(init('uniform', [4, 4], { seed, key: 'layer/kernel' }).data));
    });
  });

  describe('getConfig', () => {
    it('holds the validated options and semantics, and omits what was not given', () => {
      expect(new KaimingUniform({ mode: 'FAN_OUT', nonlinearity: 'relu', seed: 3 }).getConfig()).to.deep.equal({
        mode: 'FAN_OUT',
        nonlinearity: 'relu',
        semantics: 'keras',
        seed: 3,
      });
      expect(new HeNormal().getConfig()).to.deep.equal({ semantics: 'keras' });
    });

    it("accepts the camelCase values TF.js's loader turns snake_case strings into", () => {
      const a = new VarianceScaling({ mode: 'fanAvg', distribution: 'truncatedNormal', seed: 1 } as never);
      const b = new VarianceScaling({ mode: 'fan_avg', distribution: 'truncated_normal', seed: 1 });
      expect(a.getConfig()).to.deep.equal(b.getConfig());
      expect(valuesOf(a.apply([5, 5]))).to.deep.equal(valuesOf(b.apply([5, 5])));
      const k = new KaimingNormal({ nonlinearity: 'leakyRelu', a: 0.1, seed: 1 } as never);
      expect(k.getConfig().nonlinearity).to.equal('leaky_relu');
    });

    it('ignores the customObjects entry deserializeKerasObject adds', () => {
      expect(new HeUniform({ seed: 1, customObjects: {} } as never).getConfig()).to.deep.equal({ semantics: 'keras', seed: 1 });
    });
  });

  describe('validation', () => {
    it('refuses unknown options with a suggestion', () => {
      expectThrow(() => new KaimingNormal({ nonlinerity: 'relu' } as never), RangeError,
        'Unknown option "nonlinerity" for KaimingNormal; did you mean "nonlinearity"?');
      expectThrow(() => new HeNormal({ layout: 'torch' } as never), RangeError, 'Unknown option "layout" for HeNormal');
    });

    it('refuses bad values at construction, with kaiming messages', () => {
      expectThrow(() => new KaimingNormal({ mode: 'fan_avg' as never }), RangeError,
        'Expected one of "fan_in", "fan_out" for mode but received "fan_avg" (string)');
      expectThrow(() => new VarianceScaling({ scale: 0 }), RangeError, 'Expected a positive number for scale but received 0 (number)');
      expectThrow(() => new Uniform({ semantics: 'jax' as never }), RangeError,
        'Expected one of "keras", "torch" for semantics but received "jax" (string)');
      expectThrow(() => new Uniform({ seed: -1 }), RangeError,
        'Expected an integer between 0 and 2^64-1 (number or bigint) for seed but received -1 (number)');
      expectThrow(() => new Uniform({ seed: '12a' }), RangeError,
        'Expected an integer between 0 and 2^64-1 (number, bigint or decimal string) for seed but received "12a" (string)');
      expectThrow(() => new Uniform({ key: 1, streamKey: '2' }), TypeError,
        'Expected either key or streamKey, not both, but received streamKey "2"');
    });

    it('refuses dtypes other than float32 and shapes the rule refuses', () => {
      expectThrow(() => new HeNormal({ seed: 1 }).apply([2, 2], 'int32'), RangeError,
        'Expected "float32" for dtype but received "int32" (string)');
      expectThrow(() => new HeNormal({ seed: 1 }).apply([2, -3]), RangeError, 'Expected a non-negative integer for shape[1] but received -3 (number)');
      expectThrow(() => new KaimingUniform({ seed: 1, semantics: 'torch' }).apply([5]), RangeError,
        'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [5])');
    });
  });
});

describe('the kaiming/tfjs entry', () => {
  it('is its own exports subpath, with TF.js as optional peer dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.exports['./tfjs']).to.deep.equal({ types: './dist/tfjs/index.d.ts', default: './dist/tfjs/index.js' });
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']) {
      expect(pkg.peerDependencies[name], name).to.be.a('string');
      expect(pkg.peerDependenciesMeta[name], name).to.deep.equal({ optional: true });
    }
  });

  it('is never loaded by the main entry, which loads no TF.js module', () => {
    const script = "require('./lib/index.ts'); process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => /@tensorflow|lib[\\\\/]tfjs/.test(f))))";
    const r = spawnSync(childNode, ['--require', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal([]);
  });
});
