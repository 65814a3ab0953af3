// bench/tfjs-train.ts, the training script of docs/tfjs.md: an LSTM initialised with PyTorch's
// defaults by reinitialize(model, { recipe: 'torch', seed }) and trained with Adam on the CPU
// backend. A few steps at a fixed seed: the run is deterministic, and the loss must fall.
import { expect } from 'chai';
import { train } from '../bench/tfjs-train';
import { useCpuBackend } from './support/tfjs';

useCpuBackend();

describe('a tfjs model initialised by the torch recipe trains', () => {
  it('the loss of an LSTM falls within 20 Adam steps (seed 0), the same on a second run', async function () {
    this.timeout(60_000);
    const losses = await train({ steps: 20, seed: 0 });
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    expect(losses.every(Number.isFinite)).to.equal(true);
    expect(mean(losses.slice(-5))).to.be.lessThan(0.7 * mean(losses.slice(0, 5)));
    expect(await train({ steps: 3, seed: 0 })).to.deep.equal(losses.slice(0, 3));
  });
});
