/**
 * Every weight-bearing class of tfjs-layers 4.22 that kaiming makes, by className. The list
 * was taken from the sources (every `addWeight` call in `tfjs-layers/src/layers/*.ts`):
 * Dense, Conv1D, Conv2D, Conv3D, Conv2DTranspose, Conv3DTranspose, DepthwiseConv2D,
 * SeparableConv2D, Embedding, BatchNormalization, LayerNormalization, PReLU, and the cells
 * SimpleRNNCell, GRUCell, LSTMCell, ConvLSTM2DCell (which RNN, SimpleRNN, GRU, LSTM,
 * ConvLSTM2D, StackedRNNCells, Bidirectional and TimeDistributed hold: lib/tfjs/structure.ts
 * walks into them). The other classes with weights in 4.22 are the unexported `layers/nlp`
 * ones (EinsumDense, MultiHeadAttention, CachedMultiHeadAttention, PositionEmbedding,
 * TransformerDecoder): reinitialize refuses them by name, as any class not listed here.
 * A new class is one file beside these, added to the table below.
 */
import { AFFINE_RULES } from './affine';
import { DEPTHWISE_RULES } from './depthwise';
import { ELEMENTWISE_RULES } from './elementwise';
import { RECURRENT_RULES } from './recurrent';
import type { LayerRule } from './rule';

export const LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  ...AFFINE_RULES,
  ...DEPTHWISE_RULES,
  ...RECURRENT_RULES,
  ...ELEMENTWISE_RULES,
};

export { ruleContext, Scratch, variableOf } from './rule';
export type { LayerRule, Recipe, RuleContext, Writes } from './rule';
