/**
 * Hugging Face safetensors files.
 *
 * Layout, from the format's README (huggingface/safetensors) and its reference
 * implementation (safetensors/src/tensor.rs):
 *   - 8 bytes: N, a little-endian u64, the size of the header;
 *   - N bytes: a UTF-8 JSON object. `"__metadata__"` (optional) maps strings to
 *     strings; every other key is a tensor name mapped to
 *     `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`, offsets
 *     relative to the start of the data section, little-endian, C order;
 *   - the data section: the tensors back to back, with no gaps and nothing after.
 *
 * What the reference writer does and this module mirrors, byte for byte: compact
 * JSON (serde_json, no spaces), `__metadata__` first, tensor fields in the order
 * dtype, shape, data_offsets, and the header padded with spaces to a multiple of
 * 8 bytes, so that the data section starts 8-byte aligned. Two deliberate
 * differences: tensors are laid out in the order given (the reference sorts by
 * descending dtype alignment, then name; pass them in that order for identical
 * bytes), and metadata keys keep insertion order (the reference stores them in a
 * Rust HashMap, whose order is random). The reader accepts any order, as the
 * reference reader does (it sorts by offsets).
 */

import * as fs from 'node:fs';
import { type DType, type TensorData, bytesPerElement, checkDType, checkTensorData, fromLittleEndianBytes, littleEndianBytes, arrayTypeFor } from '../core/dtype';
import { numel, validateShape } from '../core/shape';
import { boolean, integer, knownOptions, optionsObject, rangeError, typeError } from '../core/validate';
import { AtomicFile } from '../io/atomic-file';
import { checkFilePath } from '../io/files';

/** The safetensors dtype strings this module writes and reads. */
export type SafetensorsDType = 'F32' | 'F64' | 'BF16' | 'F16';

const TO_FILE: Record<DType, SafetensorsDType> = { float32: 'F32', float64: 'F64', bfloat16: 'BF16', float16: 'F16' };
const FROM_FILE: Record<string, DType> = { F32: 'float32', F64: 'float64', BF16: 'bfloat16', F16: 'float16' };

/** The safetensors dtype string of a {@link DType}. */
export function safetensorsDType(dtype: DType): SafetensorsDType {
  return TO_FILE[checkDType(dtype)];
}

/** The reference readers refuse headers larger than this (MAX_HEADER_SIZE in tensor.rs). */
export const MAX_HEADER_SIZE = 100_000_000;

/** One tensor of a file being planned: its name, element type and shape. */
export interface SafetensorsEntry {
  name: string;
  dtype: DType;
  shape: readonly number[];
}

/** The result of {@link safetensorsHeader}. */
export interface SafetensorsHeader {
  /** The 8-byte length prefix followed by the padded JSON header. */
  header: Buffer;
  /** `[begin, end]` of each entry, in entry order, relative to the data section. */
  offsets: [number, number][];
  /** Size of the data section (sum of all tensors' bytes). */
  dataBytes: number;
  /** Size of the whole file: `header.length + dataBytes`. */
  totalBytes: number;
}

/** Options of {@link SafetensorsWriter.open} and {@link writeSafetensors}. */
export interface SafetensorsWriteOptions {
  /** Free-form string → string map stored under `"__metadata__"`; omitted when undefined. */
  metadata?: Record<string, string>;
  /** Replace an existing file (default false: refuse, naming the path). */
  force?: boolean;
  /**
   * Write through O_DIRECT where the file system allows it (default false): the writer's
   * writes are sequential, so they can bypass the page cache (lib/io/direct-appender.ts).
   */
  direct?: boolean;
  /** Bytes of each of the two aligned blocks of a direct writer (default 16 MiB; a multiple of 4096). */
  directBlockBytes?: number;
}

/** A tensor to write: `data` is the typed array that stores `dtype` (see lib/core/dtype.ts). */
export interface SafetensorsTensor {
  data: TensorData;
  shape: readonly number[];
  dtype: DType;
}

/** A tensor read back by {@link readSafetensors}. */
export interface SafetensorsTensorRead {
  dtype: DType;
  shape: number[];
  /** A new, aligned copy of the elements (`Uint16Array` of raw bits for BF16 and F16). */
  data: TensorData;
  /** Where the tensor's bytes start in the file (absolute: 8 + header size + begin). */
  byteOffset: number;
}

/** The contents of a safetensors file. */
export interface SafetensorsFile {
  /** The `"__metadata__"` map, or undefined when the file has none. */
  metadata: Record<string, string> | undefined;
  /** The tensors, in the order of their data in the file. */
  tensors: Map<string, SafetensorsTensorRead>;
}

/** A file or buffer that is not a safetensors file this module can read. */
export class SafetensorsFormatError extends Error {
  override name = 'SafetensorsFormatError';
}

/** Strings whose UTF-8 the reference (Rust `String`) can represent: no lone surrogates. */
function wellFormed(value: string, name: string): string {
  if (/\p{Cs}/u.test(value)) throw rangeError('a well-formed Unicode string (no lone surrogates)', name, value);
  return value;
}

function checkMetadata(value: unknown): [string, string][] | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw typeError('an object of string values', 'metadata', value);
  }
  return Object.entries(value).map(([key, text]) => {
    const name = `metadata[${JSON.stringify(key)}]`;
    if (typeof text !== 'string') throw typeError('a string', name, text);
    return [wellFormed(key, `a key of metadata`), wellFormed(text, name)];
  });
}

function checkEntries(value: unknown): SafetensorsEntry[] {
  if (!Array.isArray(value)) throw typeError('an array of { name, dtype, shape }', 'entries', value);
  const seen = new Set<string>();
  return value.map((entry: unknown, i) => {
    const at = `entries[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw typeError('an object { name, dtype, shape }', at, entry);
    }
    const { name, dtype, shape } = entry as Record<string, unknown>;
    if (typeof name !== 'string') throw typeError('a non-empty string', `${at}.name`, name);
    if (name === '') throw rangeError('a non-empty string', `${at}.name`, name);
    if (name === '__metadata__') throw rangeError('a tensor name other than "__metadata__" (reserved)', `${at}.name`, name);
    wellFormed(name, `${at}.name`);
    if (seen.has(name)) throw rangeError('a unique tensor name', `${at}.name`, name);
    seen.add(name);
    const checked = validateShape(shape, `${at}.shape`);
    numel(checked, `${at}.shape`);
    return { name, dtype: checkDType(dtype, `${at}.dtype`), shape: checked };
  });
}

/**
 * Plans a safetensors file: the header bytes (length prefix included) and where each
 * tensor's data goes. Validates that names are unique non-empty strings, dtypes and
 * shapes are valid, and metadata values are strings.
 * @param entries - the tensors, in the order their data will follow the header
 * @param metadata - optional `"__metadata__"` map (string values only, as the spec requires)
 */
export function safetensorsHeader(entries: readonly SafetensorsEntry[], metadata?: Record<string, string>): SafetensorsHeader {
  const checked = checkEntries(entries);
  const meta = checkMetadata(metadata);
  const parts: string[] = [];
  if (meta) parts.push(`"__metadata__":{${meta.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  const offsets: [number, number][] = [];
  let cursor = 0;
  for (const { name, dtype, shape } of checked) {
    const end = cursor + numel(shape) * bytesPerElement(dtype);
    if (!Number.isSafeInteger(end)) throw rangeError('tensors totalling at most 2^53-1 bytes', 'entries', entries);
    offsets.push([cursor, end]);
    // JSON.stringify escapes exactly what serde_json escapes: `"`, `\` and control characters.
    parts.push(`${JSON.stringify(name)}:{"dtype":"${TO_FILE[dtype]}","shape":[${shape.join(',')}],"data_offsets":[${cursor},${end}]}`);
    cursor = end;
  }
  const json = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  const size = json.length + ((8 - (json.length % 8)) % 8); // tensor.rs prepare(): "Force alignment to 8 bytes"
  if (size > MAX_HEADER_SIZE) throw rangeError(`a header of at most ${MAX_HEADER_SIZE} bytes`, 'entries', entries);
  const header = Buffer.alloc(8 + size, 0x20);
  header.writeBigUInt64LE(BigInt(size), 0);
  json.copy(header, 8);
  return { header, offsets, dataBytes: cursor, totalBytes: header.length + cursor };
}

const CHUNK_DTYPES = new Map<unknown, readonly DType[]>([
  [Float32Array, ['float32']],
  [Float64Array, ['float64']],
  [Uint16Array, ['bfloat16', 'float16']],
]);

/**
 * Streams a safetensors file to disk tensor by tensor, so a model larger than memory
 * can be written. The header is written first into `path + '.tmp-<pid>-<random>'`
 * (same directory), then each {@link write} appends bytes of the current tensor, in
 * header order. {@link close} checks that every tensor is complete, flushes to disk and
 * renames the file into place; {@link abort} removes the temporary file.
 *
 * Any error from `write` or `close` (wrong tensor, wrong byte count, ENOSPC…) aborts
 * the writer first: the temporary file is gone and the final path untouched.
 */
export class SafetensorsWriter {
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private abortReason: unknown;
  /** Bytes written so far, per tensor. */
  private readonly filled: number[];
  /** The first tensor not yet complete (entries.length when all are). */
  private current = 0;
  /** Disk writes run one after another; bookkeeping happens synchronously, before them. */
  private queue: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly file: AtomicFile,
    private readonly entries: readonly SafetensorsEntry[],
    private readonly offsets: readonly [number, number][],
    private readonly dataStart: number,
  ) {
    this.filled = entries.map(() => 0);
    this.skipComplete();
  }

  /** The final path. */
  get path(): string {
    return this.file.path;
  }

  /** The temporary file being written. */
  get tempPath(): string {
    return this.file.tempPath;
  }

  /**
   * Validates the plan, refuses an existing `path` (unless `force`), creates the
   * temporary file and writes the header into it.
   */
  static async open(path: string, entries: readonly SafetensorsEntry[], options?: SafetensorsWriteOptions): Promise<SafetensorsWriter> {
    checkFilePath(path, 'path');
    const opts = optionsObject(options);
    knownOptions(opts, ['metadata', 'force', 'direct', 'directBlockBytes'], 'SafetensorsWriter.open');
    const force = opts.force === undefined ? false : boolean(opts.force, 'options.force');
    const checked = checkEntries(entries);
    const { header, offsets } = safetensorsHeader(checked, opts.metadata as Record<string, string> | undefined);
    const direct = opts.direct === undefined ? false : boolean(opts.direct, 'options.direct');
    let blockBytes: number | undefined;
    if (opts.directBlockBytes !== undefined) {
      blockBytes = integer(opts.directBlockBytes, 'options.directBlockBytes', 4096, 1 << 30);
      if (blockBytes % 4096 !== 0) throw rangeError('a multiple of 4096', 'options.directBlockBytes', blockBytes);
    }
    const file = await AtomicFile.create(path, force, { sequential: direct, ...(blockBytes === undefined ? {} : { blockBytes }) });
    try {
      await file.write(header, 0);
    } catch (error) {
      await file.discard();
      throw error;
    }
    return new SafetensorsWriter(file, checked, offsets, header.length);
  }

  private size(i: number): number {
    return this.offsets[i][1] - this.offsets[i][0];
  }

  private skipComplete(): void {
    while (this.current < this.entries.length && this.filled[this.current] === this.size(this.current)) this.current++;
  }

  private checkUsable(action: string): void {
    if (this.state === 'aborted') {
      throw new Error(`Cannot ${action} "${this.path}": the writer was aborted`, { cause: this.abortReason });
    }
    if (this.state !== 'open') throw new Error(`Cannot ${action} "${this.path}": the writer is already closed`);
  }

  /** Validates one write and reserves its place in the file; returns what to write where. */
  private claim(name: unknown, chunk: unknown): { bytes: Uint8Array; position: number } {
    if (typeof name !== 'string') throw typeError('a tensor name string', 'name', name);
    // Writes come in header order: the current tensor first, so a file of 100k tensors is not a quadratic search.
    const index = this.entries[this.current]?.name === name ? this.current : this.entries.findIndex((e) => e.name === name);
    if (index < 0) throw rangeError(`the name of a tensor in the header of "${this.path}"`, 'name', name);
    const { dtype } = this.entries[index];
    if (!ArrayBuffer.isView(chunk)) throw typeError(`a Buffer or a typed array for tensor "${name}"`, 'chunk', chunk);
    const allowed = chunk instanceof Uint8Array ? undefined : CHUNK_DTYPES.get(chunk.constructor);
    if (!(chunk instanceof Uint8Array) && !allowed?.includes(dtype)) {
      throw typeError(`a Buffer or a ${arrayTypeFor(dtype).name} for tensor "${name}" (${dtype})`, 'chunk', chunk);
    }
    const size = this.size(index);
    if (index < this.current) {
      if (chunk.byteLength === 0) return { bytes: new Uint8Array(0), position: 0 };
      throw new RangeError(`Expected a chunk of tensor "${this.entries[this.current]?.name ?? '(none: all complete)'}" (header order) but received ${chunk.byteLength} more bytes for "${name}", which is already complete (${size} bytes)`);
    }
    if (index > this.current) {
      const pending = this.entries[this.current].name;
      throw new RangeError(`Expected the rest of tensor "${pending}" (${this.filled[this.current]} of ${this.size(this.current)} bytes written; header order) but received a chunk for "${name}"`);
    }
    const remaining = size - this.filled[index];
    if (chunk.byteLength > remaining) {
      throw new RangeError(`Expected at most ${remaining} more bytes for tensor "${name}" (${size} bytes in all) but received ${chunk.byteLength} bytes`);
    }
    const position = this.dataStart + this.offsets[index][0] + this.filled[index];
    this.filled[index] += chunk.byteLength;
    this.skipComplete();
    return { bytes: littleEndianBytes(chunk), position };
  }

  /**
   * Appends `chunk` to tensor `name`, which must be the first incomplete tensor in
   * header order (an empty chunk for an already complete tensor is allowed).
   * A `Buffer`/`Uint8Array` is taken as raw little-endian bytes; a typed array must
   * match the dtype (`Uint16Array` for bfloat16/float16 bits). The chunk must not
   * exceed the bytes the tensor still needs.
   */
  async write(name: string, chunk: TensorData | Uint8Array): Promise<void> {
    this.checkUsable('write');
    let claimed: { bytes: Uint8Array; position: number };
    try {
      claimed = this.claim(name, chunk);
    } catch (error) {
      await this.discard(error);
      throw error;
    }
    const operation = this.queue.then(() => this.file.write(claimed.bytes, claimed.position));
    this.queue = operation.catch(() => undefined);
    try {
      await operation;
    } catch (error) {
      await this.discard(error);
      throw error;
    }
  }

  /** Checks that every tensor is complete, flushes the file to disk and renames it into place. */
  async close(): Promise<void> {
    this.checkUsable('close');
    this.state = 'closing';
    this.closing = this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    await this.queue; // never rejects; a failed write has aborted the writer
    if (this.state !== 'closing') this.checkUsable('close');
    try {
      if (this.current < this.entries.length) {
        const i = this.current;
        const later = this.entries.length - i - 1;
        throw new Error(
          `Cannot close "${this.path}": tensor "${this.entries[i].name}" has ${this.filled[i]} of ${this.size(i)} bytes` +
            (later > 0 ? ` (and ${later} later tensor(s) follow it)` : ''),
        );
      }
      await this.file.commit();
      this.state = 'closed';
    } catch (error) {
      await this.discard(error);
      throw error;
    }
  }

  /**
   * Stops writing and removes the temporary file; the final path is untouched. Safe to
   * call more than once; after a successful {@link close} it does nothing (if a close
   * is in progress, it waits for it to end first).
   * @param reason - kept as the `cause` of errors from later calls
   */
  async abort(reason?: unknown): Promise<void> {
    if (this.state === 'closing') await this.closing?.catch(() => undefined);
    if (this.state === 'closed') return;
    await this.discard(reason);
  }

  private async discard(reason: unknown): Promise<void> {
    if (this.state !== 'aborted') {
      this.state = 'aborted';
      this.abortReason = reason;
    }
    await this.queue;
    await this.file.discard();
  }
}

/** Normalises the `tensors` argument of {@link writeSafetensors} to a validated list. */
function checkTensors(value: unknown): (SafetensorsEntry & { data: TensorData })[] {
  let list: [string, unknown, unknown][];
  if (Array.isArray(value)) {
    list = value.map((t: unknown, i) => [`tensors[${i}]`, t, (t as { name?: unknown } | null)?.name]);
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    list = Object.entries(value).map(([name, t]) => [`tensors[${JSON.stringify(name)}]`, t, name]);
  } else {
    throw typeError('an object or array of tensors', 'tensors', value);
  }
  const tensors = list.map(([at, t, name]) => {
    if (t === null || typeof t !== 'object' || Array.isArray(t)) throw typeError('a tensor object { data, shape, dtype }', at, t);
    const { data, shape, dtype } = t as Record<string, unknown>;
    const checkedDType = checkDType(dtype, `${at}.dtype`);
    const checkedShape = validateShape(shape, `${at}.shape`);
    numel(checkedShape, `${at}.shape`);
    return { name: name as string, dtype: checkedDType, shape: checkedShape, data: checkTensorData(data, checkedDType, checkedShape, `${at}.data`) };
  });
  checkEntries(tensors);
  return tensors;
}

/**
 * Writes tensors to a safetensors file atomically (see {@link SafetensorsWriter}).
 * An array keeps its order; an object is laid out in property order (note that
 * JavaScript lists integer-like keys such as "2" first; use an array to control it).
 */
export async function writeSafetensors(
  path: string,
  tensors: Record<string, SafetensorsTensor> | readonly (SafetensorsTensor & { name: string })[],
  options?: SafetensorsWriteOptions,
): Promise<void> {
  checkFilePath(path, 'path');
  const list = checkTensors(tensors);
  const writer = await SafetensorsWriter.open(path, list, options);
  // write() and close() abort the writer themselves on failure.
  for (const { name, data } of list) await writer.write(name, data);
  await writer.close();
}

// ---------------------------------------------------------------------------
// Reading

interface ByteSource {
  size: number;
  read(position: number, length: number): Uint8Array;
  done(): void;
}

function openSource(source: unknown): { src: ByteSource; label: string } {
  if (source instanceof Uint8Array) {
    return {
      label: 'the buffer',
      src: { size: source.length, read: (p, n) => source.subarray(p, p + n), done: () => undefined },
    };
  }
  if (typeof source !== 'string') throw typeError('a file path or a Uint8Array', 'source', source);
  checkFilePath(source, 'source');
  // Positional reads: a model file is never held in memory twice.
  const fd = fs.openSync(source, 'r');
  const read = (position: number, length: number): Uint8Array => {
    const out = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) {
      const n = fs.readSync(fd, out, done, length - done, position + done);
      if (n === 0) throw new SafetensorsFormatError(`Cannot read safetensors from "${source}": the file shrank while being read`);
      done += n;
    }
    return out;
  };
  try {
    return { label: `"${source}"`, src: { size: fs.fstatSync(fd).size, read, done: () => fs.closeSync(fd) } };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

function nonNegativeIntegers(value: unknown, length?: number): value is number[] {
  return Array.isArray(value) && (length === undefined || value.length === length) && value.every((v) => Number.isSafeInteger(v) && v >= 0);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

interface RawTensor {
  name: string;
  dtype: DType;
  fileDType: string;
  shape: number[];
  begin: number;
  end: number;
}

function parseTensor(name: string, info: unknown, fail: (why: string) => never): RawTensor {
  if (info === null || typeof info !== 'object' || Array.isArray(info)) fail(`tensor "${name}" is ${show(info)}, not an object with dtype, shape and data_offsets`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string') fail(`tensor "${name}" has dtype ${show(dtype)}, not a string`);
  const ours = Object.hasOwn(FROM_FILE, dtype as string) ? FROM_FILE[dtype as string] : undefined;
  if (!ours) fail(`tensor "${name}" has unsupported dtype ${show(dtype)} (supported: ${Object.keys(FROM_FILE).join(', ')})`);
  if (!nonNegativeIntegers(shape)) fail(`tensor "${name}" has shape ${show(shape)}, not an array of non-negative integers`);
  if (!nonNegativeIntegers(offsets, 2) || offsets[0] > offsets[1]) {
    fail(`tensor "${name}" has data_offsets ${show(offsets)}, not [begin, end] with 0 ≤ begin ≤ end`);
  }
  const [begin, end] = offsets as number[];
  return { name, dtype: ours as DType, fileDType: dtype as string, shape: shape as number[], begin, end };
}

/**
 * Reads a safetensors file (a path, read synchronously with positional reads) or its
 * bytes. Throws {@link SafetensorsFormatError} when the file is shorter than 8 bytes,
 * the header length runs past the end, the header is not UTF-8 JSON, a field is
 * missing or ill-typed, offsets are out of range, overlap or leave gaps, a tensor's
 * byte size does not match shape × dtype, or a dtype is not F32/F64/BF16/F16.
 */
export function readSafetensors(source: string | Uint8Array): SafetensorsFile {
  const { src, label } = openSource(source);
  try {
    return parse(src, label);
  } finally {
    src.done();
  }
}

/** A tensor's entry in a safetensors header, with absolute byte positions. */
export interface HeaderEntry {
  name: string;
  dtype: DType;
  shape: number[];
  /** Absolute file offsets [begin, end). */
  begin: number;
  end: number;
}

/** What {@link readSafetensorsHeader} finds: the header alone, checked as {@link readSafetensors} checks it. */
export interface SafetensorsHeaderInfo {
  path: string;
  metadata: Record<string, string> | undefined;
  /** Entries in file (offset) order. */
  entries: HeaderEntry[];
  byName: Map<string, HeaderEntry>;
  fileSize: number;
}

interface ParsedHeader {
  metadata: Record<string, string> | undefined;
  /** Entries in offset order; begin and end relative to the data section. */
  raw: RawTensor[];
  dataStart: number;
}

/**
 * The one header parser (the reader and verify both use it): the checks of the
 * reference reader (safetensors/src/tensor.rs), reading only the header bytes.
 */
function parseHeader(src: ByteSource, label: string): ParsedHeader {
  const fail = (why: string): never => {
    throw new SafetensorsFormatError(`Cannot read safetensors from ${label}: ${why}`);
  };
  if (src.size < 8) fail(`the file is ${src.size} bytes, shorter than the 8-byte header length`);
  const declared = Buffer.from(src.read(0, 8)).readBigUInt64LE(0);
  if (declared > BigInt(src.size - 8)) fail(`the header length ${declared} runs past the end of the ${src.size}-byte file`);
  const headerSize = Number(declared);
  if (headerSize > MAX_HEADER_SIZE) fail(`the header length ${headerSize} exceeds the ${MAX_HEADER_SIZE}-byte limit`);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(src.read(8, headerSize));
    header = JSON.parse(text);
  } catch (error) {
    fail(`the header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(`the header is ${show(header)}, not a JSON object`);

  let metadata: Record<string, string> | undefined;
  const raw: RawTensor[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) fail(`__metadata__ is ${show(info)}, not an object`);
      for (const [key, value] of Object.entries(info as object)) {
        if (typeof value !== 'string') fail(`__metadata__[${show(key)}] is ${show(value)}, not a string`);
      }
      metadata = { ...(info as Record<string, string>) };
    } else {
      raw.push(parseTensor(name, info, fail));
    }
  }

  // Like the reference reader: order by offsets, then demand a gap-free, exact cover.
  raw.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataStart = 8 + headerSize;
  const dataSize = src.size - dataStart;
  let cursor = 0;
  let previous: string | undefined;
  for (const t of raw) {
    if (t.end > dataSize) fail(`tensor "${t.name}" has data_offsets [${t.begin}, ${t.end}] beyond the ${dataSize}-byte data section`);
    const count = numel(t.shape, `shape of tensor "${t.name}"`);
    const expected = count * bytesPerElement(t.dtype);
    if (t.end - t.begin !== expected) {
      fail(`tensor "${t.name}" has ${t.end - t.begin} bytes of data but shape [${t.shape.join(', ')}] of ${t.fileDType} needs ${expected}`);
    }
    if (t.begin < cursor) fail(`tensor "${t.name}" at [${t.begin}, ${t.end}] overlaps tensor "${previous}" ending at ${cursor}`);
    if (t.begin > cursor) fail(`the data is not contiguous: ${t.begin - cursor} bytes before tensor "${t.name}" belong to no tensor`);
    cursor = t.end;
    previous = t.name;
  }
  if (cursor !== dataSize) fail(`the last ${dataSize - cursor} bytes of the file belong to no tensor`);
  return { metadata, raw, dataStart };
}

function parse(src: ByteSource, label: string): SafetensorsFile {
  const { metadata, raw, dataStart } = parseHeader(src, label);
  const tensors = new Map<string, SafetensorsTensorRead>();
  for (const t of raw) {
    const data = fromLittleEndianBytes(arrayTypeFor(t.dtype), src.read(dataStart + t.begin, t.end - t.begin));
    tensors.set(t.name, { dtype: t.dtype, shape: t.shape, data, byteOffset: dataStart + t.begin });
  }
  return { metadata, tensors };
}

/**
 * Reads only the header of a safetensors file (8-byte length + JSON), with every
 * check {@link readSafetensors} makes (offsets tile the data exactly, sizes match
 * shape × dtype), without reading tensor data.
 */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeaderInfo> {
  const { src, label } = openSource(path);
  try {
    const { metadata, raw, dataStart } = parseHeader(src, label);
    const entries = raw.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape, begin: dataStart + t.begin, end: dataStart + t.end }));
    return { path, metadata, entries, byName: new Map(entries.map((e) => [e.name, e])), fileSize: src.size };
  } finally {
    src.done();
  }
}
