/**
 * Building blocks of the mixture-of-experts families (mixtral, qwen2_moe, qwen3_moe, deepseek_v2,
 * deepseek_v3, gpt_oss), at the transformers version docs/MODELS.md pins (5.18.0).
 *
 * transformers 5 keeps the routed experts of Mixtral, Qwen-MoE and DeepSeek fused in memory
 * (`mlp.experts.gate_up_proj` [E, 2·I, H], `mlp.experts.down_proj` [E, H, I]) and splits them back
 * into the hub checkpoints' per-expert tensors when it saves or loads
 * (src/transformers/conversion_mapping.py: "mixtral" and "qwen2_moe", which deepseek_v2/v3 and
 * qwen3_moe reuse). kaiming writes what the hub stores: one tensor per expert and projection,
 * expert-major (`experts.0.gate_proj`, `experts.0.up_proj`, `experts.0.down_proj`, `experts.1…`,
 * the order of transformers 4's `nn.ModuleList` of expert MLPs), each tagged with its expert
 * (`experts: { count, index }`, the spec's contract for expert parallelism, lib/model/experts.ts).
 * gpt-oss is the exception: its checkpoint stores the experts fused (see gpt_oss.ts).
 */
import { rangeError, typeError } from '../../core/validate';
import type { ArchitecturePlan, BaseRole } from '../architecture';
import type { ConfigReader } from '../config-reader';
import { DECODER_TP } from '../plans';
import type { TensorList } from './decoder';

/** The checkpoint names of one expert's three projections (the activated gate, the linear up, the output down). */
export interface GatedNames {
  gate: string;
  up: string;
  down: string;
}

/** Qwen-MoE and DeepSeek: `experts.{e}.gate_proj/up_proj/down_proj`, in that __init__ order. */
export const GATED_PROJ: GatedNames = { gate: 'gate_proj', up: 'up_proj', down: 'down_proj' };

/**
 * A gated MLP (`gate_proj`, `up_proj`, `down_proj`: SiLU(gate)·up then down) under `prefix`:
 * nn.Linear(hidden, inter) twice and nn.Linear(inter, hidden), with biases if `bias`.
 */
export function gatedMlp(list: TensorList, prefix: string, hidden: number, inter: number, bias: boolean, layer: number): void {
  list.linear(`${prefix}.gate_proj`, inter, hidden, 'mlp_gate', bias, layer);
  list.linear(`${prefix}.up_proj`, inter, hidden, 'mlp_up', bias, layer);
  list.linear(`${prefix}.down_proj`, hidden, inter, 'mlp_out', bias, layer);
}

/**
 * `count` routed experts under `prefix` (`….experts`), one gated MLP each without biases, expert-major;
 * `order` is the expert module's __init__ order of its projections (Mixtral's w1, w2, w3 is gate,
 * down, up).
 */
export function routedExperts(
  list: TensorList,
  prefix: string,
  count: number,
  hidden: number,
  inter: number,
  layer: number,
  names: GatedNames = GATED_PROJ,
  order: readonly (keyof GatedNames)[] = ['gate', 'up', 'down'],
): void {
  const base: Record<keyof GatedNames, BaseRole> = { gate: 'mlp_gate', up: 'mlp_up', down: 'mlp_out' };
  for (let e = 0; e < count; e++) {
    for (const part of order) {
      const [out, inF] = part === 'down' ? [hidden, inter] : [inter, hidden];
      list.add(`${prefix}.${e}.${names[part]}.weight`, [out, inF], { base: base[part], experts: { count, index: e } }, inF, layer);
    }
  }
}

/** A router (`gate`: nn.Linear(hidden, experts, bias=False) or the TopKRouter parameter [E, hidden]). */
export function router(list: TensorList, name: string, experts: number, hidden: number, layer: number): void {
  list.add(`${name}.weight`, [experts, hidden], 'router', hidden, layer);
}

/**
 * A config field holding a list of layer indices (Qwen-MoE's mlp_only_layers); None is [] as
 * Qwen2MoeConfig/Qwen3MoeConfig.__post_init__ make it.
 */
export function layerList(c: ConfigReader, field: string): number[] {
  const expected = 'an array of layer indices (non-negative integers)';
  const value = c.isNone(field) ? [] : c.raw(field, expected);
  if (!Array.isArray(value)) throw typeError(expected, `config.${field}`, value);
  for (const v of value) if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw rangeError(expected, `config.${field}`, value);
  return value as number[];
}

/**
 * A count the config class reads under two names (attribute_map: MixtralConfig's, Qwen3MoeConfig's
 * and GptOssConfig's `num_experts` → num_local_experts; DeepseekV2Config's `num_experts` and
 * DeepseekV3Config's `num_local_experts` → n_routed_experts): the canonical field, else its alias,
 * else the default. `zero` allows 0 (Qwen-MoE: no experts means every block is dense).
 */
export function expertCount(c: ConfigReader, field: string, alias: string, zero = false): number {
  const absent = (f: string) => c.config[f] === undefined || c.config[f] === null;
  const name = absent(field) && !absent(alias) ? alias : field;
  return zero ? (c.optionalCount(name) ?? 0) : c.int(name);
}

/**
 * The tensor-parallel plan of Mixtral and Qwen-MoE: DECODER_TP's styles (q/k/v and gate/up
 * colwise, o/down rowwise, embedding by vocabulary, head colwise, norms replicated), which every
 * expert's own projections follow, and the router replicated. transformers 5.18's
 * MixtralConfig/Qwen3MoeConfig.base_model_tp_plan split the fused experts the same way per expert
 * (`experts.gate_up_proj`: "packed_colwise", `experts.down_proj`: "rowwise") and leave the router
 * out (its base_model_ep_plan: "ep_router", replicated). Where kaiming differs: Qwen2MoeConfig's
 * plan names neither the experts nor `shared_expert.*` (they stay whole there); kaiming splits them
 * like Qwen3-MoE's experts and DeepSeek's shared experts, so one rule holds for every MoE family.
 */
export const MOE_TP: ArchitecturePlan = {
  ...DECODER_TP,
  source:
    'transformers 5.18.0 MixtralConfig/Qwen3MoeConfig.base_model_tp_plan (colwise q/k/v, rowwise o; experts packed_colwise gate/up, rowwise down) ' +
    'and base_model_ep_plan (router "ep_router": replicated); Qwen2MoeConfig leaves experts and shared_expert whole, kaiming splits them per expert',
};
