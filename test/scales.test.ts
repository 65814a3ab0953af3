// Stds and bounds against real PyTorch 1.13 (test/fixtures/torch_fans.json: every row was
// also replayed against the real kaiming_*/xavier_*/nn.Linear/nn.Conv* by the generator),
// and Keras 3 VarianceScaling against values worked out from its source.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateGain, computeFans } from '../lib/rules/fans';
import {
  convDefaultBounds,
  kaimingBound,
  kaimingStd,
  linearDefaultBounds,
  selectFan,
  varianceScalingParams,
  xavierBound,
  xavierStd,
  type VarianceScalingOptions,
  type VarianceScalingParams,
} from '../lib/rules/scales';

interface KaimingRow {
  shape: number[]; mode: string; nonlinearity: string; a: number | null;
  fan: number; gain: number; std: number; bound: number; checked_against_init?: boolean;
}
interface XavierRow { shape: number[]; gain: number; fan_in: number; fan_out: number; std: number; bound: number }
interface ModuleRow {
  module: string; args: number[]; weight_shape: number[];
  weight_bound: number; bias_bound: number; bias_initialized: boolean;
}
interface ErrorRow { id: string; call: string; error?: string; warning?: string; message: string }

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'torch_fans.json'), 'utf8')) as {
  kaiming: KaimingRow[];
  xavier: XavierRow[];
  modules: ModuleRow[];
  errors: ErrorRow[];
};

describe('scales: kaiming against PyTorch 1.13', () => {
  it(`covers both modes, upper-case spellings and every nonlinearity (${fixture.kaiming.length} rows)`, () => {
    expect(fixture.kaiming.length).to.be.at.least(300);
    expect(new Set(fixture.kaiming.map((r) => r.mode))).to.include.keys('fan_in', 'fan_out', 'FAN_IN', 'Fan_Out');
    expect(new Set(fixture.kaiming.map((r) => r.nonlinearity)).size).to.equal(12);
    expect(fixture.kaiming.filter((r) => r.checked_against_init).length).to.be.at.least(100);
  });

  it('fan, gain, std and bound equal torch\'s doubles for every row', () => {
    for (const row of fixture.kaiming) {
      const where = `${JSON.stringify(row.shape)} ${row.mode} ${row.nonlinearity}(${row.a})`;
      const fan = selectFan(computeFans(row.shape), row.mode);
      const gain = calculateGain(row.nonlinearity, row.a);
      expect(fan, where).to.equal(row.fan);
      expect(gain, where).to.equal(row.gain);
      expect(kaimingStd(fan, gain), where).to.equal(row.std);
      expect(kaimingBound(fan, gain), where).to.equal(row.bound);
    }
  });

  it('keeps PyTorch\'s order of operations (√3·(gain/√fan), not gain·√(3/fan))', () => {
    // nn.Linear(1, 1): √3·√(1/3) rounds to 0.9999999999999999, which PyTorch uses.
    expect(kaimingBound(1, calculateGain('leaky_relu', Math.sqrt(5)))).to.equal(0.9999999999999999);
  });
});

describe('scales: xavier against PyTorch 1.13', () => {
  it(`std and bound equal torch's doubles for every row (${fixture.xavier.length} rows)`, () => {
    expect(fixture.xavier.length).to.be.at.least(300);
    for (const row of fixture.xavier) {
      const { fanIn, fanOut } = computeFans(row.shape);
      const where = `${JSON.stringify(row.shape)} gain ${row.gain}`;
      expect([fanIn, fanOut], where).to.deep.equal([row.fan_in, row.fan_out]);
      expect(xavierStd(fanIn, fanOut, row.gain), where).to.equal(row.std);
      expect(xavierBound(fanIn, fanOut, row.gain), where).to.equal(row.bound);
    }
  });

  it('defaults gain to 1', () => {
    expect(xavierStd(3, 5)).to.equal(0.5);
    expect(xavierBound(3, 5)).to.equal(Math.sqrt(3.0) * 0.5);
  });
});

describe('scales: nn.Linear / nn.Conv* default bounds against PyTorch 1.13', () => {
  it(`equal torch's reset_parameters for every module row (${fixture.modules.length} rows)`, () => {
    expect(fixture.modules.filter((r) => r.module === 'linear').length).to.be.at.least(30);
    expect(fixture.modules.filter((r) => r.module === 'conv2d').length).to.be.at.least(30);
    for (const row of fixture.modules) {
      const ours = row.module === 'linear'
        ? linearDefaultBounds(row.args[0], row.args[1])
        : convDefaultBounds(row.weight_shape);
      expect(ours, `${row.module}(${row.args})`).to.deep.equal({ weightBound: row.weight_bound, biasBound: row.bias_bound });
      // Where PyTorch leaves the conv bias as uninitialised memory, we report 0.
      if (!row.bias_initialized) expect(ours.biasBound).to.equal(0);
    }
  });

  const bad: Array<[string, () => unknown, typeof TypeError | typeof RangeError, string]> = [
    ['a 2-D conv shape', () => convDefaultBounds([3, 4]), RangeError, 'Expected a convolution weight shape with at least 3 dimensions for shape but received [3, 4]'],
    ['a negative in_features', () => linearDefaultBounds(-1, 3), RangeError, 'Expected a non-negative integer for inFeatures but received -1 (number)'],
    ['a string out_features', () => linearDefaultBounds(3, '4' as never), TypeError, 'Expected a non-negative integer for outFeatures but received "4" (string)'],
  ];
  for (const [what, call, cls, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(call).to.throw(cls).with.property('message', message);
    });
  }
});

describe('scales: Keras 3 VarianceScaling', () => {
  // Worked out from keras/src/initializers/random_initializers.py (Keras is not installed here):
  // fans from compute_fans; scale /= max(1.0, fan) with fan_avg = (fan_in + fan_out) / 2.0; then
  // truncated: stddev = sqrt(scale) / 0.87962566103423978, cut at ±2·stddev; untruncated:
  // stddev = sqrt(scale); uniform: limit = sqrt(3.0 * scale). Evaluated in Python doubles with
  // those exact expressions.
  const table: Array<[number[], VarianceScalingOptions, VarianceScalingParams]> = [
    // He normal on a Conv2D kernel (3, 3, 64, 128): fan_in 576.
    [[3, 3, 64, 128], { scale: 2.0 }, { kind: 'truncated_normal', stddev: 0.06698936571449711, a: -0.13397873142899422, b: 0.13397873142899422 }],
    // He uniform.
    [[3, 3, 64, 128], { scale: 2.0, distribution: 'uniform' }, { kind: 'uniform', limit: 0.10206207261596575 }],
    // Glorot uniform on Dense(784 → 256).
    [[784, 256], { mode: 'fan_avg', distribution: 'uniform' }, { kind: 'uniform', limit: 0.075955452531275 }],
    // Glorot normal with a non-integer fan_avg 3.5; 'normal' and 'Normal' both mean truncated_normal.
    [[3, 4], { mode: 'fan_avg', distribution: 'normal' }, { kind: 'truncated_normal', stddev: 0.6076704074280551, a: -1.2153408148561102, b: 1.2153408148561102 }],
    [[3, 4], { mode: 'fan_avg', distribution: 'Normal' as never }, { kind: 'truncated_normal', stddev: 0.6076704074280551, a: -1.2153408148561102, b: 1.2153408148561102 }],
    [[784, 256], { distribution: 'untruncated_normal' }, { kind: 'normal', stddev: 0.03571428571428571 }],
    [[5, 16, 33], { mode: 'fan_out', distribution: 'uniform' }, { kind: 'uniform', limit: 0.13483997249264842 }],
    // Scalar shape: fans (1, 1).
    [[], { scale: 2.0 }, { kind: 'truncated_normal', stddev: 1.6077447771479307, a: -3.2154895542958615, b: 3.2154895542958615 }],
    // Zero fans: max(1, 0) = 1.
    [[0], { mode: 'fan_avg', distribution: 'uniform' }, { kind: 'uniform', limit: 1.7320508075688772 }],
    [[1, 1, 0, 4], { scale: 2.0, distribution: 'UNIFORM' as never }, { kind: 'uniform', limit: 2.449489742783178 }],
    [[7, 7, 3, 64], { scale: 0.1, mode: 'fan_out', distribution: 'untruncated_normal' }, { kind: 'normal', stddev: 0.005646924393157821 }],
    // Order matters: Keras's √(3·(2/5)) = 1.0954451150103324, while √(3·2/5) = 1.0954451150103321.
    [[5, 7], { scale: 2.0, distribution: 'uniform' }, { kind: 'uniform', limit: 1.0954451150103324 }],
    [[3, 10], { mode: 'fan_out', distribution: 'uniform' }, { kind: 'uniform', limit: 0.5477225575051662 }],
  ];
  for (const [shape, options, expected] of table) {
    it(`${JSON.stringify(shape)} ${JSON.stringify(options)}`, () => {
      expect(varianceScalingParams(computeFans(shape, { layout: 'keras' }), options)).to.deep.equal(expected);
    });
  }

  it('defaults to scale 1, fan_in, truncated_normal (LeCun normal)', () => {
    expect(varianceScalingParams({ fanIn: 4, fanOut: 9 })).to.deep.equal(
      varianceScalingParams({ fanIn: 4, fanOut: 9 }, { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' }));
    expect(varianceScalingParams({ fanIn: 4, fanOut: 9 })).to.deep.equal({ kind: 'truncated_normal', stddev: 0.5 / 0.87962566103423978, a: -1 / 0.87962566103423978, b: 1 / 0.87962566103423978 });
  });

  const bad: Array<[string, unknown, typeof TypeError | typeof RangeError, string]> = [
    ['scale 0', { scale: 0 }, RangeError, 'Expected a positive number for scale but received 0 (number)'],
    ['a negative scale', { scale: -1 }, RangeError, 'Expected a positive number for scale but received -1 (number)'],
    ['a string scale', { scale: '1' }, TypeError, 'Expected a positive number for scale but received "1" (string)'],
    // Keras compares mode as given (no lower-casing), unlike distribution.
    ['an upper-case mode', { mode: 'FAN_IN' }, RangeError, 'Expected one of "fan_in", "fan_out", "fan_avg" for mode but received "FAN_IN" (string)'],
    // TF.js accepts this spelling and silently samples uniform; we refuse it.
    ['truncatedNormal', { distribution: 'truncatedNormal' }, RangeError, 'Expected one of "truncated_normal", "untruncated_normal", "uniform", "normal" for distribution but received "truncatedNormal" (string)'],
    ['a misspelled option', { distrbution: 'uniform' }, RangeError, 'Unknown option "distrbution" for varianceScalingParams; did you mean "distribution"?'],
  ];
  for (const [what, options, cls, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => varianceScalingParams({ fanIn: 3, fanOut: 5 }, options as never)).to.throw(cls).with.property('message', message);
    });
  }
});

describe('scales: bad arguments', () => {
  const bad: Array<[string, () => unknown, typeof TypeError | typeof RangeError, string]> = [
    ['a string fan', () => kaimingStd('3' as never, 1), TypeError, 'Expected a positive integer for fan but received "3" (string)'],
    ['a fractional fan', () => kaimingStd(3.5, 1), RangeError, 'Expected a positive integer for fan but received 3.5 (number)'],
    ['a NaN gain', () => kaimingBound(3, NaN), RangeError, 'Expected a non-negative number for gain but received NaN (number)'],
    ['a negative fanIn', () => xavierStd(-1, 3), RangeError, 'Expected a non-negative integer for fanIn but received -1 (number)'],
    ['null fans', () => selectFan(null as never, 'fan_in'), TypeError, 'Expected an object with fanIn and fanOut for fans but received null'],
    ['a negative fans.fanOut', () => selectFan({ fanIn: 3, fanOut: -2 }, 'fan_out'), RangeError, 'Expected a non-negative integer for fans.fanOut but received -2 (number)'],
    ['a non-string mode', () => selectFan({ fanIn: 3, fanOut: 5 }, 1 as never), TypeError, 'Expected one of "fan_in", "fan_out" for mode but received 1 (number)'],
    ['non-object fans for Keras', () => varianceScalingParams([3, 5] as never), TypeError, 'Expected an object with fanIn and fanOut for fans but received an array of length 2'],
  ];
  for (const [what, call, cls, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(call).to.throw(cls).with.property('message', message);
    });
  }
});

describe('scales: errors PyTorch raises', () => {
  const ours: Record<string, { call: () => unknown; cls: typeof TypeError | typeof RangeError; message: string }> = {
    // PyTorch: "Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']".
    mode_fan_avg: { call: () => selectFan(computeFans([3, 5]), 'fan_avg'), cls: RangeError,
      message: 'Expected one of "fan_in", "fan_out" for mode but received "fan_avg" (string)' },
    mode_typo: { call: () => selectFan(computeFans([3, 5]), 'fanin'), cls: RangeError,
      message: 'Expected one of "fan_in", "fan_out" for mode but received "fanin" (string)' },
    // PyTorch: ZeroDivisionError from 2.0 / float(fan_in + fan_out).
    xavier_zero_fans: { call: () => { const f = computeFans([0, 0]); return xavierStd(f.fanIn, f.fanOut); }, cls: RangeError,
      message: 'Expected a positive number for fanIn + fanOut but received 0 (number)' },
    xavier_zero_receptive_field: { call: () => { const f = computeFans([4, 3, 0, 5]); return xavierBound(f.fanIn, f.fanOut); }, cls: RangeError,
      message: 'Expected a positive number for fanIn + fanOut but received 0 (number)' },
    // PyTorch: uniform_ / normal_ refuse the reversed range / negative std.
    xavier_negative_gain_uniform: { call: () => xavierBound(5, 3, -1), cls: RangeError,
      message: 'Expected a non-negative number for gain but received -1 (number)' },
    xavier_negative_gain_normal: { call: () => xavierStd(5, 3, -1), cls: RangeError,
      message: 'Expected a non-negative number for gain but received -1 (number)' },
    // PyTorch warns and returns before computing a std, so only zero-element tensors have a
    // zero fan and none reaches the formula; callers check numel() first, as PyTorch does.
    kaiming_zero_element: { call: () => kaimingStd(selectFan(computeFans([3, 0]), 'fan_in'), Math.SQRT2), cls: RangeError,
      message: 'Expected a positive integer for fan but received 0 (number)' },
  };
  for (const [id, expected] of Object.entries(ours)) {
    it(`${id}: refused like PyTorch`, () => {
      const row = fixture.errors.find((r) => r.id === id);
      expect(row, id).to.not.equal(undefined);
      expect(row!.error ?? row!.warning, row!.call).to.be.a('string');
      expect(expected.call).to.throw(expected.cls).with.property('message', expected.message);
    });
  }
});
