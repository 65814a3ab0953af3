/**
 * Option parsing shared by the fan-based rules (kaiming, xavier, Keras variance scaling).
 */
import { type Fans, fansOfShape, type Layout, LAYOUTS } from '../rules/fans';
import type { PlanContext } from '../rules/plan';
import { oneOf } from '../core/validate';

/** The `layout` option: where the channel axes of a weight shape are. */
export function layoutOption(value: unknown, fallback: Layout): Layout {
  return value === undefined ? fallback : oneOf(value, 'layout', LAYOUTS);
}

/** Whether a shape has no elements (a zero dimension; the scalar shape [] has one). */
export function isZeroElement(shape: readonly number[]): boolean {
  return shape.includes(0);
}

/**
 * The fans of the full shape (validated by the caller) and the plan's
 * context: `base` completed with them, in place. Property stores rather than
 * `{ ...base, ... }`: on Node 20 that spread took 0.8–2.4 µs per call here
 * (V8 copies an object holding a double on its slow path), more than filling
 * 1,024 values (docs/PERFORMANCE.md, small calls).
 */
export function fansAndContext(shape: readonly number[], layout: Layout, base: PlanContext): { fans: Fans; context: PlanContext } {
  const fans = fansOfShape(shape, layout);
  base.fanIn = fans.fanIn;
  base.fanOut = fans.fanOut;
  base.receptiveField = fans.receptiveField;
  return { fans, context: base };
}
