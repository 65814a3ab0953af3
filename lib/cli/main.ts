/**
 * The `kaiming` command line (bin/kaiming.js runs `main(process.argv.slice(2))`).
 *
 *   kaiming describe <init> --shape 256,128,3,3 [--nonlinearity relu] [--json]
 *   kaiming sample   <init> --shape … --out w.npy|w.safetensors [--seed N] [--dtype …] [--force]
 *   kaiming plot     <init> --shape … --out hist.svg [--bins 80] [--n 200000]
 *   kaiming check    <init> --shape … [--n 1000000] [--seed N]
 *   kaiming demo
 *   kaiming init-model | verify | spec …   (lib/cli/init-model.ts, lib/cli/spec.ts)
 *
 * Arguments are parsed by Commander and converted strictly (lib/cli/args.ts)
 * into the same option objects the library takes; the library validates them
 * as it validates any call. Exit status: 0 success, 1 failure (an existing
 * output file, an I/O error, `check --alpha` rejecting), 2 bad arguments (one
 * line on stderr), 130 interrupted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { describe, type Description } from '../distributions/describe';
import type { DType } from '../core/dtype';
import { writeNpy } from '../formats/npy';
import { writeSafetensors } from '../formats/safetensors';
import { ruleByName } from '../initializers/define';
import { initializerNames } from '../initializers/registry';
import {
  DTYPE_CHOICES,
  formatOptions,
  INIT_OPTIONS,
  initOptionsFrom,
  parseDType,
  parseInteger,
  parseKey,
  parseNumber,
  parseSeed,
  parseShape,
  randomSeed,
  UsageError,
} from './args';
import { checkSample, checkText } from './check';
import { kaimingDemo } from './demo';
import { shapeText, writeDescription } from './describe';
import { drawLayer, drawSample, toNumbers, type StreamOptions } from './draw';
import { initModelCommand, verifyCommand } from './init-model';
import { type CliIo, processIo } from './io';
import { plotSvg, writeTextFile } from './plot';
import { ProgressBar } from './progress';
import { specCommand } from './spec';

/** Exit statuses. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

function packageVersion(): string {
  try {
    // dist/cli/main.js and lib/cli/main.ts are both two levels below the package root.
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8');
    return String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** Commander's "error: …" text (sometimes with a "(Did you mean …?)" line) as one line. */
function oneLine(text: string): string {
  return text.replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ').trim();
}

/** An error while doing the work (drawing, writing), after the arguments were accepted: exit status 1. */
class Failure extends Error {
  override name = 'Failure';
}

/** Runs the work phase of a command: whatever it throws is a failure (1), never a usage error (2). */
async function work<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Failure) throw error;
    throw new Failure(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * Argument errors (a UsageError, or the library's TypeError/RangeError while
 * validating the options) are usage errors; everything else is a failure.
 */
function isArgumentError(error: unknown): boolean {
  if (error instanceof Failure) return false;
  return error instanceof UsageError || error instanceof TypeError || error instanceof RangeError;
}

/** Interrupt handling for long commands: Ctrl-C aborts the draw, and nothing is written. */
function interruptible(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onSigint) };
}

interface InitArgs {
  name: string;
  shape: number[];
  options: Record<string, unknown>;
  description: Description;
}

/** The init name, shape and rule options of a command, and the layer's description (validated by the library). */
function initArgs(name: string, opts: Record<string, unknown>): InitArgs {
  const shape = parseShape(String(opts.shape));
  const options = initOptionsFrom(opts);
  const rule = ruleByName(name);
  if (rule !== undefined) {
    const own: string[] = rule.usesLayout ? [...rule.options, 'layout'] : [...rule.options];
    const foreign = Object.keys(options).filter((k) => !own.includes(k));
    if (foreign.length > 0) {
      const accepted = own.length === 0 ? 'it takes no rule options' : `its options: ${own.map((k) => `--${k}`).join(', ')}`;
      throw new UsageError(`${name} has no option --${foreign[0]} (${accepted})`);
    }
  }
  const description = describe(name, shape, options);
  return { name, shape, options, description };
}

function streamArgs(opts: Record<string, unknown>): { seed: bigint; seeded: boolean; key: bigint | string; dtype: DType; threads?: number } {
  const seeded = opts.seed !== undefined;
  const seed = seeded ? parseSeed(String(opts.seed)) : randomSeed();
  const key = opts.key === undefined ? 0n : parseKey(String(opts.key));
  const dtype = opts.dtype === undefined ? 'float32' : parseDType(String(opts.dtype));
  const threads = opts.threads === undefined ? undefined : parseInteger(String(opts.threads), '--threads', 1, 1024);
  return { seed, seeded, key, dtype, ...(threads === undefined ? {} : { threads }) };
}

function addInitOptions(cmd: Command): Command {
  cmd.argument('<init>', 'initializer name (kaiming_normal, he_uniform, xavier_uniform, trunc_normal, orthogonal, …; see "kaiming list")');
  cmd.requiredOption('--shape <dims>', 'tensor shape, e.g. 256,128,3,3 (PyTorch layout (out, in, *kernel) for torch names)');
  for (const spec of INIT_OPTIONS) cmd.option(spec.flag, spec.help);
  return cmd;
}

function addStreamOptions(cmd: Command, withDType = true): Command {
  cmd.option('--seed <n>', 'unsigned 64-bit seed (default: random, printed so the run can be repeated)');
  cmd.option('--key <key>', 'stream key: an unsigned 64-bit integer or a string (default 0)');
  if (withDType) cmd.addOption(new Option('--dtype <dtype>', `element type: ${DTYPE_CHOICES.join(', ')} (default float32)`));
  cmd.option('--threads <n>', 'threads to use (values never depend on it)');
  return cmd;
}

const EXAMPLES_DESCRIBE = `
Examples:
  kaiming describe kaiming_normal --shape 256,128,3,3 --nonlinearity relu
  kaiming describe he_normal --shape 3,3,64,128 --json
  kaiming describe xavier_uniform --shape 784,256 --gain 1 --latex`;

const HELP_SAMPLE = `
Output formats (chosen by the extension of --out):
  .npy          NumPy format 1.0, little-endian, C order. NumPy has no bfloat16:
                by default bfloat16 is written as '<u2' holding the raw bits
                (lossless; torch.from_numpy(a).view(torch.bfloat16) restores it);
                --bf16-as float32 widens it exactly to '<f4' instead. float16 is
                '<f2', float32 '<f4', float64 '<f8'.
  .safetensors  one tensor (named by --name, default "weight"), with the
                initializer, options, seed and key in __metadata__.
The file is written under a temporary name and renamed when complete, so no
partial file is ever left; an existing file is refused unless --force.
A progress bar is drawn on stderr only when stderr is a terminal.
The values equal init(<init>, shape, { ...options, seed, key, dtype }) bit for bit.

Examples:
  kaiming sample kaiming_uniform --shape 256,128,3,3 --seed 0 --out w.npy
  kaiming sample he_normal --shape 3,3,64,128 --dtype bfloat16 --out w.safetensors`;

const HELP_PLOT = `
The bars are the sample's density (count / (n · bin width)) and the line the
exact density, so they agree when the sample follows the law. Point masses
(sparse zeros, eye, dirac) are drawn as labelled stems. Output is a standalone
SVG (no dependency, no script); PNG is not offered, as it would need a
rasterizer and an embedded font (convert the SVG, e.g. rsvg-convert hist.svg > hist.png).

Example:
  kaiming plot kaiming_normal --shape 256,128,3,3 --nonlinearity relu --out hist.svg`;

const HELP_CHECK = `
For uniform, normal and truncated-normal rules the sample is n independent
values of the layer's law (the first numel(shape) are the layer's own values,
the rest continue its stream); for eye, dirac, orthogonal and sparse it is the
layer itself and only moments and point masses are compared (its elements are
dependent). With --dtype bfloat16/float16, D is taken against the exact law of
the rounded values and the p-value is conservative.
Exit status 1 when --alpha is given and the p-value is below it.

Example:
  kaiming check kaiming_normal --shape 256,128,3,3 --nonlinearity relu --n 1000000 --seed 0`;

const HELP_MAIN = `
Exit status: 0 success, 1 failure (existing output file, I/O error, check
rejected with --alpha), 2 bad arguments, 130 interrupted.

Run "kaiming <command> --help" for a command's options.`;

/**
 * Runs the command line `argv` (without "node" and the script) and resolves
 * to the exit status. Never calls process.exit; `io` receives the output.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // Commands owned by lib/cli/init-model.ts and lib/cli/spec.ts parse their own arguments.
  const [first, ...rest] = argv;
  if (first === 'help' && rest.length === 1 && ['init-model', 'verify', 'spec'].includes(rest[0])) return main([rest[0], '--help'], io);
  if (first === 'init-model') return initModelCommand(rest, io.stderr as NodeJS.WritableStream);
  if (first === 'verify') return verifyCommand(rest, io.stdout as NodeJS.WritableStream, io.stderr as NodeJS.WritableStream);
  if (first === 'spec') return specCommand(rest, io.stdout as NodeJS.WritableStream, io.stderr as NodeJS.WritableStream);

  let status: number = EXIT.ok;
  const program = new Command('kaiming');

  /** Output settings for a command; errors become one line naming the command. */
  const configure = (cmd: Command, label: string) => {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      outputError: (s, write) => write(`${label}: ${oneLine(s)}\n`),
    });
    return cmd;
  };

  /** Runs a command body: usage errors print one line and give 2, other errors 1. */
  const run = (label: string, body: () => Promise<number> | number) => async () => {
    try {
      status = await body();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`${label}: ${message.split('\n')[0]}\n`);
      status = isArgumentError(error) ? EXIT.usage : EXIT.failure;
    }
  };

  configure(program, 'kaiming')
    .description('PyTorch-exact neural-network weight initializers: the exact law of a layer\'s weights, samples, plots and checks')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', HELP_MAIN)
    .showSuggestionAfterError(true);

  // describe
  const describeCmd = configure(program.command('describe'), 'kaiming describe');
  addInitOptions(describeCmd)
    .description('the exact distribution of a layer\'s weights: fans, gain, bound or std, pdf and cdf with the numbers, moments, source')
    .option('--json', 'print JSON (±Infinity as the strings "Infinity"/"-Infinity")')
    .option('--latex', 'print the formulas in LaTeX')
    .addHelpText('after', EXAMPLES_DESCRIBE)
    .action((name: string, opts: Record<string, unknown>) =>
      run('kaiming describe', () => {
        const a = initArgs(name, opts);
        writeDescription(io.stdout, a.name, a.shape, a.options, a.description, { json: opts.json === true, latex: opts.latex === true });
        return EXIT.ok;
      })(),
    );

  // list: every accepted initializer name
  configure(program.command('list'), 'kaiming list')
    .description('list every initializer name (kaiming, PyTorch and Keras spellings)')
    .action(() => {
      io.stdout.write(`${initializerNames().join('\n')}\n`);
    });

  // sample
  const sampleCmd = configure(program.command('sample'), 'kaiming sample');
  addStreamOptions(addInitOptions(sampleCmd))
    .description('write a tensor to a NumPy .npy or a .safetensors file')
    .requiredOption('-o, --out <file>', 'output file: *.npy or *.safetensors')
    .addOption(new Option('--bf16-as <type>', ".npy only: store bfloat16 as 'uint16' (raw bits in '<u2', default) or 'float32' ('<f4', exact)"))
    .option('--name <name>', '.safetensors only: the tensor name (default "weight")')
    .option('-f, --force', 'replace an existing output file')
    .option('-q, --quiet', 'no progress bar and no summary line')
    .addHelpText('after', HELP_SAMPLE)
    .action((name: string, opts: Record<string, unknown>) => run('kaiming sample', () => sampleCommand(name, opts, io))());

  // plot
  const plotCmd = configure(program.command('plot'), 'kaiming plot');
  addStreamOptions(addInitOptions(plotCmd))
    .description('histogram of a sample with the exact pdf drawn over it, as SVG')
    .requiredOption('-o, --out <file>', 'output file: *.svg')
    .option('--bins <n>', 'number of bins (default 80)')
    .option('--n <count>', 'sample size for element-wise rules (default 200000)')
    .option('-f, --force', 'replace an existing output file')
    .option('-q, --quiet', 'no summary line')
    .addHelpText('after', HELP_PLOT)
    .action((name: string, opts: Record<string, unknown>) => run('kaiming plot', () => plotCommand(name, opts, io))());

  // check
  const checkCmd = configure(program.command('check'), 'kaiming check');
  addStreamOptions(addInitOptions(checkCmd))
    .description('Kolmogorov–Smirnov test of a sample against the exact cdf; sample mean and variance next to the exact ones')
    .option('--n <count>', 'sample size for element-wise rules (default 1000000)')
    .option('--alpha <p>', 'exit with status 1 when the p-value is below p')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText('after', HELP_CHECK)
    .action((name: string, opts: Record<string, unknown>) => run('kaiming check', () => checkCommand(name, opts, io))());

  // demo
  configure(program.command('demo'), 'kaiming demo')
    .description('describe and check one layer: a Conv2d weight [256, 128, 3, 3] for ReLU')
    .action(() => run('kaiming demo', () => kaimingDemo(io))());

  // Listed here for help; main() dispatches them before Commander sees them.
  configure(program.command('init-model'), 'kaiming init-model')
    .description('write every tensor of a model spec to a .safetensors file (kaiming init-model --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((_opts: unknown, cmd: Command) => run('kaiming init-model', () => initModelCommand(cmd.args, io.stderr as NodeJS.WritableStream))());
  configure(program.command('verify'), 'kaiming verify')
    .description('regenerate a model file from its spec and compare (kaiming verify --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((_opts: unknown, cmd: Command) =>
      run('kaiming verify', () => verifyCommand(cmd.args, io.stdout as NodeJS.WritableStream, io.stderr as NodeJS.WritableStream))(),
    );
  configure(program.command('spec'), 'kaiming spec')
    .description('print a model spec (e.g. kaiming spec gpt2) for init-model (kaiming spec --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((_opts: unknown, cmd: Command) =>
      run('kaiming spec', () => specCommand(cmd.args, io.stdout as NodeJS.WritableStream, io.stderr as NodeJS.WritableStream))(),
    );

  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    io.stderr.write(`kaiming: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  return status;
}

// ---------------------------------------------------------------------------
// Command bodies

const MiB = 1024 * 1024;

function sizeText(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
}

/** Refuses an existing output file before any work is done (the writers check again, atomically). */
function refuseExisting(file: string, force: boolean): void {
  if (force) return;
  let exists = false;
  try {
    fs.lstatSync(file);
    exists = true;
  } catch {
    // Not there (or not reachable: the writer reports that).
  }
  if (exists) throw new Error(`Refusing to overwrite existing file "${file}"; pass --force to replace it`);
}

function reproduceLine(name: string, shape: readonly number[], options: Record<string, unknown>, seed: bigint, key: bigint | string, dtype: DType): string {
  const all: Record<string, unknown> = { ...options, seed: seed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seed) : seed };
  if (key !== 0n) all.key = key;
  if (dtype !== 'float32') all.dtype = dtype;
  return `init('${name}', ${shapeText(shape)}, ${formatOptions(all)})`;
}

async function sampleCommand(name: string, opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const out = String(opts.out);
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.npy' && ext !== '.safetensors') {
    throw new UsageError(`Expected a file name ending in .npy or .safetensors for --out but received ${JSON.stringify(out)} (string)`);
  }
  let bfloat16As: 'uint16' | 'float32' = 'uint16';
  if (opts.bf16As !== undefined) {
    if (ext !== '.npy') throw new UsageError('Expected --bf16-as only with a .npy output (safetensors stores bfloat16 as BF16)');
    const v = String(opts.bf16As).toLowerCase();
    if (v !== 'uint16' && v !== 'float32') throw new UsageError(`Expected "uint16" or "float32" for --bf16-as but received ${JSON.stringify(String(opts.bf16As))} (string)`);
    bfloat16As = v;
  }
  if (opts.name !== undefined && ext !== '.safetensors') throw new UsageError('Expected --name only with a .safetensors output');
  const tensorName = opts.name === undefined ? 'weight' : String(opts.name);
  const a = initArgs(name, opts);
  const s = streamArgs(opts);
  const force = opts.force === true;
  const quiet = opts.quiet === true;
  refuseExisting(out, force);

  const interrupt = interruptible();
  const total = a.shape.reduce((x, y) => x * y, 1);
  const progress = ProgressBar.create(io.stderr, 'sampling', total, quiet);
  const stream: StreamOptions = { seed: s.seed, key: s.key, dtype: s.dtype, signal: interrupt.signal, progress, ...(s.threads === undefined ? {} : { threads: s.threads }) };
  try {
    await work(async () => {
      let data;
      try {
        data = await drawLayer(a.name, a.shape, a.options, a.description.plan, stream);
      } finally {
        progress?.finish();
      }
      if (interrupt.signal.aborted) throw interrupt.signal.reason;
      const tensor = { data, shape: a.shape, dtype: s.dtype };
      if (ext === '.npy') {
        await writeNpy(out, tensor, { force, bfloat16As });
      } else {
        const metadata: Record<string, string> = {
          initializer: a.name,
          options: JSON.stringify(a.options),
          seed: String(s.seed),
          key: String(s.key),
          generator: 'kaiming',
        };
        await writeSafetensors(out, [{ name: tensorName, ...tensor }], { force, metadata });
      }
    });
  } catch (error) {
    if (interrupt.signal.aborted) {
      io.stderr.write(`kaiming sample: interrupted; ${out} was not written\n`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
  if (!quiet) {
    const stored = ext === '.npy' && s.dtype === 'bfloat16' ? (bfloat16As === 'float32' ? " (as '<f4')" : " (raw bits as '<u2')") : '';
    io.stderr.write(
      `kaiming sample: wrote ${out}: ${a.name} ${shapeText(a.shape)} ${s.dtype}${stored}, ${sizeText(fs.statSync(out).size)}, ` +
        `seed ${s.seed}; the same values: ${reproduceLine(a.name, a.shape, a.options, s.seed, s.key, s.dtype)}\n`,
    );
  }
  return EXIT.ok;
}

function sampleSize(opts: Record<string, unknown>, fallback: number): number {
  // 10^8 doubles are 800 MB, and the KS test sorts a copy: a bound that keeps a laptop usable.
  return opts.n === undefined ? fallback : parseInteger(String(opts.n), '--n', 1, 100_000_000);
}

async function plotCommand(name: string, opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const out = String(opts.out);
  const ext = path.extname(out).toLowerCase();
  if (ext === '.png') {
    throw new UsageError('Expected a .svg file for --out: PNG output is not available without a rasterizer dependency (convert the SVG instead)');
  }
  if (ext !== '.svg') throw new UsageError(`Expected a file name ending in .svg for --out but received ${JSON.stringify(out)} (string)`);
  const bins = opts.bins === undefined ? 80 : parseInteger(String(opts.bins), '--bins', 1, 10000);
  const n = sampleSize(opts, 200000);
  const a = initArgs(name, opts);
  const s = streamArgs(opts);
  const force = opts.force === true;
  refuseExisting(out, force);
  const values = await work(async () => {
    const drawn = await drawSample(a.name, a.shape, a.options, a.description, n, { seed: s.seed, key: s.key, dtype: s.dtype, ...(s.threads === undefined ? {} : { threads: s.threads }) });
    const numbers = toNumbers(drawn.values, s.dtype);
    const svg = plotSvg({ name: a.name, shape: a.shape, options: a.options, description: a.description, drawn, values: numbers, bins, seed: s.seed, key: s.key, dtype: s.dtype });
    await writeTextFile(out, svg, force);
    return numbers;
  });
  if (opts.quiet !== true) io.stderr.write(`kaiming plot: wrote ${out} (${values.length} values, ${bins} bins, seed ${s.seed})\n`);
  return EXIT.ok;
}

async function checkCommand(name: string, opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const n = sampleSize(opts, 1_000_000);
  const alpha = opts.alpha === undefined ? undefined : parseNumber(String(opts.alpha), '--alpha');
  if (alpha !== undefined && !(alpha >= 0 && alpha <= 1)) throw new UsageError(`Expected a number between 0 and 1 for --alpha but received ${JSON.stringify(String(opts.alpha))} (string)`);
  const a = initArgs(name, opts);
  const s = streamArgs(opts);
  const interrupt = interruptible();
  const progress = ProgressBar.create(io.stderr, 'sampling', n, opts.quiet === true);
  let drawn;
  try {
    drawn = await work(() =>
      drawSample(a.name, a.shape, a.options, a.description, n, {
        seed: s.seed,
        key: s.key,
        dtype: s.dtype,
        signal: interrupt.signal,
        progress,
        ...(s.threads === undefined ? {} : { threads: s.threads }),
      }),
    );
  } catch (error) {
    if (interrupt.signal.aborted) {
      io.stderr.write('kaiming check: interrupted\n');
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    progress?.finish();
    interrupt.dispose();
  }
  const values = toNumbers(drawn.values, s.dtype);
  const result = await work(async () => checkSample(values, a.description, s.dtype, drawn.independent));
  const numel = a.shape.reduce((x, y) => x * y, 1);
  const sampleLine = drawn.independent
    ? `${values.length} ${s.dtype} values of the layer's law, seed ${s.seed}, key ${String(s.key)} ` +
      `(the first ${Math.min(numel, values.length)} are the layer's own values)`
    : ['eye', 'dirac', 'constant'].includes(a.description.plan.family)
      ? `the layer's ${values.length} ${s.dtype} elements (deterministic; --n does not apply)`
      : `the layer's ${values.length} ${s.dtype} elements, seed ${s.seed}, key ${String(s.key)} (--n does not apply)`;
  const title = `${a.name} ${shapeText(a.shape)}${Object.keys(a.options).length > 0 ? ` ${formatOptions(a.options)}` : ''}: ${a.description.formula.text}`;
  io.stdout.write(checkText(title, sampleLine, a.description, result, alpha));
  if (alpha !== undefined && result.ks !== undefined && result.ks.pValue < alpha) return EXIT.failure;
  return EXIT.ok;
}
