// The axis and gate permutations between PyTorch weights and TF.js kernels (lib/tfjs/layout.ts,
// gates.ts, the depthwise layout of layer-rules/depthwise.ts), proved on real modules: the
// state_dict of torch 1.13 modules is written into the equivalent tfjs-layers layer through
// kaiming's mappings, and TF.js must compute torch's output on torch's input
// (test/fixtures/tfjs_torch_forward.json, made by make_tfjs_torch_fixtures.py). A wrong
// permutation moves weights between connections and changes the output far beyond 1e-5.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { torchGenerator, uniform } from '../lib/index';
import { GATE_ORDER, tfjsRecurrentToTorch, tfjsShapeOf, torchRecurrentToTfjs, torchToTfjs, type RecurrentCell } from '../lib/tfjs/index';
import { depthwiseTorchShape } from '../lib/tfjs/layer-rules/depthwise';
import { expectThrow } from './support/initializers';
import { useCpuBackend, valuesOf } from './support/tfjs';

useCpuBackend();

type Arr = { shape: number[]; data: number[] };
type Case = { name: string; layer: Record<string, unknown> & { class_name: string }; module: string; params: Record<string, Arr>; x: Arr; y: Arr };
const FIXTURE = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'tfjs_torch_forward.json'), 'utf8')) as {
  cases: Case[];
  stream: Array<{ seed: number; module: string; params: Record<string, Arr> }>;
};

const f32 = (a: Arr): Float32Array => Float32Array.from(a.data);
const kernel = (a: Arr): tf.Tensor => tf.tensor(torchToTfjs(f32(a), a.shape), tfjsShapeOf(a.shape));
const vector = (a: Arr): tf.Tensor => tf.tensor(f32(a), a.shape);

function gateWeights(p: Record<string, Arr>, cell: RecurrentCell, suffix: string): tf.Tensor[] {
  const ih = p[`weight_ih${suffix}`];
  const hh = p[`weight_hh${suffix}`];
  const bias = f32(p[`bias_ih${suffix}`]).map((v, i) => v + p[`bias_hh${suffix}`].data[i]);
  return [
    tf.tensor(torchRecurrentToTfjs(f32(ih), ih.shape, cell), [ih.shape[1], ih.shape[0]]),
    tf.tensor(torchRecurrentToTfjs(f32(hh), hh.shape, cell), [hh.shape[1], hh.shape[0]]),
    tf.tensor(torchRecurrentToTfjs(bias, [bias.length], cell), [bias.length]),
  ];
}

/** The tfjs-layers model of a case, and its weights from the torch state_dict. */
function modelOf(c: Case): { model: tfl.LayersModel; weights: tf.Tensor[] } {
  const p = c.params;
  const l = c.layer;
  const inputShape = c.x.shape.slice(1);
  const rnn = { units: l.units as number, returnSequences: true, recurrentActivation: 'sigmoid' } as const;
  switch (c.name) {
    case 'dense':
      return { model: tfl.sequential({ layers: [tfl.layers.dense({ inputShape, units: 3 })] }), weights: [kernel(p.weight), vector(p.bias)] };
    case 'conv1d':
      return { model: tfl.sequential({ layers: [tfl.layers.conv1d({ inputShape, filters: 4, kernelSize: 3 })] }), weights: [kernel(p.weight), vector(p.bias)] };
    case 'conv2d':
      return { model: tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape, filters: 4, kernelSize: [3, 2] })] }), weights: [kernel(p.weight), vector(p.bias)] };
    case 'conv2d_transpose':
      return { model: tfl.sequential({ layers: [tfl.layers.conv2dTranspose({ inputShape, filters: 2, kernelSize: 3 })] }), weights: [kernel(p.weight), vector(p.bias)] };
    case 'depthwise': {
      const layer = tfl.layers.depthwiseConv2d({ inputShape, kernelSize: 3, depthMultiplier: 2 });
      const model = tfl.sequential({ layers: [layer] });
      const shape = layer.getWeights()[0].shape;
      // The generic rule on PyTorch's [in·mult, 1, kh, kw] gives [kh, kw, 1, in·mult]: the same memory as [kh, kw, in, mult].
      expect(depthwiseTorchShape(shape)).to.deep.equal(p.weight.shape);
      return { model, weights: [tf.tensor(torchToTfjs(f32(p.weight), p.weight.shape), shape), vector(p.bias)] };
    }
    case 'separable': {
      const layer = tfl.layers.separableConv2d({ inputShape, kernelSize: 3, depthMultiplier: 2, filters: 4 });
      const model = tfl.sequential({ layers: [layer] });
      const dw = p['depthwise.weight'];
      return { model, weights: [tf.tensor(torchToTfjs(f32(dw), dw.shape), layer.getWeights()[0].shape), kernel(p['pointwise.weight']), vector(p['pointwise.bias'])] };
    }
    case 'rnn':
      return { model: tfl.sequential({ layers: [tfl.layers.simpleRNN({ inputShape, units: 4, returnSequences: true })] }), weights: gateWeights(p, 'SimpleRNN', '_l0') };
    case 'rnn_lstm':
      return { model: tfl.sequential({ layers: [tfl.layers.lstm({ inputShape, ...rnn })] }), weights: gateWeights(p, 'LSTM', '_l0') };
    case 'rnn_gru':
      return { model: tfl.sequential({ layers: [tfl.layers.gru({ inputShape, ...rnn })] }), weights: gateWeights(p, 'GRU', '_l0') };
    case 'rnn_lstm_bidirectional_2': {
      // nn.LSTM(num_layers=2, bidirectional=True) = two Bidirectional(LSTM) with mergeMode 'concat' ([forward, backward] = torch's order).
      const bi = (first: boolean) => tfl.layers.bidirectional({ layer: tfl.layers.lstm(rnn) as never, mergeMode: 'concat', ...(first ? { inputShape } : {}) });
      const weights = [0, 1].flatMap((k) => [...gateWeights(p, 'LSTM', `_l${k}`), ...gateWeights(p, 'LSTM', `_l${k}_reverse`)]);
      return { model: tfl.sequential({ layers: [bi(true), bi(false)] }), weights };
    }
  }
  throw new Error(`no TF.js model for ${c.name}`);
}

describe('PyTorch weights in TF.js layers (forward outputs of torch 1.13 modules)', () => {
  for (const c of FIXTURE.cases) {
    it(`${c.layer.class_name} computes torch's ${c.module.split('\n')[0].replace(/\($/, '')} output (${c.name})`, () => {
      const { model, weights } = modelOf(c);
      model.setWeights(weights);
      const y = model.predict(tf.tensor(c.x.data, c.x.shape)) as tf.Tensor;
      expect(y.shape).to.deep.equal(c.y.shape);
      const got = valuesOf(y);
      const worst = Math.max(...got.map((v, i) => Math.abs(v - c.y.data[i])));
      expect(worst, 'largest |TF.js − torch|').to.be.lessThan(2e-5);
      // A sanity bound on the test itself: outputs are O(0.1), so a permuted weight would miss by far more.
      expect(Math.max(...c.y.data.map(Math.abs))).to.be.greaterThan(0.05);
    });
  }

  it('the gate orders: TF.js GRU z, r, h are PyTorch blocks 1, 0, 2; LSTM i, f, c, o are i, f, g, o', () => {
    expect(GATE_ORDER).to.deep.equal({ SimpleRNN: [0], GRU: [1, 0, 2], LSTM: [0, 1, 2, 3] });
    // weight_ih [3h, 1] with h = 2: rows r0 r1 z0 z1 n0 n1 → kernel [1, 6] columns z0 z1 r0 r1 n0 n1.
    const w = Float32Array.from([10, 11, 20, 21, 30, 31]);
    expect(Array.from(torchRecurrentToTfjs(w, [6, 1], 'GRU'))).to.deep.equal([20, 21, 10, 11, 30, 31]);
    expect(Array.from(tfjsRecurrentToTorch(torchRecurrentToTfjs(w, [6, 1], 'GRU'), [1, 6], 'GRU'))).to.deep.equal(Array.from(w));
    const big = uniform([12, 5], { low: -1, high: 1, seed: 3 }).data as Float32Array;
    expect(Array.from(tfjsRecurrentToTorch(torchRecurrentToTfjs(big, [12, 5], 'LSTM'), [5, 12], 'LSTM'))).to.deep.equal(Array.from(big));
    expectThrow(() => torchRecurrentToTfjs(w, [5, 1], 'LSTM'), RangeError, 'Expected a PyTorch recurrent weight of shape [4·hidden] or [4·hidden, n] but received [5, 1]');
    expectThrow(() => torchRecurrentToTfjs(w, [6, 1], 'RNN' as never), RangeError, 'Expected one of "SimpleRNN", "GRU", "LSTM" for cell but received "RNN" (string)');
  });
});

describe("torch.manual_seed + nn.LSTM / nn.GRU = kaiming's torch stream, U(±1/√hidden) in parameter order", () => {
  for (const s of FIXTURE.stream) {
    it(`${s.module} after manual_seed(${s.seed})`, () => {
      const generator = torchGenerator(s.seed);
      const hidden = Number(/\d+, (\d+)/.exec(s.module)![1]);
      const bound = 1 / Math.sqrt(hidden);
      for (const [name, p] of Object.entries(s.params)) {
        const drawn = uniform(p.shape, { low: -bound, high: bound, generator });
        expect(Array.from(drawn.data), name).to.deep.equal(p.data);
      }
    });
  }
});
