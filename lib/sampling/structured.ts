/**
 * The deterministic initializers: constant, eye and dirac. Computed in JS
 * element by element over the requested range, so `range` works as for the
 * random ones.
 */
import type { TensorData } from '../core/dtype';
import type { PlanParams } from '../rules/plan';
import { encodeValue } from '../core/dtype';
import type { Resolved } from '../core/tensor';
import { product } from '../core/shape';

type Structured = Extract<PlanParams, { family: 'constant' | 'eye' | 'dirac' }>;

export function isStructured(p: PlanParams): p is Structured {
  return p.family === 'constant' || p.family === 'eye' || p.family === 'dirac';
}

/** Whether flat element i of a tensor of this shape is 1 in torch.nn.init.eye_ / dirac_. */
function isOne(p: Structured, shape: number[], i: number): boolean {
  if (p.family === 'eye') {
    const cols = shape[1];
    return Math.floor(i / cols) === i % cols;
  }
  // dirac_: for g in groups, d < min(out/groups, in): w[g·out/groups + d, d, centre...] = 1.
  const [outChannels, inChannels, ...kernel] = shape;
  const perGroup = outChannels / (p as { groups: number }).groups;
  const spatial = product(kernel);
  const o = Math.floor(i / (inChannels * spatial));
  const c = Math.floor(i / spatial) % inChannels;
  let rest = i % spatial;
  for (let k = kernel.length - 1; k >= 0; k--) {
    if (rest % kernel[k] !== Math.floor(kernel[k] / 2)) return false;
    rest = Math.floor(rest / kernel[k]);
  }
  const d = o % perGroup;
  return d === c && d < Math.min(perGroup, inChannels);
}

/** Fills out (elements [r.start, r.end) of the tensor) for a deterministic family. */
export function fillStructured(p: PlanParams, r: Resolved, out: TensorData): TensorData {
  if (!isStructured(p)) throw new Error(`internal: ${p.family} is not a structured family`);
  if (p.family === 'constant') {
    out.fill(encodeValue(p.value, r.dtype));
    return out;
  }
  const one = encodeValue(1, r.dtype);
  for (let i = r.start; i < r.end; i++) out[i - r.start] = isOne(p, r.shape, i) ? one : 0;
  return out;
}
