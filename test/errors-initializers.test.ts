// Tables of bad arguments for every initializer of this family, each matched to the exact
// error class and message, for the sync function and (awaited) for its async twin. Also:
// refused calls leave generators alone, and 0 is always a value, never a missing option.
import { expect } from 'chai';
import * as k from '../lib/index';
import { defaults, Generator } from '../lib/index';
import type { Tensor } from '../lib/core/tensor';
import { expectReject, expectThrow } from './support/initializers';

type Fn = (shape: unknown, options?: unknown) => Tensor;
type AsyncFn = (shape: unknown, options?: unknown) => Promise<Tensor>;
type Row = [string, unknown, unknown, typeof TypeError | typeof RangeError, string];

const fn = (name: string) => (k as unknown as Record<string, Fn>)[name];
const asyncFn = (name: string) => (k as unknown as Record<string, AsyncFn>)[`${name}Async`];

const NONLINEARITY_LIST = '"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"';
const U64 = 'an integer between 0 and 2^64-1 (number or bigint)';

const ALL = [
  'kaimingUniform', 'kaimingNormal', 'xavierUniform', 'xavierNormal', 'varianceScaling', 'heNormal', 'heUniform',
  'glorotNormal', 'glorotUniform', 'lecunNormal', 'lecunUniform', 'eye', 'dirac', 'orthogonal', 'sparse',
];
// A valid shape and the options each needs.
const VALID: Record<string, [number[], Record<string, unknown>]> = {
  eye: [[2, 3], {}],
  dirac: [[2, 3, 1], {}],
  sparse: [[2, 3], { sparsity: 0.5 }],
};
const validFor = (name: string): [number[], Record<string, unknown>] => VALID[name] ?? [[2, 3], {}];

/** Messages that name the called function say "…Async" for the async twin. */
const asyncMessage = (name: string, message: string) => message.replace(new RegExp(`for ${name}(;|$)`), `for ${name}Async$1`);

async function check(rows: Row[]): Promise<void> {
  for (const [name, shape, options, Type, message] of rows) {
    expectThrow(() => fn(name)(shape, options), Type, message);
    await expectReject(asyncFn(name)(shape, options), Type, asyncMessage(name, message));
  }
}

describe('errors: shapes (every initializer, sync and async)', () => {
  const cases: Array<[unknown, typeof TypeError | typeof RangeError, string]> = [
    [5, TypeError, 'Expected an array of non-negative integers for shape but received 5 (number)'],
    ['2,3', TypeError, 'Expected an array of non-negative integers for shape but received "2,3" (string)'],
    [null, TypeError, 'Expected an array of non-negative integers for shape but received null'],
    [[2.5, 3], RangeError, 'Expected a non-negative integer for shape[0] but received 2.5 (number)'],
    [[2, -3], RangeError, 'Expected a non-negative integer for shape[1] but received -3 (number)'],
    [[NaN, 3], RangeError, 'Expected a non-negative integer for shape[0] but received NaN (number)'],
    [[2, Infinity], RangeError, 'Expected a non-negative integer for shape[1] but received Infinity (number)'],
    [[2 ** 53, 1], RangeError, 'Expected a non-negative integer for shape[0] but received 9007199254740992 (number)'],
    [['2', 3], TypeError, 'Expected a non-negative integer for shape[0] but received "2" (string)'],
    [[2, 3n], TypeError, 'Expected a non-negative integer for shape[1] but received 3n (bigint)'],
  ];
  for (const name of ALL) {
    it(name, async () => {
      const [, options] = validFor(name);
      await check(cases.map(([shape, Type, message]) => [name, shape, options, Type, message] as Row));
    });
  }

  it('too many elements for the dtype, and products above 2^53', async () => {
    const max = Math.floor(require('node:buffer').constants.MAX_LENGTH / 4);
    await check([
      ['eye', [2 ** 26, 2 ** 26], {}, RangeError, `Expected a shape with at most ${max} float32 elements for shape but received [67108864, 67108864]`],
      ['kaimingNormal', [2 ** 26, 2 ** 26], {}, RangeError, `Expected a shape with at most ${max} float32 elements for shape but received [67108864, 67108864]`],
      ['kaimingUniform', [2 ** 30, 2 ** 30, 2 ** 30], {}, RangeError,
        'Expected a shape whose fan in is at most 9007199254740991 but received [1073741824, 1073741824, 1073741824]'],
      ['orthogonal', [2 ** 30, 2 ** 30, 2 ** 30], {}, RangeError,
        'Expected a shape whose element count is at most 9007199254740991 but received [1073741824, 1073741824, 1073741824]'],
    ]);
  });

  it('ranks each rule needs', async () => {
    await check([
      ['kaimingUniform', [5], {}, RangeError, 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [5])'],
      ['kaimingNormal', [], {}, RangeError, 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [])'],
      ['xavierUniform', [7], {}, RangeError, 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [7])'],
      ['eye', [3, 4, 5], {}, RangeError, 'Expected a shape with 2 dimensions for shape but received [3, 4, 5]'],
      ['eye', [4], {}, RangeError, 'Expected a shape with 2 dimensions for shape but received [4]'],
      ['dirac', [3, 3], {}, RangeError, 'Expected a shape with 3, 4 or 5 dimensions for shape but received [3, 3]'],
      ['dirac', [1, 1, 1, 1, 1, 1], {}, RangeError, 'Expected a shape with 3, 4 or 5 dimensions for shape but received [1, 1, 1, 1, 1, 1]'],
      ['orthogonal', [5], {}, RangeError, 'Expected a shape with at least 2 dimensions for shape but received [5]'],
      ['sparse', [2, 3, 4], { sparsity: 0.1 }, RangeError, 'Expected a shape with 2 dimensions for shape but received [2, 3, 4]'],
    ]);
  });
});

describe('errors: common options (every initializer, sync and async)', () => {
  const g = new Generator(1);
  const rows = (name: string): Row[] => {
    const [shape, base] = validFor(name);
    const n = shape.reduce((a, b) => a * b, 1);
    const o = (extra: Record<string, unknown>) => ({ ...base, ...extra });
    return [
      [name, shape, 5, TypeError, 'Expected an options object for options but received 5 (number)'],
      [name, shape, [], TypeError, 'Expected an options object for options but received an array of length 0'],
      [name, shape, o({ seeed: 1 }), RangeError, `Unknown option "seeed" for ${name}; did you mean "seed"?`],
      [name, shape, o({ seed: -1 }), RangeError, `Expected ${U64} for seed but received -1 (number)`],
      [name, shape, o({ seed: 1.5 }), RangeError, `Expected ${U64} for seed but received 1.5 (number)`],
      [name, shape, o({ seed: 2 ** 53 }), RangeError, `Expected ${U64} for seed but received 9007199254740992 (number)`],
      [name, shape, o({ seed: 2n ** 64n }), RangeError, `Expected ${U64} for seed but received 18446744073709551616n (bigint)`],
      [name, shape, o({ seed: -1n }), RangeError, `Expected ${U64} for seed but received -1n (bigint)`],
      [name, shape, o({ seed: '7' }), TypeError, `Expected ${U64} for seed but received "7" (string)`],
      [name, shape, o({ seed: null }), TypeError, `Expected ${U64} for seed but received null`],
      [name, shape, o({ key: -2 }), RangeError, `Expected ${U64} for key but received -2 (number)`],
      [name, shape, o({ key: {} }), TypeError, 'Expected a string or an integer between 0 and 2^64-1 for key but received an object'],
      [name, shape, o({ generator: {} }), TypeError, 'Expected a Generator for generator but received an object'],
      [name, shape, o({ generator: g, seed: 0 }), TypeError, 'Expected either seed or generator, not both, but received seed 0 (number)'],
      [name, shape, o({ dtype: 'float8' }), RangeError,
        'Expected one of "float32", "float64", "bfloat16", "float16" for dtype but received "float8" (string)'],
      [name, shape, o({ dtype: Float32Array }), TypeError,
        'Expected one of "float32", "float64", "bfloat16", "float16" for dtype but received a function'],
      [name, shape, o({ threads: 0 }), RangeError, 'Expected an integer between 1 and 1024 for threads but received 0 (number)'],
      [name, shape, o({ threads: 1025 }), RangeError, 'Expected an integer between 1 and 1024 for threads but received 1025 (number)'],
      [name, shape, o({ threads: '2' }), TypeError, 'Expected an integer between 1 and 1024 for threads but received "2" (string)'],
      [name, shape, o({ shared: 1 }), TypeError, 'Expected a boolean for shared but received 1 (number)'],
      [name, shape, o({ out: [0, 0, 0, 0, 0, 0] }), TypeError, 'Expected a Float32Array (dtype float32) for out but received an array of length 6'],
      [name, shape, o({ out: new Float32Array(n + 1) }), RangeError,
        `Expected a Float32Array of length ${n} for out but received a Float32Array of length ${n + 1}`],
      [name, shape, o({ out: new Float32Array(n), dtype: 'bfloat16' }), TypeError,
        `Expected a Uint16Array (dtype bfloat16) for out but received a Float32Array of length ${n}`],
      [name, shape, o({ out: new Uint16Array(n) }), TypeError, `Expected a Float32Array (dtype float32) for out but received a Uint16Array of length ${n}`],
      [name, shape, o({ out: new Float32Array(n), shared: true }), TypeError, 'Expected either out or shared, not both, but received shared true (boolean)'],
      [name, shape, o({ range: [0] }), TypeError, 'Expected an array [start, end] for range but received an array of length 1'],
      [name, shape, o({ range: [4, 2] }), RangeError, `Expected an integer between 4 and ${n} for range[1] but received 2 (number)`],
      [name, shape, o({ range: [0, n + 1] }), RangeError, `Expected an integer between 0 and ${n} for range[1] but received ${n + 1} (number)`],
      [name, shape, o({ range: [-1, 2] }), RangeError, `Expected an integer between 0 and ${n} for range[0] but received -1 (number)`],
      [name, shape, o({ range: [0, 2], out: new Float32Array(3) }), RangeError,
        'Expected a Float32Array of length 2 for out but received a Float32Array of length 3'],
    ];
  };
  for (const name of ALL) it(name, () => check(rows(name)));

  it('signal: unknown to the sync functions, checked by the async ones', async () => {
    expectThrow(() => k.kaimingUniform([2, 2], { signal: new AbortController().signal } as never), RangeError, 'Unknown option "signal" for kaimingUniform');
    await expectReject(k.orthogonalAsync([2, 2], { signal: 'stop' } as never), TypeError, 'Expected an AbortSignal for signal but received "stop" (string)');
    await expectReject(k.sparseAsync([2, 2], { sparsity: 0.5, signal: {} } as never), TypeError, 'Expected an AbortSignal for signal but received an object');
  });

  it('a refused call does not advance the generator', async () => {
    const gen = new Generator(8);
    for (const name of ALL) {
      const [shape, base] = validFor(name);
      expect(() => fn(name)(shape, { ...base, generator: gen, threads: 0 })).to.throw(RangeError);
      await expectReject(asyncFn(name)(shape, { ...base, generator: gen, dtype: 'int8' }), RangeError,
        'Expected one of "float32", "float64", "bfloat16", "float16" for dtype but received "int8" (string)');
    }
    expect(() => defaults.linear(3, 4, { generator: gen, dtype: 'int8' as never })).to.throw(RangeError);
    expect(k.kaimingUniform([2, 2], { generator: gen }).key).to.equal(0n);
  });
});

describe('errors: the options of each rule (sync and async)', () => {
  it('kaimingUniform / kaimingNormal', async () => {
    const rows: Row[] = [];
    for (const name of ['kaimingUniform', 'kaimingNormal']) {
      rows.push(
        [name, [4, 4], { nonlinerity: 'relu' }, RangeError, `Unknown option "nonlinerity" for ${name}; did you mean "nonlinearity"?`],
        [name, [4, 4], { mod: 'fan_in' }, RangeError, `Unknown option "mod" for ${name}; did you mean "mode"?`],
        [name, [4, 4], { negative_slope: 0.1 }, RangeError, `Unknown option "negative_slope" for ${name}`],
        [name, [4, 4], { a: '0.1' }, TypeError, 'Expected a finite number for a but received "0.1" (string)'],
        [name, [4, 4], { a: true }, TypeError, 'Expected a finite number for a but received true (boolean)'],
        [name, [4, 4], { a: NaN }, RangeError, 'Expected a finite number for a but received NaN (number)'],
        [name, [4, 4], { a: -Infinity }, RangeError, 'Expected a finite number for a but received -Infinity (number)'],
        [name, [4, 4], { a: 1e200 }, RangeError, 'Expected a number whose square is finite for a but received 1e+200 (number)'],
        [name, [4, 4], { mode: 'fan_avg' }, RangeError, 'Expected one of "fan_in", "fan_out" for mode but received "fan_avg" (string)'],
        [name, [4, 4], { mode: 'fanin' }, RangeError, 'Expected one of "fan_in", "fan_out" for mode but received "fanin" (string)'],
        [name, [4, 4], { mode: '' }, RangeError, 'Expected one of "fan_in", "fan_out" for mode but received "" (string)'],
        [name, [4, 4], { mode: 0 }, TypeError, 'Expected one of "fan_in", "fan_out" for mode but received 0 (number)'],
        [name, [4, 4], { nonlinearity: 'ReLU' }, RangeError, `Expected one of ${NONLINEARITY_LIST} for nonlinearity but received "ReLU" (string)`],
        [name, [4, 4], { nonlinearity: 'gelu' }, RangeError, `Expected one of ${NONLINEARITY_LIST} for nonlinearity but received "gelu" (string)`],
        [name, [4, 4], { nonlinearity: null }, TypeError, `Expected one of ${NONLINEARITY_LIST} for nonlinearity but received null`],
        [name, [4, 4], { layout: 'tf' }, RangeError, 'Expected one of "torch", "keras" for layout but received "tf" (string)'],
        [name, [4, 4], { layout: 'Torch' }, RangeError, 'Expected one of "torch", "keras" for layout but received "Torch" (string)'],
      );
    }
    await check(rows);
  });

  it('xavierUniform / xavierNormal', async () => {
    const rows: Row[] = [];
    for (const name of ['xavierUniform', 'xavierNormal']) {
      rows.push(
        [name, [4, 4], { gain: -1 }, RangeError, 'Expected a non-negative number for gain but received -1 (number)'],
        [name, [4, 4], { gain: Infinity }, RangeError, 'Expected a non-negative number for gain but received Infinity (number)'],
        [name, [4, 4], { gain: NaN }, RangeError, 'Expected a non-negative number for gain but received NaN (number)'],
        [name, [4, 4], { gain: '1' }, TypeError, 'Expected a non-negative number for gain but received "1" (string)'],
        [name, [4, 4], { gian: 1 }, RangeError, `Unknown option "gian" for ${name}; did you mean "gain"?`],
        [name, [4, 4], { distribution: 'uniform' }, RangeError, `Unknown option "distribution" for ${name}`],
      );
    }
    await check(rows);
  });

  it('varianceScaling and the presets', async () => {
    const modes = '"fan_in", "fan_out", "fan_avg"';
    const distributions = '"truncated_normal", "untruncated_normal", "uniform", "normal"';
    await check([
      ['varianceScaling', [4, 4], { scale: 0 }, RangeError, 'Expected a positive number for scale but received 0 (number)'],
      ['varianceScaling', [4, 4], { scale: -2 }, RangeError, 'Expected a positive number for scale but received -2 (number)'],
      ['varianceScaling', [4, 4], { scale: Infinity }, RangeError, 'Expected a positive number for scale but received Infinity (number)'],
      ['varianceScaling', [4, 4], { scale: '2' }, TypeError, 'Expected a positive number for scale but received "2" (string)'],
      ['varianceScaling', [4, 4], { mode: 'FAN_IN' }, RangeError, `Expected one of ${modes} for mode but received "FAN_IN" (string)`],
      ['varianceScaling', [4, 4], { mode: 'fan_sum' }, RangeError, `Expected one of ${modes} for mode but received "fan_sum" (string)`],
      // TF.js accepts 'truncatedNormal' and silently draws a uniform (see docs): refused here.
      ['varianceScaling', [4, 4], { distribution: 'truncatedNormal' }, RangeError,
        `Expected one of ${distributions} for distribution but received "truncatedNormal" (string)`],
      ['varianceScaling', [4, 4], { distribution: 7 }, TypeError, `Expected one of ${distributions} for distribution but received 7 (number)`],
      ['varianceScaling', [4, 4], { layout: 'channels_last' }, RangeError,
        'Expected one of "torch", "keras" for layout but received "channels_last" (string)'],
      ['varianceScaling', [4, 4], { distrbution: 'uniform' }, RangeError, 'Unknown option "distrbution" for varianceScaling; did you mean "distribution"?'],
      ['heNormal', [4, 4], { distribution: 'uniform' }, RangeError, 'Unknown option "distribution" for heNormal'],
      ['heNormal', [4, 4], { nonlinearity: 'relu' }, RangeError, 'Unknown option "nonlinearity" for heNormal'],
      ['glorotUniform', [4, 4], { gain: 1 }, RangeError, 'Unknown option "gain" for glorotUniform'],
      ['lecunNormal', [4, 4], { layout: 'keras ' }, RangeError, 'Expected one of "torch", "keras" for layout but received "keras " (string)'],
    ]);
  });

  it('eye, dirac, orthogonal, sparse', async () => {
    await check([
      ['eye', [2, 2], { gain: 2 }, RangeError, 'Unknown option "gain" for eye'],
      ['dirac', [6, 2, 3], { groups: 0 }, RangeError, 'Expected a positive integer for groups but received 0 (number)'],
      ['dirac', [6, 2, 3], { groups: 1.5 }, RangeError, 'Expected a positive integer for groups but received 1.5 (number)'],
      ['dirac', [6, 2, 3], { groups: '2' }, TypeError, 'Expected a positive integer for groups but received "2" (string)'],
      ['dirac', [6, 2, 3], { groups: 4 }, RangeError, 'Expected a divisor of shape[0] (6) for groups but received 4 (number)'],
      ['dirac', [6, 2, 3], { group: 2 }, RangeError, 'Unknown option "group" for dirac; did you mean "groups"?'],
      ['orthogonal', [3, 3], { gain: NaN }, RangeError, 'Expected a finite number for gain but received NaN (number)'],
      ['orthogonal', [3, 3], { gain: Infinity }, RangeError, 'Expected a finite number for gain but received Infinity (number)'],
      ['orthogonal', [3, 3], { gain: '2' }, TypeError, 'Expected a finite number for gain but received "2" (string)'],
      ['sparse', [3, 3], {}, TypeError, 'Expected a number between 0 and 1 for sparsity but received undefined'],
      ['sparse', [3, 3], undefined, TypeError, 'Expected a number between 0 and 1 for sparsity but received undefined'],
      ['sparse', [3, 3], { sparsity: 1.5 }, RangeError, 'Expected a number between 0 and 1 for sparsity but received 1.5 (number)'],
      ['sparse', [3, 3], { sparsity: -0.1 }, RangeError, 'Expected a number between 0 and 1 for sparsity but received -0.1 (number)'],
      ['sparse', [3, 3], { sparsity: NaN }, RangeError, 'Expected a number between 0 and 1 for sparsity but received NaN (number)'],
      ['sparse', [3, 3], { sparsity: '0.5' }, TypeError, 'Expected a number between 0 and 1 for sparsity but received "0.5" (string)'],
      ['sparse', [3, 3], { sparsity: 0.5, std: -0.01 }, RangeError, 'Expected a non-negative number for std but received -0.01 (number)'],
      ['sparse', [3, 3], { sparsity: 0.5, stdev: 1 }, RangeError, 'Unknown option "stdev" for sparse; did you mean "std"?'],
    ]);
  });
});

describe('errors: defaults.linear / defaults.conv', () => {
  it('arguments and options, sync and async', async () => {
    const cases: Array<[() => unknown, () => Promise<unknown>, typeof TypeError | typeof RangeError, string]> = [
      [() => defaults.linear(-1, 3), () => defaults.linearAsync(-1, 3), RangeError, 'Expected a non-negative integer for inFeatures but received -1 (number)'],
      [() => defaults.linear(3, '4' as never), () => defaults.linearAsync(3, '4' as never), TypeError,
        'Expected a non-negative integer for outFeatures but received "4" (string)'],
      [() => defaults.linear(3, 4, { range: [0, 1] } as never), () => defaults.linearAsync(3, 4, { range: [0, 1] } as never), RangeError,
        'Unknown option "range" for defaults.linear'],
      [() => defaults.linear(3, 4, { seed: -1 }), () => defaults.linearAsync(3, 4, { seed: -1 }), RangeError, `Expected ${U64} for seed but received -1 (number)`],
      [() => defaults.linear(3, 4, { threads: 0 }), () => defaults.linearAsync(3, 4, { threads: 0 }), RangeError,
        'Expected an integer between 1 and 1024 for threads but received 0 (number)'],
      [() => defaults.conv([3, 3]), () => defaults.convAsync([3, 3]), RangeError,
        'Expected a convolution weight shape with at least 3 dimensions for shape but received [3, 3]'],
      [() => defaults.conv([4, 2, 3], { transposed: 1 } as never), () => defaults.convAsync([4, 2, 3], { transposed: 1 } as never), TypeError,
        'Expected a boolean for transposed but received 1 (number)'],
      [() => defaults.conv([4, 2, 3], { groups: 0 }), () => defaults.convAsync([4, 2, 3], { groups: 0 }), RangeError,
        'Expected a positive integer for groups but received 0 (number)'],
      [() => defaults.conv([4, 2, 3], { groups: 3 }), () => defaults.convAsync([4, 2, 3], { groups: 3 }), RangeError,
        'Expected a shape whose shape[0] is divisible by groups (3) but received [4, 2, 3]'],
      [() => defaults.conv([4, 2, 3], { dtype: 'half' as never }), () => defaults.convAsync([4, 2, 3], { dtype: 'half' as never }), RangeError,
        'Expected one of "float32", "float64", "bfloat16", "float16" for dtype but received "half" (string)'],
    ];
    for (const [sync, async, Type, message] of cases) {
      expectThrow(sync, Type, message);
      await expectReject(async(), Type, message.replace('defaults.linear', 'defaults.linearAsync'));
    }
    await expectReject(defaults.convAsync([4, 2, 3], { signal: 5 } as never), TypeError, 'Expected an AbortSignal for signal but received 5 (number)');
  });
});
