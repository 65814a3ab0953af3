// TF.js for the tfjs-*.test.ts files: tfjs-core with the CPU backend (tfjs-node cannot
// be installed here: it downloads libtensorflow at install time).
import '@tensorflow/tfjs-backend-cpu';
// TF.js's own Orthogonal initializer (the default recurrent one) calls chained ops (`rMat.flatten()`),
// which only the @tensorflow/tfjs bundle registers; tfjs-core alone needs this import.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';

/** A mocha before() hook: the CPU backend, without its "install tfjs-node" banner (tfjs-core log.ts warns unless PROD or IS_TEST). */
export function useCpuBackend(): void {
  before(async () => {
    tf.env().set('IS_TEST', true);
    await tf.setBackend('cpu');
    await tf.ready();
  });
}

/** The values of a tf.Tensor as a plain array of numbers. */
export function valuesOf(x: tf.Tensor): number[] {
  return Array.from(x.dataSync());
}

/** A saved model's artifacts, captured in memory by tf.io.withSaveHandler. */
export async function saveToMemory(model: { save(handler: tf.io.IOHandler): Promise<unknown> }): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}
