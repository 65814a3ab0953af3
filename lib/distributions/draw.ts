/**
 * Drawing the values the CLI writes, tests and plots, and the explore page draws.
 *
 * A layer is made with the library's own `initAsync(name, shape, options)`,
 * in slices (`range`) written into one array when the rule draws every
 * element independently, so a progress bar can follow and Ctrl-C can stop
 * it; the stream contract (docs/STREAM.md) makes the slices equal to one
 * whole call, bit for bit.
 *
 * `check` and `plot` want more values than a small layer has. For the
 * independent families they draw n values of the layer's law with the plain
 * initializer of its family and the plan's exact parameters
 * (`uniform({ low, high })`, `normal({ mean, std })`,
 * `trunc_normal({ mean, std, a, b })`) on the same (seed, key): element i
 * depends only on (seed, key, i, transform, parameters, dtype), so the first
 * numel values are the layer's own and the rest continue its stream.
 */
import { arrayTypeFor, bfloat16BitsToFloat32, float16BitsToFloat32, type DType, type TensorData } from '../core/dtype';
import type { Description } from './describe';
import { initAsync } from '../initializers/registry';
import type { Plan } from '../rules/plan';
import { product } from '../core/shape';

/** Elements per slice: a multiple of the stream's 65,536-element chunk, so no slice redraws words. */
const SLICE = 1 << 22;

export interface StreamOptions {
  seed: bigint;
  key: bigint | string;
  dtype: DType;
  threads?: number;
  signal?: AbortSignal;
  /** Told the number of elements made so far (the CLI's progress bar). */
  progress?: { update(done: number): void };
}

/** Families whose elements are independent draws: they can be made slice by slice. */
export function isIndependent(plan: Plan): boolean {
  return plan.family === 'uniform' || plan.family === 'normal' || plan.family === 'truncated_normal';
}

function common(o: StreamOptions): Record<string, unknown> {
  const options: Record<string, unknown> = { seed: o.seed, key: o.key, dtype: o.dtype };
  if (o.threads !== undefined) options.threads = o.threads;
  if (o.signal !== undefined) options.signal = o.signal;
  return options;
}

/** Runs `name` on `shape` in slices into one array (one call when the rule is not element-wise). */
async function fill(name: string, shape: number[], options: Record<string, unknown>, sliced: boolean, o: StreamOptions): Promise<TensorData> {
  const total = product(shape);
  if (!sliced || total <= SLICE) {
    o.progress?.update(0);
    const tensor = await initAsync(name, shape, { ...options, ...common(o) });
    o.progress?.update(total);
    return tensor.data;
  }
  const Type = arrayTypeFor(o.dtype);
  const data = new Type(total) as TensorData;
  for (let start = 0; start < total; start += SLICE) {
    const end = Math.min(total, start + SLICE);
    await initAsync(name, shape, { ...options, ...common(o), range: [start, end], out: data.subarray(start, end) });
    o.progress?.update(end);
  }
  return data;
}

/** The layer itself: exactly `init(name, shape, { ...options, seed, key, dtype })`. */
export async function drawLayer(
  name: string,
  shape: number[],
  options: Record<string, unknown>,
  plan: Plan,
  o: StreamOptions,
): Promise<TensorData> {
  return fill(name, shape, options, isIndependent(plan), o);
}

/** The plain initializer and options that draw a plan's law element-wise. */
function lawInitializer(plan: Plan): [string, Record<string, unknown>] | undefined {
  switch (plan.family) {
    case 'uniform':
      return ['uniform', { low: plan.low, high: plan.high }];
    case 'normal':
      return ['normal', { mean: plan.mean, std: plan.std }];
    case 'truncated_normal':
      return ['trunc_normal', { mean: plan.mean, std: plan.std, a: plan.a, b: plan.b }];
    default:
      return undefined;
  }
}

/** Values drawn for `check` and `plot`, and what they are. */
export interface Drawn {
  values: TensorData;
  /** True when these are n draws of the law; false when they are the layer's own elements (dependent families). */
  independent: boolean;
}

/**
 * n values of the layer's law (independent families), or the layer's own
 * elements (eye, dirac, orthogonal, sparse, constant: their per-element
 * marginal needs the whole matrix, and n does not apply).
 */
export async function drawSample(name: string, shape: number[], options: Record<string, unknown>, description: Description, n: number, o: StreamOptions): Promise<Drawn> {
  const law = lawInitializer(description.plan);
  if (law === undefined) return { values: await fill(name, shape, options, false, o), independent: false };
  return { values: await fill(law[0], [n], law[1], true, o), independent: true };
}

/** The values as doubles (16-bit formats decoded from their bits). */
export function toNumbers(data: TensorData, dtype: DType): Float64Array {
  const out = new Float64Array(data.length);
  if (dtype === 'bfloat16' || dtype === 'float16') {
    const decode = dtype === 'bfloat16' ? bfloat16BitsToFloat32 : float16BitsToFloat32;
    const table = new Float64Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = decode(bits);
    for (let i = 0; i < data.length; i++) out[i] = table[data[i]];
  } else {
    out.set(data);
  }
  return out;
}
