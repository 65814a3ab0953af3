/**
 * Model specs: a JSON description of every tensor of a model, validated and
 * expanded to a flat list (docs/MODELS.md, docs/model-spec.schema.json).
 *
 *   { "seed": 7, "dtype": "bfloat16", "tensors": [
 *       { "name": "h.0.mlp.c_fc.weight", "shape": [3072, 768], "init": "normal", "options": { "std": 0.02 } },
 *       { "module": "linear", "name": "head", "in": 768, "out": 10, "bias": true } ] }
 *
 * A tensor's values depend only on (seed, its name, its shape, its initializer and
 * options, its dtype): its name is the stream key (hashed with FNV-1a, lib/core/stream.ts),
 * so adding or moving a tensor never changes another one.
 *
 * Every error names the offending entry and field, in the package's message format:
 *   tensors[3] ("h.0.attn.c_attn.weight").shape[1]: Expected a positive integer but received -3 (number)
 */
import { checkDType, DTYPES, type DType } from '../core/dtype';
// Registers every initializer name init() accepts (basic, kaiming, xavier, keras, structured).
import '../initializers/registry';
import { planOf, ruleByName, ruleNames, type Rule } from '../initializers/define';
import { TORCH_DTYPES, torchRefusal } from '../initializers/torch-stream';
import { convDefaultBounds, linearDefaultBounds } from '../rules/scales';
import { MAX_U64 } from '../core/stream';
import { closestName, describeValue, integer, rangeError, typeError } from '../core/validate';
import { product } from '../core/shape';
import { checkScheme, resolveParallel, type ParallelEntry, type ParallelScheme, type TensorParallel } from './parallel';
import { resolveExperts, type ExpertsEntry } from './experts';


/** One tensor as written in a spec. */
export interface TensorEntry {
  name: string;
  shape: number[];
  /** Any name `init()` accepts (e.g. "normal", "kaiming_uniform", "zeros"). */
  init: string;
  /** The initializer's own options (not seed, key, dtype, range, out…: those come from the spec). */
  options?: Record<string, unknown>;
  /** Overrides the spec's dtype for this tensor. */
  dtype?: DType;
  /** Tensor-parallel style (lib/model/parallel.ts): "colwise", "rowwise", "vocab", "replicate", or { style, dim }. */
  parallel?: ParallelEntry;
  /**
   * Indices along dim 0 (sorted, unique, each in [0, shape[0])) whose values are exactly 0 after
   * the initializer, as transformers' `_init_weights` zeroes `embedding.weight[padding_idx]`; every
   * other element keeps its value (lib/model/zero-rows.ts).
   */
  zeroRows?: number[];
  /** A mixture-of-experts tensor: expert `index` of `count`, or a fused tensor whose dimension `dim` has `count` experts (lib/model/experts.ts). */
  experts?: ExpertsEntry;
}

/** A PyTorch module with its default initialisation, expanded to its parameters. */
export type ModuleEntry = (
  | { module: 'linear'; name: string; in: number; out: number; bias?: boolean; dtype?: DType }
  | { module: 'conv1d' | 'conv2d' | 'conv3d'; name: string; in: number; out: number; kernel: number | number[]; groups?: number; bias?: boolean; dtype?: DType }
  | { module: 'embedding'; name: string; num: number; dim: number; dtype?: DType }
  | { module: 'layernorm'; name: string; dim: number | number[]; bias?: boolean; dtype?: DType }
  | { module: 'rmsnorm'; name: string; dim: number | number[]; dtype?: DType }
) & { /** The weight's tensor-parallel style; the bias follows it (colwise split, rowwise replicated). */ parallel?: ParallelEntry };

/** A model spec as written (JSON). */
export interface ModelSpec {
  /** Unsigned 64-bit seed: a safe integer, or a decimal string for larger values. */
  seed: number | string;
  /** Default dtype of every tensor: 'float32' (default), 'float64', 'bfloat16' or 'float16'. */
  dtype?: DType;
  tensors: (TensorEntry | ModuleEntry)[];
  /** Free-form description, kept in the file's metadata. */
  description?: string;
  /** How tensor parallelism splits uneven sizes: "dtensor" (torch.chunk, default) or "megatron" (must divide). */
  parallelScheme?: ParallelScheme;
  /** The Hugging Face config.json of the model, written beside a checkpoint directory (lib/model/checkpoint.ts). */
  config?: Record<string, unknown>;
  /**
   * 'kaiming' (default): each tensor its own stream, keyed by its name (docs/STREAM.md).
   * 'torch': torch.manual_seed(seed), then every tensor in order from torch's
   * generator, as torch 1.13 would make them (docs/TORCH-STREAM.md).
   */
  stream?: 'kaiming' | 'torch';
}

/** One tensor after validation and expansion. */
export interface ResolvedTensor {
  name: string;
  shape: number[];
  init: string;
  options: Record<string, unknown>;
  dtype: DType;
  /** The initializer's rule (lib/initializers/define.ts). */
  rule: Rule;
  /** Where the tensor comes from in the spec, for messages: `tensors[3] ("fc")`. */
  at: string;
  /** The tensor-parallel plan, if the spec gives one. */
  parallel?: TensorParallel;
  /** Rows (dim 0) that are exactly zero, sorted and unique. */
  zeroRows?: number[];
  /** The tensor's experts, when it belongs to a mixture-of-experts layer. */
  experts?: ExpertsEntry;
}

/** A validated spec: seed, default dtype and the flat tensor list. */
export interface ResolvedSpec {
  seed: bigint;
  dtype: DType;
  tensors: ResolvedTensor[];
  description?: string;
  parallelScheme?: ParallelScheme;
  config?: Record<string, unknown>;
  /** Set when the spec draws from torch's generator (tensors in order, whole, unsharded). */
  stream?: 'torch';
}

export const MODULES = ['linear', 'conv1d', 'conv2d', 'conv3d', 'embedding', 'layernorm', 'rmsnorm'] as const;

/** Options a spec may not set on a tensor: the writer sets them. */
const RESERVED_OPTIONS = ['seed', 'key', 'generator', 'dtype', 'threads', 'shared', 'out', 'range', 'signal'];

// ---------------------------------------------------------------------------
// Errors

function message(at: string, expected: string, value: unknown): string {
  return `${at}: Expected ${expected} but received ${describeValue(value)}`;
}
function specTypeError(at: string, expected: string, value: unknown): TypeError {
  return new TypeError(message(at, expected, value));
}
function specRangeError(at: string, expected: string, value: unknown): RangeError {
  return new RangeError(message(at, expected, value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function positiveInt(value: unknown, at: string): number {
  if (typeof value !== 'number') throw specTypeError(at, 'a positive integer', value);
  if (!Number.isSafeInteger(value) || value < 1) throw specRangeError(at, 'a positive integer', value);
  return value;
}

function bool(value: unknown, at: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw specTypeError(at, 'a boolean', value);
  return value;
}

function knownFields(entry: Record<string, unknown>, known: readonly string[], at: string): void {
  for (const field of Object.keys(entry)) {
    if (known.includes(field)) continue;
    const hint = closestName(field, known);
    throw new RangeError(`${at}: Unknown field "${field}"${hint === undefined ? '' : `; did you mean "${hint}"?`}`);
  }
}

function dtypeAt(value: unknown, at: string): DType {
  try {
    return checkDType(value, at);
  } catch (error) {
    const expected = `one of ${DTYPES.map((d) => `"${d}"`).join(', ')}`;
    throw error instanceof TypeError ? specTypeError(at, expected, value) : specRangeError(at, expected, value);
  }
}

/** Re-throws an error of the initializer's own validation with the entry's location in front. */
function located<T>(at: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeError) throw new TypeError(`${at}: ${error.message}`);
    if (error instanceof RangeError) throw new RangeError(`${at}: ${error.message}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Seeds

const SEED_EXPECTED = 'an integer between 0 and 2^64-1 (a number, or a decimal string above 2^53-1)';

/** Parses a spec seed: a non-negative safe integer, a decimal string or a bigint. */
export function specSeed(value: unknown, at = 'seed'): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value > MAX_U64) throw specRangeError(at, SEED_EXPECTED, value);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw specRangeError(at, SEED_EXPECTED, value);
    return BigInt(value);
  }
  if (typeof value === 'string') {
    if (!/^(0|[1-9][0-9]*)$/.test(value) || BigInt(value) > MAX_U64) throw specRangeError(at, SEED_EXPECTED, value);
    return BigInt(value);
  }
  throw specTypeError(at, SEED_EXPECTED, value);
}

/** The seed as JSON writes it: a number when exact, else a decimal string. */
export function seedToJSON(seed: bigint): number | string {
  return seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seed) : seed.toString();
}

// ---------------------------------------------------------------------------
// Tensors

function shapeAt(value: unknown, at: string): number[] {
  if (!Array.isArray(value)) throw specTypeError(at, 'an array of positive integers', value);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < value.length; i++) {
    shape.push(positiveInt(value[i], `${at}[${i}]`));
    count *= shape[i];
  }
  if (!Number.isSafeInteger(count)) throw specRangeError(at, 'a shape with at most 2^53-1 elements', `[${shape.join(', ')}]`);
  return shape;
}

/** Validates `zeroRows`: a non-empty array of increasing row indices of dim 0. */
function zeroRowsAt(value: unknown, shape: readonly number[], at: string): number[] {
  const expected = 'a non-empty array of increasing row indices (dim 0)';
  if (!Array.isArray(value)) throw typeError(expected, at, value);
  if (value.length === 0) throw rangeError(expected, at, value);
  if (shape.length === 0) throw rangeError('no zeroRows for a scalar tensor (it has no rows)', at, value);
  const rows: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const row = integer(value[i], `${at}[${i}]`, 0, shape[0] - 1);
    if (i > 0 && row <= rows[i - 1]) throw rangeError(`an index above ${at}[${i - 1}] (${rows[i - 1]}): sorted and unique`, `${at}[${i}]`, row);
    rows.push(row);
  }
  return rows;
}

function resolveTensor(entry: Record<string, unknown>, at: string, dtype: DType): ResolvedTensor {
  knownFields(entry, ['name', 'shape', 'init', 'options', 'dtype', 'parallel', 'zeroRows', 'experts'], at);
  const name = entry.name as string;
  const shape = shapeAt(entry.shape, `${at}.shape`);
  if (typeof entry.init !== 'string') throw specTypeError(`${at}.init`, 'the name of an initializer', entry.init);
  const rule = ruleByName(entry.init);
  if (rule === undefined) {
    const hint = closestName(entry.init, ruleNames());
    throw new RangeError(message(`${at}.init`, 'the name of an initializer', entry.init) + (hint === undefined ? '' : `; did you mean "${hint}"?`));
  }
  let options: Record<string, unknown> = {};
  if (entry.options !== undefined) {
    if (!isPlainObject(entry.options)) throw specTypeError(`${at}.options`, 'an options object', entry.options);
    options = { ...entry.options };
  }
  for (const reserved of RESERVED_OPTIONS) {
    if (reserved in options) {
      throw new RangeError(`${at}.options.${reserved}: the spec sets ${reserved} (seed and dtype at the top or per tensor; the key is the tensor's name)`);
    }
  }
  const tensorDType = entry.dtype === undefined ? dtype : dtypeAt(entry.dtype, `${at}.dtype`);
  // Validates the options with the initializer's own rules (seed 0 so no generator advances).
  located(`${at}.options`, () => planOf(rule, shape, { ...options, seed: 0, dtype: tensorDType }));
  const parallel = entry.parallel === undefined ? undefined : resolveParallel(entry.parallel, shape, `${at}.parallel`);
  const zeroRows = entry.zeroRows === undefined ? undefined : zeroRowsAt(entry.zeroRows, shape, `${at}.zeroRows`);
  const experts = entry.experts === undefined ? undefined : resolveExperts(entry.experts, shape, `${at}.experts`);
  return {
    name,
    shape,
    init: entry.init,
    options,
    dtype: tensorDType,
    rule,
    at,
    ...(parallel === undefined ? {} : { parallel }),
    ...(zeroRows === undefined ? {} : { zeroRows }),
    ...(experts === undefined ? {} : { experts }),
  };
}

/** A tensor made by a module preset. */
function preset(at: string, name: string, shape: number[], init: string, options: Record<string, unknown>, dtype: DType): ResolvedTensor {
  const rule = ruleByName(init);
  if (rule === undefined) throw new Error(`internal: initializer ${init} is not registered`);
  located(at, () => planOf(rule, shape, { ...options, seed: 0, dtype }));
  return { name, shape, init, options, dtype, rule, at };
}

/** U(±bound), or zeros for a zero bound (PyTorch's U(−0, 0)). */
function uniformOrZeros(bound: number): { init: string; options: Record<string, unknown> } {
  return bound > 0 ? { init: 'uniform', options: { low: -bound, high: bound } } : { init: 'zeros', options: {} };
}

function dims(value: unknown, at: string): number[] {
  if (typeof value === 'number') return [positiveInt(value, at)];
  if (Array.isArray(value) && value.length > 0) return shapeAt(value, at);
  throw specTypeError(at, 'a positive integer or a non-empty array of them', value);
}

function expandModule(entry: Record<string, unknown>, at: string, dtype: DType): ResolvedTensor[] {
  const kind = entry.module;
  if (typeof kind !== 'string') throw specTypeError(`${at}.module`, `one of ${MODULES.map((m) => `"${m}"`).join(', ')}`, kind);
  if (!(MODULES as readonly string[]).includes(kind)) {
    const hint = closestName(kind, MODULES);
    throw new RangeError(
      message(`${at}.module`, `one of ${MODULES.map((m) => `"${m}"`).join(', ')}`, kind) + (hint === undefined ? '' : `; did you mean "${hint}"?`),
    );
  }
  const name = entry.name as string;
  const dt = entry.dtype === undefined ? dtype : dtypeAt(entry.dtype, `${at}.dtype`);
  const out: ResolvedTensor[] = [];
  // A module's plan applies to its weight; its 1-D bias follows the style (colwise split, rowwise replicated).
  const plan = entry.parallel;
  const add = (suffix: string, shape: number[], init: string, options: Record<string, unknown>) => {
    const t = preset(at, `${name}.${suffix}`, shape, init, options, dt);
    if (plan !== undefined) {
      // { style, dim } names the weight's dimension; a 1-D bias takes the style's own rule.
      const own = shape.length < 2 && plan !== null && typeof plan === 'object' ? (plan as { style: unknown }).style : plan;
      t.parallel = resolveParallel(own, shape, `${at}.parallel`);
    }
    out.push(t);
  };
  switch (kind) {
    case 'linear': {
      knownFields(entry, ['module', 'name', 'in', 'out', 'bias', 'dtype', 'parallel'], at);
      const inF = positiveInt(entry.in, `${at}.in`);
      const outF = positiveInt(entry.out, `${at}.out`);
      const { weightBound, biasBound } = linearDefaultBounds(inF, outF);
      // kaiming_uniform_(weight, a=√5) is U(±weightBound): the same draws as uniform with those bounds.
      const w = uniformOrZeros(weightBound);
      add('weight', [outF, inF], w.init, w.options);
      if (bool(entry.bias, `${at}.bias`, true)) {
        const b = uniformOrZeros(biasBound);
        add('bias', [outF], b.init, b.options);
      }
      break;
    }
    case 'conv1d':
    case 'conv2d':
    case 'conv3d': {
      knownFields(entry, ['module', 'name', 'in', 'out', 'kernel', 'groups', 'bias', 'dtype', 'parallel'], at);
      const d = Number(kind[4]);
      const inC = positiveInt(entry.in, `${at}.in`);
      const outC = positiveInt(entry.out, `${at}.out`);
      const groups = entry.groups === undefined ? 1 : positiveInt(entry.groups, `${at}.groups`);
      if (inC % groups !== 0) throw specRangeError(`${at}.in`, `a multiple of groups (${groups})`, inC);
      if (outC % groups !== 0) throw specRangeError(`${at}.out`, `a multiple of groups (${groups})`, outC);
      let kernel: number[];
      if (typeof entry.kernel === 'number') kernel = new Array<number>(d).fill(positiveInt(entry.kernel, `${at}.kernel`));
      else {
        kernel = dims(entry.kernel, `${at}.kernel`);
        if (kernel.length !== d) throw specRangeError(`${at}.kernel`, `a positive integer or an array of ${d}`, entry.kernel);
      }
      const shape = [outC, inC / groups, ...kernel];
      const { weightBound, biasBound } = located(at, () => convDefaultBounds(shape));
      const w = uniformOrZeros(weightBound);
      add('weight', shape, w.init, w.options);
      if (bool(entry.bias, `${at}.bias`, true)) {
        const b = uniformOrZeros(biasBound);
        add('bias', [outC], b.init, b.options);
      }
      break;
    }
    case 'embedding': {
      knownFields(entry, ['module', 'name', 'num', 'dim', 'dtype', 'parallel'], at);
      const num = positiveInt(entry.num, `${at}.num`);
      const dim = positiveInt(entry.dim, `${at}.dim`);
      add('weight', [num, dim], 'normal', { mean: 0, std: 1 }); // nn.Embedding.reset_parameters: normal_(weight)
      break;
    }
    case 'layernorm': {
      knownFields(entry, ['module', 'name', 'dim', 'bias', 'dtype', 'parallel'], at);
      const shape = dims(entry.dim, `${at}.dim`);
      add('weight', shape, 'ones', {});
      if (bool(entry.bias, `${at}.bias`, true)) add('bias', shape, 'zeros', {});
      break;
    }
    case 'rmsnorm': {
      knownFields(entry, ['module', 'name', 'dim', 'dtype', 'parallel'], at);
      add('weight', dims(entry.dim, `${at}.dim`), 'ones', {});
      break;
    }
  }
  return out;
}

function entryName(entry: Record<string, unknown>, at: string): string {
  const name = entry.name;
  if (typeof name !== 'string') throw specTypeError(`${at}.name`, 'a non-empty string', name);
  if (name === '') throw specRangeError(`${at}.name`, 'a non-empty string', name);
  if (name === '__metadata__') throw specRangeError(`${at}.name`, 'a name other than "__metadata__" (reserved by safetensors)', name);
  if (/\p{Cs}/u.test(name)) throw specRangeError(`${at}.name`, 'a well-formed Unicode string', name);
  return name;
}

/**
 * Validates a spec and expands module presets into a flat tensor list.
 * @throws TypeError / RangeError naming the entry and field (`tensors[3] ("fc.weight").shape[1]: …`).
 */
export function resolveSpec(spec: unknown): ResolvedSpec {
  if (!isPlainObject(spec)) throw specTypeError('spec', 'an object { seed, dtype, tensors }', spec);
  knownFields(spec, ['seed', 'dtype', 'tensors', 'description', 'config', 'stream', 'parallelScheme'], 'spec');
  if (spec.stream !== undefined && spec.stream !== 'kaiming' && spec.stream !== 'torch') {
    throw specRangeError('stream', '"kaiming" or "torch"', spec.stream);
  }
  const torch = spec.stream === 'torch';
  if (spec.seed === undefined) throw specTypeError('seed', SEED_EXPECTED, spec.seed);
  const seed = specSeed(spec.seed);
  const dtype = spec.dtype === undefined ? 'float32' : dtypeAt(spec.dtype, 'dtype');
  if (spec.description !== undefined && typeof spec.description !== 'string') throw specTypeError('description', 'a string', spec.description);
  if (spec.config !== undefined && !isPlainObject(spec.config)) throw specTypeError('config', 'a config.json object', spec.config);
  if (!Array.isArray(spec.tensors)) throw specTypeError('tensors', 'an array of tensors or modules', spec.tensors);
  const tensors: ResolvedTensor[] = [];
  const seen = new Map<string, string>();
  spec.tensors.forEach((entry: unknown, i: number) => {
    let at = `tensors[${i}]`;
    if (!isPlainObject(entry)) throw specTypeError(at, 'an object { name, shape, init, options } or { module, name, … }', entry);
    const name = entryName(entry, at);
    at = `${at} (${JSON.stringify(name)})`;
    const expanded = 'module' in entry ? expandModule(entry, at, dtype) : [resolveTensor(entry, at, dtype)];
    for (const t of expanded) {
      const first = seen.get(t.name);
      if (first !== undefined) throw specRangeError(`${at}.name`, `a unique tensor name (${JSON.stringify(t.name)} is already made by ${first})`, name);
      seen.set(t.name, at);
      if (torch) checkTorchTensor(t);
      tensors.push(t);
    }
  });
  const scheme = spec.parallelScheme === undefined ? undefined : checkScheme(spec.parallelScheme);
  return {
    seed,
    dtype,
    tensors,
    ...(spec.description === undefined ? {} : { description: spec.description as string }),
    ...(scheme === undefined ? {} : { parallelScheme: scheme }),
    ...(spec.config === undefined ? {} : { config: spec.config as Record<string, unknown> }),
    ...(torch ? { stream: 'torch' as const } : {}),
  };
}

/** A tensor of a spec with stream "torch": a torch.nn.init rule, float32 or float64. */
function checkTorchTensor(t: ResolvedTensor): void {
  const refusal = torchRefusal(t.rule.name);
  if (refusal !== undefined) throw new RangeError(`${t.at}.init: ${refusal}`);
  if (!TORCH_DTYPES.includes(t.dtype)) {
    throw specRangeError(`${t.at}.dtype`, '"float32" or "float64" (the dtypes of the torch stream)', t.dtype);
  }
}

/** Parses and validates the text of a JSON spec; `source` names it in a JSON syntax error. */
export function parseSpec(text: string, source = 'the spec'): ResolvedSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot parse ${source} as JSON: ${(error as Error).message}`);
  }
  return resolveSpec(value);
}

/** The flat, expanded spec as JSON (what the file's metadata stores; resolveSpec accepts it back). */
export function flatSpec(spec: ResolvedSpec): ModelSpec {
  return {
    seed: seedToJSON(spec.seed),
    dtype: spec.dtype,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(spec.parallelScheme === undefined ? {} : { parallelScheme: spec.parallelScheme }),
    ...(spec.config === undefined ? {} : { config: spec.config }),
    ...(spec.stream === undefined ? {} : { stream: spec.stream }),
    tensors: spec.tensors.map((t) => ({
      name: t.name,
      shape: t.shape,
      init: t.init,
      ...(Object.keys(t.options).length === 0 ? {} : { options: t.options }),
      ...(t.dtype === spec.dtype ? {} : { dtype: t.dtype }),
      ...(t.parallel === undefined ? {} : { parallel: t.parallel.entry }),
      ...(t.zeroRows === undefined ? {} : { zeroRows: t.zeroRows }),
      ...(t.experts === undefined ? {} : { experts: t.experts }),
    })),
  };
}

/** Total number of elements and of bytes of a spec. */
export function specSize(spec: ResolvedSpec): { elements: number; bytes: number } {
  let elements = 0;
  let bytes = 0;
  for (const t of spec.tensors) {
    const n = product(t.shape);
    elements += n;
    bytes += n * (t.dtype === 'float64' ? 8 : t.dtype === 'float32' ? 4 : 2);
  }
  return { elements, bytes };
}
