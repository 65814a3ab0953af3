// Run in a child process by test/tfjs-reinitialize.test.ts: builds each model kind after
// some unrelated layers (so TF.js's name counters differ from the parent's), reinitializes
// it with both recipes and prints the weights as JSON.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { reinitialize } from '../../lib/tfjs/index';
import { MODEL_KINDS } from './tfjs-models';

async function main(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend(process.argv[2] ?? 'cpu');
  for (let i = 0; i < 7; i++) tfl.layers.dense({ units: 1 });
  tfl.sequential({ layers: [tfl.layers.lstm({ inputShape: [2, 2], units: 2 })] });
  const out: Record<string, number[][]> = {};
  for (const recipe of ['torch', 'keras'] as const) {
    for (const [kind, build] of Object.entries(MODEL_KINDS)) {
      const model = build();
      reinitialize(model, { recipe, seed: 2026 });
      out[`${recipe}/${kind}`] = model.getWeights().map((w) => Array.from(w.dataSync()));
    }
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
