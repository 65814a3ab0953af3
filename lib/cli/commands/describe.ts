/** `kaiming describe <init> --shape …` and `kaiming list`: the exact law of a layer, and every accepted name. */
import { initializerNames } from '../../initializers/registry';
import { writeDescription } from '../describe';
import { addInitOptions, initArgs } from '../layer-args';
import { EXIT, type CommandContext } from '../program';

const EXAMPLES = `
Examples:
  kaiming describe kaiming_normal --shape 256,128,3,3 --nonlinearity relu
  kaiming describe he_normal --shape 3,3,64,128 --json
  kaiming describe xavier_uniform --shape 784,256 --gain 1 --latex`;

export function registerDescribe(ctx: CommandContext): void {
  addInitOptions(ctx.command('describe'))
    .description('the exact distribution of a layer\'s weights: fans, gain, bound or std, pdf and cdf with the numbers, moments, source')
    .option('--json', 'print JSON (±Infinity as the strings "Infinity"/"-Infinity")')
    .option('--latex', 'print the formulas in LaTeX')
    .addHelpText('after', EXAMPLES)
    .action(
      ctx.action('kaiming describe', (name: string, opts: Record<string, unknown>) => {
        const a = initArgs(name, opts);
        writeDescription(ctx.io.stdout, a.name, a.shape, a.options, a.description, { json: opts.json === true, latex: opts.latex === true });
        return EXIT.ok;
      }),
    );
}

export function registerList(ctx: CommandContext): void {
  ctx
    .command('list')
    .description('list every initializer name (kaiming, PyTorch and Keras spellings)')
    .action(
      ctx.action('kaiming list', () => {
        ctx.io.stdout.write(`${initializerNames().join('\n')}\n`);
        return EXIT.ok;
      }),
    );
}
