/**
 * Embedding, BatchNormalization, LayerNormalization and PReLU (tfjs-layers 4.22
 * `layers/embeddings.ts`, `layers/normalization.ts`, `layers/advanced_activations.ts`).
 *
 * - Embedding: 'torch' nn.Embedding (torch 1.13 `torch/nn/modules/sparse.py`):
 *   normal_(weight) = N(0, 1), key `<path>.weight` (the same [vocab, dim] layout in both);
 *   'keras' Keras 3 `embeddings_initializer="uniform"` = RandomUniform(−0.05, 0.05), key
 *   `<path>/embeddings`.
 * - BatchNormalization, LayerNormalization: both recipes gamma 1, beta 0, moving mean 0,
 *   moving variance 1 (nn.BatchNorm `reset_running_stats` + `reset_parameters`, nn.LayerNorm;
 *   Keras 3's defaults are the same).
 * - PReLU: 'torch' nn.PReLU(num_parameters, init=0.25) (`torch/nn/modules/activation.py`):
 *   every alpha 0.25; 'keras' Keras 3 `alpha_initializer="Zeros"`.
 */
import { normal, uniform } from '../../initializers/basic';
import type { LayerRule, RuleContext, Writes } from './rule';

function present(c: RuleContext, values: Array<[string, number]>): Writes {
  return values.filter(([attribute]) => c.shape(attribute) !== undefined);
}

const norm = (c: RuleContext): Writes => present(c, [['gamma', 1], ['beta', 0], ['movingMean', 0], ['movingVariance', 1]]);

export const ELEMENTWISE_RULES: Record<string, LayerRule> = {
  Embedding: {
    torch: (c) => {
      const shape = c.shape('embeddings')!;
      return [['embeddings', normal(shape, { mean: 0, std: 1, seed: c.seed, key: c.key('weight'), out: c.target('embeddings') }).data as Float32Array]];
    },
    keras: (c) => {
      const shape = c.shape('embeddings')!;
      return [['embeddings', uniform(shape, { low: -0.05, high: 0.05, seed: c.seed, key: c.key('embeddings'), out: c.target('embeddings') }).data as Float32Array]];
    },
    module: 'nn.Embedding',
  },
  BatchNormalization: { torch: norm, keras: norm, module: 'nn.BatchNorm' },
  LayerNormalization: { torch: norm, keras: norm, module: 'nn.LayerNorm' },
  PReLU: { torch: (c) => present(c, [['alpha', 0.25]]), keras: (c) => present(c, [['alpha', 0]]), module: 'nn.PReLU' },
};
