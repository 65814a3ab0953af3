// Shared by the initializer tests: fixtures, decoding, moments, CDFs, and
// assertions on thrown and rejected errors that compare the exact message.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bfloat16BitsToFloat32, float16BitsToFloat32, type TensorData } from '../../lib/core/dtype';
import { normalCdf } from '../../lib/math/special';
import type { Tensor } from '../../lib/core/tensor';

export interface KaimingRow {
  shape: number[]; mode: string; nonlinearity: string; a: number | null;
  fan: number; gain: number; std: number; bound: number; checked_against_init?: boolean;
}
export interface XavierRow { shape: number[]; gain: number; fan_in: number; fan_out: number; std: number; bound: number }
export interface ModuleRow {
  module: string; args: number[]; kwargs: Record<string, unknown>; weight_shape: number[];
  weight_bound: number; bias_bound: number; bias_initialized: boolean;
}

/** test/fixtures/torch_fans.json, made with PyTorch 1.13 by make_torch_fixtures.py. */
export const torchFans = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'torch_fans.json'), 'utf8')) as {
  kaiming: KaimingRow[];
  xavier: XavierRow[];
  modules: ModuleRow[];
};

/** test/fixtures/torch_structured.json, made with PyTorch 1.13 by make_structured_fixtures.py. */
export const torchStructured = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'torch_structured.json'), 'utf8')) as {
  orthogonal: Array<{ shape: number[]; gain: number; rows: number; cols: number; normal: number[]; orthogonal: number[] }>;
  dirac: Array<{ shape: number[]; groups: number; values: number[] }>;
  eye: Array<{ shape: number[]; values: number[] }>;
};

/** The values of a tensor as doubles (bfloat16 and float16 bits decoded exactly). */
export function values(t: Tensor): Float64Array {
  const out = new Float64Array(t.data.length);
  if (t.dtype === 'bfloat16') for (let i = 0; i < out.length; i++) out[i] = bfloat16BitsToFloat32(t.data[i]);
  else if (t.dtype === 'float16') for (let i = 0; i < out.length; i++) out[i] = float16BitsToFloat32(t.data[i]);
  else out.set(t.data);
  return out;
}

export const bytes = (data: TensorData): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** Asserts two tensors hold the same bytes, shape, dtype and stream. */
export function expectSameTensor(actual: Tensor, expected: Tensor, where = ''): void {
  expect(actual.shape, where).to.deep.equal(expected.shape);
  expect(actual.dtype, where).to.equal(expected.dtype);
  expect(actual.seed, where).to.equal(expected.seed);
  expect(actual.key, where).to.equal(expected.key);
  expect(actual.data.constructor, where).to.equal(expected.data.constructor);
  expect(bytes(actual.data).equals(bytes(expected.data)), `${where}: bytes differ`).to.equal(true);
}

export function moments(data: ArrayLike<number>): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    sum += data[i];
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  const mean = sum / data.length;
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += (data[i] - mean) ** 2;
  return { mean, variance: sq / (data.length - 1), min, max };
}

export const uniformCdf = (lo: number, hi: number) => (x: number): number => Math.min(1, Math.max(0, (x - lo) / (hi - lo)));
export const normalCdfOf = (mu: number, sigma: number) => (x: number): number => normalCdf((x - mu) / sigma);

/** CDF of N(mu, sigma²) conditioned on [a, b]. */
export function truncatedNormalCdf(mu: number, sigma: number, a: number, b: number): (x: number) => number {
  const fa = normalCdf((a - mu) / sigma);
  const z = normalCdf((b - mu) / sigma) - fa;
  return (x) => (x <= a ? 0 : x >= b ? 1 : Math.min(1, Math.max(0, (normalCdf((x - mu) / sigma) - fa) / z)));
}

/** Variance of the standard normal truncated to [−2, 2] (docs: Keras's 0.87962566103423978²). */
export const TRUNCATED_VARIANCE_AT_TWO = 0.7737413035499232;

type ErrorClass = abstract new (...args: never[]) => Error;

/** Asserts fn throws exactly this class (not a subclass) with exactly this message. */
export function expectThrow(fn: () => unknown, Type: ErrorClass, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${Type.name}: ${message}`).to.be.instanceOf(Error);
  expect((caught as Error).constructor, (caught as Error).message).to.equal(Type);
  expect((caught as Error).message).to.equal(message);
}

/** Asserts the promise rejects with exactly this class and message. Always await it. */
export async function expectReject(promise: Promise<unknown>, Type: ErrorClass, message: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${Type.name}: ${message}`).to.be.instanceOf(Error);
  expect((caught as Error).constructor, (caught as Error).message).to.equal(Type);
  expect((caught as Error).message).to.equal(message);
}

/** Runs fn and returns its result with the process warnings it emitted (they arrive on a later tick). */
export async function withWarnings<T>(fn: () => T | Promise<T>): Promise<{ result: T; warnings: Error[] }> {
  const warnings: Error[] = [];
  const listener = (w: Error) => warnings.push(w);
  process.on('warning', listener);
  try {
    const result = await fn();
    await new Promise((resolve) => setImmediate(resolve));
    return { result, warnings };
  } finally {
    process.off('warning', listener);
  }
}
