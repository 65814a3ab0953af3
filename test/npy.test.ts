import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DType, float32ToFloat16Bits } from '../lib/core/dtype';
import { NpyFormatError, encodeNpy, encodeNpyHeader, readNpy, writeNpy } from '../lib/formats/npy';
import { rejection } from './support/rejection';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

interface ManifestFile {
  file: string;
  descr: '<f4' | '<f8' | '<f2' | '<u2';
  shape: number[];
  values: number[];
}
const manifest: { numpy: string; files: ManifestFile[] } = JSON.parse(fixture('npy_manifest.json').toString('utf8'));

/** The tensor NumPy saved in a fixture, rebuilt in our representation. */
function tensorOf(f: ManifestFile): { data: Float32Array | Float64Array | Uint16Array; shape: number[]; dtype: DType } {
  switch (f.descr) {
    case '<f4':
      return { data: Float32Array.from(f.values), shape: f.shape, dtype: 'float32' };
    case '<f8':
      return { data: Float64Array.from(f.values), shape: f.shape, dtype: 'float64' };
    case '<f2':
      return { data: Uint16Array.from(f.values, float32ToFloat16Bits), shape: f.shape, dtype: 'float16' };
    case '<u2':
      return { data: Uint16Array.from(f.values), shape: f.shape, dtype: 'bfloat16' }; // raw bits → '<u2'
  }
}

/** A copy of a fixture with its header text replaced (same length, so offsets hold). */
function withHeader(bytes: Buffer, from: string, to: string): Buffer {
  const text = bytes.toString('latin1');
  expect(text).to.include(from);
  return Buffer.from(text.replace(from, to), 'latin1');
}

function readError(source: string | Uint8Array, options?: object): Error {
  try {
    readNpy(source, options as never);
  } catch (error) {
    return error as Error;
  }
  return expect.fail('readNpy did not throw') as never;
}


describe('npy', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-npy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const leftovers = () => fs.readdirSync(dir).filter((name) => name.includes('.tmp-'));

  describe('encoding, byte for byte against numpy.save', () => {
    it(`covers every fixture written by numpy ${manifest.numpy}`, () => expect(manifest.files).to.have.length(17));
    for (const f of manifest.files) {
      it(`${f.file}: ${f.descr} shape (${f.shape.join(', ')})`, () => {
        const numpy = fixture(f.file);
        const tensor = tensorOf(f);
        const header = encodeNpyHeader(tensor.dtype, tensor.shape);
        expect(header.length % 64).to.equal(0);
        expect(header.toString('latin1')).to.equal(numpy.subarray(0, header.length).toString('latin1'));
        expect(encodeNpy(tensor).equals(numpy)).to.equal(true);
      });
    }
    it('writes the dict NumPy writes: 1-d trailing comma, 0-d (), growth spaces, final newline', () => {
      const text = (shape: number[]) => encodeNpyHeader('float32', shape).subarray(10).toString('latin1');
      expect(text([3])).to.match(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} {20} +\n$/);
      expect(text([])).to.match(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(\), \} +\n$/);
      expect(text([2, 3])).to.contain("'shape': (2, 3), }");
      const header = encodeNpyHeader('float64', [2, 3]);
      expect([...header.subarray(0, 8)]).to.deep.equal([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      expect(header.readUInt16LE(8)).to.equal(header.length - 10);
      expect(header.toString('latin1')).to.contain("'descr': '<f8'");
      expect(encodeNpyHeader('float16', [1]).toString('latin1')).to.contain("'descr': '<f2'");
    });
    it('pads a whole 64 bytes when the dict is already aligned (NumPy never pads 0)', () => {
      const header = fixture('npy_f4_pad64.npy');
      expect(header.subarray(header.length - 65, header.length - 1).toString('latin1')).to.equal(' '.repeat(64));
    });
    it('stores bfloat16 as raw <u2 bits by default, or widened exactly to <f4', () => {
      const bits = Uint16Array.of(0x3f80, 0xc049, 0x0001);
      const raw = readNpy(encodeNpy({ data: bits, shape: [3], dtype: 'bfloat16' }));
      expect(raw.descr).to.equal('<u2');
      expect(raw.dtype).to.equal('uint16');
      expect([...raw.data]).to.deep.equal([0x3f80, 0xc049, 0x0001]);
      const wide = readNpy(encodeNpy({ data: bits, shape: [3], dtype: 'bfloat16' }, { bfloat16As: 'float32' }));
      expect(wide.descr).to.equal('<f4');
      expect([...wide.data]).to.deep.equal([1, -3.140625, 2 ** -133]);
      expect(encodeNpyHeader('bfloat16', [3], { bfloat16As: 'float32' }).toString('latin1')).to.contain("'descr': '<f4'");
    });
    it('validates its arguments', () => {
      expect(() => encodeNpyHeader('int8' as never, [3])).to.throw(RangeError, 'for dtype but received "int8" (string)');
      expect(() => encodeNpyHeader('float32', [-1])).to.throw(RangeError, 'Expected a non-negative integer for shape[0] but received -1 (number)');
      expect(() => encodeNpyHeader('float32', new Array(33).fill(1))).to.throw(RangeError, 'Expected at most 32 dimensions for shape but received an array of length 33');
      expect(() => encodeNpyHeader('bfloat16', [3], { bfloat16As: 'float16' } as never)).to.throw(
        RangeError, 'Expected one of "uint16", "float32" for options.bfloat16As but received "float16" (string)');
      expect(() => encodeNpyHeader('float32', [3], { bfloat16as: 'uint16' } as never)).to.throw(
        RangeError, 'Unknown option "bfloat16as" for encodeNpyHeader; did you mean "bfloat16As"?');
      expect(() => encodeNpy({ data: new Float64Array(3), shape: [3], dtype: 'float32' })).to.throw(
        TypeError, 'Expected a Float32Array (dtype float32) for tensor.data but received a Float64Array of length 3');
      expect(() => encodeNpy({ data: new Float32Array(4), shape: [3], dtype: 'float32' })).to.throw(
        RangeError, 'Expected 3 elements (shape [3]) for tensor.data but received a Float32Array of length 4');
      expect(() => encodeNpy(null as never)).to.throw(TypeError, 'Expected a tensor object { data, shape, dtype } for tensor but received null');
    });
  });

  describe('readNpy', () => {
    for (const f of manifest.files.filter((m) => !m.file.includes('pad64'))) {
      it(`reads ${f.file}`, () => {
        const array = readNpy(path.join(FIXTURES, f.file));
        expect(array.descr).to.equal(f.descr);
        expect(array.shape).to.deep.equal(f.shape);
        expect(array.fortranOrder).to.equal(false);
        expect([...array.data]).to.deep.equal([...tensorOf(f).data]);
        expect(array.data.byteOffset).to.equal(0);
      });
    }
    it('names the element type from the descriptor', () => {
      expect(readNpy(fixture('npy_f8_3.npy')).dtype).to.equal('float64');
      expect(readNpy(fixture('npy_f2_3.npy')).dtype).to.equal('float16');
      expect(readNpy(fixture('npy_f2_3.npy')).data).to.be.instanceOf(Uint16Array);
    });
    it('reads format version 2.0', () => {
      const array = readNpy(fixture('npy_f4_3_v2.npy'));
      expect([...array.data]).to.deep.equal([0.5, 1.5, 2.5]);
    });
    it('refuses Fortran order unless allowed, then returns the column-major elements', () => {
      const error = readError(fixture('npy_f4_2x3_fortran.npy'));
      expect(error).to.be.instanceOf(NpyFormatError);
      expect(error.message).to.equal(
        'Cannot read .npy from the buffer: the array is stored in Fortran (column-major) order; pass { allowFortranOrder: true } to get its elements in that order');
      const array = readNpy(fixture('npy_f4_2x3_fortran.npy'), { allowFortranOrder: true });
      expect(array.fortranOrder).to.equal(true);
      expect([...array.data]).to.deep.equal([0, 3, 1, 4, 2, 5]);
    });
    it('refuses unsupported descriptors', () => {
      const message = (name: string) => readError(path.join(FIXTURES, name)).message;
      expect(message('npy_be_f4_3.npy')).to.equal(
        `Cannot read .npy from "${path.join(FIXTURES, 'npy_be_f4_3.npy')}": unsupported descr ">f4" (supported: <f4, <f8, <f2, <u2)`);
      expect(readError(fixture('npy_i4_3.npy'))).to.be.instanceOf(NpyFormatError).with.property('message').that.contains('unsupported descr "<i4"');
      const structured = withHeader(fixture('npy_f4_3.npy'), "'descr': '<f4', ", "'descr': [1, 2], ");
      expect(readError(structured.subarray(0, structured.length - 0)).message).to.contain('unsupported descr a list of length 2');
    });
    it('refuses a bad magic string', () => {
      const bytes = Buffer.from(fixture('npy_f4_3.npy'));
      bytes[1] = 0x4d;
      const error = readError(bytes);
      expect(error).to.be.instanceOf(NpyFormatError);
      expect(error.message).to.equal('Cannot read .npy from the buffer: bad magic string "\u0093MUMPY" (expected "\\x93NUMPY")');
      expect(readError(new Uint8Array(0)).message).to.contain('bad magic string ""');
      expect(readError(Buffer.from('PK\u0003\u0004')).message).to.contain('bad magic string "PK');
    });
    it('refuses unknown versions', () => {
      const bytes = Buffer.from(fixture('npy_f4_3.npy'));
      bytes[6] = 4;
      expect(readError(bytes).message).to.equal('Cannot read .npy from the buffer: unsupported format version 4.0 (supported: 1.0, 2.0, 3.0)');
    });
    it('refuses a truncated header', () => {
      const bytes = fixture('npy_f4_3.npy');
      expect(readError(bytes.subarray(0, 8)).message).to.equal('Cannot read .npy from the buffer: truncated header: the file is only 8 bytes');
      expect(readError(bytes.subarray(0, 100)).message).to.equal(
        'Cannot read .npy from the buffer: truncated header: it declares 118 bytes but only 90 follow');
    });
    it('refuses truncated data and trailing bytes', () => {
      const bytes = fixture('npy_f4_2x3.npy');
      const error = readError(bytes.subarray(0, bytes.length - 1));
      expect(error).to.be.instanceOf(NpyFormatError);
      expect(error.message).to.equal('Cannot read .npy from the buffer: truncated data: shape (2, 3) of <f4 needs 24 bytes but 23 follow the header');
      expect(readError(Buffer.concat([bytes, Buffer.alloc(3)])).message).to.equal(
        'Cannot read .npy from the buffer: 3 unexpected bytes after the 24 bytes of data');
    });
    it('refuses malformed headers', () => {
      const bytes = fixture('npy_f4_3.npy');
      expect(readError(withHeader(bytes, "'shape': (3,), }", "'shape': (3,), ]")).message).to.match(
        /^Cannot read \.npy from the buffer: malformed header \(unexpected "\]" at offset 56\): "\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \]"$/);
      expect(readError(withHeader(bytes, "'fortran_order': False", "'fortran_orderr': False")).message).to.contain(
        'the header keys are [descr, fortran_orderr, shape], expected [descr, fortran_order, shape]');
      expect(readError(withHeader(bytes, "'shape': (3,)", "'shape': [3,]")).message).to.contain('shape a list of length 1 is not a tuple of non-negative integers');
      expect(readError(withHeader(bytes, "'shape': (3,)", "'shape': (-3,)")).message).to.contain('is not a tuple of non-negative integers');
      expect(readError(withHeader(bytes, "False", "0    ")).message).to.contain('fortran_order is 0, not True or False');
      expect(readError(withHeader(bytes, "{'descr'", "('descr'")).message).to.contain('malformed header');
    });
    it('validates its arguments', () => {
      expect(() => readNpy(42 as never)).to.throw(TypeError, 'Expected a file path or a Uint8Array for source but received 42 (number)');
      expect(() => readNpy('')).to.throw(RangeError, 'Expected a non-empty file path without NUL bytes for source but received "" (string)');
      expect(() => readNpy(fixture('npy_f4_3.npy'), { fortran: true } as never)).to.throw(RangeError, 'Unknown option "fortran" for readNpy');
    });
  });

  describe('writeNpy', () => {
    it('writes the bytes numpy.save writes, with no temporary file left', async () => {
      const f = manifest.files.find((m) => m.file === 'npy_f8_2x3.npy')!;
      const file = path.join(dir, 'out.npy');
      await writeNpy(file, tensorOf(f));
      expect(fs.readFileSync(file).equals(fixture(f.file))).to.equal(true);
      expect(fs.readdirSync(dir)).to.deep.equal(['out.npy']);
    });
    it('round-trips every dtype', async () => {
      const cases: { data: Float32Array | Float64Array | Uint16Array; dtype: DType }[] = [
        { data: Float32Array.of(1, -2, 0.1, 3), dtype: 'float32' },
        { data: Float64Array.of(1, -2, 0.1, 3), dtype: 'float64' },
        { data: Uint16Array.of(0x3f80, 1, 0xffff, 0), dtype: 'bfloat16' },
        { data: Uint16Array.of(0x3c00, 1, 0x7bff, 0), dtype: 'float16' },
      ];
      for (const { data, dtype } of cases) {
        const file = path.join(dir, `${dtype}.npy`);
        await writeNpy(file, { data, shape: [2, 2], dtype });
        const back = readNpy(file);
        expect(back.shape).to.deep.equal([2, 2]);
        expect(back.data).to.be.instanceOf(data.constructor as never);
        expect([...back.data]).to.deep.equal([...data]);
      }
    });
    it('refuses to overwrite an existing file unless force: true', async () => {
      const file = path.join(dir, 'keep.npy');
      fs.writeFileSync(file, 'precious');
      const tensor = { data: Float32Array.of(1), shape: [1], dtype: 'float32' as const };
      const error = await rejection(writeNpy(file, tensor));
      expect(error).to.be.instanceOf(Error);
      expect(error.message).to.equal(`Refusing to overwrite existing file "${file}"; pass { force: true } to replace it`);
      expect(error.code).to.equal('EEXIST');
      expect(fs.readFileSync(file, 'utf8')).to.equal('precious');
      expect(leftovers()).to.deep.equal([]);
      await writeNpy(file, tensor, { force: true });
      expect([...readNpy(file).data]).to.deep.equal([1]);
      expect(leftovers()).to.deep.equal([]);
    });
    it('leaves nothing behind when the final rename fails', async () => {
      const target = path.join(dir, 'is-a-dir.npy');
      fs.mkdirSync(path.join(target, 'child'), { recursive: true });
      const error = await rejection(writeNpy(target, { data: Float32Array.of(1), shape: [1], dtype: 'float32' }, { force: true }));
      expect(error.message).to.match(new RegExp(`^Cannot rename the temporary file to "${target.replace(/[.\\]/g, '\\$&')}": E`));
      expect(error.code).to.be.oneOf(['EISDIR', 'ENOTEMPTY', 'EEXIST', 'EPERM']);
      expect(fs.statSync(target).isDirectory()).to.equal(true);
      expect(leftovers()).to.deep.equal([]);
    });
    it('names the path when the directory does not exist', async () => {
      const file = path.join(dir, 'missing', 'out.npy');
      const error = await rejection(writeNpy(file, { data: Float32Array.of(1), shape: [1], dtype: 'float32' }));
      expect(error.message).to.contain(`Cannot create a temporary file for "${file}": ENOENT`);
      expect(error.code).to.equal('ENOENT');
    });
    it('validates before creating any file', async () => {
      const file = path.join(dir, 'bad.npy');
      let error = await rejection(writeNpy(file, { data: Float32Array.of(1, 2), shape: [3], dtype: 'float32' }));
      expect(error).to.be.instanceOf(RangeError);
      expect(error.message).to.equal('Expected 3 elements (shape [3]) for tensor.data but received a Float32Array of length 2');
      error = await rejection(writeNpy(file, { data: Float32Array.of(1), shape: [1], dtype: 'float32' }, { force: 'yes' } as never));
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.equal('Expected a boolean for options.force but received "yes" (string)');
      error = await rejection(writeNpy(file, { data: Float32Array.of(1), shape: [1], dtype: 'float32' }, { overwrite: true } as never));
      expect(error.message).to.equal('Unknown option "overwrite" for writeNpy');
      error = await rejection(writeNpy(undefined as never, { data: Float32Array.of(1), shape: [1], dtype: 'float32' }));
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.equal('Expected a file path string for path but received undefined');
      expect(fs.readdirSync(dir)).to.deep.equal([]);
    });
  });
});
