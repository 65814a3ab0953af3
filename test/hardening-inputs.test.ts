// Hostile input across the public API: every bad call fails with the
// right error class and an exact message, before any native work; async twins
// reject (awaited) instead of throwing; errors thrown by the caller's own
// getters and Proxy traps propagate unchanged. test/errors-initializers.test.ts
// covers the option tables of the Kaiming/Xavier/Keras/structured rules; this
// file covers the elementary initializers, the common options at their edges,
// out buffers, huge sizes, getters, Proxies, frozen inputs and the non-initializer exports.
import { expect } from 'chai';
import { constants as bufferConstants } from 'node:buffer';
import * as k from '../lib/index';
import { expectReject, expectThrow } from './support/initializers';

/** The message of the engine's own error (their wording differs between V8 and JavaScriptCore). */
function engineMessage(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the engine to throw');
}

type ErrorClass = typeof TypeError | typeof RangeError | typeof Error;
type Initializer = (shape: unknown, options?: unknown) => unknown;
/** [initializer, shape, options, class, message]: run sync, then (awaited) its Async twin. */
type InitRow = [string, unknown, unknown, ErrorClass, string];
/** [label, call, class, message]: call returns a value or a promise (then awaited). */
type CallRow = [string, () => unknown, ErrorClass, string];

const api = k as unknown as Record<string, Initializer>;
const U64 = 'an integer between 0 and 2^64-1 (number or bigint)';
const KEY = 'a string or an integer between 0 and 2^64-1';
const DTYPES = '"float32", "float64", "bfloat16", "float16"';
const NONLINEARITIES = k.NONLINEARITIES.map((n) => `"${n}"`).join(', ');
// The largest ArrayBuffer in bytes (2^32 in Node 20, 2^53 − 1 in Deno 2.9) and in elements of each width.
const MAX_BYTES = bufferConstants.MAX_LENGTH;
const MAX_F32 = Math.floor(MAX_BYTES / 4);
const MAX_F64 = Math.floor(MAX_BYTES / 8);
const MAX_16 = Math.floor(MAX_BYTES / 2);

let tried = 0;

/** Messages that name the called function say "…Async" for the async twin. */
const asyncMessage = (name: string, message: string) => message.replace(new RegExp(`for ${name}(;|$)`), `for ${name}Async$1`);

/** A Float32Array (or other) whose buffer has been transferred away. */
function detached<T extends Float32Array | Float64Array | Uint16Array>(array: T): T {
  structuredClone(array.buffer, { transfer: [array.buffer as ArrayBuffer] });
  return array;
}

/** Calls an async function; a synchronous throw is a failure of its own (async twins must reject). */
function settle(call: () => unknown): Promise<unknown> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    throw new Error(`threw synchronously instead of rejecting: ${(error as Error).message}`);
  }
  return Promise.resolve(result);
}

async function checkInitRows(rows: InitRow[]): Promise<void> {
  for (const [name, shape, options, Type, message] of rows) {
    expectThrow(() => api[name](shape, options), Type, message);
    tried++;
    const twin = api[`${name}Async`];
    if (twin !== undefined) {
      await expectReject(settle(() => twin(shape, options)), Type, asyncMessage(name, message));
      tried++;
    }
  }
}

async function checkCallRows(rows: CallRow[]): Promise<void> {
  for (const [label, call, Type, message] of rows) {
    let result: unknown;
    let thrown: unknown;
    let threw = false;
    try {
      result = call();
    } catch (error) {
      thrown = error;
      threw = true;
    }
    try {
      if (!threw && result instanceof Promise) await expectReject(result, Type, message);
      else expectThrow(() => {
        if (threw) throw thrown;
        return result;
      }, Type, message);
    } catch (failure) {
      (failure as Error).message = `${label}: ${(failure as Error).message}`;
      throw failure;
    }
    tried++;
  }
}

describe('hardening: hostile inputs', () => {
  it('the elementary initializers refuse bad rule options (sync and async)', async () => {
    await checkInitRows([
      ['uniform', [2, 3], { low: NaN }, RangeError, 'Expected a finite number for low but received NaN (number)'],
      ['uniform', [2, 3], { low: '0' }, TypeError, 'Expected a finite number for low but received "0" (string)'],
      ['uniform', [2, 3], { low: 0n }, TypeError, 'Expected a finite number for low but received 0n (bigint)'],
      ['uniform', [2, 3], { low: new Number(0) }, TypeError, 'Expected a finite number for low but received a Number'],
      ['uniform', [2, 3], { high: Infinity }, RangeError, 'Expected a finite number for high but received Infinity (number)'],
      ['uniform', [2, 3], { high: -Infinity }, RangeError, 'Expected a finite number for high but received -Infinity (number)'],
      ['uniform', [2, 3], { low: 1, high: 0.5 }, RangeError, 'Expected a number greater than or equal to low (1) for high but received 0.5 (number)'],
      ['uniform', [2, 3], { low: -1e308, high: 1e308 }, RangeError,
        'Expected a bound with a finite high − low for high but received 1e+308 (number)'],
      ['normal', [2, 3], { mean: Infinity }, RangeError, 'Expected a finite number for mean but received Infinity (number)'],
      ['normal', [2, 3], { mean: NaN }, RangeError, 'Expected a finite number for mean but received NaN (number)'],
      ['normal', [2, 3], { std: -1 }, RangeError, 'Expected a non-negative number for std but received -1 (number)'],
      ['normal', [2, 3], { std: NaN }, RangeError, 'Expected a non-negative number for std but received NaN (number)'],
      ['normal', [2, 3], { std: Infinity }, RangeError, 'Expected a non-negative number for std but received Infinity (number)'],
      ['normal', [2, 3], { std: '1' }, TypeError, 'Expected a non-negative number for std but received "1" (string)'],
      ['truncNormal', [2, 3], { std: 0 }, RangeError, 'Expected a positive number for std but received 0 (number)'],
      ['truncNormal', [2, 3], { std: -0 }, RangeError, 'Expected a positive number for std but received -0 (number)'],
      ['truncNormal', [2, 3], { a: NaN }, RangeError, 'Expected a number (not NaN) for a but received NaN (number)'],
      ['truncNormal', [2, 3], { b: '2' }, TypeError, 'Expected a number for b but received "2" (string)'],
      ['truncNormal', [2, 3], { a: 1, b: 0 }, RangeError, 'Expected a number greater than a (1) for b but received 0 (number)'],
      ['truncNormal', [2, 3], { a: Infinity, b: Infinity }, RangeError,
        'Expected a number greater than a (Infinity) for b but received Infinity (number)'],
      ['constant', [2, 3], {}, TypeError, 'Expected a number for value but received undefined'],
      ['constant', [2, 3], undefined, TypeError, 'Expected a number for value but received undefined'],
      ['constant', [2, 3], { value: 1n }, TypeError, 'Expected a number for value but received 1n (bigint)'],
      ['constant', [2, 3], { value: '1' }, TypeError, 'Expected a number for value but received "1" (string)'],
      ['zeros', [2, 3], { value: 1 }, RangeError, 'Unknown option "value" for zeros'],
      ['ones', [2, 3], { low: 0 }, RangeError, 'Unknown option "low" for ones'],
      ['ones', [2, 3], 'x', TypeError, 'Expected an options object for options but received "x" (string)'],
      ['zeros', [2, 3], null, TypeError, 'Expected an options object for options but received null'],
      ['uniform', [2, 3], () => 0, TypeError, 'Expected an options object for options but received a function'],
      ['uniform', [2, 3], { toString: 1 }, RangeError, 'Unknown option "toString" for uniform'],
      ['uniform', [2, 3], JSON.parse('{"__proto__": {"seed": 1}}'), RangeError, 'Unknown option "__proto__" for uniform'],
    ]);
  });

  it('a truncated normal with no values of the dtype in [a, b] fails with the numbers, never hangs', async () => {
    const why = 'almost no candidate lands inside [a, b] at this precision, as [a, b] lies too far in the tail';
    await checkInitRows([
      ['truncNormal', [4], { a: 1.0000000001, b: 1.0000000002, seed: 1 }, RangeError,
        'Expected a and b between which the truncated normal has float32 values but received a = 1.0000000001, b = 1.0000000002 ' +
        '(mean 0, std 1): no value of the output dtype lies in [a, b]'],
      ['truncNormal', [4], { a: 1.001, b: 1.002, dtype: 'bfloat16', seed: 1 }, RangeError,
        'Expected a and b between which the truncated normal has bfloat16 values but received a = 1.001, b = 1.002 ' +
        '(mean 0, std 1): no value of the output dtype lies in [a, b]'],
      // The tail's scale (std/a = 1e-6) is far below a float32 step at 1e6 (0.0625): every
      // candidate rounds to 1000000, below a. A rejection loop without the refusal would never return here.
      ['truncNormal', [4], { a: 1000000.01, b: 1000001, seed: 1 }, RangeError,
        `Expected a and b between which the truncated normal has float32 values but received a = 1000000.01, b = 1000001 (mean 0, std 1): ${why}`],
      ['truncNormal', [3, 100000], { a: 1000000.01, b: 1000001, seed: 1, threads: 2 }, RangeError,
        `Expected a and b between which the truncated normal has float32 values but received a = 1000000.01, b = 1000001 (mean 0, std 1): ${why}`],
      ['truncNormal', [4], { mean: 9.827782780430873, std: 1.6098032392849095, a: 1000000000000045.4, b: Infinity, dtype: 'float64', seed: 1 },
        RangeError, 'Expected a and b between which the truncated normal has float64 values but received a = 1000000000000045.4, ' +
        `b = Infinity (mean 9.827782780430873, std 1.6098032392849095): ${why}`],
      ['truncNormal', [4], { std: 1e-308, a: 10, b: 20, dtype: 'float64', seed: 1 }, RangeError,
        `Expected a and b between which the truncated normal has float64 values but received a = 10, b = 20 (mean 0, std 1e-308): ${why}`],
    ]);
  });

  it('seeds, keys and generators of every wrong type and value', async () => {
    await checkInitRows([
      ['uniform', [2], { seed: Symbol('s') }, TypeError, `Expected ${U64} for seed but received Symbol(s) (symbol)`],
      ['uniform', [2], { seed: NaN }, RangeError, `Expected ${U64} for seed but received NaN (number)`],
      ['uniform', [2], { seed: Infinity }, RangeError, `Expected ${U64} for seed but received Infinity (number)`],
      ['uniform', [2], { seed: true }, TypeError, `Expected ${U64} for seed but received true (boolean)`],
      ['uniform', [2], { seed: { valueOf: () => 1 } }, TypeError, `Expected ${U64} for seed but received an object`],
      ['uniform', [2], { seed: new Number(1) }, TypeError, `Expected ${U64} for seed but received a Number`],
      ['normal', [2], { seed: 2n ** 64n }, RangeError, `Expected ${U64} for seed but received 18446744073709551616n (bigint)`],
      ['normal', [2], { seed: -1n }, RangeError, `Expected ${U64} for seed but received -1n (bigint)`],
      ['normal', [2], { seed: 1, key: Symbol('k') }, TypeError, `Expected ${KEY} for key but received Symbol(k) (symbol)`],
      ['normal', [2], { seed: 1, key: NaN }, RangeError, `Expected ${U64} for key but received NaN (number)`],
      ['truncNormal', [2], { seed: 1, key: 1.5 }, RangeError, `Expected ${U64} for key but received 1.5 (number)`],
      ['truncNormal', [2], { seed: 1, key: new String('a') }, TypeError, `Expected ${KEY} for key but received a String`],
      ['truncNormal', [2], { seed: 1, key: () => 1 }, TypeError, `Expected ${KEY} for key but received a function`],
      ['ones', [2], { seed: 1, key: -1n }, RangeError, `Expected ${U64} for key but received -1n (bigint)`],
      ['uniform', [2], { generator: { next: () => ({ seed: 1n, key: 0n }) } }, TypeError,
        'Expected a Generator for generator but received an object'],
      ['uniform', [2], { generator: new k.Generator(1), seed: 1 }, TypeError,
        'Expected either seed or generator, not both, but received seed 1 (number)'],
    ]);
  });

  it('dtype, threads, shared and range at their edges', async () => {
    await checkInitRows([
      ['uniform', [4], { dtype: 'Float32' }, RangeError, `Expected one of ${DTYPES} for dtype but received "Float32" (string)`],
      ['uniform', [4], { dtype: 'int8' }, RangeError, `Expected one of ${DTYPES} for dtype but received "int8" (string)`],
      ['uniform', [4], { dtype: null }, TypeError, `Expected one of ${DTYPES} for dtype but received null`],
      ['zeros', [4], { dtype: 32 }, TypeError, `Expected one of ${DTYPES} for dtype but received 32 (number)`],
      ['uniform', [4], { threads: 1.5 }, RangeError, 'Expected an integer between 1 and 1024 for threads but received 1.5 (number)'],
      ['uniform', [4], { threads: NaN }, RangeError, 'Expected an integer between 1 and 1024 for threads but received NaN (number)'],
      ['uniform', [4], { threads: Infinity }, RangeError, 'Expected an integer between 1 and 1024 for threads but received Infinity (number)'],
      ['normal', [4], { threads: -1 }, RangeError, 'Expected an integer between 1 and 1024 for threads but received -1 (number)'],
      ['normal', [4], { threads: 2n }, TypeError, 'Expected an integer between 1 and 1024 for threads but received 2n (bigint)'],
      ['uniform', [4], { shared: 'true' }, TypeError, 'Expected a boolean for shared but received "true" (string)'],
      ['ones', [4], { shared: null }, TypeError, 'Expected a boolean for shared but received null'],
      ['uniform', [4], { range: '0,2' }, TypeError, 'Expected an array [start, end] for range but received "0,2" (string)'],
      ['uniform', [4], { range: ['0', '2'] }, TypeError, 'Expected an integer between 0 and 4 for range[0] but received "0" (string)'],
      ['uniform', [4], { range: [NaN, 2] }, RangeError, 'Expected an integer between 0 and 4 for range[0] but received NaN (number)'],
      ['uniform', [4], { range: [0, Infinity] }, RangeError, 'Expected an integer between 0 and 4 for range[1] but received Infinity (number)'],
      ['normal', [4], { range: [0n, 2n] }, TypeError, 'Expected an integer between 0 and 4 for range[0] but received 0n (bigint)'],
      ['normal', [4], { range: [0, 1, 2] }, TypeError, 'Expected an array [start, end] for range but received an array of length 3'],
      ['normal', [4], { range: Uint8Array.of(0, 2) }, TypeError, 'Expected an array [start, end] for range but received a Uint8Array of length 2'],
      ['truncNormal', [4], { range: [3, 1] }, RangeError, 'Expected an integer between 3 and 4 for range[1] but received 1 (number)'],
      ['truncNormal', [4], { range: [5, 5] }, RangeError, 'Expected an integer between 0 and 4 for range[0] but received 5 (number)'],
      ['zeros', [4], { range: { 0: 0, 1: 2, length: 2 } }, TypeError, 'Expected an array [start, end] for range but received an object'],
    ]);
  });

  it('out buffers of the wrong type, length or state (detached, Proxy, lying length)', async () => {
    await checkInitRows([
      ['uniform', [2, 3], { seed: 1, out: detached(new Float32Array(6)) }, TypeError,
        'Expected a Float32Array of length 6 for out but received a Float32Array with a detached buffer'],
      ['normal', [2, 3], { seed: 1, dtype: 'float64', out: detached(new Float64Array(6)) }, TypeError,
        'Expected a Float64Array of length 6 for out but received a Float64Array with a detached buffer'],
      ['ones', [2, 3], { out: detached(new Float32Array(6)) }, TypeError,
        'Expected a Float32Array of length 6 for out but received a Float32Array with a detached buffer'],
      // Nothing would be written, but a detached out is refused all the same.
      ['uniform', [4], { seed: 1, range: [2, 2], out: detached(new Float32Array(0)) }, TypeError,
        'Expected a Float32Array of length 0 for out but received a Float32Array with a detached buffer'],
      ['uniform', [2, 2], { seed: 1, out: new Proxy(new Float32Array(4), {}) }, TypeError,
        'Expected a Float32Array (dtype float32) for out but received a Proxy'],
      ['zeros', [2, 2], { out: new Proxy(new Float32Array(4), {}) }, TypeError,
        'Expected a Float32Array (dtype float32) for out but received a Proxy'],
      ['uniform', [2, 2], { seed: 1, out: new DataView(new ArrayBuffer(16)) }, TypeError,
        'Expected a Float32Array (dtype float32) for out but received a DataView'],
      ['uniform', [2, 2], { seed: 1, out: new Int16Array(4) }, TypeError,
        'Expected a Float32Array (dtype float32) for out but received an Int16Array of length 4'],
      ['uniform', [2, 2], { seed: 1, dtype: 'float32', out: new Float64Array(4) }, TypeError,
        'Expected a Float32Array (dtype float32) for out but received a Float64Array of length 4'],
      ['normal', [2, 2], { seed: 1, out: [0, 0, 0, 0] }, TypeError,
        'Expected a Float32Array (dtype float32) for out but received an array of length 4'],
      // An own `length` cannot make a 3-element array pass for 4 elements.
      ['uniform', [4], { seed: 1, out: Object.defineProperty(new Float32Array(3), 'length', { value: 4 }) }, RangeError,
        'Expected a Float32Array of length 4 for out but received a Float32Array of length 3'],
      ['uniform', [4], { seed: 1, out: new Float32Array(new SharedArrayBuffer(12)) }, RangeError,
        'Expected a Float32Array of length 4 for out but received a Float32Array of length 3'],
      ['truncNormal', [4], { seed: 1, dtype: 'float16', out: new Uint16Array(5) }, RangeError,
        'Expected a Uint16Array of length 4 for out but received a Uint16Array of length 5'],
      ['truncNormal', [4], { seed: 1, out: new Float32Array(4), shared: true }, TypeError,
        'Expected either out or shared, not both, but received shared true (boolean)'],
    ]);
  });

  it('shapes that are not shapes, and sizes beyond the largest typed array (refused before allocating)', async () => {
    const { proxy: revoked, revoke } = Proxy.revocable([2], {});
    revoke();
    await checkInitRows([
      ['uniform', 5, {}, TypeError, 'Expected an array of non-negative integers for shape but received 5 (number)'],
      ['uniform', undefined, {}, TypeError, 'Expected an array of non-negative integers for shape but received undefined'],
      ['normal', [2, -1], {}, RangeError, 'Expected a non-negative integer for shape[1] but received -1 (number)'],
      ['normal', [2.5], {}, RangeError, 'Expected a non-negative integer for shape[0] but received 2.5 (number)'],
      ['truncNormal', ['2'], {}, TypeError, 'Expected a non-negative integer for shape[0] but received "2" (string)'],
      ['constant', [1n], { value: 1 }, TypeError, 'Expected a non-negative integer for shape[0] but received 1n (bigint)'],
      // eslint-disable-next-line no-sparse-arrays
      ['zeros', [2, , 3], {}, TypeError, 'Expected a non-negative integer for shape[1] but received undefined'],
      ['ones', { length: 2, 0: 1, 1: 2 }, {}, TypeError, 'Expected an array of non-negative integers for shape but received an object'],
      ['uniform', Float64Array.of(2.5), {}, RangeError, 'Expected a non-negative integer for shape[0] but received 2.5 (number)'],
      ['uniform', new DataView(new ArrayBuffer(8)), {}, TypeError, 'Expected an array of non-negative integers for shape but received a DataView'],
      ['uniform', [2 ** 53], {}, RangeError, 'Expected a non-negative integer for shape[0] but received 9007199254740992 (number)'],
      // A revoked proxy: the engine's own TypeError from Array.isArray passes through unchanged.
      ['uniform', revoked, {}, TypeError, engineMessage(() => Array.isArray(revoked))],
      ['uniform', [2 ** 31, 2 ** 31], {}, RangeError,
        'Expected a shape whose element count is at most 9007199254740991 but received [2147483648, 2147483648]'],
      ['uniform', [MAX_F32 + 1], {}, RangeError,
        `Expected a shape with at most ${MAX_F32} float32 elements for shape but received [${MAX_F32 + 1}]`],
      ['normal', [MAX_F64 + 1], { dtype: 'float64' }, RangeError,
        `Expected a shape with at most ${MAX_F64} float64 elements for shape but received [${MAX_F64 + 1}]`],
      ['truncNormal', [2, Math.floor(MAX_16 / 2) + 1], { dtype: 'bfloat16' }, RangeError,
        `Expected a shape with at most ${MAX_16} bfloat16 elements for shape but received [2, ${Math.floor(MAX_16 / 2) + 1}]`],
      ['zeros', [MAX_F32, 2], { shared: true }, RangeError,
        `Expected a shape with at most ${MAX_F32} float32 elements for shape but received [${MAX_F32}, 2]`],
      // 2^40 elements: beyond every ArrayBuffer in Node and Bun; within Deno's, where the kernel's own limit refuses it.
      ...(2 ** 40 > MAX_F32 ? [['kaimingUniform', [2 ** 20, 2 ** 20], {}, RangeError,
        `Expected a shape with at most ${MAX_F32} float32 elements for shape but received [1048576, 1048576]`] as InitRow] : []),
    ]);
  });

  it('errors thrown by getters and Proxy traps of the caller propagate unchanged (sync and async)', async () => {
    const boom = new Error('thrown by the caller');
    const getter = (name: string) => Object.defineProperty({}, name, { get() { throw boom; }, enumerable: true });
    const cases: Array<[string, unknown, unknown]> = [
      ['uniform', [2], getter('seed')],
      ['uniform', [2], getter('low')],
      ['normal', [2], getter('out')],
      ['truncNormal', [2], getter('dtype')],
      ['kaimingUniform', [2, 2], getter('mode')],
      ['uniform', Object.defineProperty([1, 2], 0, { get() { throw boom; } }), {}],
      ['uniform', new Proxy([2, 3], { get(target, property) { if (property === 'length') throw boom; return Reflect.get(target, property); } }), {}],
      ['normal', [2], new Proxy({}, { ownKeys() { throw boom; } })],
      ['normal', [2], new Proxy({ seed: 1 }, { get() { throw boom; } })],
      ['uniform', [4], { range: Object.defineProperty([0, 2], 1, { get() { throw boom; } }) }],
      ['uniform', [2], { out: new Proxy(new Float32Array(2), { getPrototypeOf() { throw boom; } }) }],
      ['uniform', [2], { generator: new Proxy({}, { getPrototypeOf() { throw boom; } }) }],
    ];
    for (const [name, shape, options] of cases) {
      let caught: unknown;
      try {
        api[name](shape, options);
      } catch (error) {
        caught = error;
      }
      expect(caught, `${name} sync`).to.equal(boom);
      tried++;
      caught = undefined;
      try {
        await settle(() => api[`${name}Async`](shape, options));
      } catch (error) {
        caught = error;
      }
      expect(caught, `${name} async`).to.equal(boom);
      tried++;
    }
    expect(() => k.computeFans([3, 4], getter('layout') as never)).to.throw(Error, 'thrown by the caller');
    tried++;
  });

  it('signals: wrong types, an already aborted signal, and none on the sync functions', async () => {
    await checkCallRows([
      ['a fake signal', () => k.uniformAsync([2], { signal: { aborted: true } as never }), TypeError,
        'Expected an AbortSignal for signal but received an object'],
      ['a string signal', () => k.normalAsync([2], { signal: 'stop' as never }), TypeError,
        'Expected an AbortSignal for signal but received "stop" (string)'],
      ['a signal given to a sync function', () => k.uniform([2], { signal: AbortSignal.abort() } as never), RangeError,
        'Unknown option "signal" for uniform'],
    ]);
    // Already aborted: a DOMException named AbortError whose cause is the signal's reason.
    let caught: unknown;
    try {
      await k.truncNormalAsync([2], { seed: 1, signal: AbortSignal.abort('why') });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(DOMException);
    expect((caught as DOMException).name).to.equal('AbortError');
    expect((caught as DOMException).message).to.equal('The operation was aborted');
    expect((caught as Error).cause).to.equal('why');
    tried++;
  });

  it('Generator, manualSeed, computeFans, calculateGain, init and initAsync', async () => {
    await checkCallRows([
      ['Generator(-1)', () => new k.Generator(-1), RangeError, `Expected ${U64} for seed but received -1 (number)`],
      ['Generator("7")', () => new k.Generator('7' as never), TypeError, `Expected ${U64} for seed but received "7" (string)`],
      ['Generator(1.5)', () => new k.Generator(1.5), RangeError, `Expected ${U64} for seed but received 1.5 (number)`],
      ['Generator(2^64)', () => new k.Generator(2n ** 64n), RangeError, `Expected ${U64} for seed but received 18446744073709551616n (bigint)`],
      ['Generator(null)', () => new k.Generator(null as never), TypeError, `Expected ${U64} for seed but received null`],
      ['Generator(Symbol)', () => new k.Generator(Symbol.iterator as never), TypeError,
        `Expected ${U64} for seed but received Symbol(Symbol.iterator) (symbol)`],
      ['Generator without new', () => (k.Generator as unknown as (seed: number) => unknown)(1), TypeError,
        engineMessage(() => (class Generator {} as unknown as () => void)())],
      ['generator.manualSeed(NaN)', () => new k.Generator(1).manualSeed(NaN), RangeError, `Expected ${U64} for seed but received NaN (number)`],
      ['manualSeed(undefined)', () => k.manualSeed(undefined as never), TypeError, `Expected ${U64} for seed but received undefined`],
      ['computeFans(5)', () => k.computeFans(5), TypeError, 'Expected an array of non-negative integers for shape but received 5 (number)'],
      ['computeFans([3])', () => k.computeFans([3]), RangeError,
        'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [3])'],
      ['computeFans layout', () => k.computeFans([3, 4], { layout: 'tf' as never }), RangeError,
        'Expected one of "torch", "keras" for layout but received "tf" (string)'],
      ['computeFans unknown option', () => k.computeFans([3, 4], { lay: 'torch' } as never), RangeError, 'Unknown option "lay" for computeFans'],
      ['computeFans options 5', () => k.computeFans([3, 4], 5 as never), TypeError, 'Expected an options object for options but received 5 (number)'],
      ['computeFans huge', () => k.computeFans([2 ** 30, 2 ** 30, 2 ** 30]), RangeError,
        'Expected a shape whose fan in is at most 9007199254740991 but received [1073741824, 1073741824, 1073741824]'],
      ['calculateGain(5)', () => k.calculateGain(5 as never), TypeError,
        `Expected one of ${NONLINEARITIES} for nonlinearity but received 5 (number)`],
      ['calculateGain()', () => (k.calculateGain as unknown as () => number)(), TypeError,
        `Expected one of ${NONLINEARITIES} for nonlinearity but received undefined`],
      ['calculateGain("Relu")', () => k.calculateGain('Relu' as never), RangeError,
        `Expected one of ${NONLINEARITIES} for nonlinearity but received "Relu" (string)`],
      ['calculateGain param NaN', () => k.calculateGain('leaky_relu', NaN), RangeError, 'Expected a finite number for param but received NaN (number)'],
      ['calculateGain param string', () => k.calculateGain('leaky_relu', '0.1' as never), TypeError,
        'Expected a finite number for param but received "0.1" (string)'],
      ['calculateGain param 1e200', () => k.calculateGain('leaky_relu', 1e200), RangeError,
        'Expected a number whose square is finite for param but received 1e+200 (number)'],
      ['calculateGain relu, param Infinity', () => k.calculateGain('relu', Infinity), RangeError,
        'Expected a finite number for param but received Infinity (number)'],
      ['init(5)', () => k.init(5 as never, [2]), TypeError, 'Expected an initializer name (string) for name but received 5 (number)'],
      ['init misspelt', () => k.init('kaiming_unifrom', [2, 2]), RangeError, 'Unknown initializer "kaiming_unifrom"; did you mean "kaiming_uniform"?'],
      ['init("")', () => k.init('', [2, 2]), RangeError, 'Unknown initializer ""'],
      ['init passes on the rule\'s error', () => k.init('uniform', [2], { low: NaN }), RangeError, 'Expected a finite number for low but received NaN (number)'],
      ['initAsync unknown', () => k.initAsync('nope', [2, 2]), RangeError, 'Unknown initializer "nope"'],
      ['initAsync(Symbol)', () => k.initAsync(Symbol('x') as never, [2, 2]), TypeError,
        'Expected an initializer name (string) for name but received Symbol(x) (symbol)'],
      ['initAsync bad shape', () => k.initAsync('normal', 'x' as never), TypeError,
        'Expected an array of non-negative integers for shape but received "x" (string)'],
    ]);
  });

  it('frozen, sealed and proxied inputs that are valid are accepted and left unchanged', async () => {
    const shape = Object.freeze([2, 3]);
    const options = Object.freeze({ seed: 5, key: 'frozen', range: Object.freeze([1, 4]) as [number, number] });
    const t = k.uniform(shape, options);
    expect(t.data.length).to.equal(3);
    expect(t.shape).to.deep.equal([2, 3]);
    expect(t.shape).to.not.equal(shape);
    expect((await k.uniformAsync(shape, options)).data).to.deep.equal(t.data);
    // ES2024 §10.4.5.3 forbids non-configurable elements, so sealing a non-empty typed array throws
    // (newer V8, JavaScriptCore); Node 20's V8 seals it. Either way it is no longer extensible.
    const sealed = new Float32Array(3);
    try {
      Object.seal(sealed);
    } catch (error) {
      expect(error).to.be.instanceOf(TypeError);
    }
    Object.preventExtensions(sealed);
    expect(k.uniform(shape, { ...options, out: sealed }).data).to.equal(sealed);
    expect(sealed).to.deep.equal(t.data);
    expect(k.uniform(new Proxy([2, 3], {}), new Proxy({ ...options }, {})).data).to.deep.equal(t.data);
    // Resizable and growable buffers are typed arrays like any other.
    const resizable = new Float32Array(new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(12, { maxByteLength: 64 }));
    expect(k.uniform(shape, { ...options, out: resizable }).data).to.deep.equal(t.data);
  });

  it(`tries at least 80 bad calls`, () => {
    // Counted as they run above (a sync call and its async twin count as two).
    expect(tried).to.be.at.least(80);
  });
});
