/**
 * A real training run with kaiming/tfjs (`npx tsx bench/tfjs-train.ts [steps]`, default 200): a small recurrent model in tfjs-layers on the CPU backend, as a PyTorch user
 * would write it (an LSTM whose gates use the logistic sigmoid, as nn.LSTM's do, then a
 * linear head), initialised with PyTorch's defaults by `reinitialize(model, { recipe:
 * 'torch', seed })` (nn.LSTM: every tensor U(±1/√hidden), the bias b_ih + b_hh; nn.Linear:
 * U(±1/√in)), then trained with Adam to predict the running mean of a noisy sequence. It
 * prints the loss of each step; the loss falls. test/tfjs-train.test.ts runs it for a few
 * steps and checks that it fell.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { uniform } from '../lib/index';
import { reinitialize } from '../lib/tfjs/index';

export interface TrainOptions {
  steps: number;
  seed: number;
  /** Called with each step's loss. */
  onStep?: (step: number, loss: number) => void;
}

const T = 12; // sequence length
const BATCH = 64;

/** x: [BATCH, T, 1] uniform in [−1, 1); y: [BATCH, T, 1] the running mean of x. Fixed by the seed. */
function batch(seed: number, step: number): { x: tf.Tensor; y: tf.Tensor } {
  const x = uniform([BATCH, T, 1], { low: -1, high: 1, seed, key: `batch${step}` }).data as Float32Array;
  const y = new Float32Array(x.length);
  for (let b = 0; b < BATCH; b++) {
    let sum = 0;
    for (let t = 0; t < T; t++) {
      sum += x[b * T + t];
      y[b * T + t] = sum / (t + 1);
    }
  }
  return { x: tf.tensor(x, [BATCH, T, 1]), y: tf.tensor(y, [BATCH, T, 1]) };
}

/** Trains the model for `steps` Adam steps; returns the loss of every step. */
export async function train({ steps, seed, onStep }: TrainOptions): Promise<number[]> {
  await tf.setBackend('cpu');
  // recurrentInitializer 'zeros' only skips TF.js's own Orthogonal (a QR in JavaScript), which reinitialize overwrites.
  const model = tfl.sequential({ layers: [
    tfl.layers.lstm({ inputShape: [T, 1], units: 32, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'zeros' }),
    tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 1 }) }),
  ] });
  reinitialize(model, { recipe: 'torch', seed });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { x, y } = batch(seed, step);
    const loss = (await model.trainOnBatch(x, y)) as number;
    tf.dispose([x, y]);
    losses.push(loss);
    onStep?.(step, loss);
  }
  model.dispose();
  return losses;
}

if (require.main === module) {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
  const steps = Number(process.argv[2] ?? 200);
  void train({ steps, seed: 0, onStep: (step, loss) => console.log(`step ${String(step + 1).padStart(4)}  loss ${loss.toFixed(5)}`) }).then((losses) => {
    console.log(`loss ${losses[0].toFixed(5)} → ${losses[losses.length - 1].toFixed(5)} in ${steps} steps`);
  });
}
