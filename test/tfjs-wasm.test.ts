// @tensorflow/tfjs-backend-wasm gives the same weights as the CPU backend: kaiming draws the
// values in JavaScript/native memory and the backend only stores them (copied into the wasm
// heap by its write(), tfjs-backend-wasm 4.22 `src/backend_wasm.ts` move()).
// In Node the backend finds its .wasm files through setWasmPaths(<folder>/) with a file-system
// folder (Emscripten reads a path with fs); without it it looks beside the bundled script.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'chai';
import { dirname } from 'node:path';
import { GlorotUniform, KaimingUniform, reinitialize } from '../lib/tfjs/index';
import { MODEL_KINDS } from './support/tfjs-models';

function weightsOn(backend: string, recipe: 'torch' | 'keras', build: () => tfl.LayersModel): Promise<number[][]> {
  return tf.setBackend(backend).then(() => {
    const model = build();
    reinitialize(model, { recipe, seed: 77 });
    const w = model.getWeights().map((t) => Array.from(t.dataSync()));
    model.dispose();
    return w;
  });
}

describe('kaiming/tfjs on the wasm backend', () => {
  before(async () => {
    tf.env().set('IS_TEST', true);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    expect(tf.getBackend()).to.equal('wasm');
  });
  after(async () => {
    await tf.setBackend('cpu');
  });

  for (const recipe of ['torch', 'keras'] as const) {
    for (const [kind, build] of Object.entries(MODEL_KINDS)) {
      it(`reinitialize: the ${kind} model gets the CPU backend's weights (recipe '${recipe}')`, async () => {
        const cpu = await weightsOn('cpu', recipe, build);
        const wasm = await weightsOn('wasm', recipe, build);
        expect(tf.getBackend()).to.equal('wasm');
        expect(wasm).to.deep.equal(cpu);
      });
    }
  }

  it('initializer classes give the same tensors on both backends', async () => {
    const make = () => [new GlorotUniform({ seed: 3 }).apply([7, 5]), new KaimingUniform({ seed: 3, semantics: 'torch' }).apply([3, 3, 4, 8])];
    await tf.setBackend('cpu');
    const cpu = make().map((t) => Array.from(t.dataSync()));
    await tf.setBackend('wasm');
    const wasm = make().map((t) => Array.from(t.dataSync()));
    expect(wasm).to.deep.equal(cpu);
  });

  it("initializer classes draw straight into the wasm heap (the backend's write() never gets values to copy)", async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { write: (...a: unknown[]) => unknown };
    const write = backend.write;
    let writes = 0;
    backend.write = function (this: unknown, ...a: unknown[]) {
      if (a[0] !== null && a[0] !== undefined) writes++; // makeOutput allocates through write(null, …)
      return write.apply(this, a);
    };
    try {
      const keras = new GlorotUniform({ seed: 3 }).apply([64, 32]);
      const torch = new KaimingUniform({ seed: 3, semantics: 'torch' }).apply([3, 3, 4, 8]);
      expect(writes).to.equal(0);
      await tf.setBackend('cpu');
      expect(Array.from(keras.dataSync())).to.deep.equal(Array.from(new GlorotUniform({ seed: 3 }).apply([64, 32]).dataSync()));
      expect(Array.from(torch.dataSync())).to.deep.equal(Array.from(new KaimingUniform({ seed: 3, semantics: 'torch' }).apply([3, 3, 4, 8]).dataSync()));
    } finally {
      backend.write = write;
    }
  });
});
