import { expect } from 'chai';
import { positiveInteger, knownOptions, oneOf } from '../lib/core/validate';

describe('validate', () => {
  it('names the argument, the expectation and the received value', () => {
    expect(() => positiveInteger(-3, 'shape[1]')).to.throw(RangeError, 'Expected a positive integer for shape[1] but received -3 (number)');
    expect(() => positiveInteger('3', 'shape[0]')).to.throw(TypeError, 'Expected a positive integer for shape[0] but received "3" (string)');
  });
  it('suggests the closest option name', () => {
    expect(() => knownOptions({ nonlinerity: 'relu' }, ['a', 'mode', 'nonlinearity'], 'kaimingUniform')).to.throw(
      RangeError, 'Unknown option "nonlinerity" for kaimingUniform; did you mean "nonlinearity"?');
  });
  it('lower-cases when asked', () => {
    expect(oneOf('FAN_OUT', 'mode', ['fan_in', 'fan_out'], true)).to.equal('fan_out');
    expect(() => oneOf('fan_avg', 'mode', ['fan_in', 'fan_out'], true)).to.throw(RangeError, 'Expected one of "fan_in", "fan_out" for mode but received "fan_avg" (string)');
  });
});
