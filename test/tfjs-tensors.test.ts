// toTensor / fromTensor between kaiming tensors and tf.Tensor (what is copied and
// what is shared), and the TF.js ↔ PyTorch kernel permutations of lib/tfjs/layout.ts
// checked element by element against the index formulas.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { float32ToBfloat16Bits, float32ToFloat16Bits, kaimingUniform, uniform } from '../lib/index';
import { fromTensor, tfjsShapeOf, tfjsToTorch, torchShapeOf, torchToTfjs, toTensor } from '../lib/tfjs/index';
import { expectThrow } from './support/initializers';
import { useCpuBackend, valuesOf } from './support/tfjs';

useCpuBackend();

function iota(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => i);
}

describe('kaiming/tfjs layouts', () => {
  it('maps shapes: Dense [in, out] ↔ [out, in], Conv2D [kh, kw, in, out] ↔ [out, in, kh, kw]', () => {
    expect(torchShapeOf([784, 256])).to.deep.equal([256, 784]);
    expect(torchShapeOf([3, 5, 16, 32])).to.deep.equal([32, 16, 3, 5]);
    expect(torchShapeOf([7, 4, 8])).to.deep.equal([8, 4, 7]);
    expect(torchShapeOf([9])).to.deep.equal([9]);
    expect(torchShapeOf([])).to.deep.equal([]);
    expect(tfjsShapeOf([32, 16, 3, 5])).to.deep.equal([3, 5, 16, 32]);
  });

  // Sizes around the 64-element tile, so partial tiles on both swapped axes are covered.
  for (const shape of [[70, 130], [3, 1], [1, 5], [65, 2, 3, 66], [5, 4, 2, 3, 2], [2, 1, 1, 1]]) {
    it(`torchToTfjs and tfjsToTorch on a torch weight ${JSON.stringify(shape)} follow kernel[k…, i, o] = weight[o, i, k…]`, () => {
      const [O, I] = shape;
      const K = shape.slice(2).reduce((p, d) => p * d, 1);
      const weight = iota(O * I * K);
      const kernel = torchToTfjs(weight, shape);
      for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) for (let k = 0; k < K; k++) {
        if (kernel[(k * I + i) * O + o] !== weight[(o * I + i) * K + k]) expect.fail(`at o=${o} i=${i} k=${k}`);
      }
      expect(Array.from(tfjsToTorch(kernel, tfjsShapeOf(shape)))).to.deep.equal(Array.from(weight));
    });
  }

  it('refuses data of the wrong length', () => {
    expectThrow(() => torchToTfjs(new Float32Array(5), [2, 3]), RangeError, 'Expected 6 values for the PyTorch weight [2, 3] but received 5');
  });
});

describe('toTensor()', () => {
  it('shares a float32 tensor\'s memory on the CPU backend: no copy', () => {
    const t = uniform([3, 4], { seed: 1 });
    const x = toTensor(t);
    expect(x.shape).to.deep.equal([3, 4]);
    expect(x.dtype).to.equal('float32');
    expect(x.dataSync()).to.equal(t.data); // the same Float32Array object
  });

  it('converts float64, bfloat16 and float16 into a new float32 array', () => {
    const t64 = uniform([5], { seed: 2, dtype: 'float64' });
    expect(valuesOf(toTensor(t64))).to.deep.equal(Array.from(t64.data, Math.fround));
    const values = [0.5, -1.25, 3.140625];
    const bf = { data: Uint16Array.from(values, float32ToBfloat16Bits), shape: [3], dtype: 'bfloat16' as const, seed: 0n, key: 0n, range: [0, 3] as [number, number] };
    expect(valuesOf(toTensor(bf))).to.deep.equal([0.5, -1.25, 3.140625]);
    const half = { ...bf, data: Uint16Array.from(values, float32ToFloat16Bits), dtype: 'float16' as const };
    expect(valuesOf(toTensor(half))).to.deep.equal([0.5, -1.25, 3.140625]);
  });

  it("with semantics 'torch' makes the TF.js kernel of a PyTorch weight (a new array)", () => {
    const w = kaimingUniform([4, 6], { seed: 3 });
    const x = toTensor(w, { semantics: 'torch' });
    expect(x.shape).to.deep.equal([6, 4]);
    expect(valuesOf(x)[1]).to.equal(w.data[6]);
    expect(x.dataSync()).to.not.equal(w.data);
  });

  it('refuses a partial tensor, a non-tensor and bad options', () => {
    const part = uniform([4, 4], { seed: 1, range: [0, 4] });
    expectThrow(() => toTensor(part), RangeError, 'Expected a whole tensor for t but received the range [0, 4) of [4, 4]');
    expectThrow(() => toTensor(new Float32Array(3) as never), TypeError,
      'Expected a kaiming tensor ({ data, shape, dtype, … }) for t but received a Float32Array of length 3');
    expectThrow(() => toTensor(part, { layout: 'torch' } as never), RangeError, 'Unknown option "layout" for toTensor');
  });
});

describe('fromTensor()', () => {
  it('copies a float32 tf.Tensor into a kaiming tensor', () => {
    const x = tf.tensor([[1, 2, 3], [4, 5, 6]]);
    const t = fromTensor(x, { seed: 7n });
    expect(t).to.deep.include({ shape: [2, 3], dtype: 'float32', seed: 7n, key: 0n, range: [0, 6] });
    expect(Array.from(t.data)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(t.data).to.not.equal(x.dataSync());
  });

  it("with semantics 'torch' gives the PyTorch weight of a TF.js kernel", () => {
    const w = kaimingUniform([4, 3, 2, 2], { seed: 5 });
    const t = fromTensor(toTensor(w, { semantics: 'torch' }), { semantics: 'torch' });
    expect(t.shape).to.deep.equal([4, 3, 2, 2]);
    expect(Array.from(t.data)).to.deep.equal(Array.from(w.data));
  });

  it('refuses what is not a float32 tf.Tensor', () => {
    expectThrow(() => fromTensor([1, 2] as never), TypeError, 'Expected a tf.Tensor for x but received an array of length 2');
    expectThrow(() => fromTensor(tf.tensor([1, 2], [2], 'int32')), TypeError, 'Expected a float32 tf.Tensor for x but received an int32 tf.Tensor');
    expectThrow(() => fromTensor(tf.tensor([1]), { seed: 1 } as never), TypeError, 'Expected a bigint for seed but received 1 (number)');
  });
});
