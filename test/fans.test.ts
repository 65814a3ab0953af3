// Fans and gains against real PyTorch 1.13 (test/fixtures/torch_fans.json, made by
// make_torch_fixtures.py) and against Keras 3's compute_fans rules.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateGain, computeFans, NONLINEARITIES } from '../lib/rules/fans';
import { numel, validateShape } from '../lib/core/shape';

interface FanRow { shape: number[]; fan_in: number; fan_out: number }
interface GainRow {
  nonlinearity: string;
  param: number | null;
  gain: number;
  libm_pow_misrounds?: boolean;
  gain_exact_square?: number;
}
interface ErrorRow { id: string; call: string; error?: string; warning?: string; message: string }

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'torch_fans.json'), 'utf8')) as {
  fans: FanRow[];
  gains: GainRow[];
  errors: ErrorRow[];
};

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  const view = new Float64Array([a, b]);
  const bits = new BigInt64Array(view.buffer);
  const d = bits[0] - bits[1];
  return Number(d < 0n ? -d : d);
}

const NAMES = NONLINEARITIES.map((n) => `"${n}"`).join(', ');

describe('fans: validateShape', () => {
  it('returns a fresh number[] for arrays and integer typed arrays', () => {
    const input = [64, 3, 7, 7];
    const out = validateShape(input);
    expect(out).to.deep.equal(input);
    expect(out).to.not.equal(input);
    expect(validateShape(new Int32Array([2, 0, 5]))).to.deep.equal([2, 0, 5]);
    expect(validateShape([])).to.deep.equal([]);
    expect(Object.is(validateShape([-0])[0], 0)).to.equal(true);
  });

  const bad: Array<[string, unknown, typeof TypeError | typeof RangeError, string]> = [
    ['a number', 5, TypeError, 'Expected an array of non-negative integers for shape but received 5 (number)'],
    ['a string', '3,4', TypeError, 'Expected an array of non-negative integers for shape but received "3,4" (string)'],
    ['null', null, TypeError, 'Expected an array of non-negative integers for shape but received null'],
    ['an array-like object', { length: 2, 0: 1, 1: 2 }, TypeError, 'Expected an array of non-negative integers for shape but received an object'],
    ['a DataView', new DataView(new ArrayBuffer(4)), TypeError, 'Expected an array of non-negative integers for shape but received a DataView'],
    ['a negative size', [3, -3], RangeError, 'Expected a non-negative integer for shape[1] but received -3 (number)'],
    ['a fraction', [2.5, 3], RangeError, 'Expected a non-negative integer for shape[0] but received 2.5 (number)'],
    ['NaN', [3, NaN], RangeError, 'Expected a non-negative integer for shape[1] but received NaN (number)'],
    ['Infinity', [Infinity], RangeError, 'Expected a non-negative integer for shape[0] but received Infinity (number)'],
    ['2^53', [1, 2 ** 53], RangeError, 'Expected a non-negative integer for shape[1] but received 9007199254740992 (number)'],
    ['a numeric string', ['3'], TypeError, 'Expected a non-negative integer for shape[0] but received "3" (string)'],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole', [3, , 4], TypeError, 'Expected a non-negative integer for shape[1] but received undefined'],
    ['a bigint', [3n], TypeError, 'Expected a non-negative integer for shape[0] but received 3n (bigint)'],
    ['a boolean', [true], TypeError, 'Expected a non-negative integer for shape[0] but received true (boolean)'],
    ['a fractional Float64Array', new Float64Array([2.5]), RangeError, 'Expected a non-negative integer for shape[0] but received 2.5 (number)'],
    ['a negative Int32Array', new Int32Array([4, -1]), RangeError, 'Expected a non-negative integer for shape[1] but received -1 (number)'],
  ];
  for (const [what, value, cls, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => validateShape(value)).to.throw(cls, message);
    });
  }

  it('names elements after the given argument name', () => {
    expect(() => validateShape([1, -1], 'size')).to.throw(RangeError, 'Expected a non-negative integer for size[1] but received -1 (number)');
  });
});

describe('fans: numel', () => {
  it('multiplies the dimensions', () => {
    expect(numel([])).to.equal(1);
    expect(numel([2, 3, 4])).to.equal(24);
    expect(numel([2 ** 53 - 1, 1])).to.equal(Number.MAX_SAFE_INTEGER);
    // A zero dimension wins even when the others alone would overflow.
    expect(numel([2 ** 40, 0, 2 ** 40])).to.equal(0);
  });
  it('refuses counts above 2^53-1', () => {
    expect(() => numel([2 ** 26, 2 ** 27])).to.throw(RangeError, 'Expected a shape whose element count is at most 9007199254740991 but received [67108864, 134217728]');
    expect(() => numel('x')).to.throw(TypeError, 'Expected an array of non-negative integers for shape but received "x" (string)');
  });
});

describe('fans: computeFans, torch layout, against PyTorch 1.13', () => {
  it(`has at least 300 fixture shapes (${fixture.fans.length})`, () => {
    expect(fixture.fans.length).to.be.at.least(300);
  });

  it('equals torch.nn.init._calculate_fan_in_and_fan_out for every fixture shape', () => {
    for (const row of fixture.fans) {
      const fans = computeFans(row.shape);
      const rf = row.shape.slice(2).reduce((p, d) => p * d, 1);
      expect(fans, JSON.stringify(row.shape)).to.deep.equal({ fanIn: row.fan_in, fanOut: row.fan_out, receptiveField: rf });
    }
  });

  it('is the default layout and matches hand-checked values', () => {
    expect(computeFans([64, 3, 7, 7])).to.deep.equal({ fanIn: 147, fanOut: 3136, receptiveField: 49 });
    expect(computeFans([256, 128, 3, 3], { layout: 'torch' })).to.deep.equal({ fanIn: 1152, fanOut: 2304, receptiveField: 9 });
    expect(computeFans([10, 20])).to.deep.equal({ fanIn: 20, fanOut: 10, receptiveField: 1 });
  });

  it('refuses fans above 2^53-1', () => {
    expect(() => computeFans([1, 1, 2 ** 30, 2 ** 30])).to.throw(RangeError, 'Expected a shape whose receptive field is at most 9007199254740991 but received [1, 1, 1073741824, 1073741824]');
    expect(() => computeFans([1, 2 ** 30, 2 ** 30])).to.throw(RangeError, 'Expected a shape whose fan in is at most 9007199254740991');
  });

  it('refuses bad options', () => {
    expect(() => computeFans([3, 5], { layuot: 'keras' } as never)).to.throw(RangeError, 'Unknown option "layuot" for computeFans; did you mean "layout"?');
    expect(() => computeFans([3, 5], { layout: 'pytorch' as never })).to.throw(RangeError, 'Expected one of "torch", "keras" for layout but received "pytorch" (string)');
    expect(() => computeFans([3, 5], null as never)).to.throw(TypeError, 'Expected an options object for options but received null');
  });
});

describe('fans: computeFans, keras layout', () => {
  // Expected values worked out by hand from Keras 3 keras/src/initializers/random_initializers.py
  // compute_fans (Keras is not installed here): rank 0 → (1, 1); rank 1 → (n, n);
  // rank 2 → (shape[0], shape[1]); rank ≥ 3 → rf = ∏shape[:-2], (shape[-2]·rf, shape[-1]·rf).
  const table: Array<[number[], number, number, number]> = [
    [[], 1, 1, 1],
    [[5], 5, 5, 1],
    [[0], 0, 0, 1],
    [[3, 5], 3, 5, 1], // Dense kernel is (in, out): the reverse of torch's (out, in)
    [[3, 3, 64, 128], 576, 1152, 9], // Conv2D kernel (kh, kw, in, out)
    [[5, 16, 33], 80, 165, 5],
    [[3, 3, 3, 4, 8], 108, 216, 27],
    [[7, 7, 3, 64], 147, 3136, 49],
    [[1, 1, 0, 4], 0, 4, 1],
  ];
  for (const [shape, fanIn, fanOut, receptiveField] of table) {
    it(`${JSON.stringify(shape)} → (${fanIn}, ${fanOut})`, () => {
      expect(computeFans(shape, { layout: 'keras' })).to.deep.equal({ fanIn, fanOut, receptiveField });
    });
  }
});

describe('fans: calculateGain against PyTorch 1.13', () => {
  it('lists PyTorch\'s nonlinearities', () => {
    expect([...NONLINEARITIES]).to.deep.equal([
      'linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d',
      'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu',
    ]);
  });

  it(`equals torch.nn.init.calculate_gain bit for bit (${fixture.gains.length} rows)`, () => {
    const names = new Set(fixture.gains.map((r) => r.nonlinearity));
    expect([...names].sort()).to.deep.equal([...NONLINEARITIES].sort());
    for (const row of fixture.gains) {
      const ours = calculateGain(row.nonlinearity, row.param);
      if (row.libm_pow_misrounds) continue; // checked below
      expect(ours, `${row.nonlinearity}(${row.param})`).to.equal(row.gain);
    }
  });

  it('squares the slope exactly where Python\'s libm pow() misrounds (1 ulp at most)', () => {
    const odd = fixture.gains.filter((r) => r.libm_pow_misrounds);
    for (const row of odd) {
      const ours = calculateGain(row.nonlinearity, row.param);
      expect(ours).to.equal(row.gain_exact_square);
      expect(ulps(ours, row.gain)).to.be.at.most(1);
    }
  });

  it('uses slope 0.01 when param is undefined or null', () => {
    expect(calculateGain('leaky_relu')).to.equal(Math.sqrt(2.0 / (1 + 0.01 * 0.01)));
    expect(calculateGain('leaky_relu', null)).to.equal(calculateGain('leaky_relu', 0.01));
    expect(calculateGain('relu', 0)).to.equal(Math.SQRT2);
  });

  const bad: Array<[string, () => unknown, typeof TypeError | typeof RangeError, string]> = [
    ['a non-string name', () => calculateGain(3 as never), TypeError, `Expected one of ${NAMES} for nonlinearity but received 3 (number)`],
    ['Infinity', () => calculateGain('leaky_relu', Infinity), RangeError, 'Expected a finite number for param but received Infinity (number)'],
    ['NaN', () => calculateGain('leaky_relu', NaN), RangeError, 'Expected a finite number for param but received NaN (number)'],
    ['a string param for relu', () => calculateGain('relu', 'x' as never), TypeError, 'Expected a finite number for param but received "x" (string)'],
  ];
  for (const [what, call, cls, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(call).to.throw(cls, message);
    });
  }
});

describe('fans: errors PyTorch raises', () => {
  // For each error recorded from real PyTorch: our call, our class, our exact message, and
  // whether our message quotes PyTorch's sentence.
  const ours: Record<string, { call: () => unknown; cls: typeof TypeError | typeof RangeError; message: string; quotes?: boolean }> = {
    fans_1d: { call: () => computeFans([5]), cls: RangeError, quotes: true,
      message: 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [5])' },
    fans_0d: { call: () => computeFans([]), cls: RangeError, quotes: true,
      message: 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [])' },
    gain_bool_param: { call: () => calculateGain('leaky_relu', true as never), cls: TypeError,
      message: 'Expected a finite number for param but received true (boolean)' },
    gain_string_param: { call: () => calculateGain('leaky_relu', '0.2' as never), cls: TypeError,
      message: 'Expected a finite number for param but received "0.2" (string)' },
    gain_unknown: { call: () => calculateGain('gelu'), cls: RangeError,
      message: `Expected one of ${NAMES} for nonlinearity but received "gelu" (string)` },
    gain_case: { call: () => calculateGain('ReLU'), cls: RangeError,
      message: `Expected one of ${NAMES} for nonlinearity but received "ReLU" (string)` },
    gain_overflow: { call: () => calculateGain('leaky_relu', 1e200), cls: RangeError,
      message: 'Expected a number whose square is finite for param but received 1e+200 (number)' },
  };
  for (const [id, expected] of Object.entries(ours)) {
    it(`${id}: refused like PyTorch`, () => {
      const row = fixture.errors.find((r) => r.id === id);
      expect(row, id).to.not.equal(undefined);
      expect(row!.error, row!.call).to.be.a('string'); // PyTorch raised too
      expect(expected.call).to.throw(expected.cls).with.property('message', expected.message);
      if (expected.quotes) expect(expected.message).to.contain(row!.message);
    });
  }
});
