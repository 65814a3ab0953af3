/**
 * The building blocks of recipe rows (lib/model/architecture.ts RoleInit): initializer names with
 * their options as a spec takes them. Shared by the architectures' `_init_weights` tables and by
 * lib/model/recipes.ts.
 */
import type { BaseRole, Init, RecipeTable, RoleInit } from './architecture';

export const normal = (std: number): Init => ({ init: 'normal', options: { mean: 0, std } });
/** torch.nn.init.trunc_normal_(mean=0, std, a, b): a and b are absolute bounds. */
export const trunc = (std: number, a: number, b: number): Init => ({ init: 'trunc_normal', options: { mean: 0, std, a, b } });
export const uniform = (bound: number): Init => ({ init: 'uniform', options: { low: -bound, high: bound } });
export const xavierUniform = (gain: number): Init => ({ init: 'xavier_uniform', options: { gain } });
export const ZEROS: Init = { init: 'zeros' };
export const ONES: Init = { init: 'ones' };
export const zeros: RoleInit = () => ZEROS;
export const ones: RoleInit = () => ONES;
/** N(0, initializer_range): transformers' default for Linear and Embedding weights. */
export const initializerRange: RoleInit = (_t, c) => normal(c.layout.initializerRange);

/** The same row for several base roles. */
export function sameRow(roles: readonly BaseRole[], row: RoleInit): Partial<Record<BaseRole, RoleInit>> {
  return Object.fromEntries(roles.map((r) => [r, row]));
}

/** Every weight role of the dense families (norms apart). */
export const PROJECTIONS: readonly BaseRole[] = ['embed', 'pos_embed', 'lm_head', 'q', 'k', 'v', 'kv', 'qkv', 'attn_out', 'q_down', 'kv_down', 'mlp_gate', 'mlp_up', 'mlp_gate_up', 'mlp_in', 'mlp_out', 'router'];

/**
 * transformers `PreTrainedModel._init_weights` (modeling_utils.py), which the decoder families
 * inherit: Linear and Embedding weights N(0, initializer_range), biases 0, the padding_idx row of
 * an Embedding 0 (ArchitectureTensor.zeroRows), LayerNorm/RMSNorm weights 1 and biases 0.
 */
export const HF_INIT: RecipeTable = { weights: { ...sameRow(PROJECTIONS, initializerRange), norm: ones }, bias: zeros };

/**
 * Gemma's `_init_weights` (GemmaPreTrainedModel, Gemma2/Gemma3 likewise): HF_INIT, but every
 * RMSNorm weight zero, because Gemma's RMSNorm scales by (1 + weight).
 */
export const HF_INIT_ZERO_CENTRED_NORMS: RecipeTable = { ...HF_INIT, weights: { ...HF_INIT.weights, norm: zeros } };
