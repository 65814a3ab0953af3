// The four kinds of model of issue 21's done-when, built without names (so TF.js's
// process-wide counters name them differently on every build): reinitialize must give
// them the same weights every time, in this process and in another
// (test/support/tfjs-weights-child.ts).
import * as tfl from '@tensorflow/tfjs-layers';

type Sym = tfl.SymbolicTensor;

/** Sequential MLP with a norm and a PReLU. */
function sequential(): tfl.LayersModel {
  return tfl.sequential({ layers: [
    tfl.layers.dense({ inputShape: [12], units: 16 }),
    tfl.layers.layerNormalization(),
    tfl.layers.prelu(),
    tfl.layers.dense({ units: 4 }),
  ] });
}

/** Functional: a shared Dense applied twice, a nested Sequential with a layer shape-alike the outer ones. */
function functional(): tfl.LayersModel {
  const inner = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [8], units: 8 }), tfl.layers.dense({ units: 8 })] });
  const a = tfl.input({ shape: [8] });
  const b = tfl.input({ shape: [8] });
  const shared = tfl.layers.dense({ units: 8 });
  const merged = tfl.layers.add().apply([shared.apply(a) as Sym, shared.apply(b) as Sym]) as Sym;
  const out = tfl.layers.dense({ units: 8 }).apply(inner.apply(merged) as Sym) as Sym;
  return tfl.model({ inputs: [a, b], outputs: out });
}

/** Recurrent with wrappers: Embedding, Bidirectional(LSTM), a stacked RNN of GRU and SimpleRNN cells, TimeDistributed(Dense). */
function recurrent(): tfl.LayersModel {
  return tfl.sequential({ layers: [
    tfl.layers.embedding({ inputDim: 20, outputDim: 6, inputLength: 5 }),
    tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 4, returnSequences: true }) as never }),
    tfl.layers.rnn({ cell: [tfl.layers.gruCell({ units: 5 }), tfl.layers.simpleRNNCell({ units: 3 })], returnSequences: true }),
    tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 2 }) }),
  ] });
}

/** Depthwise-separable CNN (MobileNet-like) with a ConvLSTM-free conv stack. */
function separableCnn(): tfl.LayersModel {
  return tfl.sequential({ layers: [
    tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3 }),
    tfl.layers.batchNormalization(),
    tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }),
    tfl.layers.separableConv2d({ filters: 6, kernelSize: 3, depthMultiplier: 1 }),
    tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 2 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 3 }),
  ] });
}

export const MODEL_KINDS: Record<string, () => tfl.LayersModel> = { sequential, functional, recurrent, separableCnn };
