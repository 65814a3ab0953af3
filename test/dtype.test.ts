import { expect } from 'chai';
import * as path from 'node:path';
import {
  DTYPES,
  arrayTypeFor,
  bfloat16ArrayToFloat32,
  bfloat16BitsToFloat32,
  byteSwapped,
  bytesPerElement,
  checkTensorData,
  float16BitsToFloat32,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
  float32BitsToFloat16Bits,
  float32ArrayToFloat16Bits,
  fromLittleEndianBytes,
  littleEndianBytes,
} from '../lib/core/dtype';
import { numel, validateShape } from '../lib/core/shape';
import { readNpy } from '../lib/formats/npy';

const FIXTURES = path.join(__dirname, 'fixtures');

/** The float32 whose bit pattern is `bits`. */
function f32(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

describe('dtype', () => {
  describe('tables', () => {
    it('lists the four dtypes with their sizes and arrays', () => {
      expect(DTYPES).to.deep.equal(['float32', 'float64', 'bfloat16', 'float16']);
      expect(DTYPES.map(bytesPerElement)).to.deep.equal([4, 8, 2, 2]);
      expect(DTYPES.map(arrayTypeFor)).to.deep.equal([Float32Array, Float64Array, Uint16Array, Uint16Array]);
    });
    it('rejects unknown dtypes', () => {
      expect(() => bytesPerElement('int8' as never)).to.throw(
        RangeError, 'Expected one of "float32", "float64", "bfloat16", "float16" for dtype but received "int8" (string)');
      expect(() => arrayTypeFor(4 as never)).to.throw(TypeError, 'for dtype but received 4 (number)');
    });
  });

  describe('float32ToBfloat16Bits', () => {
    // Hand-computed: bfloat16 keeps 7 mantissa bits, so 2^-8 is half an ulp at 1.
    const cases: [string, number, number][] = [
      ['1', 1, 0x3f80],
      ['1 + 2^-8 (tie, to even 1.0)', 1 + 2 ** -8, 0x3f80],
      ['1 + 3·2^-9 (above the tie)', 1 + 3 * 2 ** -9, 0x3f81],
      ['1 + 2^-7 + 2^-8 (tie, to even 0x3F82)', 1 + 2 ** -7 + 2 ** -8, 0x3f82],
      ['1 + 2^-8 - 2^-23 (below the tie)', 1 + 2 ** -8 - 2 ** -23, 0x3f80],
      ['-2', -2, 0xc000],
      ['+0', 0, 0x0000],
      ['-0', -0, 0x8000],
      ['+Infinity', Infinity, 0x7f80],
      ['-Infinity', -Infinity, 0xff80],
      ['largest float32 (overflows to Infinity)', f32(0x7f7fffff), 0x7f80],
      ['largest bfloat16 + just under half an ulp', f32(0x7f7f7fff), 0x7f7f],
      ['largest bfloat16 + half an ulp (tie, odd → Infinity)', f32(0x7f7f8000), 0x7f80],
      ['smallest bfloat16 subnormal 2^-133', 2 ** -133, 0x0001],
      ['2^-134 (tie, to even 0)', 2 ** -134, 0x0000],
      ['1.5·2^-134 (above the tie)', 1.5 * 2 ** -134, 0x0001],
      ['double 1 + 2^-8 + 2^-40 rounds to float32 first (then a tie)', 1 + 2 ** -8 + 2 ** -40, 0x3f80],
    ];
    for (const [label, x, bits] of cases) {
      it(`${label} → ${hex(bits)}`, () => expect(hex(float32ToBfloat16Bits(x))).to.equal(hex(bits)));
    }
    it('maps every NaN to 0x7FC0 (c10::BFloat16)', () => {
      expect(float32ToBfloat16Bits(NaN)).to.equal(0x7fc0);
      expect(float32ToBfloat16Bits(f32(0xffc00001))).to.equal(0x7fc0);
      expect(float32ToBfloat16Bits(f32(0x7f800001))).to.equal(0x7fc0);
    });
    it('refuses non-numbers', () => {
      expect(() => float32ToBfloat16Bits('1' as never)).to.throw(TypeError, 'Expected a number for x but received "1" (string)');
    });
  });

  describe('float32ToFloat16Bits', () => {
    // Hand-computed: float16 keeps 10 mantissa bits (2^-11 is half an ulp at 1), its
    // largest finite value is 65504 and its subnormals are multiples of 2^-24.
    const cases: [string, number, number][] = [
      ['1', 1, 0x3c00],
      ['1 + 2^-11 (tie, to even 1.0)', 1 + 2 ** -11, 0x3c00],
      ['1 + 3·2^-11 (tie, to even 0x3C02)', 1 + 3 * 2 ** -11, 0x3c02],
      ['1 + 2^-11 + 2^-20 (above the tie)', 1 + 2 ** -11 + 2 ** -20, 0x3c01],
      ['-2.5', -2.5, 0xc100],
      ['65504 (largest half)', 65504, 0x7bff],
      ['65519.99 (below the overflow tie)', 65519.99, 0x7bff],
      ['65520 (tie with 2^16 → Infinity)', 65520, 0x7c00],
      ['-65520', -65520, 0xfc00],
      ['1e10', 1e10, 0x7c00],
      ['+Infinity', Infinity, 0x7c00],
      ['-Infinity', -Infinity, 0xfc00],
      ['-0', -0, 0x8000],
      ['2^-14 (smallest normal)', 2 ** -14, 0x0400],
      ['1023.5·2^-24 (tie between the largest subnormal and 2^-14)', 1023.5 * 2 ** -24, 0x0400],
      ['1023·2^-24 (largest subnormal)', 1023 * 2 ** -24, 0x03ff],
      ['2^-24 (smallest subnormal)', 2 ** -24, 0x0001],
      ['2^-25 (tie, to even 0)', 2 ** -25, 0x0000],
      ['-2^-25', -(2 ** -25), 0x8000],
      ['the float32 just above 2^-25', f32(0x33000001), 0x0001],
      ['3·2^-25 (tie, to even 2)', 3 * 2 ** -25, 0x0002],
      ['5·2^-25 (tie, to even 2)', 5 * 2 ** -25, 0x0002],
      ['1e-10 (underflows)', 1e-10, 0x0000],
      ['largest float32 subnormal', f32(0x007fffff), 0x0000],
    ];
    for (const [label, x, bits] of cases) {
      it(`${label} → ${hex(bits)}`, () => expect(hex(float32ToFloat16Bits(x))).to.equal(hex(bits)));
    }
    it('maps NaN to the quiet NaN 0x7E00, keeping the float32 sign (c10::Half) from bits in every engine', () => {
      expect(float32BitsToFloat16Bits(0xffc00000)).to.equal(0xfe00);
      expect(float32BitsToFloat16Bits(0xfffa543b)).to.equal(0xfe00);
      expect(float32BitsToFloat16Bits(0x7f800001)).to.equal(0x7e00);
      expect(float32BitsToFloat16Bits(0x3f800000)).to.equal(0x3c00);
      expect([...float32ArrayToFloat16Bits(new Float32Array(new Uint32Array([0xffc00000, 0x7fc00000, 0xbf800000]).buffer))]).to.deep.equal([0xfe00, 0x7e00, 0xbc00]);
      expect(() => float32BitsToFloat16Bits(2 ** 32)).to.throw(RangeError, 'for bits');
      expect(() => float32ArrayToFloat16Bits(new Float64Array(1) as never)).to.throw(TypeError, 'Expected a Float32Array for values');
    });
    it('takes a NaN number\'s sign as the engine keeps it (JavaScriptCore keeps none: its NaNs are canonical)', () => {
      expect(float32ToFloat16Bits(NaN)).to.equal(0x7e00);
      for (const x of [f32(0xffc00000), f32(0x7f800001), -NaN]) {
        const negative = (new Uint32Array(new Float32Array([x]).buffer)[0] & 0x80000000) !== 0;
        expect(float32ToFloat16Bits(x)).to.equal(negative ? 0xfe00 : 0x7e00);
      }
    });
    it('refuses non-numbers', () => {
      expect(() => float32ToFloat16Bits(1n as never)).to.throw(TypeError, 'Expected a number for x but received 1n (bigint)');
    });
  });

  describe('against NumPy and torch (test/fixtures/npy_convert_*.npy)', () => {
    const input = readNpy(path.join(FIXTURES, 'npy_convert_input_f32.npy')).data as Float32Array;
    const inputBits = new Uint32Array(input.buffer);
    it('has a meaningful sample', () => expect(input.length).to.be.greaterThan(4000));
    it('matches torch .half() on every sample, NaN included', () => {
      const want = readNpy(path.join(FIXTURES, 'npy_convert_torch_f16.npy')).data as Uint16Array;
      const got = float32ArrayToFloat16Bits(input); // bits through an integer view: NaN signs kept in every engine
      const bad = [...got].flatMap((h, i) => (h === want[i] ? [] : [`${inputBits[i].toString(16)}: ${hex(h)} ≠ ${hex(want[i])}`]));
      expect(bad).to.deep.equal([]);
    });
    it('matches torch .to(bfloat16) on every non-NaN sample', () => {
      const want = readNpy(path.join(FIXTURES, 'npy_convert_torch_bf16.npy')).data as Uint16Array;
      const bad = [...input].flatMap((x, i) => (Number.isNaN(x) || float32ToBfloat16Bits(x) === want[i] ? [] : [`${inputBits[i].toString(16)}: ${hex(float32ToBfloat16Bits(x))} ≠ ${hex(want[i])}`]));
      expect(bad).to.deep.equal([]);
    });
  });

  describe('bit patterns back to numbers', () => {
    it('decodes bfloat16 exactly', () => {
      expect(bfloat16BitsToFloat32(0x3f80)).to.equal(1);
      expect(bfloat16BitsToFloat32(0xc049)).to.equal(-3.140625);
      expect(bfloat16BitsToFloat32(0x0001)).to.equal(2 ** -133);
      expect(bfloat16BitsToFloat32(0xff80)).to.equal(-Infinity);
      expect(bfloat16BitsToFloat32(0x7fc0)).to.be.NaN;
      expect(Object.is(bfloat16BitsToFloat32(0x8000), -0)).to.equal(true);
    });
    it('decodes float16 exactly', () => {
      expect(float16BitsToFloat32(0x3c00)).to.equal(1);
      expect(float16BitsToFloat32(0x7bff)).to.equal(65504);
      expect(float16BitsToFloat32(0x0001)).to.equal(2 ** -24);
      expect(float16BitsToFloat32(0x03ff)).to.equal(1023 * 2 ** -24);
      expect(float16BitsToFloat32(0x0400)).to.equal(2 ** -14);
      expect(float16BitsToFloat32(0xc100)).to.equal(-2.5);
      expect(float16BitsToFloat32(0x7c00)).to.equal(Infinity);
      expect(float16BitsToFloat32(0xfc00)).to.equal(-Infinity);
      expect(float16BitsToFloat32(0x7e00)).to.be.NaN;
      expect(float16BitsToFloat32(0xfc01)).to.be.NaN;
      expect(Object.is(float16BitsToFloat32(0x8000), -0)).to.equal(true);
    });
    it('round-trips all 65536 patterns of both formats (NaNs to their canonical NaN)', () => {
      const bad: string[] = [];
      for (let b = 0; b < 0x10000; b++) {
        const h = float16BitsToFloat32(b);
        const hWant = Number.isNaN(h) ? 0x7e00 : b; // a decoded NaN is JavaScript's NaN: sign and payload gone
        if (float32ToFloat16Bits(h) !== hWant) bad.push(`f16 ${hex(b)}`);
        const g = bfloat16BitsToFloat32(b);
        if (float32ToBfloat16Bits(g) !== (Number.isNaN(g) ? 0x7fc0 : b)) bad.push(`bf16 ${hex(b)}`);
      }
      expect(bad).to.deep.equal([]);
    });
    it('decodes float16 in strictly increasing order from 0 to Infinity', () => {
      for (let b = 1; b <= 0x7c00; b++) {
        if (!(float16BitsToFloat32(b) > float16BitsToFloat32(b - 1))) expect.fail(`not increasing at ${hex(b)}`);
      }
    });
    it('validates the bit pattern', () => {
      expect(() => float16BitsToFloat32(65536)).to.throw(RangeError, 'Expected an integer between 0 and 65535 for bits but received 65536 (number)');
      expect(() => bfloat16BitsToFloat32(1.5)).to.throw(RangeError, 'for bits but received 1.5 (number)');
      expect(() => bfloat16BitsToFloat32('1' as never)).to.throw(TypeError, 'for bits but received "1" (string)');
    });
    it('widens bfloat16 arrays to float32 exactly', () => {
      const bits = Uint16Array.of(0x3f80, 0xc049, 0x0001, 0x7f80);
      expect([...bfloat16ArrayToFloat32(bits)]).to.deep.equal([1, -3.140625, 2 ** -133, Infinity]);
      expect(() => bfloat16ArrayToFloat32(new Float32Array(1) as never)).to.throw(TypeError, 'Expected a Uint16Array for bits but received a Float32Array of length 1');
    });
  });

  describe('shapes and data', () => {
    it('counts elements; a 0-d shape has one', () => {
      expect(numel([])).to.equal(1);
      expect(numel([2, 3, 4])).to.equal(24);
      expect(numel([0, 4])).to.equal(0);
      expect(() => numel([2 ** 30, 2 ** 30])).to.throw(RangeError, 'Expected a shape whose element count is at most 9007199254740991 but received [1073741824, 1073741824]');
    });
    it('validates shapes', () => {
      expect(validateShape([2, 0])).to.deep.equal([2, 0]);
      expect(() => validateShape('2x3', 'tensor.shape')).to.throw(TypeError, 'Expected an array of non-negative integers for tensor.shape but received "2x3" (string)');
      expect(() => validateShape([2, -3])).to.throw(RangeError, 'Expected a non-negative integer for shape[1] but received -3 (number)');
      expect(() => validateShape([1.5])).to.throw(RangeError, 'Expected a non-negative integer for shape[0] but received 1.5 (number)');
      expect(() => validateShape(['2'])).to.throw(TypeError, 'Expected a non-negative integer for shape[0] but received "2" (string)');
    });
    it('checks that data matches dtype and shape', () => {
      const data = new Float32Array(6);
      expect(checkTensorData(data, 'float32', [2, 3])).to.equal(data);
      expect(() => checkTensorData(new Float64Array(6), 'float32', [2, 3])).to.throw(
        TypeError, 'Expected a Float32Array (dtype float32) for data but received a Float64Array of length 6');
      expect(() => checkTensorData(new Float32Array(6), 'bfloat16', [6])).to.throw(
        TypeError, 'Expected a Uint16Array (dtype bfloat16) for data but received a Float32Array of length 6');
      expect(() => checkTensorData(new Float32Array(5), 'float32', [2, 3])).to.throw(
        RangeError, 'Expected 6 elements (shape [2, 3]) for data but received a Float32Array of length 5');
    });
  });

  describe('byte order', () => {
    it('swaps elements of any width', () => {
      expect([...byteSwapped(Uint8Array.of(1, 2, 3, 4), 2)]).to.deep.equal([2, 1, 4, 3]);
      expect([...byteSwapped(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 8)]).to.deep.equal([8, 7, 6, 5, 4, 3, 2, 1]);
      expect(() => byteSwapped(Uint8Array.of(1, 2, 3), 2)).to.throw(RangeError, 'Expected a multiple of 2 bytes for bytes');
    });
    it('gives the little-endian bytes of a typed array', () => {
      expect([...littleEndianBytes(Float32Array.of(1))]).to.deep.equal([0, 0, 0x80, 0x3f]);
      expect([...littleEndianBytes(Uint16Array.of(0x1234))]).to.deep.equal([0x34, 0x12]);
    });
    it('reads little-endian bytes into a new, aligned array even from an odd offset', () => {
      const bytes = Uint8Array.of(0xff, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f);
      const out = fromLittleEndianBytes(Float64Array, bytes.subarray(1));
      expect(out).to.be.instanceOf(Float64Array);
      expect([...out]).to.deep.equal([1]);
      expect(out.byteOffset).to.equal(0);
      expect(() => fromLittleEndianBytes(Float32Array, bytes.subarray(0, 3))).to.throw(RangeError, 'Expected a multiple of 4 bytes');
    });
  });
});
