/**
 * NumPy `.npy` files (format version 1.0 written; 1.0, 2.0 and 3.0 read).
 *
 * Layout, from numpy/lib/format.py (NEP 1):
 *   - the magic string `\x93NUMPY`, then the major and minor version bytes;
 *   - the header length: a little-endian uint16 in 1.0 (uint32 in 2.0 and 3.0);
 *   - the header: a Python dict literal `{'descr': '<f4', 'fortran_order': False,
 *     'shape': (2, 3), }`, keys sorted, padded with spaces and ended by `\n` so that
 *     magic + length + header is a multiple of ARRAY_ALIGN = 64 bytes (current NumPy
 *     and its format docs; old releases and NEP 1 said 16), so the data can be
 *     memory-mapped aligned;
 *   - the raw elements, C order unless fortran_order.
 *
 * The encoder reproduces NumPy's bytes exactly (checked against numpy 1.24 files in
 * test/fixtures/npy_*), including the spare spaces NumPy leaves so the first
 * dimension can grow in place (`GROWTH_AXIS_MAX_DIGITS = 21` in format.py).
 *
 * NumPy has no bfloat16 type, so bfloat16 tensors are written by default as `<u2`
 * (the raw bits, lossless: `torch.from_numpy(a).view(torch.bfloat16)` restores them),
 * or, with `{ bfloat16As: 'float32' }`, widened exactly to `<f4`.
 */

import * as fs from 'node:fs';
import {
  type DType,
  type TensorData,
  bfloat16ArrayToFloat32,
  checkDType,
  checkTensorData,
  fromLittleEndianBytes,
  littleEndianBytes,
} from '../core/dtype';
import { numel, validateShape } from '../core/shape';
import { AtomicFile } from '../io/atomic-file';
import { checkFilePath } from '../io/files';
import { boolean, knownOptions, oneOf, optionsObject, rangeError, typeError } from '../core/validate';

/** The element descriptors this module writes and reads (little-endian only). */
export type NpyDescr = '<f4' | '<f8' | '<f2' | '<u2';

/** What a `.npy` element descriptor means here: `<u2` is plain uint16 (possibly bfloat16 bits). */
export type NpyDType = 'float32' | 'float64' | 'float16' | 'uint16';

/** A tensor to write: `data` is the typed array that stores `dtype` (see lib/core/dtype.ts). */
export interface NpyTensor {
  data: TensorData;
  shape: readonly number[];
  dtype: DType;
}

/** Encoding options. */
export interface NpyEncodeOptions {
  /** How to store bfloat16, which NumPy lacks: raw bits as `<u2` (default) or widened to `<f4`. */
  bfloat16As?: 'uint16' | 'float32';
}

/** Options of {@link writeNpy}. */
export interface NpyWriteOptions extends NpyEncodeOptions {
  /** Replace an existing file (default false: refuse, naming the path). */
  force?: boolean;
}

/** Options of {@link readNpy}. */
export interface NpyReadOptions {
  /** Return Fortran-ordered (column-major) data as stored instead of refusing it (default false). */
  allowFortranOrder?: boolean;
}

/** An array read from a `.npy` file. */
export interface NpyArray {
  /** The elements, in a new aligned typed array (`Uint16Array` for `<f2` and `<u2`). */
  data: TensorData;
  shape: number[];
  /** The descriptor found in the file. */
  descr: NpyDescr;
  /** The element type the descriptor names; `<u2` gives 'uint16' even for bfloat16 bits. */
  dtype: NpyDType;
  /** True only when `allowFortranOrder` was set and the file is column-major. */
  fortranOrder: boolean;
}

/** A file or buffer that is not a `.npy` this module can read. */
export class NpyFormatError extends Error {
  override name = 'NpyFormatError';
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
/** numpy/lib/format.py ARRAY_ALIGN: header end (= data start) is a multiple of this. */
const ARRAY_ALIGN = 64;
/** numpy/lib/format.py GROWTH_AXIS_MAX_DIGITS: spare spaces for growing shape[0] in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;
/** NumPy 1.x NPY_MAXDIMS; a file with more dimensions cannot be loaded there. */
const MAX_DIMS = 32;

const DESCR_INFO: Record<NpyDescr, { dtype: NpyDType; ctor: Float32ArrayConstructor | Float64ArrayConstructor | Uint16ArrayConstructor }> = {
  '<f4': { dtype: 'float32', ctor: Float32Array },
  '<f8': { dtype: 'float64', ctor: Float64Array },
  '<f2': { dtype: 'float16', ctor: Uint16Array },
  '<u2': { dtype: 'uint16', ctor: Uint16Array },
};

function checkEncodeOptions(value: unknown, fn: string, extra: readonly string[] = []): Required<NpyEncodeOptions> & Record<string, unknown> {
  const options = optionsObject(value);
  knownOptions(options, ['bfloat16As', ...extra], fn);
  const bfloat16As = options.bfloat16As === undefined ? 'uint16' : oneOf(options.bfloat16As, 'options.bfloat16As', ['uint16', 'float32'] as const);
  return { ...options, bfloat16As };
}

function descrFor(dtype: DType, bfloat16As: 'uint16' | 'float32'): NpyDescr {
  switch (dtype) {
    case 'float32':
      return '<f4';
    case 'float64':
      return '<f8';
    case 'float16':
      return '<f2';
    case 'bfloat16':
      return bfloat16As === 'float32' ? '<f4' : '<u2';
  }
}

/** Python's repr of a tuple of ints: `()`, `(3,)`, `(2, 3)`. */
function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * The `.npy` 1.0 header (magic, version, length and padded dict) for a C-ordered
 * array of `dtype` and `shape`, byte-identical to what `numpy.save` writes.
 * @param dtype - the element type; bfloat16 maps per `options.bfloat16As`
 * @param shape - non-negative integers; `[]` is a 0-d array
 */
export function encodeNpyHeader(dtype: DType, shape: readonly number[], options?: NpyEncodeOptions): Buffer {
  const { bfloat16As } = checkEncodeOptions(options, 'encodeNpyHeader');
  const checkedShape = validateShape(shape);
  numel(checkedShape);
  if (checkedShape.length > MAX_DIMS) throw rangeError(`at most ${MAX_DIMS} dimensions`, 'shape', shape);
  const descr = descrFor(checkDType(dtype), bfloat16As);
  // format.py _write_array_header: keys sorted, repr'd values, each followed by ", ".
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${pythonTuple(checkedShape)}, }`;
  if (checkedShape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(checkedShape[0]).length);
  // format.py _wrap_header: pad to ARRAY_ALIGN counting the final '\n'; a full 64 when
  // already aligned (padlen is never 0).
  const hlen = dict.length + 1;
  const padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ARRAY_ALIGN);
  const header = Buffer.alloc(MAGIC.length + 2 + 2 + hlen + padlen, 0x20);
  MAGIC.copy(header, 0);
  header[6] = 1; // version 1.0
  header[7] = 0;
  header.writeUInt16LE(hlen + padlen, 8);
  header.write(dict, 10, 'latin1');
  header[header.length - 1] = 0x0a;
  return header;
}

function checkTensor(value: unknown, name: string): { data: TensorData; shape: readonly number[]; dtype: DType } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw typeError('a tensor object { data, shape, dtype }', name, value);
  }
  const tensor = value as Record<string, unknown>;
  const dtype = checkDType(tensor.dtype, `${name}.dtype`);
  const shape = validateShape(tensor.shape, `${name}.shape`);
  numel(shape, `${name}.shape`);
  const data = checkTensorData(tensor.data, dtype, shape, `${name}.data`);
  return { data, shape, dtype };
}

function encodeParts(value: unknown, options: NpyEncodeOptions): [Buffer, Uint8Array] {
  const tensor = checkTensor(value, 'tensor');
  const header = encodeNpyHeader(tensor.dtype, tensor.shape, { bfloat16As: options.bfloat16As });
  const data = tensor.dtype === 'bfloat16' && options.bfloat16As === 'float32'
    ? bfloat16ArrayToFloat32(tensor.data as Uint16Array)
    : tensor.data;
  return [header, littleEndianBytes(data)];
}

/** The complete `.npy` file for `tensor`, as `numpy.save` would write it. */
export function encodeNpy(tensor: NpyTensor, options?: NpyEncodeOptions): Buffer {
  const [header, data] = encodeParts(tensor, checkEncodeOptions(options, 'encodeNpy'));
  return Buffer.concat([header, data]);
}

/**
 * Writes `tensor` to a `.npy` file atomically: into a temporary file beside `path`,
 * flushed to disk, then renamed, so readers never see a partial file. On error the
 * temporary file is removed and `path` is untouched. An existing `path` is refused
 * unless `force: true`.
 */
export async function writeNpy(path: string, tensor: NpyTensor, options?: NpyWriteOptions): Promise<void> {
  checkFilePath(path, 'path');
  const checked = checkEncodeOptions(options, 'writeNpy', ['force']);
  const force = checked.force === undefined ? false : boolean(checked.force, 'options.force');
  const [header, data] = encodeParts(tensor, checked);
  const file = await AtomicFile.create(path, force);
  try {
    await file.write(header, 0);
    await file.write(data, header.length);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Reading

type PyValue = string | number | boolean | null | PyValue[] | { tuple: PyValue[] } | Map<PyValue, PyValue>;

/**
 * Parses the Python literal subset NumPy writes in headers (dicts, tuples, lists,
 * strings, ints, True/False/None), like format.py's `safe_eval` but without eval.
 */
function parsePythonLiteral(text: string, fail: (why: string) => never): PyValue {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const sequence = (close: string): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      skip();
      if (text[i] === close) return i++, items;
      items.push(value());
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected "," or "${close}" at offset ${i}`);
    }
  };
  const value = (): PyValue => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new Map<PyValue, PyValue>();
      for (;;) {
        skip();
        if (text[i] === '}') return i++, map;
        const key = value();
        skip();
        if (text[i++] !== ':') fail(`expected ":" at offset ${i - 1}`);
        map.set(key, value());
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail(`expected "," or "}" at offset ${i}`);
      }
    }
    if (c === '(') return i++, { tuple: sequence(')') };
    if (c === '[') return i++, sequence(']');
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail(`unterminated string at offset ${i}`);
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const word = /^(?:-?\d+L?|True|False|None)/.exec(text.slice(i, i + 40));
    if (!word) fail(`unexpected ${c === undefined ? 'end of header' : JSON.stringify(c)} at offset ${i}`);
    i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0].replace('L', '')); // Python 2 longs, as format.py _filter_header allows
  };
  const result = value();
  skip();
  if (i !== text.length) fail(`unexpected text after the dict at offset ${i}`);
  return result;
}

function describeLiteral(value: PyValue): string {
  if (value instanceof Map) return 'a dict';
  if (Array.isArray(value)) return `a list of length ${value.length}`;
  if (value !== null && typeof value === 'object') return `a tuple of length ${value.tuple.length}`;
  return JSON.stringify(value);
}

/**
 * Reads a `.npy` file (a path, read synchronously) or its bytes. Supports the
 * little-endian descriptors `<f4`, `<f8`, `<f2` and `<u2`, format versions 1.0–3.0.
 * Throws {@link NpyFormatError} for a bad magic string or version, a truncated or
 * malformed header, an unsupported descriptor, Fortran order (unless allowed),
 * truncated data, or trailing bytes after the data.
 */
export function readNpy(source: string | Uint8Array, options?: NpyReadOptions): NpyArray {
  const opts = optionsObject(options);
  knownOptions(opts, ['allowFortranOrder'], 'readNpy');
  const allowFortran = opts.allowFortranOrder === undefined ? false : boolean(opts.allowFortranOrder, 'options.allowFortranOrder');
  let bytes: Uint8Array;
  let label: string;
  if (typeof source === 'string') {
    checkFilePath(source, 'source');
    label = `"${source}"`;
    bytes = fs.readFileSync(source);
  } else if (source instanceof Uint8Array) {
    label = 'the buffer';
    bytes = source;
  } else {
    throw typeError('a file path or a Uint8Array', 'source', source);
  }
  const fail = (why: string): never => {
    throw new NpyFormatError(`Cannot read .npy from ${label}: ${why}`);
  };

  const magic = bytes.subarray(0, MAGIC.length);
  if (!Buffer.from(magic).equals(MAGIC.subarray(0, magic.length)) || bytes.length === 0) {
    fail(`bad magic string ${JSON.stringify(Buffer.from(magic).toString('latin1'))} (expected "\\x93NUMPY")`);
  }
  if (bytes.length < 10) fail(`truncated header: the file is only ${bytes.length} bytes`);
  const major = bytes[6];
  const minor = bytes[7];
  if (minor !== 0 || major < 1 || major > 3) fail(`unsupported format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) fail(`truncated header: the file is only ${bytes.length} bytes`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthSize;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) {
    fail(`truncated header: it declares ${headerLength} bytes but only ${bytes.length - headerStart} follow`);
  }
  const headerText = Buffer.from(bytes.buffer, bytes.byteOffset + headerStart, headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const header = parsePythonLiteral(headerText, (why) => fail(`malformed header (${why}): ${JSON.stringify(headerText.trimEnd())}`));
  if (!(header instanceof Map)) fail(`the header is ${describeLiteral(header)}, not a dict`);
  const dict = header as Map<PyValue, PyValue>;
  const keys = [...dict.keys()].map(String).sort();
  if (keys.join() !== 'descr,fortran_order,shape') fail(`the header keys are [${keys.join(', ')}], expected [descr, fortran_order, shape]`);

  const descr = dict.get('descr') as PyValue;
  if (typeof descr !== 'string' || !(descr in DESCR_INFO)) {
    fail(`unsupported descr ${describeLiteral(descr)} (supported: ${Object.keys(DESCR_INFO).join(', ')})`);
  }
  const fortranOrder = dict.get('fortran_order');
  if (typeof fortranOrder !== 'boolean') fail(`fortran_order is ${describeLiteral(fortranOrder as PyValue)}, not True or False`);
  if (fortranOrder && !allowFortran) {
    fail('the array is stored in Fortran (column-major) order; pass { allowFortranOrder: true } to get its elements in that order');
  }
  const shapeValue = dict.get('shape') as PyValue;
  const tuple = shapeValue !== null && typeof shapeValue === 'object' && 'tuple' in shapeValue ? shapeValue.tuple : undefined;
  if (!tuple || !tuple.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    fail(`shape ${describeLiteral(shapeValue)} is not a tuple of non-negative integers`);
  }
  const shape = tuple as number[];
  const info = DESCR_INFO[descr as NpyDescr];
  const count = numel(shape);
  const expected = count * info.ctor.BYTES_PER_ELEMENT;
  const found = bytes.length - dataStart;
  if (found < expected) fail(`truncated data: shape ${pythonTuple(shape)} of ${descr} needs ${expected} bytes but ${found} follow the header`);
  if (found > expected) fail(`${found - expected} unexpected bytes after the ${expected} bytes of data`);
  const data = fromLittleEndianBytes(info.ctor, bytes.subarray(dataStart, dataStart + expected));
  return { data, shape, descr: descr as NpyDescr, dtype: info.dtype, fortranOrder: fortranOrder as boolean };
}
