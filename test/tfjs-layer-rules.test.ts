// The rule of every weight-bearing tfjs-layers 4.22 class beyond Dense/Conv/Embedding/norms
// (those are in tfjs-reinitialize.test.ts): the exact values each recipe writes (kaiming's
// keyed streams, permuted as lib/tfjs/gates.ts and layout.ts say, which
// tfjs-torch-layout.test.ts proves against torch), their bounds, the law of TF.js's summed
// recurrent bias, orthogonality and unit_forget_bias.
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'chai';
import { glorotUniform, kaimingUniform, uniform } from '../lib/index';
import { ksTest } from '../lib/stats/ks';
import { uniformSumDistribution } from '../lib/distributions/index';
import { recurrentBiasDistribution, reinitialize, torchRecurrentToTfjs, torchToTfjs, type RecurrentCell } from '../lib/tfjs/index';
import { useCpuBackend, valuesOf } from './support/tfjs';

useCpuBackend();

const SEED = 11;
const f32 = (values: ArrayLike<number>): number[] => Array.from(Float32Array.from(values));

function built(layers: tfl.layers.Layer[], recipe: 'torch' | 'keras'): tfl.Sequential {
  const model = tfl.sequential({ layers });
  reinitialize(model, { recipe, seed: SEED });
  return model;
}

/** PyTorch's U(±1/√h) tensor of a recurrent cell, by state_dict key. */
function torchTensor(shape: number[], h: number, key: string): Float32Array {
  const b = 1 / Math.sqrt(h);
  return uniform(shape, { low: -b, high: b, seed: SEED, key }).data as Float32Array;
}

/** What the torch recipe writes into a recurrent cell under `prefix` with suffix `_l0` etc. */
function torchCell(cell: RecurrentCell, gates: number, inputs: number, h: number, prefix: string, suffix: string): number[][] {
  const ih = torchTensor([gates * h, inputs], h, `${prefix}.weight_ih${suffix}`);
  const hh = torchTensor([gates * h, h], h, `${prefix}.weight_hh${suffix}`);
  const bIh = torchTensor([gates * h], h, `${prefix}.bias_ih${suffix}`);
  const bHh = torchTensor([gates * h], h, `${prefix}.bias_hh${suffix}`);
  const bias = Float32Array.from(bIh, (v, i) => v + bHh[i]);
  return [
    Array.from(torchRecurrentToTfjs(ih, [gates * h, inputs], cell)),
    Array.from(torchRecurrentToTfjs(hh, [gates * h, h], cell)),
    Array.from(torchRecurrentToTfjs(bias, [gates * h], cell)),
  ];
}

/** max |M·Mᵀ − I| of a [rows, cols] row-major matrix (rows ≤ cols) or of Mᵀ·M (rows > cols). */
function orthogonalityError(m: number[], rows: number, cols: number): number {
  const [n, len, at] = rows <= cols ? [rows, cols, (i: number, k: number) => m[i * cols + k]] : [cols, rows, (i: number, k: number) => m[k * cols + i]];
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < len; k++) dot += at(i, k) * at(j, k);
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe("layer rules, recipe 'torch'", () => {
  it('LSTM = nn.LSTM: every tensor U(±1/√h) under its state_dict key, bias = bias_ih + bias_hh', () => {
    const model = built([tfl.layers.lstm({ inputShape: [5, 3], units: 4 })], 'torch');
    expect(model.getWeights().map(valuesOf)).to.deep.equal(torchCell('LSTM', 4, 3, 4, '0:LSTM', '_l0'));
  });

  it('GRU = nn.GRU with PyTorch blocks r, z, n moved to TF.js z, r, h; SimpleRNN = nn.RNN', () => {
    const gru = built([tfl.layers.gru({ inputShape: [5, 3], units: 6 })], 'torch');
    expect(gru.getWeights().map(valuesOf)).to.deep.equal(torchCell('GRU', 3, 3, 6, '0:GRU', '_l0'));
    const rnn = built([tfl.layers.simpleRNN({ inputShape: [5, 3], units: 2 })], 'torch');
    expect(rnn.getWeights().map(valuesOf)).to.deep.equal(torchCell('SimpleRNN', 1, 3, 2, '0:SimpleRNN', '_l0'));
  });

  it('Bidirectional and stacked cells take nn.LSTM(num_layers, bidirectional)\'s names: _l{k}, _reverse', () => {
    const bi = built([tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 3 }) as never, inputShape: [4, 2] })], 'torch');
    expect(bi.getWeights().map(valuesOf)).to.deep.equal([
      ...torchCell('LSTM', 4, 2, 3, '0:Bidirectional', '_l0'), ...torchCell('LSTM', 4, 2, 3, '0:Bidirectional', '_l0_reverse')]);
    const stacked = built([tfl.layers.rnn({ cell: [tfl.layers.gruCell({ units: 5 }), tfl.layers.lstmCell({ units: 2 })], inputShape: [4, 3] })], 'torch');
    expect(stacked.getWeights().map(valuesOf)).to.deep.equal([...torchCell('GRU', 3, 3, 5, '0:RNN', '_l0'), ...torchCell('LSTM', 4, 5, 2, '0:RNN', '_l1')]);
  });

  it("TF.js's one bias follows the law of U(±b) + U(±b): the triangular law on ±2b (b = 1/√h)", () => {
    const h = 400;
    // (TF.js's own orthogonal recurrent initializer takes minutes on [400, 1600]: build with zeros, kaiming overwrites them)
    const model = built([tfl.layers.lstm({ inputShape: [2, 1], units: h, recurrentInitializer: 'zeros' })], 'torch');
    const bias = valuesOf(model.getWeights()[2]);
    const b = 1 / Math.sqrt(h);
    expect(Math.max(...bias.map(Math.abs))).to.be.lessThan(2 * b).and.greaterThan(1.5 * b);
    // Triangular on [−2b, 2b]: F(x) = (2b + x)²/(8b²) for x ≤ 0, 1 − (2b − x)²/(8b²) above.
    const cdf = (x: number): number => (x <= -2 * b ? 0 : x >= 2 * b ? 1 : x <= 0 ? (2 * b + x) ** 2 / (8 * b * b) : 1 - (2 * b - x) ** 2 / (8 * b * b));
    expect(ksTest(bias, cdf).pValue).to.be.greaterThan(0.001);
    const law = recurrentBiasDistribution(h);
    expect(law.family).to.equal('uniform_sum');
    expect(law.support).to.deep.equal([-2 * b, 2 * b]);
    expect(law.variance).to.be.closeTo((2 * b * b) / 3, 1e-18);
    for (const x of [-0.09, -0.05, -0.01, 0, 0.02, 0.07, 0.1]) expect(law.cdf(x), `cdf(${x})`).to.be.closeTo(cdf(x), 1e-15);
    expect(ksTest(bias, law.cdf).pValue).to.equal(ksTest(bias, cdf).pValue);
    expect(law.formula.text).to.equal('f(x) = (0.1 − |x|)/0.01 for |x| ≤ 0.1, 0 otherwise (triangular: U(±0.05) + U(±0.05))');
    // ... and not a single uniform's law on ±2b (that would be the other natural mistake).
    expect(ksTest(bias, (x) => Math.min(1, Math.max(0, (x + 2 * b) / (4 * b)))).pValue).to.be.lessThan(1e-6);
  });

  it('the law of U(±a) + U(±b) for a ≠ b: its density integrates to its cdf, quantile inverts cdf, sf = 1 − cdf', () => {
    const law = uniformSumDistribution(0.3, 0.1);
    expect(law.params).to.deep.equal({ a: 0.1, b: 0.3 });
    expect(law.variance).to.be.closeTo((0.01 + 0.09) / 3, 1e-16);
    // Simpson's rule on the piecewise-linear density (exact on each linear piece with the breakpoints as nodes).
    const integral = (to: number): number => {
      const n = 4000;
      const h = (to + 0.4) / n;
      let sum = law.pdf(-0.4) + law.pdf(to);
      for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * law.pdf(-0.4 + i * h);
      return (sum * h) / 3;
    };
    for (const x of [-0.35, -0.2, -0.1, 0, 0.15, 0.25, 0.39]) {
      expect(law.cdf(x), `cdf(${x})`).to.be.closeTo(integral(x), 1e-6);
      expect(law.sf(x) + law.cdf(x)).to.be.closeTo(1, 1e-15);
    }
    for (const p of [1e-9, 0.01, 1 / 6, 0.5, 0.9, 1 - 1e-9]) expect(law.cdf(law.quantile(p)), `p ${p}`).to.be.closeTo(p, 1e-12);
    expect(law.pdf(0)).to.be.closeTo(1 / 0.6, 1e-12);
    expect(law.pdf(0.45)).to.equal(0);
  });

  it('DepthwiseConv2D = nn.Conv2d(in, in·mult, k, groups=in): weight [in·mult, 1, kh, kw], fan_in kh·kw', () => {
    const model = built([tfl.layers.depthwiseConv2d({ inputShape: [6, 6, 3], kernelSize: [3, 2], depthMultiplier: 2 })], 'torch');
    const weight = kaimingUniform([6, 1, 3, 2], { a: Math.sqrt(5), seed: SEED, key: '0:DepthwiseConv2D.weight' });
    const [kernel, bias] = model.getWeights().map(valuesOf);
    expect(kernel).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [6, 1, 3, 2])));
    const bound = 1 / Math.sqrt(6); // 1/√(kh·kw): the same bound for weight and bias
    expect(kernel.every((v) => Math.abs(v) <= bound)).to.equal(true);
    expect(Math.max(...kernel.map(Math.abs))).to.be.greaterThan(0.8 * bound); // not the 1/√(kh·kw·in) of a dense conv
    expect(bias).to.deep.equal(f32(uniform([6], { low: -bound, high: bound, seed: SEED, key: '0:DepthwiseConv2D.bias' }).data));
  });

  it('SeparableConv2D = depthwise nn.Conv2d(groups=in, bias=False) + pointwise nn.Conv2d 1×1', () => {
    const model = built([tfl.layers.separableConv2d({ inputShape: [6, 6, 3], kernelSize: 3, depthMultiplier: 2, filters: 5 })], 'torch');
    const [dw, pw, bias] = model.getWeights().map(valuesOf);
    const d = kaimingUniform([6, 1, 3, 3], { a: Math.sqrt(5), seed: SEED, key: '0:SeparableConv2D.depthwise.weight' });
    const p = kaimingUniform([5, 6, 1, 1], { a: Math.sqrt(5), seed: SEED, key: '0:SeparableConv2D.pointwise.weight' });
    expect(dw).to.deep.equal(Array.from(torchToTfjs(d.data as Float32Array, [6, 1, 3, 3])));
    expect(pw).to.deep.equal(Array.from(torchToTfjs(p.data as Float32Array, [5, 6, 1, 1])));
    const b = 1 / Math.sqrt(6);
    expect(bias).to.deep.equal(f32(uniform([5], { low: -b, high: b, seed: SEED, key: '0:SeparableConv2D.pointwise.bias' }).data));
  });

  it('ConvLSTM2D = one nn.Conv2d(in + f, 4f, k) over [x, h]: U(±1/√((in + f)·kh·kw)) on every tensor', () => {
    const model = built([tfl.layers.convLstm2d({ inputShape: [2, 5, 5, 2], filters: 3, kernelSize: 3 })], 'torch');
    const [kernel, recurrent, bias] = model.getWeights().map(valuesOf);
    const w = kaimingUniform([12, 5, 3, 3], { a: Math.sqrt(5), seed: SEED, key: '0:ConvLSTM2D.weight_l0' }).data as Float32Array;
    const part = (from: number, n: number): number[] => {
      const out = new Float32Array(12 * n * 9);
      for (let o = 0; o < 12; o++) out.set(w.subarray((o * 5 + from) * 9, (o * 5 + from + n) * 9), o * n * 9);
      return Array.from(torchToTfjs(out, [12, n, 3, 3]));
    };
    expect(kernel).to.deep.equal(part(0, 2));
    expect(recurrent).to.deep.equal(part(2, 3));
    const b = 1 / Math.sqrt(45);
    expect(bias).to.deep.equal(f32(uniform([12], { low: -b, high: b, seed: SEED, key: '0:ConvLSTM2D.bias_l0' }).data));
  });

  it("PReLU = nn.PReLU: every alpha 0.25; TimeDistributed's layer takes the wrapper's path", () => {
    const model = built([tfl.layers.prelu({ inputShape: [3, 2] }), tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 2 }) })], 'torch');
    const [alpha, kernel] = model.getWeights().map(valuesOf);
    expect(alpha).to.deep.equal([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    const w = kaimingUniform([2, 2], { a: Math.sqrt(5), seed: SEED, key: '1:TimeDistributed.weight' });
    expect(kernel).to.deep.equal(Array.from(torchToTfjs(w.data as Float32Array, [2, 2])));
  });

  it('Conv3DTranspose = nn.ConvTranspose3d (weight [in, out, *k], fan_in = out·∏k)', () => {
    const model = built([tfl.layers.conv3dTranspose({ inputShape: [3, 3, 3, 4], filters: 2, kernelSize: 2 })], 'torch');
    const w = kaimingUniform([4, 2, 2, 2, 2], { a: Math.sqrt(5), seed: SEED, key: '0:Conv3DTranspose.weight' });
    expect(valuesOf(model.getWeights()[0])).to.deep.equal(Array.from(torchToTfjs(w.data as Float32Array, [4, 2, 2, 2, 2])));
    expect(Math.max(...valuesOf(model.getWeights()[1]).map(Math.abs))).to.be.at.most(1 / 4); // 1/√(2·8)
  });
});

describe("layer rules, recipe 'keras' (Keras 3 defaults)", () => {
  it('LSTM: glorot_uniform kernel, orthogonal recurrent kernel, unit_forget_bias (ones on [h, 2h))', () => {
    const h = 6;
    const model = built([tfl.layers.lstm({ inputShape: [5, 3], units: h })], 'keras');
    const [kernel, recurrent, bias] = model.getWeights().map(valuesOf);
    expect(kernel).to.deep.equal(f32(glorotUniform([3, 4 * h], { layout: 'keras', seed: SEED, key: '0:LSTM/cell/kernel' }).data));
    expect(orthogonalityError(recurrent, h, 4 * h)).to.be.lessThan(1e-5);
    expect(bias).to.deep.equal([...Array(h).fill(0), ...Array(h).fill(1), ...Array(2 * h).fill(0)]);
    const off = built([tfl.layers.lstm({ inputShape: [5, 3], units: 2, unitForgetBias: false })], 'keras');
    expect(valuesOf(off.getWeights()[2])).to.deep.equal(Array(8).fill(0));
  });

  it('GRU, SimpleRNN, Bidirectional: orthogonal recurrent kernels, zero biases, keys per direction', () => {
    const model = built([
      tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 4, returnSequences: true }) as never, inputShape: [5, 3] }),
      tfl.layers.simpleRNN({ units: 5 }),
    ], 'keras');
    const w = model.getWeights().map(valuesOf);
    expect(w[0]).to.deep.equal(f32(glorotUniform([3, 12], { layout: 'keras', seed: SEED, key: '0:Bidirectional/forward/cell/kernel' }).data));
    expect(w[3]).to.deep.equal(f32(glorotUniform([3, 12], { layout: 'keras', seed: SEED, key: '0:Bidirectional/backward/cell/kernel' }).data));
    for (const [i, rows, cols] of [[1, 4, 12], [4, 4, 12], [7, 5, 5]]) expect(orthogonalityError(w[i], rows, cols), `weight ${i}`).to.be.lessThan(1e-5);
    for (const i of [2, 5, 8]) expect(new Set(w[i])).to.deep.equal(new Set([0]));
  });

  it('ConvLSTM2D: the recurrent kernel is orthogonal as Keras flattens it ([kh·kw·f, 4f]); unit_forget_bias', () => {
    const model = built([tfl.layers.convLstm2d({ inputShape: [2, 5, 5, 2], filters: 3, kernelSize: 3 })], 'keras');
    const [, recurrent, bias] = model.getWeights().map(valuesOf);
    expect(orthogonalityError(recurrent, 27, 12)).to.be.lessThan(1e-5);
    expect(bias).to.deep.equal([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('DepthwiseConv2D, SeparableConv2D: glorot_uniform with Keras\'s fans of their own shapes; PReLU alpha 0', () => {
    const model = built([
      tfl.layers.depthwiseConv2d({ inputShape: [6, 6, 3], kernelSize: 3, depthMultiplier: 2 }),
      tfl.layers.separableConv2d({ kernelSize: 3, filters: 4 }),
      tfl.layers.prelu(),
    ], 'keras');
    const w = model.getWeights().map(valuesOf);
    expect(w[0]).to.deep.equal(f32(glorotUniform([3, 3, 3, 2], { layout: 'keras', seed: SEED, key: '0:DepthwiseConv2D/depthwise_kernel' }).data));
    const bound = Math.sqrt(6 / (27 + 18)); // fan_in = kh·kw·in = 27, fan_out = kh·kw·mult = 18
    expect(Math.max(...w[0].map(Math.abs))).to.be.at.most(bound).and.greaterThan(0.8 * bound);
    expect(w[1]).to.deep.equal([0, 0, 0, 0, 0, 0]);
    expect(w[2]).to.deep.equal(f32(glorotUniform([3, 3, 6, 1], { layout: 'keras', seed: SEED, key: '1:SeparableConv2D/depthwise_kernel' }).data));
    expect(w[3]).to.deep.equal(f32(glorotUniform([1, 1, 6, 4], { layout: 'keras', seed: SEED, key: '1:SeparableConv2D/pointwise_kernel' }).data));
    expect(new Set(w[4])).to.deep.equal(new Set([0]));
    expect(new Set(w[5])).to.deep.equal(new Set([0]));
  });
});
