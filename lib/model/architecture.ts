/**
 * The architecture registry: one descriptor per Hugging Face `model_type` (as transformers 5.18.0,
 * the pinned version, defines it: docs/MODELS.md §2), registered the way
 * initializers are (lib/initializers/define.ts). A family lives in one file,
 * `lib/model/architectures/<model_type>.ts`, imported once by `lib/model/architectures/index.ts`;
 * nothing else names it.
 *
 * The interface (stable: the mixture-of-experts families are written against it):
 *
 *   defineArchitecture({
 *     id: 'qwen3',                          // config.json model_type
 *     classes: ['Qwen3ForCausalLM'],        // config.json architectures; the first is written back
 *     modeling: 'src/transformers/models/qwen3/modeling_qwen3.py',
 *     configuration: 'src/transformers/models/qwen3/configuration_qwen3.py',
 *     defaults: { vocab_size: 151936, … },  // the config class's defaults; null is Python's None
 *     layout(c: ConfigReader): ModelLayout, // tensors in state_dict() order, with roles
 *     init: RecipeTable,                    // its _init_weights, as a table by base role
 *     plan: { scheme, weights, source },    // tensor-parallel style by base role
 *   });
 *
 * A Llama-like family writes `decoderArchitecture({ id, classes, folder, summary, defaults, variant,
 * init, plan })` instead (lib/model/architectures/decoder.ts): `folder` names its transformers
 * files and `variant(c)` says its biases, q/k norms, block norms and fused projections.
 *
 * A tensor's role is composable: a base role (what the module is: `q`, `mlp_out`, `norm`, …),
 * `bias: true` for that module's bias, and `experts` for a per-expert tensor (expert `index` of
 * `count`) or a fused one whose dimension `dim` holds the `count` experts. Recipes and plans are
 * keyed by the base role, so a mixture-of-experts block reuses every table.
 */
import { closestName } from '../core/validate';
import type { ConfigDefault, ConfigReader } from './config-reader';
import type { ExpertsEntry } from './experts';
import type { ParallelEntry, ParallelScheme } from './parallel';

/**
 * What a module is in its model (the key of recipe tables and parallel plans).
 * - embed, pos_embed: token and position embeddings; lm_head: an untied output head.
 * - q, k, v: attention projections; kv: a fused key-value projection (MLA's kv_b_proj, keys and values
 *   from the latent); q_down, kv_down: MLA's low-rank down projections (q_a_proj, kv_a_proj_with_mqa),
 *   which every tensor-parallel plan replicates;
 *   qkv: q, k and v fused (GPT-2 c_attn, Phi-3 qkv_proj, GPT-NeoX/Falcon query_key_value);
 *   attn_out: the attention output projection (o_proj, c_proj, dense).
 * - mlp_gate, mlp_up: a gated MLP's two input projections; mlp_gate_up: both fused (Phi-3, gpt-oss);
 *   mlp_in: a plain MLP's input (c_fc, dense_h_to_4h); mlp_out: the MLP output (down_proj, c_proj).
 * - norm: every LayerNorm/RMSNorm weight (block norms, q/k norms, the final norm).
 * - router: a mixture-of-experts gate; attn_sinks: gpt-oss's per-head attention sinks.
 */
export type BaseRole =
  | 'embed' | 'pos_embed' | 'lm_head'
  | 'q' | 'k' | 'v' | 'kv' | 'qkv' | 'attn_out' | 'q_down' | 'kv_down'
  | 'mlp_gate' | 'mlp_up' | 'mlp_gate_up' | 'mlp_in' | 'mlp_out'
  | 'norm'
  | 'router' | 'attn_sinks';

/**
 * Expert `index` of `count` (one tensor per expert), or a fused tensor whose dimension `dim` holds
 * all `count` experts: the spec's `experts` field (lib/model/experts.ts ExpertsEntry), carried by the role.
 */
export type ExpertSlot = ExpertsEntry;

/** A tensor's role: its module's base role, whether it is that module's bias, and its expert. */
export interface TensorRole {
  base: BaseRole;
  bias?: boolean;
  experts?: ExpertSlot;
}

/** The role as one word, for messages: `q`, `q_bias`, `mlp_out[expert 3/8]`. */
export function roleName(role: TensorRole): string {
  const e = role.experts;
  const expert = e === undefined ? '' : 'index' in e ? `[expert ${e.index}/${e.count}]` : `[${e.count} experts on dim ${e.dim}]`;
  return `${role.base}${role.bias === true ? '_bias' : ''}${expert}`;
}

/** One tensor of a model as its Hugging Face checkpoint stores it. */
export interface ArchitectureTensor {
  name: string;
  shape: number[];
  role: TensorRole;
  /** 0-based block index, for tensors inside a transformer block. */
  layer?: number;
  /** in_features of the module the tensor belongs to (nn.Linear's and Conv1D's fan-in). */
  inFeatures: number;
  /** Rows (dim 0) the model's initialisation leaves at exactly 0: nn.Embedding's padding_idx. */
  zeroRows?: number[];
}

/** A model's tensors and the few numbers recipes need. */
export interface ModelLayout {
  /** The architecture id (config.json model_type) whose tensors these are. */
  architecture: string;
  /** Number of transformer blocks. */
  layers: number;
  /** Model width (hidden_size / n_embd / d_model). */
  hidden: number;
  /** transformers' initializer_range. */
  initializerRange: number;
  /** tie_word_embeddings: the embedding is also the output head (there is no lm_head tensor). */
  tiedEmbeddings?: boolean;
  tensors: ArchitectureTensor[];
}

/** An initializer name and options, as a spec tensor takes them. */
export interface Init {
  init: string;
  options?: Record<string, unknown>;
}

/** Everything a recipe row may read: the model and the recipe's options. */
export interface RecipeContext {
  layout: ModelLayout;
  options: { depthInit: boolean; mupReadoutZeroInit: boolean; mupBaseWidth?: number };
}

/** One recipe row: the initializer of one tensor. */
export type RoleInit = (t: ArchitectureTensor, c: RecipeContext) => Init;

/**
 * A recipe's rows, by base role: `weights` for a module's weight (and any parameter that is not
 * a bias), `bias` for every bias unless `biases` names that base role. A role with no row is
 * refused by name (the source does not initialise such a tensor).
 */
export interface RecipeTable {
  weights: Partial<Record<BaseRole, RoleInit>>;
  bias?: RoleInit;
  biases?: Partial<Record<BaseRole, RoleInit>>;
  /**
   * A tied embedding is one tensor with two rules. Unset: refused when the rules differ. 'head':
   * the trainer initialises the head last, so the shared tensor ends with the head's values.
   */
  tied?: 'head';
}

/** A family's tensor-parallel plan: the style of each base role's weight; a bias follows its weight. */
export interface ArchitecturePlan {
  scheme: ParallelScheme;
  weights: Partial<Record<BaseRole, ParallelEntry>>;
  /** Where the plan comes from and where kaiming differs. */
  source: string;
}

/** One Hugging Face architecture: everything kaiming knows about a model_type. */
export interface Architecture {
  /** config.json `model_type`. */
  id: string;
  /** config.json `architectures` names it accepts; the first is written back by presets. */
  classes: readonly string[];
  /** Its transformers modeling and configuration files (at the pinned version, docs/MODELS.md). */
  modeling: string;
  configuration: string;
  /** What sets it apart, one line (docs/MODELS.md's family table). */
  summary: string;
  /** The config class's defaults for every field `layout` reads (absent or null → default). */
  defaults: Readonly<Record<string, ConfigDefault>>;
  /** The tensors (state_dict order) of a config. */
  layout(config: ConfigReader): ModelLayout;
  /** transformers' `_init_weights` for this family. */
  init: RecipeTable;
  plan: ArchitecturePlan;
}

const REGISTRY = new Map<string, Architecture>();

/** Registers a family; its id and classes must be new. */
export function defineArchitecture(architecture: Architecture): Architecture {
  if (REGISTRY.has(architecture.id)) throw new Error(`Architecture "${architecture.id}" is defined twice`);
  for (const c of architecture.classes) {
    const owner = [...REGISTRY.values()].find((a) => a.classes.includes(c));
    if (owner !== undefined) throw new Error(`Architecture class "${c}" is claimed by "${owner.id}" and "${architecture.id}"`);
  }
  REGISTRY.set(architecture.id, architecture);
  return architecture;
}

/** The registered model_types, in registration order. */
export function architectureIds(): string[] {
  return [...REGISTRY.keys()];
}

/** Every config.json `architectures` class name the registry accepts. */
export function architectureClasses(): string[] {
  return [...REGISTRY.values()].flatMap((a) => a.classes);
}

/** The family of that id, or undefined. */
export function findArchitecture(id: string): Architecture | undefined {
  return REGISTRY.get(id);
}

/** The family owning a config.json class name, or undefined. */
export function architectureOfClass(name: string): Architecture | undefined {
  return [...REGISTRY.values()].find((a) => a.classes.includes(name));
}

/** The family of that id. @throws RangeError naming the supported ids and the nearest one. */
export function architectureById(id: string, field = 'model_type'): Architecture {
  const found = REGISTRY.get(id);
  if (found !== undefined) return found;
  const ids = architectureIds();
  const hint = closestName(id, ids);
  throw new RangeError(
    `Unsupported ${field} "${id}" in config.${field}; supported: ${ids.join(', ')}${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
  );
}

/** The style of a tensor under its family's plan: a bias follows its weight's style; unnamed roles are replicated. */
export function parallelEntryOf(plan: ArchitecturePlan, role: TensorRole): ParallelEntry {
  const entry = plan.weights[role.base] ?? 'replicate';
  if (role.bias !== true) return entry;
  return typeof entry === 'string' ? entry : entry.style;
}

/** The first keys of the config.json a family writes back: its class and model_type (then its own fields). */
export function writtenConfigHead(id: string): { architectures: string[]; model_type: string } {
  const a = architectureById(id);
  return { architectures: [a.classes[0]], model_type: a.id };
}
