/** `kaiming check <init> --shape …`: a Kolmogorov–Smirnov test of a sample against the exact cdf. */
import { product } from '../../core/shape';
import { UsageError, formatOptions, parseNumber } from '../args';
import { checkSample, checkText } from '../check';
import { shapeText } from '../describe';
import { drawSample, toNumbers } from '../../distributions/draw';
import { addInitOptions, addStreamOptions, initArgs, sampleSize, streamArgs } from '../layer-args';
import { EXIT, interruptible, work, type CommandContext } from '../program';
import { ProgressBar } from '../progress';

const HELP = `
For uniform, normal and truncated-normal rules the sample is n independent
values of the layer's law (the first numel(shape) are the layer's own values,
the rest continue its stream); for eye, dirac, orthogonal and sparse it is the
layer itself and only moments and point masses are compared (its elements are
dependent). With --dtype bfloat16/float16, D is taken against the exact law of
the rounded values and the p-value is conservative.
Exit status 1 when --alpha is given and the p-value is below it.

Example:
  kaiming check kaiming_normal --shape 256,128,3,3 --nonlinearity relu --n 1000000 --seed 0`;

export function registerCheck(ctx: CommandContext): void {
  addStreamOptions(addInitOptions(ctx.command('check')))
    .description('Kolmogorov–Smirnov test of a sample against the exact cdf; sample mean and variance next to the exact ones')
    .option('--n <count>', 'sample size for element-wise rules (default 1000000)')
    .option('--alpha <p>', 'exit with status 1 when the p-value is below p')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText('after', HELP)
    .action(ctx.action('kaiming check', (name: string, opts: Record<string, unknown>) => check(ctx, name, opts)));
}

async function check(ctx: CommandContext, name: string, opts: Record<string, unknown>): Promise<number> {
  const { io } = ctx;
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
  const numel = product(a.shape);
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
