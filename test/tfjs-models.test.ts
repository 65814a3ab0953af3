// Whole tfjs-layers models built with kaiming/tfjs initializers: an MLP and a small
// CNN whose weights are kaiming's values (TF.js layout or PyTorch's, permuted), one
// fit() step that lowers the loss, and a save/load round trip through
// tf.io.withSaveHandler / tf.io.fromMemory that keeps the initializer configs
// (tfjs-layers/src/utils/serialization_utils.ts converts them to snake_case and back).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'chai';
import { init, kaimingNormal, kaimingUniform, uniform } from '../lib/index';
import { HeNormal, KaimingNormal, KaimingUniform, KaimingInitializer, Zeros, torchToTfjs } from '../lib/tfjs/index';
import { saveToMemory, useCpuBackend, valuesOf } from './support/tfjs';

useCpuBackend();

function mlp(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        name: 'fc1', inputShape: [8], units: 16, activation: 'relu',
        kernelInitializer: new KaimingNormal({ nonlinearity: 'relu', seed: 1, key: 'fc1' }),
        biasInitializer: new Zeros(),
      }),
      tfl.layers.dense({
        name: 'fc2', units: 3,
        kernelInitializer: new KaimingUniform({ seed: 1, key: 'fc2', semantics: 'torch', nonlinearity: 'leaky_relu', a: Math.sqrt(5) }),
      }),
    ],
  });
}

function cnn(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        name: 'conv1', inputShape: [6, 6, 2], filters: 4, kernelSize: 3, activation: 'relu',
        kernelInitializer: new KaimingNormal({ mode: 'fan_out', nonlinearity: 'relu', seed: 2, key: 'conv1', semantics: 'torch' }),
      }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ name: 'head', units: 2, kernelInitializer: new HeNormal({ seed: 2, key: 'head' }) }),
    ],
  });
}

/** Fixed inputs and targets: U(−1, 1) from kaiming's stream. */
function data(shape: number[], key: string): tf.Tensor {
  return tf.tensor(uniform(shape, { low: -1, high: 1, seed: 99, key }).data, shape);
}

async function lossAfterOneStep(model: tfl.Sequential, x: tf.Tensor, y: tf.Tensor): Promise<[number, number]> {
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
  const before = (model.evaluate(x, y) as tf.Scalar).dataSync()[0];
  const history = await model.fit(x, y, { epochs: 1, batchSize: x.shape[0], shuffle: false, verbose: 0 });
  const after = (model.evaluate(x, y) as tf.Scalar).dataSync()[0];
  // fit() reports the loss of the step's forward pass: the loss at the initial weights.
  expect(history.history.loss[0]).to.be.closeTo(before, 1e-6);
  return [before, after];
}

describe('kaiming/tfjs in whole models', () => {
  it('MLP: weights are kaiming values (keras layout for fc1, the torch weight transposed for fc2)', () => {
    const model = mlp();
    const [k1, b1, k2, b2] = model.getWeights();
    expect(valuesOf(k1)).to.deep.equal(Array.from(kaimingNormal([8, 16], { nonlinearity: 'relu', seed: 1, key: 'fc1', layout: 'keras' }).data));
    expect(valuesOf(b1)).to.deep.equal(new Array(16).fill(0));
    const weight = kaimingUniform([3, 16], { seed: 1, key: 'fc2', a: Math.sqrt(5) }); // nn.Linear(16, 3).weight
    expect(valuesOf(k2)).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [3, 16])));
    expect(valuesOf(k2)[1]).to.equal(weight.data[16]); // kernel[0][1] = weight[1][0]
    expect(b2.shape).to.deep.equal([3]);
  });

  it('CNN: the Conv2D kernel [3, 3, 2, 4] is the torch weight [4, 2, 3, 3] permuted, with fan_out = 4·9', () => {
    const model = cnn();
    const kernel = model.getWeights()[0];
    expect(kernel.shape).to.deep.equal([3, 3, 2, 4]);
    const weight = kaimingNormal([4, 2, 3, 3], { mode: 'fan_out', nonlinearity: 'relu', seed: 2, key: 'conv1' });
    expect(valuesOf(kernel)).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [4, 2, 3, 3])));
    const head = model.getWeights()[2];
    expect(valuesOf(head)).to.deep.equal(Array.from(init('heNormal', [64, 2], { seed: 2, key: 'head' }).data));
  });

  it('one fit() step lowers the loss of the MLP and of the CNN', async () => {
    const [b1, a1] = await lossAfterOneStep(mlp(), data([32, 8], 'x'), data([32, 3], 'y'));
    expect(a1).to.be.lessThan(b1);
    const [b2, a2] = await lossAfterOneStep(cnn(), data([16, 6, 6, 2], 'x'), data([16, 2], 'y'));
    expect(a2).to.be.lessThan(b2);
  });

  it('a saved model loads back with the same initializer configs and weights', async () => {
    const model = cnn();
    const artifacts = await saveToMemory(model);
    const topology = JSON.stringify(artifacts.modelTopology);
    expect(topology).to.contain('"class_name":"kaiming.KaimingNormal"');
    expect(topology).to.contain('"mode":"fan_out"');
    expect(JSON.stringify((await saveToMemory(mlp())).modelTopology)).to.contain('"nonlinearity":"leaky_relu"');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    for (const [i, name] of [[0, 'conv1'], [2, 'head']] as const) {
      const original = (model.layers[i] as unknown as { kernelInitializer: KaimingInitializer }).kernelInitializer;
      const restored = (loaded.layers[i] as unknown as { kernelInitializer: KaimingInitializer }).kernelInitializer;
      expect(restored, name).to.be.instanceOf(KaimingInitializer);
      expect(restored.constructor).to.equal(original.constructor);
      expect(restored.getConfig(), name).to.deep.equal(original.getConfig());
      const shape = model.layers[i].getWeights()[0].shape;
      expect(valuesOf(restored.apply(shape)), name).to.deep.equal(valuesOf(original.apply(shape)));
    }
    const w = model.getWeights();
    loaded.getWeights().forEach((x, i) => expect(valuesOf(x)).to.deep.equal(valuesOf(w[i])));
  });

  it('a model built from a loaded topology alone (no weights) gets the same initial weights again', async () => {
    const artifacts = await saveToMemory(mlp());
    const rebuilt = await tfl.models.modelFromJSON({ modelTopology: artifacts.modelTopology } as never);
    const original = mlp().getWeights();
    rebuilt.getWeights().forEach((x, i) => expect(valuesOf(x)).to.deep.equal(valuesOf(original[i])));
  });
});
