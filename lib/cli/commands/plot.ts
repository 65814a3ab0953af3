/** `kaiming plot <init> --shape … --out hist.svg`: a histogram of a sample with the exact pdf over it. */
import * as path from 'node:path';
import { refuseExistingSync } from '../../io/files';
import { UsageError, parseInteger } from '../args';
import { drawSample, toNumbers } from '../../distributions/draw';
import { addInitOptions, addStreamOptions, initArgs, sampleSize, streamArgs } from '../layer-args';
import { plotSvg, writeTextFile } from '../plot';
import { EXIT, work, type CommandContext } from '../program';

const HELP = `
The bars are the sample's density (count / (n · bin width)) and the line the
exact density, so they agree when the sample follows the law. Point masses
(sparse zeros, eye, dirac) are drawn as labelled stems. Output is a standalone
SVG (no dependency, no script); PNG is not offered, as it would need a
rasterizer and an embedded font (convert the SVG, e.g. rsvg-convert hist.svg > hist.png).

Example:
  kaiming plot kaiming_normal --shape 256,128,3,3 --nonlinearity relu --out hist.svg`;

export function registerPlot(ctx: CommandContext): void {
  addStreamOptions(addInitOptions(ctx.command('plot')))
    .description('histogram of a sample with the exact pdf drawn over it, as SVG')
    .requiredOption('-o, --out <file>', 'output file: *.svg')
    .option('--bins <n>', 'number of bins (default 80)')
    .option('--n <count>', 'sample size for element-wise rules (default 200000)')
    .option('-f, --force', 'replace an existing output file')
    .option('-q, --quiet', 'no summary line')
    .addHelpText('after', HELP)
    .action(ctx.action('kaiming plot', (name: string, opts: Record<string, unknown>) => plot(ctx, name, opts)));
}

async function plot(ctx: CommandContext, name: string, opts: Record<string, unknown>): Promise<number> {
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
  if (!force) refuseExistingSync(out, '--force');
  const values = await work(async () => {
    const drawn = await drawSample(a.name, a.shape, a.options, a.description, n, { seed: s.seed, key: s.key, dtype: s.dtype, ...(s.threads === undefined ? {} : { threads: s.threads }) });
    const numbers = toNumbers(drawn.values, s.dtype);
    const svg = plotSvg({ name: a.name, shape: a.shape, options: a.options, description: a.description, drawn, values: numbers, bins, seed: s.seed, key: s.key, dtype: s.dtype });
    await writeTextFile(out, svg, force);
    return numbers;
  });
  if (opts.quiet !== true) ctx.io.stderr.write(`kaiming plot: wrote ${out} (${values.length} values, ${bins} bins, seed ${s.seed})\n`);
  return EXIT.ok;
}
