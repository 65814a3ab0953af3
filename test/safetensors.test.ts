import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DType, type TensorData } from '../lib/core/dtype';
import {
  SafetensorsFormatError,
  SafetensorsWriter,
  readSafetensors,
  safetensorsHeader,
  writeSafetensors,
} from '../lib/formats/safetensors';
import { rejection } from './support/rejection';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

interface ManifestFile {
  file: string;
  metadata: Record<string, string> | null;
  reference: string | null;
  tensors: { name: string; dtype: 'F32' | 'F64' | 'BF16' | 'F16'; shape: number[]; values: number[] }[];
}
const manifest: { files: ManifestFile[] } = JSON.parse(fixture('safetensors_manifest.json').toString('utf8'));
const DTYPE: Record<string, DType> = { F32: 'float32', F64: 'float64', BF16: 'bfloat16', F16: 'float16' };

/** The tensors Python wrote into a fixture, rebuilt in our representation. */
function tensorsOf(f: ManifestFile): { name: string; data: TensorData; shape: number[]; dtype: DType }[] {
  return f.tensors.map((t) => {
    const dtype = DTYPE[t.dtype];
    const data = dtype === 'float32' ? Float32Array.from(t.values) : dtype === 'float64' ? Float64Array.from(t.values) : Uint16Array.from(t.values);
    return { name: t.name, data, shape: t.shape, dtype };
  });
}

/** A safetensors file from a header (object or raw JSON text) and data bytes, without our writer. */
function build(header: object | string, data: Uint8Array = new Uint8Array(0)): Buffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([prefix, json, data]);
}

function readError(source: string | Uint8Array): Error {
  try {
    readSafetensors(source);
  } catch (error) {
    return error as Error;
  }
  return expect.fail('readSafetensors did not throw') as never;
}


describe('safetensors', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-st-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const listing = () => fs.readdirSync(dir).sort();

  describe('safetensorsHeader', () => {
    // The byte vectors of the reference implementation's own tests (safetensors/src/tensor.rs).
    it('matches the reference: test_serialization (64-byte header, no padding)', () => {
      const { header, offsets, dataBytes, totalBytes } = safetensorsHeader([{ name: 'attn.0', dtype: 'float32', shape: [1, 2, 3] }]);
      expect(header.readBigUInt64LE(0)).to.equal(64n);
      expect(header.subarray(8).toString()).to.equal('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}');
      expect(offsets).to.deep.equal([[0, 24]]);
      expect(dataBytes).to.equal(24);
      expect(totalBytes).to.equal(8 + 64 + 24);
    });
    it('matches the reference: test_serialization_forced_alignement (7 spaces)', () => {
      const { header } = safetensorsHeader([{ name: 'attn0', dtype: 'float32', shape: [1, 1, 2, 3] }]);
      expect(header.readBigUInt64LE(0)).to.equal(72n);
      expect(header.subarray(8).toString()).to.equal(`{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}${' '.repeat(7)}`);
    });
    it('matches the reference: test_empty, with and without metadata', () => {
      expect([...safetensorsHeader([]).header]).to.deep.equal([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
      const { header } = safetensorsHeader([], { framework: 'pt' });
      expect(header.readBigUInt64LE(0)).to.equal(40n);
      expect(header.subarray(8).toString()).to.equal(`{"__metadata__":{"framework":"pt"}}${' '.repeat(5)}`);
    });
    it('lays tensors out contiguously in the given order and pads the header to 8 bytes', () => {
      const { header, offsets, dataBytes } = safetensorsHeader([
        { name: 'w', dtype: 'float64', shape: [2] },
        { name: 'e', dtype: 'float32', shape: [0, 3] },
        { name: 'b', dtype: 'bfloat16', shape: [3] },
        { name: 's', dtype: 'float16', shape: [] },
      ]);
      expect(offsets).to.deep.equal([[0, 16], [16, 16], [16, 22], [22, 24]]);
      expect(dataBytes).to.equal(24);
      expect(header.length % 8).to.equal(0);
      expect(JSON.parse(header.subarray(8).toString()).b).to.deep.equal({ dtype: 'BF16', shape: [3], data_offsets: [16, 22] });
    });
    it('validates names, dtypes, shapes and metadata', () => {
      const ok = { name: 'w', dtype: 'float32', shape: [2] };
      const bad = (entries: unknown, metadata?: unknown) => () => safetensorsHeader(entries as never, metadata as never);
      expect(bad('w')).to.throw(TypeError, 'Expected an array of { name, dtype, shape } for entries but received "w" (string)');
      expect(bad([null])).to.throw(TypeError, 'Expected an object { name, dtype, shape } for entries[0] but received null');
      expect(bad([{ ...ok, name: 3 }])).to.throw(TypeError, 'Expected a non-empty string for entries[0].name but received 3 (number)');
      expect(bad([{ ...ok, name: '' }])).to.throw(RangeError, 'Expected a non-empty string for entries[0].name but received "" (string)');
      expect(bad([ok, ok])).to.throw(RangeError, 'Expected a unique tensor name for entries[1].name but received "w" (string)');
      expect(bad([{ ...ok, name: '__metadata__' }])).to.throw(RangeError, 'Expected a tensor name other than "__metadata__" (reserved) for entries[0].name');
      expect(bad([{ ...ok, name: 'a\ud800' }])).to.throw(RangeError, 'Expected a well-formed Unicode string (no lone surrogates) for entries[0].name');
      expect(bad([{ ...ok, dtype: 'F32' }])).to.throw(RangeError, 'Expected one of "float32", "float64", "bfloat16", "float16" for entries[0].dtype but received "F32" (string)');
      expect(bad([{ ...ok, shape: [2, -1] }])).to.throw(RangeError, 'Expected a non-negative integer for entries[0].shape[1] but received -1 (number)');
      expect(bad([{ ...ok, shape: 2 }])).to.throw(TypeError, 'Expected an array of non-negative integers for entries[0].shape but received 2 (number)');
      expect(bad([ok], 'pt')).to.throw(TypeError, 'Expected an object of string values for metadata but received "pt" (string)');
      expect(bad([ok], { version: 2 })).to.throw(TypeError, 'Expected a string for metadata["version"] but received 2 (number)');
    });
  });

  describe('against files written by Python from the spec', () => {
    for (const f of manifest.files) {
      it(`writes ${f.file} byte for byte${f.reference ? ` (also what safetensors ${f.reference} writes)` : ''}`, async () => {
        const file = path.join(dir, 'out.safetensors');
        await writeSafetensors(file, tensorsOf(f), f.metadata ? { metadata: f.metadata } : undefined);
        expect(fs.readFileSync(file).toString('hex')).to.equal(fixture(f.file).toString('hex'));
        expect(listing()).to.deep.equal(['out.safetensors']);
      });
      it(`reads ${f.file}`, () => {
        const { metadata, tensors } = readSafetensors(path.join(FIXTURES, f.file));
        expect(metadata).to.deep.equal(f.metadata ?? undefined);
        expect([...tensors.keys()]).to.deep.equal(f.tensors.map((t) => t.name));
        for (const want of tensorsOf(f)) {
          const got = tensors.get(want.name)!;
          expect(got.dtype).to.equal(want.dtype);
          expect(got.shape).to.deep.equal(want.shape);
          expect(got.data).to.be.instanceOf(want.data.constructor as never);
          expect([...got.data]).to.deep.equal([...want.data]);
          expect(got.data.byteOffset).to.equal(0);
        }
      });
    }
    it('reports absolute byte offsets', () => {
      const bytes = fixture('safetensors_nometa.safetensors');
      const { tensors } = readSafetensors(bytes);
      const start = 8 + Number(bytes.readBigUInt64LE(0));
      expect([...tensors.values()].map((t) => t.byteOffset)).to.deep.equal([0, 24, 28, 52, 52, 60].map((o) => start + o));
      expect(bytes.readDoubleLE(tensors.get('bias.f64')!.byteOffset)).to.equal(0.1);
    });
    it('accepts the record form (property order)', async () => {
      const [f] = manifest.files;
      const record = Object.fromEntries(tensorsOf(f).map(({ name, ...t }) => [name, t]));
      const file = path.join(dir, 'record.safetensors');
      await writeSafetensors(file, record, { metadata: f.metadata! });
      expect(fs.readFileSync(file).equals(fixture(f.file))).to.equal(true);
    });
  });

  describe('readSafetensors errors', () => {
    const f32 = (n: number) => new Uint8Array(new Float32Array(n).buffer);
    const tensor = (dtype: string, shape: number[], offsets: number[]) => ({ dtype, shape, data_offsets: offsets });
    const cases: [string, Uint8Array, string][] = [
      ['a file shorter than 8 bytes', Buffer.from([1, 0, 0]), 'the file is 3 bytes, shorter than the 8-byte header length'],
      ['a header length beyond the file', Buffer.concat([Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{}')]), 'the header length 255 runs past the end of the 10-byte file'],
      ['a huge header length', Buffer.from([0, 0, 0, 0, 0, 0, 0, 0x80, 0x20]), 'the header length 9223372036854775808 runs past the end of the 9-byte file'],
      ['invalid JSON', build('{"w": '), 'the header is not valid UTF-8 JSON ('],
      ['invalid UTF-8', build(Buffer.from([0x7b, 0xff, 0x7d]).toString('latin1')), 'the header is not valid UTF-8 JSON ('],
      ['a JSON array', build('[1, 2]'), 'the header is [1,2], not a JSON object'],
      ['a non-object tensor', build({ w: 5 }), 'tensor "w" is 5, not an object with dtype, shape and data_offsets'],
      ['a missing dtype', build({ w: { shape: [1], data_offsets: [0, 4] } }, f32(1)), 'tensor "w" has dtype undefined, not a string'],
      ['an unsupported dtype', build({ w: tensor('I32', [1], [0, 4]) }, f32(1)), 'tensor "w" has unsupported dtype "I32" (supported: F32, F64, BF16, F16)'],
      ['an ill-typed shape', build({ w: tensor('F32', ['1'] as never, [0, 4]) }, f32(1)), 'tensor "w" has shape ["1"], not an array of non-negative integers'],
      ['missing data_offsets', build({ w: { dtype: 'F32', shape: [1] } }, f32(1)), 'tensor "w" has data_offsets undefined, not [begin, end] with 0 ≤ begin ≤ end'],
      ['reversed data_offsets', build({ w: tensor('F32', [1], [4, 0]) }, f32(1)), 'tensor "w" has data_offsets [4,0], not [begin, end]'],
      ['offsets out of range', build({ w: tensor('F32', [2], [0, 8]) }, f32(1)), 'tensor "w" has data_offsets [0, 8] beyond the 4-byte data section'],
      ['a size not matching shape × dtype', build({ w: tensor('F32', [2], [0, 4]) }, f32(1)), 'tensor "w" has 4 bytes of data but shape [2] of F32 needs 8'],
      ['overlapping tensors', build({ a: tensor('F32', [2], [0, 8]), b: tensor('F32', [1], [4, 8]) }, f32(2)), 'tensor "b" at [4, 8] overlaps tensor "a" ending at 8'],
      ['a gap between tensors', build({ a: tensor('F32', [1], [0, 4]), b: tensor('F32', [1], [8, 12]) }, f32(3)), 'the data is not contiguous: 4 bytes before tensor "b" belong to no tensor'],
      ['bytes after the last tensor', build({ a: tensor('F32', [1], [0, 4]) }, f32(2)), 'the last 4 bytes of the file belong to no tensor'],
      ['non-string metadata', build({ __metadata__: { epoch: 3 } }), '__metadata__["epoch"] is 3, not a string'],
      ['non-object metadata', build({ __metadata__: 'pt' }), '__metadata__ is "pt", not an object'],
    ];
    for (const [label, bytes, message] of cases) {
      it(`refuses ${label}`, () => {
        const error = readError(bytes);
        expect(error).to.be.instanceOf(SafetensorsFormatError);
        expect(error.name).to.equal('SafetensorsFormatError');
        expect(error.message).to.contain(`Cannot read safetensors from the buffer: ${message}`);
      });
    }
    it('accepts tensors in any header order (sorted by offsets, as the reference does)', () => {
      const data = new Uint8Array(Float32Array.of(1, 2, 3).buffer);
      const { tensors } = readSafetensors(build({ b: tensor('F32', [2], [4, 12]), a: tensor('F32', [], [0, 4]) }, data));
      expect([...tensors.keys()]).to.deep.equal(['a', 'b']);
      expect([...tensors.get('b')!.data]).to.deep.equal([2, 3]);
    });
    it('names the file it read, and validates the source', () => {
      const file = path.join(dir, 'short.safetensors');
      fs.writeFileSync(file, 'abc');
      expect(readError(file).message).to.equal(`Cannot read safetensors from "${file}": the file is 3 bytes, shorter than the 8-byte header length`);
      expect(() => readSafetensors({} as never)).to.throw(TypeError, 'Expected a file path or a Uint8Array for source but received an object');
      expect(() => readSafetensors(path.join(dir, 'nope'))).to.throw(Error, 'ENOENT');
    });
  });

  describe('SafetensorsWriter', () => {
    const entries = [
      { name: 'w', dtype: 'float32' as const, shape: [2, 3] },
      { name: 'empty', dtype: 'float64' as const, shape: [0] },
      { name: 'h', dtype: 'float16' as const, shape: [2] },
    ];
    const w = Float32Array.of(1, 2, 3, 4, 5, 6);
    const h = Uint16Array.of(0x3c00, 0xc000);
    const temps = () => listing().filter((name) => name.includes('.tmp-'));

    it('streams chunks (typed arrays and raw Buffers) to the same bytes as writeSafetensors', async () => {
      const whole = path.join(dir, 'whole.safetensors');
      await writeSafetensors(whole, [{ name: 'w', data: w, shape: [2, 3], dtype: 'float32' }, { name: 'empty', data: new Float64Array(0), shape: [0], dtype: 'float64' }, { name: 'h', data: h, shape: [2], dtype: 'float16' }], { metadata: { a: 'b' } });
      const file = path.join(dir, 'streamed.safetensors');
      const writer = await SafetensorsWriter.open(file, entries, { metadata: { a: 'b' } });
      expect(writer.tempPath.startsWith(`${file}.tmp-${process.pid}-`)).to.equal(true);
      expect(fs.existsSync(writer.tempPath)).to.equal(true);
      expect(fs.existsSync(file)).to.equal(false);
      await writer.write('w', w.subarray(0, 2));
      await writer.write('w', Buffer.from(w.buffer, 8, 10)); // raw bytes may split an element
      await writer.write('w', Buffer.from(w.buffer, 18, 6));
      await writer.write('h', h);
      await writer.close();
      expect(fs.readFileSync(file).equals(fs.readFileSync(whole))).to.equal(true);
      expect(temps()).to.deep.equal([]);
      await writer.abort(); // after a successful close: nothing to do
      expect(fs.existsSync(file)).to.equal(true);
    });
    it('keeps chunks in call order when writes are not awaited one by one', async () => {
      const file = path.join(dir, 'concurrent.safetensors');
      const writer = await SafetensorsWriter.open(file, entries);
      await Promise.all([writer.write('w', w.subarray(0, 1)), writer.write('w', w.subarray(1, 4)), writer.write('w', w.subarray(4)), writer.write('h', h)]);
      await writer.close();
      expect([...readSafetensors(file).tensors.get('w')!.data]).to.deep.equal([...w]);
    });
    it('abort() removes the temporary file and blocks later calls', async () => {
      const file = path.join(dir, 'aborted.safetensors');
      const writer = await SafetensorsWriter.open(file, entries);
      await writer.write('w', w.subarray(0, 3));
      const reason = new Error('generator crashed');
      await writer.abort(reason);
      await writer.abort();
      expect(listing()).to.deep.equal([]);
      const error = await rejection(writer.write('w', w.subarray(3)));
      expect(error.message).to.equal(`Cannot write "${file}": the writer was aborted`);
      expect(error.cause).to.equal(reason);
      expect((await rejection(writer.close())).message).to.equal(`Cannot close "${file}": the writer was aborted`);
    });
    const failures: [string, (writer: SafetensorsWriter) => Promise<void>, Function, string][] = [
      ['too many bytes', (wr) => wr.write('w', new Float32Array(7)), RangeError, 'Expected at most 24 more bytes for tensor "w" (24 bytes in all) but received 28 bytes'],
      ['a later tensor before the current one is complete', async (wr) => { await wr.write('w', w.subarray(0, 5)); await wr.write('h', h); }, RangeError,
        'Expected the rest of tensor "w" (20 of 24 bytes written; header order) but received a chunk for "h"'],
      ['more bytes for a complete tensor', async (wr) => { await wr.write('w', w); await wr.write('w', w.subarray(0, 1)); }, RangeError,
        'Expected a chunk of tensor "h" (header order) but received 4 more bytes for "w", which is already complete (24 bytes)'],
      ['an unknown tensor', (wr) => wr.write('b', h), RangeError, 'for name but received "b" (string)'],
      ['a typed array of another dtype', (wr) => wr.write('w', new Float64Array(3)), TypeError, 'Expected a Buffer or a Float32Array for tensor "w" (float32) for chunk but received a Float64Array of length 3'],
      ['a chunk that is not bytes', (wr) => wr.write('w', [1, 2] as never), TypeError, 'Expected a Buffer or a typed array for tensor "w" for chunk but received an array of length 2'],
      ['close with an incomplete tensor', async (wr) => { await wr.write('w', w); await wr.write('h', h.subarray(0, 1)); await wr.close(); }, Error,
        'tensor "h" has 2 of 4 bytes'],
      ['close with nothing written', (wr) => wr.close(), Error, 'tensor "w" has 0 of 24 bytes (and 2 later tensor(s) follow it)'],
    ];
    for (const [label, act, errorClass, message] of failures) {
      it(`fails on ${label}, leaving neither the file nor a temporary file`, async () => {
        const file = path.join(dir, 'model.safetensors');
        const writer = await SafetensorsWriter.open(file, entries);
        const error = await rejection(act(writer));
        expect(error).to.be.instanceOf(errorClass);
        expect(error.message).to.contain(message);
        expect(listing()).to.deep.equal([]);
        expect((await rejection(writer.write('w', w))).message).to.contain('the writer was aborted');
      });
    }
    it('accepts an empty chunk for an empty tensor, before or after skipping it', async () => {
      const file = path.join(dir, 'empty.safetensors');
      const writer = await SafetensorsWriter.open(file, entries);
      await writer.write('w', w);
      await writer.write('empty', new Float64Array(0));
      await writer.write('h', h);
      await writer.write('empty', new Float64Array(0));
      await writer.close();
      expect([...readSafetensors(file).tensors.get('h')!.data]).to.deep.equal([0x3c00, 0xc000]);
    });
    it('rethrows disk errors (ENOSPC) with the path, and cleans up', async () => {
      const file = path.join(dir, 'full.safetensors');
      const writer = await SafetensorsWriter.open(file, entries);
      // Simulate a full disk: make FileHandle.prototype.write fail like the kernel would.
      const probe = await fs.promises.open(path.join(dir, 'probe'), 'w');
      const proto = Object.getPrototypeOf(probe) as { write: Function };
      await probe.close();
      fs.rmSync(path.join(dir, 'probe'));
      const original = proto.write;
      proto.write = async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      };
      let error: NodeJS.ErrnoException;
      try {
        error = await rejection(writer.write('w', w));
      } finally {
        proto.write = original;
      }
      expect(error.message).to.equal(`Cannot write "${file}": ENOSPC: no space left on device, write`);
      expect(error.code).to.equal('ENOSPC');
      expect(error.syscall).to.equal('write');
      expect((error.cause as Error).message).to.contain('no space left');
      expect(listing()).to.deep.equal([]);
    });
    it('refuses to overwrite an existing file at open unless force: true', async () => {
      const file = path.join(dir, 'model.safetensors');
      fs.writeFileSync(file, 'precious');
      const error = await rejection(SafetensorsWriter.open(file, entries));
      expect(error.message).to.equal(`Refusing to overwrite existing file "${file}"; pass { force: true } to replace it`);
      expect(error.code).to.equal('EEXIST');
      expect(listing()).to.deep.equal(['model.safetensors']);
      await writeSafetensors(file, { w: { data: w, shape: [6], dtype: 'float32' } }, { force: true });
      expect([...readSafetensors(file).tensors.get('w')!.data]).to.deep.equal([...w]);
      expect(listing()).to.deep.equal(['model.safetensors']);
    });
    it('does not clobber a file that appeared while writing', async () => {
      const file = path.join(dir, 'model.safetensors');
      const writer = await SafetensorsWriter.open(file, [{ name: 'w', dtype: 'float32', shape: [6] }]);
      await writer.write('w', w);
      fs.writeFileSync(file, 'someone else');
      const error = await rejection(writer.close());
      expect(error.message).to.equal(`Refusing to overwrite existing file "${file}"; pass { force: true } to replace it`);
      expect(fs.readFileSync(file, 'utf8')).to.equal('someone else');
      expect(listing()).to.deep.equal(['model.safetensors']);
    });
    it('names the path when the directory does not exist', async () => {
      const file = path.join(dir, 'no', 'such', 'model.safetensors');
      const error = await rejection(SafetensorsWriter.open(file, entries));
      expect(error.message).to.match(/^Cannot create a temporary file for ".*model\.safetensors": ENOENT/);
      expect(error.message).to.contain(file);
      expect(error.code).to.equal('ENOENT');
    });
    it('validates options and tensors before creating anything', async () => {
      const file = path.join(dir, 'model.safetensors');
      let error = await rejection(SafetensorsWriter.open(file, entries, { metadata: { step: 1 } } as never));
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.equal('Expected a string for metadata["step"] but received 1 (number)');
      error = await rejection(SafetensorsWriter.open(file, entries, { froce: true } as never));
      expect(error.message).to.equal('Unknown option "froce" for SafetensorsWriter.open; did you mean "force"?');
      error = await rejection(writeSafetensors(file, { w: { data: new Float32Array(5), shape: [6], dtype: 'float32' } }));
      expect(error).to.be.instanceOf(RangeError);
      expect(error.message).to.equal('Expected 6 elements (shape [6]) for tensors["w"].data but received a Float32Array of length 5');
      error = await rejection(writeSafetensors(file, [{ name: 'w', data: w, shape: [6], dtype: 'float32' }, { name: 'w', data: w, shape: [6], dtype: 'float32' }]));
      expect(error.message).to.equal('Expected a unique tensor name for entries[1].name but received "w" (string)');
      error = await rejection(writeSafetensors(file, 'w' as never));
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.equal('Expected an object or array of tensors for tensors but received "w" (string)');
      expect(listing()).to.deep.equal([]);
    });
  });

  it('round-trips every dtype through a file', async () => {
    const file = path.join(dir, 'all.safetensors');
    const tensors = {
      f32: { data: Float32Array.of(0.1, -0, Infinity), shape: [3], dtype: 'float32' as const },
      f64: { data: Float64Array.of(Math.PI), shape: [], dtype: 'float64' as const },
      bf16: { data: Uint16Array.of(0x3f80, 0x7fc0), shape: [1, 2], dtype: 'bfloat16' as const },
      f16: { data: Uint16Array.of(0x7bff), shape: [1, 1, 1], dtype: 'float16' as const },
    };
    await writeSafetensors(file, tensors, { metadata: { format: 'pt', 'ключ': 'значение ✓' } });
    const back = readSafetensors(file);
    expect(back.metadata).to.deep.equal({ format: 'pt', 'ключ': 'значение ✓' });
    for (const [name, want] of Object.entries(tensors)) {
      const got = back.tensors.get(name)!;
      expect(got.dtype).to.equal(want.dtype);
      expect(got.shape).to.deep.equal(want.shape);
      expect(Object.is(got.data[0], want.data[0])).to.equal(true);
      expect([...got.data]).to.deep.equal([...want.data]);
    }
  });
});
