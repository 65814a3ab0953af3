// init / initAsync / planFor by every accepted name, and defaults.linear / defaults.conv
// against nn.Linear / nn.Conv*d reset_parameters in PyTorch 1.13 (torch_fans.json "modules").
import { expect } from 'chai';
import * as k from '../lib/index';
import { defaults, Generator, hashKey, init, initAsync, initializerNames, kaimingUniform, planFor, uniform } from '../lib/index';
import type { Tensor } from '../lib/core/tensor';
import { expectReject, expectSameTensor, expectThrow, moments, torchFans, withWarnings } from './support/initializers';

type Fn = (shape: readonly number[], options?: Record<string, unknown>) => Tensor;

// Every public initializer, the names init() must accept for it, and options it needs.
const TABLE: Array<[string, string[], number[], Record<string, unknown>]> = [
  ['uniform', ['uniform_'], [6, 7], { low: -1, high: 2 }],
  ['normal', ['normal_'], [6, 7], { std: 0.3 }],
  ['truncNormal', ['trunc_normal', 'trunc_normal_'], [6, 7], { std: 0.3 }],
  ['constant', ['constant_'], [6, 7], { value: 0.25 }],
  ['zeros', ['zeros_', 'Zeros'], [6, 7], {}],
  ['ones', ['ones_', 'Ones'], [6, 7], {}],
  ['kaimingUniform', ['kaiming_uniform', 'kaiming_uniform_'], [8, 4, 3, 3], { mode: 'fan_out', nonlinearity: 'relu' }],
  ['kaimingNormal', ['kaiming_normal', 'kaiming_normal_'], [8, 4, 3, 3], { a: 0.2 }],
  ['xavierUniform', ['xavier_uniform', 'xavier_uniform_'], [8, 4, 3, 3], { gain: 2 }],
  ['xavierNormal', ['xavier_normal', 'xavier_normal_'], [8, 4, 3, 3], {}],
  ['varianceScaling', ['variance_scaling', 'VarianceScaling'], [3, 3, 4, 8], { scale: 0.5, mode: 'fan_avg', distribution: 'uniform' }],
  ['heNormal', ['he_normal', 'HeNormal'], [3, 3, 4, 8], {}],
  ['heUniform', ['he_uniform', 'HeUniform'], [3, 3, 4, 8], {}],
  ['glorotNormal', ['glorot_normal', 'GlorotNormal'], [3, 3, 4, 8], {}],
  ['glorotUniform', ['glorot_uniform', 'GlorotUniform'], [3, 3, 4, 8], {}],
  ['lecunNormal', ['lecun_normal', 'LecunNormal'], [3, 3, 4, 8], { layout: 'torch' }],
  ['lecunUniform', ['lecun_uniform', 'LecunUniform'], [3, 3, 4, 8], {}],
  ['eye', ['eye_', 'identity'], [5, 9], {}],
  ['dirac', ['dirac_'], [6, 4, 3, 3], { groups: 2 }],
  ['orthogonal', ['orthogonal_'], [6, 4, 3], { gain: 1.5 }],
  ['sparse', ['sparse_'], [20, 9], { sparsity: 0.3 }],
];

const fnOf = (name: string) => (k as unknown as Record<string, Fn>)[name];

describe('init: every initializer by every name', () => {
  it('accepts exactly the names in the table, and initializerNames lists them sorted', () => {
    const expected = TABLE.flatMap(([name, aliases]) => [name, ...aliases]).sort();
    expect(initializerNames()).to.deep.equal(expected);
  });

  for (const [name, aliases, shape, options] of TABLE) {
    it(`${name}: init(name) and initAsync(name) equal ${name}() for ${[name, ...aliases].join(', ')}`, async () => {
      const direct = fnOf(name)(shape, { ...options, seed: 111, key: 'x' });
      expect(typeof fnOf(`${name}Async`)).to.equal('function');
      expectSameTensor(await (fnOf(`${name}Async`) as unknown as (s: number[], o: object) => Promise<Tensor>)(shape, { ...options, seed: 111, key: 'x' }), direct, `${name}Async`);
      for (const alias of [name, ...aliases]) {
        expectSameTensor(init(alias, shape, { ...options, seed: 111, key: 'x' }), direct, alias);
        expectSameTensor(await initAsync(alias, shape, { ...options, seed: 111, key: 'x' }), direct, `${alias} async`);
        expect(planFor(alias, shape, options)).to.deep.equal(planFor(name, shape, options));
      }
    });
  }

  it("refuses Keras's RandomUniform/RandomNormal/TruncatedNormal rather than give PyTorch's numbers under their names", () => {
    // Keras's Identity takes a gain; eye() does not.
    for (const name of ['RandomUniform', 'RandomNormal', 'TruncatedNormal', 'Identity']) {
      expect(() => init(name, [2, 2], { seed: 1 })).to.throw(RangeError, `Unknown initializer "${name}"`);
    }
  });

  it('PyTorch and Keras spellings keep their own semantics: kaiming_normal is untruncated (torch layout), he_normal truncated (Keras layout)', () => {
    expect(planFor('kaiming_normal', [128, 64, 3, 3]).family).to.equal('normal');
    const he = planFor('he_normal', [3, 3, 64, 128]);
    expect(he.family).to.equal('truncated_normal');
    expect(he.context.fanIn).to.equal(576);
    expect(planFor('xavier_uniform', [256, 784])).to.not.deep.equal(planFor('glorot_uniform', [784, 256]));
  });

  it('an unknown name is a RangeError with a did-you-mean; a non-string a TypeError; async rejects', async () => {
    const cases: Array<[unknown, typeof TypeError | typeof RangeError, string]> = [
      ['kaiming_unifrom', RangeError, 'Unknown initializer "kaiming_unifrom"; did you mean "kaiming_uniform"?'],
      ['he_norml', RangeError, 'Unknown initializer "he_norml"; did you mean "he_normal"?'],
      ['Kaiming_Uniform_', RangeError, 'Unknown initializer "Kaiming_Uniform_"; did you mean "kaiming_uniform_"?'],
      ['glorotuniform', RangeError, 'Unknown initializer "glorotuniform"; did you mean "glorotUniform"?'],
      ['orthogonl', RangeError, 'Unknown initializer "orthogonl"; did you mean "orthogonal"?'],
      ['something_else_entirely', RangeError, 'Unknown initializer "something_else_entirely"'],
      ['', RangeError, 'Unknown initializer ""'],
      [42, TypeError, 'Expected an initializer name (string) for name but received 42 (number)'],
      [undefined, TypeError, 'Expected an initializer name (string) for name but received undefined'],
    ];
    for (const [name, Type, message] of cases) {
      expectThrow(() => init(name as string, [2, 2]), Type, message);
      expectThrow(() => planFor(name as string, [2, 2]), Type, message);
      await expectReject(initAsync(name as string, [2, 2]), Type, message);
    }
    // Option errors name the function that was called by name.
    expectThrow(() => init('he_normal', [2, 2], { gain: 2 }), RangeError, 'Unknown option "gain" for heNormal');
    await expectReject(initAsync('kaiming_normal_', [2, 2], { nonlinerity: 'relu' }), RangeError,
      'Unknown option "nonlinerity" for kaimingNormalAsync; did you mean "nonlinearity"?');
  });

  it('planFor draws nothing and does not advance a generator', () => {
    const g = new Generator(3);
    planFor('kaiming_uniform', [4, 4], { generator: g });
    planFor('orthogonal', [4, 4], { generator: g });
    expect(kaimingUniform([4, 4], { generator: g }).key).to.equal(0n);
  });
});

describe('defaults: nn.Linear / nn.Conv*d reset_parameters (PyTorch 1.13)', () => {
  const rows = torchFans.modules;

  it(`weight and bias bounds equal torch's for all ${rows.length} module rows; values inside them`, () => {
    expect(rows.length).to.be.at.least(50);
    rows.forEach((row, i) => {
      const where = `${row.module}(${row.args.join(', ')}) ${JSON.stringify(row.kwargs)}`;
      const transposed = row.module.startsWith('conv_transpose');
      const groups = (row.kwargs.groups as number | undefined) ?? 1;
      const { weight, bias } = row.module === 'linear'
        ? defaults.linear(row.args[0], row.args[1], { seed: i, dtype: 'float64' })
        : defaults.conv(row.weight_shape, { seed: i, dtype: 'float64', transposed, groups });
      expect(weight.shape, where).to.deep.equal(row.weight_shape);
      expect(bias.shape, where).to.deep.equal([row.args[1]]);
      if (weight.data.length > 0) {
        const plan = planFor('kaiming_uniform', row.weight_shape, { a: Math.sqrt(5) });
        if (plan.family !== 'uniform') throw new Error(plan.family);
        expect(plan.high, where).to.equal(row.weight_bound);
        const w = moments(weight.data);
        expect(w.min, where).to.be.at.least(-row.weight_bound);
        expect(w.max, where).to.be.below(row.weight_bound);
        expectSameTensor(weight, kaimingUniform(row.weight_shape, { a: Math.sqrt(5), seed: i, key: 0, dtype: 'float64' }), where);
      }
      if (bias.data.length > 0 && row.bias_bound > 0) {
        expectSameTensor(bias, uniform([row.args[1]], { low: -row.bias_bound, high: row.bias_bound, seed: i, key: 1, dtype: 'float64' }), where);
      } else {
        expect(Array.from(bias.data).every((v) => v === 0), where).to.equal(true);
      }
    });
  });

  it('nn.Linear(1, 1): weight bound √3·√(1/3) = 0.9999999999999999, as torch computes it', () => {
    const plan = planFor('kaiming_uniform', [1, 1], { a: Math.sqrt(5) });
    if (plan.family !== 'uniform') throw new Error(plan.family);
    expect(plan.high).to.equal(0.9999999999999999);
  });

  it('stream keys: string keys name the parameters, numeric keys K and K+1, generators hand out two successive keys', () => {
    const named = defaults.linear(10, 4, { seed: 5, key: 'fc1' });
    expect([named.weight.key, named.bias.key]).to.deep.equal([hashKey('fc1.weight'), hashKey('fc1.bias')]);
    const numbered = defaults.conv([8, 3, 3, 3], { seed: 5, key: 41 });
    expect([numbered.weight.key, numbered.bias.key]).to.deep.equal([41n, 42n]);
    expect(defaults.linear(3, 3, { seed: 5, key: (1n << 64n) - 1n }).bias.key).to.equal(0n);
    const plain = defaults.linear(10, 4, { seed: 5 });
    expect([plain.weight.key, plain.bias.key]).to.deep.equal([0n, 1n]);

    const g = new Generator(9);
    const first = defaults.linear(10, 4, { generator: g });
    const second = defaults.linear(10, 4, { generator: g });
    expect([first.weight.key, first.bias.key, second.weight.key, second.bias.key]).to.deep.equal([0n, 1n, 2n, 3n]);
    expect(first.weight.seed).to.equal(9n);
    expect(kaimingUniform([2, 2], { generator: g }).key).to.equal(4n);
    // With a generator and a key, the generator gives the seed, the key the streams.
    const keyed = defaults.linear(10, 4, { generator: new Generator(9), key: 'fc' });
    expect([keyed.weight.seed, keyed.weight.key]).to.deep.equal([9n, hashKey('fc.weight')]);
    expectSameTensor(defaults.linear(10, 4, { seed: 9, key: 'fc' }).bias, keyed.bias);

    k.manualSeed(77);
    const a = defaults.conv([4, 2, 3]);
    k.manualSeed(77);
    expectSameTensor(defaults.conv([4, 2, 3]).weight, a.weight);
    expect([a.weight.seed, a.weight.key, a.bias.key]).to.deep.equal([77n, 0n, 1n]);
  });

  it('ConvTranspose: the bias has out = shape[1]·groups elements', () => {
    expect(defaults.conv([16, 8, 4, 4], { seed: 1, transposed: true }).bias.shape).to.deep.equal([8]);
    expect(defaults.conv([16, 4, 3, 3], { seed: 1, transposed: true, groups: 2 }).bias.shape).to.deep.equal([8]);
  });

  it('async twins equal the sync ones', async () => {
    for (const dtype of ['float32', 'bfloat16'] as const) {
      const s = defaults.linear(300, 200, { seed: 3, key: 'l', dtype });
      const a = await defaults.linearAsync(300, 200, { seed: 3, key: 'l', dtype });
      expectSameTensor(a.weight, s.weight);
      expectSameTensor(a.bias, s.bias);
      const sc = defaults.conv([32, 16, 3, 3], { seed: 3, dtype });
      const ac = await defaults.convAsync([32, 16, 3, 3], { seed: 3, dtype });
      expectSameTensor(ac.weight, sc.weight);
      expectSameTensor(ac.bias, sc.bias);
    }
  });

  it('fanIn = 0: an empty weight with a warning and a zero bias (PyTorch: U(−0, 0))', async () => {
    const { result, warnings } = await withWarnings(() => defaults.linear(0, 3, { seed: 1 }));
    expect(result.weight.data.length).to.equal(0);
    expect(Array.from(result.bias.data)).to.deep.equal([0, 0, 0]);
    expect(warnings.map((w) => w.message)).to.deep.equal(['Initializing zero-element tensors is a no-op (kaimingUniform)']);
  });
});
