/** `kaiming sample <init> --shape … --out w.npy|w.safetensors`: one layer's tensor to a file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option } from 'commander';
import { writeNpy } from '../../formats/npy';
import { writeSafetensors } from '../../formats/safetensors';
import { product } from '../../core/shape';
import { refuseExistingSync } from '../../io/files';
import { UsageError } from '../args';
import { shapeText } from '../describe';
import { drawLayer, type StreamOptions } from '../../distributions/draw';
import { addInitOptions, addStreamOptions, initArgs, reproduceLine, streamArgs } from '../layer-args';
import { EXIT, interruptible, work, type CommandContext } from '../program';
import { ProgressBar } from '../progress';
import { sizeText } from '../sizes';

const HELP = `
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

export function registerSample(ctx: CommandContext): void {
  addStreamOptions(addInitOptions(ctx.command('sample')))
    .description('write a tensor to a NumPy .npy or a .safetensors file')
    .requiredOption('-o, --out <file>', 'output file: *.npy or *.safetensors')
    .addOption(new Option('--bf16-as <type>', ".npy only: store bfloat16 as 'uint16' (raw bits in '<u2', default) or 'float32' ('<f4', exact)"))
    .option('--name <name>', '.safetensors only: the tensor name (default "weight")')
    .option('-f, --force', 'replace an existing output file')
    .option('-q, --quiet', 'no progress bar and no summary line')
    .addHelpText('after', HELP)
    .action(ctx.action('kaiming sample', (name: string, opts: Record<string, unknown>) => sample(ctx, name, opts)));
}

async function sample(ctx: CommandContext, name: string, opts: Record<string, unknown>): Promise<number> {
  const { io } = ctx;
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
  if (!force) refuseExistingSync(out, '--force');

  const interrupt = interruptible();
  const total = product(a.shape);
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
