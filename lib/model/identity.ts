/**
 * What makes files belong to one model: the spec they were written from. Rank files carry the
 * whole spec (lib/model/write.ts); checkpoint files carry their own tensors plus the sha256 of
 * the whole spec (lib/model/checkpoint.ts), so files of another run or seed are refused.
 */
import { createHash } from 'node:crypto';
import { flatSpec, type ModelSpec, type ResolvedSpec } from './spec';

/** sha256 (hex) of the whole resolved spec's flat JSON: seed, dtype, stream, scheme, config and every tensor with its plan. */
export function specIdentity(spec: ResolvedSpec): string {
  return createHash('sha256').update(JSON.stringify(flatSpec(spec))).digest('hex');
}

/**
 * How the flat spec `b` differs from `a`, in words ("seed 1, not 0"; "tensor "x": its plan"),
 * or undefined when they are the same spec.
 */
export function specDifference(a: ModelSpec, b: ModelSpec): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  for (const key of ['seed', 'dtype', 'stream', 'parallelScheme', 'description', 'config'] as const) {
    const [x, y] = [JSON.stringify(a[key] ?? null), JSON.stringify(b[key] ?? null)];
    if (x !== y) return `${key} ${y.length > 40 ? 'differs' : `${y}, not ${x}`}`;
  }
  const at = a.tensors;
  const bt = b.tensors;
  if (at.length !== bt.length) return `${bt.length} tensors, not ${at.length}`;
  for (let i = 0; i < at.length; i++) {
    const [x, y] = [at[i] as Record<string, unknown>, bt[i] as Record<string, unknown>];
    if (x.name !== y.name) return `tensor ${i} is "${String(y.name)}", not "${String(x.name)}"`;
    for (const key of ['shape', 'dtype', 'init', 'options', 'parallel', 'zeroRows', 'experts']) {
      if (JSON.stringify(x[key] ?? null) !== JSON.stringify(y[key] ?? null)) return `tensor "${String(x.name)}": its ${key === 'parallel' ? 'plan' : key}`;
    }
  }
  return 'the spec';
}
