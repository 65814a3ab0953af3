// reinitialize(model, { recipe, seed }): PyTorch's module defaults (checked against
// test/fixtures/tfjs_torch_modules.json, made by make_tfjs_torch_fixtures.py with real
// torch 1.13 modules) or Keras 3's, in place. Keys, reproducibility across builds and
// processes, and the rules of the other layer classes are in tfjs-structure.test.ts and
// tfjs-layer-rules.test.ts.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaults, glorotUniform, manualSeed, normal, uniform } from '../lib/index';
import { reinitialize, reinitializableLayers, torchToTfjs } from '../lib/tfjs/index';
import { expectThrow } from './support/initializers';
import { useCpuBackend, valuesOf } from './support/tfjs';

useCpuBackend();

type Stats = { max_abs: number; std: number; mean: number };
type WeightRow = { shape: number[]; uniform_bound?: number; normal_std?: number; constant?: number; torch?: Stats };
type Row = { layer: Record<string, unknown> & { class_name: string }; module: string; weights: Record<string, WeightRow> };
const FIXTURE = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'tfjs_torch_modules.json'), 'utf8')) as { rows: Row[] };

const NOT_DEFAULT = { gammaInitializer: 'zeros', betaInitializer: 'ones' } as const;

/** The TF.js layer of a fixture row, named after its class. */
function layerOf(row: Row): tfl.layers.Layer {
  const l = row.layer;
  const name = `${l.class_name.toLowerCase()}_under_test`;
  const common = { name, inputShape: l.input_shape as number[] };
  switch (l.class_name) {
    case 'Dense': return tfl.layers.dense({ ...common, units: l.units as number });
    case 'Conv1D': return tfl.layers.conv1d({ ...common, filters: l.filters as number, kernelSize: l.kernel_size as number[] });
    case 'Conv2D': return tfl.layers.conv2d({ ...common, filters: l.filters as number, kernelSize: l.kernel_size as number[] });
    case 'Conv3D': return tfl.layers.conv3d({ ...common, filters: l.filters as number, kernelSize: l.kernel_size as number[] });
    case 'Conv2DTranspose': return tfl.layers.conv2dTranspose({ ...common, filters: l.filters as number, kernelSize: l.kernel_size as number[] });
    case 'Embedding': return tfl.layers.embedding({ name, inputDim: l.input_dim as number, outputDim: l.output_dim as number, inputShape: [5] });
    // Built with other values than PyTorch's, so that a rule that wrote nothing fails.
    case 'BatchNormalization': return tfl.layers.batchNormalization({ ...common, ...NOT_DEFAULT, movingMeanInitializer: 'ones', movingVarianceInitializer: 'zeros' });
    case 'LayerNormalization': return tfl.layers.layerNormalization({ ...common, ...NOT_DEFAULT });
  }
  throw new Error(`no layer for ${l.class_name}`);
}

function stats(v: number[]): Stats {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  return { max_abs: Math.max(...v.map(Math.abs)), std: Math.sqrt(variance), mean };
}

function weightByAttribute(layer: tfl.layers.Layer, attribute: string): tf.Tensor {
  return ((layer as unknown as Record<string, { read(): tf.Tensor }>)[attribute]).read();
}

describe('reinitialize()', () => {
  describe("recipe 'torch' against PyTorch's modules", () => {
    for (const row of FIXTURE.rows) {
      it(`${row.layer.class_name} as ${row.module}`, () => {
        const layer = layerOf(row);
        const model = tfl.sequential({ layers: [layer] });
        const result = reinitialize(model, { recipe: 'torch', seed: 0 });
        expect(result.reinitialized.map((r) => r.layer)).to.deep.equal([layer.name]);
        for (const [attribute, w] of Object.entries(row.weights)) {
          const x = weightByAttribute(layer, attribute);
          expect(x.shape, attribute).to.deep.equal(w.shape);
          const v = valuesOf(x);
          const s = stats(v);
          if (w.constant !== undefined) {
            expect(v.every((y) => y === w.constant), attribute).to.equal(true);
            continue;
          }
          if (w.uniform_bound !== undefined) {
            // U(−b, b): every value in [−b, b); std b/√3, whose sample std has sd ≈ 0.447·σ/√n.
            const b = w.uniform_bound;
            expect(v.every((y) => y >= Math.fround(-b) && y < b), attribute).to.equal(true);
            const sigma = b / Math.sqrt(3);
            const tol = (6 * 0.45 * sigma) / Math.sqrt(v.length);
            expect(s.std, `${attribute} std`).to.be.closeTo(sigma, tol);
            expect(w.torch!.std, `torch ${attribute} std`).to.be.closeTo(sigma, tol);
            expect(s.mean, `${attribute} mean`).to.be.closeTo(0, (6 * sigma) / Math.sqrt(v.length));
            if (v.length > 5000) expect(s.max_abs / b, `${attribute} max`).to.be.greaterThan(0.999);
          } else {
            // N(0, σ²): the sample std has sd ≈ σ/√(2n).
            const sigma = w.normal_std!;
            const tol = (6 * sigma) / Math.sqrt(2 * v.length);
            expect(s.std).to.be.closeTo(sigma, tol);
            expect(w.torch!.std).to.be.closeTo(sigma, tol);
            expect(s.mean).to.be.closeTo(0, (6 * sigma) / Math.sqrt(v.length));
          }
        }
      });
    }

    it("a Dense kernel is defaults.linear's weight transposed, its bias defaults.linear's bias (keys fc.weight, fc.bias)", () => {
      const fc = tfl.layers.dense({ name: 'fc', inputShape: [12], units: 5 });
      reinitialize(tfl.sequential({ layers: [fc] }), { seed: 9 });
      const { weight, bias } = defaults.linear(12, 5, { seed: 9, key: 'fc' });
      expect(valuesOf(fc.getWeights()[0])).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [5, 12])));
      expect(valuesOf(fc.getWeights()[1])).to.deep.equal(Array.from(bias.data));
    });

    it("a Conv2D kernel is defaults.conv's weight permuted; a Conv2DTranspose one is the transposed conv's", () => {
      const conv = tfl.layers.conv2d({ name: 'c', inputShape: [5, 5, 3], filters: 4, kernelSize: [3, 2] });
      const up = tfl.layers.conv2dTranspose({ name: 'up', filters: 2, kernelSize: 2 });
      reinitialize(tfl.sequential({ layers: [conv, up] }), { seed: 9 });
      const c = defaults.conv([4, 3, 3, 2], { seed: 9, key: 'c' });
      expect(valuesOf(conv.getWeights()[0])).to.deep.equal(Array.from(torchToTfjs(c.weight.data as Float32Array, [4, 3, 3, 2])));
      expect(valuesOf(conv.getWeights()[1])).to.deep.equal(Array.from(c.bias.data));
      // TF.js Conv2DTranspose kernel [2, 2, out 2, in 4] = torch ConvTranspose2d(4, 2, 2).weight [4, 2, 2, 2] permuted.
      expect(up.getWeights()[0].shape).to.deep.equal([2, 2, 2, 4]);
      const u = defaults.conv([4, 2, 2, 2], { seed: 9, key: 'up', transposed: true });
      expect(valuesOf(up.getWeights()[0])).to.deep.equal(Array.from(torchToTfjs(u.weight.data as Float32Array, [4, 2, 2, 2])));
      expect(valuesOf(up.getWeights()[1])).to.deep.equal(Array.from(u.bias.data));
    });

    it('an Embedding is N(0, 1) with key <name>.weight', () => {
      const emb = tfl.layers.embedding({ name: 'tok', inputDim: 10, outputDim: 4, inputShape: [3] });
      reinitialize(tfl.sequential({ layers: [emb] }), { seed: 1 });
      expect(valuesOf(emb.getWeights()[0])).to.deep.equal(Array.from(normal([10, 4], { seed: 1, key: 'tok.weight' }).data));
    });
  });

  describe("recipe 'keras'", () => {
    it('glorot_uniform kernels with key <name>/kernel, zero biases, U(±0.05) embeddings, unit norms', () => {
      const fc = tfl.layers.dense({ name: 'fc', inputShape: [6], units: 4, biasInitializer: 'ones' });
      const bn = tfl.layers.batchNormalization({ name: 'bn', gammaInitializer: 'zeros' });
      const model = tfl.sequential({ layers: [fc, bn] });
      const emb = tfl.layers.embedding({ name: 'e', inputDim: 7, outputDim: 3, inputShape: [2] });
      const result = reinitialize(model, { recipe: 'keras', seed: 4 });
      reinitialize(tfl.sequential({ layers: [emb] }), { recipe: 'keras', seed: 4 });
      expect(result.recipe).to.equal('keras');
      expect(valuesOf(fc.getWeights()[0])).to.deep.equal(Array.from(glorotUniform([6, 4], { seed: 4, key: 'fc/kernel' }).data));
      expect(valuesOf(fc.getWeights()[1])).to.deep.equal([0, 0, 0, 0]);
      expect(bn.getWeights().map(valuesOf)).to.deep.equal([[1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]]);
      expect(valuesOf(emb.getWeights()[0])).to.deep.equal(Array.from(uniform([7, 3], { low: -0.05, high: 0.05, seed: 4, key: 'e/embeddings' }).data));
    });
  });

  describe('in place, options', () => {
    function twoLayers(): tfl.Sequential {
      return tfl.sequential({ layers: [tfl.layers.dense({ name: 'fc1', units: 16, inputShape: [8] }), tfl.layers.dense({ name: 'fc2', units: 3 })] });
    }

    it('one layer made again alone gets the values the whole model got; the others stay', () => {
      const model = twoLayers();
      reinitialize(model, { seed: 3 });
      const seed3 = model.getWeights().map(valuesOf);
      reinitialize(model, { seed: 4 });
      const seed4 = model.getWeights().map(valuesOf);
      expect(seed4[2]).to.not.deep.equal(seed3[2]);
      const result = reinitialize(model, { seed: 3, layers: ['fc2'] });
      expect(result.reinitialized.map((r) => r.layer)).to.deep.equal(['fc2']);
      expect(model.getWeights().map(valuesOf)).to.deep.equal([seed4[0], seed4[1], seed3[2], seed3[3]]);
    });

    it('writes into the existing variables, so a compiled model trains on with them', async () => {
      const model = twoLayers();
      const kernel = (model.layers[0] as unknown as { kernel: { val: tf.Variable } }).kernel;
      const variable = kernel.val;
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
      reinitialize(model, { seed: 1 });
      expect(kernel.val).to.equal(variable);
      expect(valuesOf(variable)).to.deep.equal(valuesOf(model.getWeights()[0]));
      const x = tf.tensor(uniform([16, 8], { low: -1, high: 1, seed: 2 }).data, [16, 8]);
      const y = tf.tensor(uniform([16, 3], { low: -1, high: 1, seed: 3 }).data, [16, 3]);
      const before = (model.evaluate(x, y) as tf.Scalar).dataSync()[0];
      await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
      expect((model.evaluate(x, y) as tf.Scalar).dataSync()[0]).to.be.lessThan(before);
    });

    it("draws into the variables' own memory on the CPU backend, unless another tensor shares it or a constraint applies", () => {
      const model = twoLayers();
      const [k1, b1, k2] = model.getWeights();
      const storage = k1.dataSync();
      const before = Array.from(storage);
      const alias = tf.clone(k2); // shares k2's data (refCount 2): k2 must get a new tensor, alias keep its values
      const aliased = valuesOf(alias);
      reinitialize(model, { seed: 12 });
      expect(model.getWeights()[0].dataSync()).to.equal(storage); // the same array, new values
      expect(Array.from(storage)).to.not.deep.equal(before);
      expect(model.getWeights()[1].dataSync()).to.equal(b1.dataSync());
      expect(valuesOf(alias)).to.deep.equal(aliased);
      expect(valuesOf(model.getWeights()[2])).to.not.deep.equal(aliased);
      // The values do not depend on the path taken.
      const fresh = twoLayers();
      reinitialize(fresh, { seed: 12 });
      expect(fresh.getWeights().map(valuesOf)).to.deep.equal(model.getWeights().map(valuesOf));
      // With a constraint, LayerVariable.write applies it to the new values.
      const constrained = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [400], units: 2, kernelConstraint: tfl.constraints.maxNorm({ maxValue: 0.01, axis: 0 }) })] });
      reinitialize(constrained, { seed: 1 });
      const w = valuesOf(constrained.getWeights()[0]);
      for (const j of [0, 1]) expect(Math.hypot(...w.filter((_, i) => i % 2 === j))).to.be.at.most(0.01 + 1e-6);
    });

    it('a layer without a bias gets its kernel only', () => {
      const fc = tfl.layers.dense({ name: 'nobias', inputShape: [6], units: 3, useBias: false });
      const result = reinitialize(tfl.sequential({ layers: [fc] }), { seed: 8 });
      expect(result.reinitialized).to.deep.equal([{ layer: 'nobias', path: 'nobias', className: 'Dense', weights: ['nobias/kernel'] }]);
      const { weight } = defaults.linear(6, 3, { seed: 8, key: 'nobias' });
      expect(valuesOf(fc.getWeights()[0])).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [3, 6])));
    });

    it('without a seed: a new seed per call, reported, and reproducible after manualSeed', () => {
      const model = twoLayers();
      manualSeed(10);
      const r1 = reinitialize(model);
      const w1 = model.getWeights().map(valuesOf);
      const r2 = reinitialize(model);
      expect(r2.seed).to.not.equal(r1.seed);
      reinitialize(model, { seed: r1.seed });
      expect(model.getWeights().map(valuesOf)).to.deep.equal(w1);
      manualSeed(10);
      expect(reinitialize(model).seed).to.equal(r1.seed);
    });
  });

  describe('validation', () => {
    it('refuses a non-model, unknown recipes, options and layer names', () => {
      expectThrow(() => reinitialize({} as never), TypeError, 'Expected a tf.LayersModel for model but received an object');
      const model = tfl.sequential({ layers: [tfl.layers.dense({ name: 'fc', inputShape: [2], units: 2 })] });
      expectThrow(() => reinitialize(model, { recipe: 'jax' as never }), RangeError,
        'Expected one of "torch", "keras" for recipe but received "jax" (string)');
      expectThrow(() => reinitialize(model, { sed: 1 } as never), RangeError, 'Unknown option "sed" for reinitialize; did you mean "seed"?');
      expectThrow(() => reinitialize(model, { layers: ['fc', 'fc9'] }), RangeError,
        'Expected the name or path of a layer of the model for layers[1] but received "fc9" (string)');
      expectThrow(() => reinitialize(model, { layers: 'fc' as never }), TypeError,
        'Expected an array of layer names or paths for layers but received "fc" (string)');
      expectThrow(() => reinitialize(model, { layers: [3 as never] }), TypeError,
        'Expected a layer name or path (string) for layers[0] but received 3 (number)');
      expectThrow(() => reinitialize(model, { seed: 1.5 }), RangeError,
        'Expected an integer between 0 and 2^64-1 (number or bigint) for seed but received 1.5 (number)');
      expectThrow(() => reinitialize(model, { keys: { fc: 7 as never } }), TypeError,
        'Expected a key prefix (string) for keys["fc"] but received 7 (number)');
      expectThrow(() => reinitialize(model, { keys: { fc: '' } }), RangeError,
        'Expected a non-empty key prefix for keys["fc"] but received "" (string)');
    });

    it('lists the layer classes each recipe knows', () => {
      const known = ['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'DepthwiseConv2D', 'SeparableConv2D',
        'SimpleRNNCell', 'GRUCell', 'LSTMCell', 'ConvLSTM2DCell', 'Embedding', 'BatchNormalization', 'LayerNormalization', 'PReLU'];
      expect(reinitializableLayers('torch')).to.deep.equal(known);
      expect(reinitializableLayers('keras')).to.deep.equal(known);
    });
  });
});
