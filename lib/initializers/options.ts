/**
 * Option parsing shared by the fan-based rules (kaiming, xavier, Keras variance scaling).
 */
import { computeFans, type Fans, type Layout, LAYOUTS } from '../fans';
import type { PlanContext } from '../plan';
import { oneOf } from '../validate';

/** The `layout` option: where the channel axes of a weight shape are. */
export function layoutOption(value: unknown, fallback: Layout): Layout {
  return value === undefined ? fallback : oneOf(value, 'layout', LAYOUTS);
}

/** Whether a shape has no elements (a zero dimension; the scalar shape [] has one). */
export function isZeroElement(shape: readonly number[]): boolean {
  return shape.includes(0);
}

/** Fans of the full shape, as a PlanContext fragment and as numbers. */
export function fansOf(shape: readonly number[], layout: Layout): { fans: Fans; context: Partial<PlanContext> } {
  const fans = computeFans(shape, { layout });
  return { fans, context: { fanIn: fans.fanIn, fanOut: fans.fanOut, receptiveField: fans.receptiveField } };
}
