/**
 * The arguments shared by the one-layer commands (describe, sample, plot,
 * check): an initializer name, a shape, the rule's options and the stream.
 */
import { Command, Option } from 'commander';
import type { DType } from '../core/dtype';
import { describe, type Description } from '../distributions/describe';
import { ruleByName, ruleOptionNames } from '../initializers/define';
import {
  DTYPE_CHOICES,
  formatOptions,
  INIT_OPTIONS,
  initOptionsFrom,
  parseDType,
  parseInteger,
  parseKey,
  parseSeed,
  parseShape,
  randomSeed,
  UsageError,
} from './args';
import { shapeText } from './describe';

export interface InitArgs {
  name: string;
  shape: number[];
  options: Record<string, unknown>;
  description: Description;
}

/** The init name, shape and rule options of a command, and the layer's description (validated by the library). */
export function initArgs(name: string, opts: Record<string, unknown>): InitArgs {
  const shape = parseShape(String(opts.shape));
  const options = initOptionsFrom(opts);
  const rule = ruleByName(name);
  if (rule !== undefined) {
    const own = ruleOptionNames(rule);
    const foreign = Object.keys(options).filter((k) => !own.includes(k));
    if (foreign.length > 0) {
      const accepted = own.length === 0 ? 'it takes no rule options' : `its options: ${own.map((k) => `--${k}`).join(', ')}`;
      throw new UsageError(`${name} has no option --${foreign[0]} (${accepted})`);
    }
  }
  const description = describe(name, shape, options);
  return { name, shape, options, description };
}

export interface StreamArgs {
  seed: bigint;
  seeded: boolean;
  key: bigint | string;
  dtype: DType;
  threads?: number;
}

export function streamArgs(opts: Record<string, unknown>): StreamArgs {
  const seeded = opts.seed !== undefined;
  const seed = seeded ? parseSeed(String(opts.seed)) : randomSeed();
  const key = opts.key === undefined ? 0n : parseKey(String(opts.key));
  const dtype = opts.dtype === undefined ? 'float32' : parseDType(String(opts.dtype));
  const threads = opts.threads === undefined ? undefined : parseInteger(String(opts.threads), '--threads', 1, 1024);
  return { seed, seeded, key, dtype, ...(threads === undefined ? {} : { threads }) };
}

export function addInitOptions(cmd: Command): Command {
  cmd.argument('<init>', 'initializer name (kaiming_normal, he_uniform, xavier_uniform, trunc_normal, orthogonal, …; see "kaiming list")');
  cmd.requiredOption('--shape <dims>', 'tensor shape, e.g. 256,128,3,3 (PyTorch layout (out, in, *kernel) for torch names)');
  for (const spec of INIT_OPTIONS) cmd.option(spec.flag, spec.help);
  return cmd;
}

export function addStreamOptions(cmd: Command, withDType = true): Command {
  cmd.option('--seed <n>', 'unsigned 64-bit seed (default: random, printed so the run can be repeated)');
  cmd.option('--key <key>', 'stream key: an unsigned 64-bit integer or a string (default 0)');
  if (withDType) cmd.addOption(new Option('--dtype <dtype>', `element type: ${DTYPE_CHOICES.join(', ')} (default float32)`));
  cmd.option('--threads <n>', 'threads to use (values never depend on it)');
  return cmd;
}

/** The library call that makes the same values, for the summary line. */
export function reproduceLine(name: string, shape: readonly number[], options: Record<string, unknown>, seed: bigint, key: bigint | string, dtype: DType): string {
  const all: Record<string, unknown> = { ...options, seed: seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seed) : seed };
  if (key !== 0n) all.key = key;
  if (dtype !== 'float32') all.dtype = dtype;
  return `init('${name}', ${shapeText(shape)}, ${formatOptions(all)})`;
}

/** The --n sample size of plot and check. */
export function sampleSize(opts: Record<string, unknown>, fallback: number): number {
  // 10^8 doubles are 800 MB, and the KS test sorts a copy: a bound that keeps a laptop usable.
  return opts.n === undefined ? fallback : parseInteger(String(opts.n), '--n', 1, 100_000_000);
}
