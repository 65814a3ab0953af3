// reinitialize's keys come from each layer's place in the model (lib/tfjs/structure.ts):
// the same architecture gets the same weights however often it is built, in this process
// and in another, named or not; nested models never share a stream with their parents;
// a layer kaiming has no rule for is refused before anything is written.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { childNode } from './support/runtime';
import { join } from 'node:path';
import { defaults } from '../lib/index';
import { isAutoName, reinitialize, torchToTfjs } from '../lib/tfjs/index';
import { expectThrow } from './support/initializers';
import { useCpuBackend, valuesOf } from './support/tfjs';
import { MODEL_KINDS } from './support/tfjs-models';

useCpuBackend();

type Sym = tfl.SymbolicTensor;
const weightsOf = (m: tfl.LayersModel): number[][] => m.getWeights().map(valuesOf);

function weightsBySeed(recipe: 'torch' | 'keras', build: () => tfl.LayersModel): number[][] {
  const model = build();
  reinitialize(model, { recipe, seed: 2026 });
  return weightsOf(model);
}

describe('reinitialize: keys from structure', () => {
  describe('the same model of each kind, built twice here and once in another process', () => {
    let child: Record<string, number[][]>;
    before(function () {
      this.timeout(60_000);
      const r = spawnSync(childNode, ['--import', 'tsx', join(__dirname, 'support', 'tfjs-weights-child.ts')], { encoding: 'utf8', maxBuffer: 1 << 26 });
      expect(r.status, r.stderr).to.equal(0);
      child = JSON.parse(r.stdout) as Record<string, number[][]>;
    });
    for (const recipe of ['torch', 'keras'] as const) {
      for (const [kind, build] of Object.entries(MODEL_KINDS)) {
        it(`${kind}, recipe '${recipe}'`, () => {
          const first = build();
          const second = build();
          expect(first.layers.map((l) => l.name)).to.not.deep.equal(second.layers.map((l) => l.name)); // TF.js's counters moved on
          reinitialize(first, { recipe, seed: 2026 });
          reinitialize(second, { recipe, seed: 2026 });
          const w = weightsOf(first);
          expect(w.length).to.be.greaterThan(3);
          expect(weightsOf(second)).to.deep.equal(w);
          expect(child[`${recipe}/${kind}`]).to.deep.equal(w);
          // and every weight was written: no tensor kept TF.js's own initial values
          expect(weightsBySeed(recipe, build)).to.deep.equal(w);
          reinitialize(second, { recipe, seed: 2027 });
          const other = weightsOf(second);
          w.forEach((values, i) => {
            // (norms, zero biases, PReLU's 0.25 and unit_forget_bias's 0/1 bias are constants)
            if (new Set(values).size > 2) expect(other[i], `weight ${i} depends on the seed`).to.not.deep.equal(values);
          });
        });
      }
    }
  });

  it('an unnamed Sequential: keys are PyTorch-style state_dict names under `${index}:${class}`', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [5], units: 4 }), tfl.layers.dense({ units: 2 })] });
    const result = reinitialize(model, { seed: 4 });
    expect(result.reinitialized.map((r) => r.path)).to.deep.equal(['0:Dense', '1:Dense']);
    const { weight, bias } = defaults.linear(4, 2, { seed: 4, key: '1:Dense' });
    expect(valuesOf(model.getWeights()[2])).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [2, 4])));
    expect(valuesOf(model.getWeights()[3])).to.deep.equal(Array.from(bias.data));
  });

  it('inserting a layer before another changes its key; renaming an auto-named layer does not', () => {
    const plain = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [6], units: 6 }), tfl.layers.dense({ units: 3 })] });
    const inserted = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [6], units: 6 }), tfl.layers.dense({ units: 6 }), tfl.layers.dense({ units: 3 })] });
    reinitialize(plain, { seed: 1 });
    reinitialize(inserted, { seed: 1 });
    expect(valuesOf(inserted.getWeights()[0])).to.deep.equal(valuesOf(plain.getWeights()[0]));
    expect(valuesOf(inserted.getWeights()[4])).to.not.deep.equal(valuesOf(plain.getWeights()[2]));
    // A user-given name pins the layer instead: then the insertion does not move it.
    const named = (extra: boolean) => tfl.sequential({ layers: [
      tfl.layers.dense({ inputShape: [6], units: 6 }), ...(extra ? [tfl.layers.dense({ units: 6 })] : []), tfl.layers.dense({ name: 'head', units: 3 })] });
    const a = named(false);
    const b = named(true);
    reinitialize(a, { seed: 1 });
    reinitialize(b, { seed: 1 });
    expect(valuesOf(b.getWeights()[4])).to.deep.equal(valuesOf(a.getWeights()[2]));
  });

  it('tells TF.js auto names from user-given ones', () => {
    const layer = (name?: string) => tfl.layers.dense({ units: 1, ...(name === undefined ? {} : { name }) }) as never;
    expect(isAutoName(layer())).to.equal(true);
    expect(isAutoName(layer('dense_1'))).to.equal(false); // a Python Keras name: the user's
    expect(isAutoName(layer('dense_Dense0'))).to.equal(false);
    expect(isAutoName(tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 1 }) as never)).to.equal(true);
    expect(isAutoName(tfl.layers.simpleRNNCell({ units: 1 }) as never)).to.equal(true);
    expect(isAutoName(tfl.sequential() as never)).to.equal(true);
    expect(isAutoName(tfl.sequential({ name: 'encoder' }) as never)).to.equal(false);
    const x = tfl.input({ shape: [2] });
    expect(isAutoName(tfl.model({ inputs: x, outputs: x }) as never)).to.equal(true);
  });

  it('inner and outer layers of nested models never share a stream, named alike or not', () => {
    const inner = tfl.sequential({ name: 'enc', layers: [tfl.layers.dense({ name: 'fc', inputShape: [4], units: 4 })] });
    const innerAuto = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 4 })] });
    const x = tfl.input({ shape: [4] });
    const y = tfl.layers.dense({ name: 'fc', units: 4 }).apply(innerAuto.apply(inner.apply(x) as Sym) as Sym) as Sym;
    const extra = tfl.layers.dense({ units: 4 }).apply(y) as Sym;
    const model = tfl.model({ inputs: x, outputs: extra });
    const result = reinitialize(model, { seed: 6 });
    expect(result.reinitialized.map((r) => r.path)).to.deep.equal(['enc/fc', '2:Sequential/0:Dense', 'fc', '4:Dense']);
    const kernels = [inner.getWeights()[0], innerAuto.getWeights()[0], ...model.getWeights().slice(4).filter((w) => w.shape.length === 2)].map(valuesOf);
    expect(new Set(kernels.map((k) => JSON.stringify(k))).size).to.equal(4);
    // enc/fc's key is its state_dict name in a PyTorch model with a submodule `enc`: 'enc.fc'.
    const { weight } = defaults.linear(4, 4, { seed: 6, key: 'enc.fc' });
    expect(valuesOf(inner.getWeights()[0])).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [4, 4])));
  });

  it('a layer shared by two branches is made once; `layers` takes names or paths, a nested model selects its layers', () => {
    const model = MODEL_KINDS.functional();
    const all = reinitialize(model, { seed: 9 });
    expect(all.reinitialized.map((r) => `${r.path} ${r.className}`)).to.deep.equal([
      '2:Dense Dense', '4:Sequential/0:Dense Dense', '4:Sequential/1:Dense Dense', '5:Dense Dense']);
    const before = weightsOf(model);
    reinitialize(model, { seed: 10 });
    const sub = reinitialize(model, { seed: 9, layers: ['4:Sequential'] });
    expect(sub.reinitialized.map((r) => r.path)).to.deep.equal(['4:Sequential/0:Dense', '4:Sequential/1:Dense']);
    expect(weightsOf(model).slice(2, 6)).to.deep.equal(before.slice(2, 6));
    expect(weightsOf(model)[0]).to.not.deep.equal(before[0]);
  });

  it('keys pins a layer to a prefix of the caller\'s; two layers with one key are refused', () => {
    const fc = tfl.layers.dense({ inputShape: [3], units: 2 });
    const model = tfl.sequential({ layers: [fc, tfl.layers.dense({ units: 2 })] });
    const result = reinitialize(model, { seed: 2, keys: { [fc.name]: 'head' } });
    expect(result.reinitialized[0].path).to.equal('0:Dense');
    const { weight } = defaults.linear(3, 2, { seed: 2, key: 'head' });
    expect(valuesOf(fc.getWeights()[0])).to.deep.equal(Array.from(torchToTfjs(weight.data as Float32Array, [2, 3])));
    expectThrow(() => reinitialize(model, { seed: 2, keys: { '0:Dense': 'x', '1:Dense': 'x' } }), RangeError,
      'Expected keys that differ between layers ("0:Dense" and "1:Dense" would share the stream key prefix "x.") for keys but received "x." (string)');
    expectThrow(() => reinitialize(model, { keys: { nope: 'x' } }), RangeError,
      'Expected the name or path of a layer of the model for keys["nope"] but received "nope" (string)');
  });

  it('a name two nested layers share is refused in `layers`, with their paths', () => {
    const enc = tfl.sequential({ name: 'enc', layers: [tfl.layers.dense({ name: 'fc', inputShape: [4], units: 4 })] });
    const dec = tfl.sequential({ name: 'dec', layers: [tfl.layers.dense({ name: 'fc', inputShape: [4], units: 4 })] });
    const model = tfl.sequential({ layers: [enc, dec] });
    expectThrow(() => reinitialize(model, { layers: ['fc'] }), RangeError,
      'Expected one layer\'s name or path (2 layers are named so; their paths: "enc/fc", "dec/fc") for layers[0] but received "fc" (string)');
    expect(reinitialize(model, { seed: 1, layers: ['enc/fc'] }).reinitialized.map((r) => r.path)).to.deep.equal(['enc/fc']);
  });

  it('refuses, by class and path, a layer with weights that no rule covers, and writes nothing', () => {
    class Scale extends tfl.layers.Layer {
      static className = 'Scale';
      w?: unknown;
      override build(): void {
        this.w = this.addWeight('w', [3], 'float32', tfl.initializers.ones());
      }
      override getClassName(): string {
        return 'Scale';
      }
    }
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 3 }), new Scale({})] });
    const before = weightsOf(model);
    expectThrow(() => reinitialize(model, { seed: 1 }), TypeError,
      'Expected only layers with weights that kaiming knows (Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, Conv3DTranspose, DepthwiseConv2D, ' +
      'SeparableConv2D, SimpleRNNCell, GRUCell, LSTMCell, ConvLSTM2DCell, Embedding, BatchNormalization, LayerNormalization, PReLU) for model ' +
      'but received Scale at "1:Scale"; its weights would keep other values, so nothing was written');
    expect(weightsOf(model)).to.deep.equal(before);
    // Selecting only the known layers is allowed.
    expect(reinitialize(model, { seed: 1, layers: ['0:Dense'] }).reinitialized.map((r) => r.path)).to.deep.equal(['0:Dense']);
  });
});
