/**
 * Reading a Hugging Face config.json as its config class does: a field that is absent or null
 * takes the class's default (`from_pretrained` builds the class with the file's keys as keyword
 * arguments; None means "use the default"). Every refusal names the field:
 *
 *   Expected a positive integer for config.hidden_size but received "32" (string)
 *
 * The reader also collects the values an architecture shows in the spec's description.
 */
import { DTYPES, type DType } from '../core/dtype';
import { expectedMessage } from '../core/validate';

export type Config = Record<string, unknown>;

/** A config.json value of a family's defaults table: Python's None is null. */
export type ConfigDefault = number | boolean | string | null;

function configError(expected: string, field: string, value: unknown, type: boolean): Error {
  const text = expectedMessage(expected, `config.${field}`, value);
  return type ? new TypeError(text) : new RangeError(text);
}

export class ConfigReader {
  /** The values shown in the description, in the order shown. */
  private readonly shown: [string, unknown][] = [];

  constructor(
    readonly config: Config,
    /** The model_type whose defaults apply (named when a required key is missing). */
    readonly modelType: string,
    private readonly defaults: Readonly<Record<string, ConfigDefault>>,
  ) {}

  /** The field's value, or its default when absent or null. @throws TypeError naming a required key with no default. */
  raw(field: string, expected: string): unknown {
    const value = this.config[field];
    if (value !== undefined && value !== null) return value;
    if (!Object.hasOwn(this.defaults, field)) {
      throw new TypeError(`${expectedMessage(expected, `config.${field}`, value)}: model_type "${this.modelType}" requires this key (its config class has no default)`);
    }
    return this.defaults[field];
  }

  /** Whether the field (or its default) is null: Python's None. */
  isNone(field: string): boolean {
    const value = this.config[field];
    return (value === undefined || value === null) && (this.defaults[field] ?? null) === null;
  }

  int(field: string): number {
    const v = this.raw(field, 'a positive integer');
    if (typeof v !== 'number') throw configError('a positive integer', field, v, true);
    if (!Number.isSafeInteger(v) || v < 1) throw configError('a positive integer', field, v, false);
    return v;
  }

  /** A positive integer, or undefined for None. */
  optionalInt(field: string): number | undefined {
    return this.isNone(field) ? undefined : this.int(field);
  }

  /** An integer ≥ 0 (a count that may be zero), or undefined for None. */
  optionalCount(field: string): number | undefined {
    if (this.isNone(field)) return undefined;
    const v = this.raw(field, 'a non-negative integer');
    if (typeof v !== 'number') throw configError('a non-negative integer', field, v, true);
    if (!Number.isSafeInteger(v) || v < 0) throw configError('a non-negative integer', field, v, false);
    return v;
  }

  flag(field: string): boolean {
    const v = this.raw(field, 'a boolean');
    if (typeof v !== 'boolean') throw configError('a boolean', field, v, true);
    return v;
  }

  /** A positive finite number. */
  number(field: string): number {
    const v = this.raw(field, 'a positive number');
    if (typeof v !== 'number') throw configError('a positive number', field, v, true);
    if (!Number.isFinite(v) || v <= 0) throw configError('a positive number', field, v, false);
    return v;
  }

  /** One of the listed strings. */
  choice<T extends string>(field: string, allowed: readonly T[]): T {
    const expected = `one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
    const v = this.raw(field, expected);
    if (typeof v !== 'string') throw configError(expected, field, v, true);
    if (!(allowed as readonly string[]).includes(v)) throw configError(expected, field, v, false);
    return v as T;
  }

  /** transformers' initializer_range. */
  initializerRange(): number {
    return this.number('initializer_range');
  }

  /** a must be a multiple of b (e.g. heads of kv heads: repeat_kv needs whole groups). */
  multiple(a: number, aField: string, b: number, bField: string): void {
    if (a % b !== 0) throw new RangeError(`Expected config.${aField} to be a multiple of config.${bField} (${b}) but received ${a} (number)`);
  }

  /**
   * pad_token_id as nn.Embedding's padding_idx for an embedding of `rows` rows: undefined for None,
   * a negative index counted from the end as nn.Embedding does (`padding_idx = num_embeddings + padding_idx`).
   */
  paddingIdx(rows: number): number | undefined {
    const v = this.config.pad_token_id ?? this.defaults.pad_token_id ?? null;
    if (v === null) return undefined;
    const expected = `an integer in [-${rows}, ${rows - 1}] (nn.Embedding's padding_idx must index a row of the ${rows}-row embedding)`;
    if (typeof v !== 'number') throw configError(expected, 'pad_token_id', v, true);
    if (!Number.isSafeInteger(v) || v < -rows || v >= rows) throw configError(expected, 'pad_token_id', v, false);
    return v < 0 ? rows + v : v;
  }

  /** Shows a value in the description. */
  show(field: string, value: unknown): void {
    this.shown.push([field, value]);
  }

  /** `field=value …` of every shown value. */
  description(): string {
    return this.shown.map(([k, v]) => `${k}=${String(v)}`).join(' ');
  }
}

/** The config's torch_dtype (or `dtype`, its newer name): the spec's default dtype; float32 if absent. */
export function configDType(config: Config): DType {
  const field = config.torch_dtype !== undefined ? 'torch_dtype' : 'dtype';
  const v = config[field];
  if (v === undefined || v === null) return 'float32';
  const expected = `one of ${DTYPES.map((d) => `"${d}"`).join(', ')}`;
  if (typeof v !== 'string') throw configError(expected, field, v, true);
  if (!(DTYPES as readonly string[]).includes(v)) throw configError(expected, field, v, false);
  return v as DType;
}
