/**
 * `kaiming spec gpt2|llama [hyperparameters]`: prints a model spec (JSON) for
 * `kaiming init-model`. The flags are the generators' own options
 * (lib/model/presets.ts), kebab-cased: one table, no second declaration.
 */
import type { Command } from 'commander';
import { checkDType } from '../../core/dtype';
import { gpt2, llama, type GPT2Options, type LlamaOptions } from '../../model/presets';
import type { ModelSpec } from '../../model/spec';
import { UsageError } from '../args';
import { EXIT, type CommandContext } from '../program';

type Kind = 'integer' | 'number' | 'flag';
type Flags<O> = { [K in keyof O]?: Kind };

const COMMON = { initializerRange: 'number' } as const;
const GPT2_FLAGS: Flags<GPT2Options> = { vocab: 'integer', nLayer: 'integer', nHead: 'integer', nEmbd: 'integer', nPositions: 'integer', nInner: 'integer', ...COMMON };
const LLAMA_FLAGS: Flags<LlamaOptions> = {
  vocab: 'integer', layers: 'integer', hidden: 'integer', intermediate: 'integer', heads: 'integer', kvHeads: 'integer', headDim: 'integer',
  tieEmbeddings: 'flag', ...COMMON,
};

/** The generators `kaiming spec` offers, with their flags. */
const MODELS: Record<string, { flags: Record<string, Kind | undefined>; build(options: Record<string, unknown>): ModelSpec }> = {
  gpt2: { flags: GPT2_FLAGS, build: (o) => gpt2(o as GPT2Options) },
  llama: { flags: LLAMA_FLAGS, build: (o) => llama(o as LlamaOptions) },
};

const kebab = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const HELP = `
Prints a model spec (JSON) on stdout; write it with "kaiming init-model spec.json -o model.safetensors".
gpt2:  ${Object.keys(GPT2_FLAGS).map(kebab).join(' ')}
llama: ${Object.keys(LLAMA_FLAGS).map(kebab).join(' ')}

Examples:
  kaiming spec gpt2 --seed 0 > gpt2.json
  kaiming spec llama --layers 2 --hidden 256 --intermediate 688 --heads 4 --kv-heads 2 --vocab 1000`;

function integer(text: string, flag: string): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`Expected a positive integer for ${flag} but received ${JSON.stringify(text)} (string)`);
  return Number(text);
}

function number(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`Expected a number for ${flag} but received ${JSON.stringify(text)} (string)`);
  return n;
}

function seedOption(text: string): number | string {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) throw new UsageError(`Expected a non-negative integer for --seed but received ${JSON.stringify(text)} (string)`);
  return Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** The generator options of parsed flags (`opts` as Commander gives them, camelCased). */
export function specOptions(model: string, opts: Record<string, unknown>): Record<string, unknown> {
  const generator = MODELS[model];
  if (generator === undefined) throw new UsageError(`Expected "gpt2" or "llama" for the model but received ${JSON.stringify(model)} (string)`);
  const options: Record<string, unknown> = {};
  if (opts.seed !== undefined) options.seed = seedOption(String(opts.seed));
  if (opts.dtype !== undefined) options.dtype = checkDType(opts.dtype, '--dtype');
  for (const [name, value] of Object.entries(opts)) {
    if (name === 'seed' || name === 'dtype' || value === undefined) continue;
    const kind = generator.flags[name];
    if (kind === undefined) throw new UsageError(`${model} has no option ${kebab(name)}`);
    options[name] = kind === 'flag' ? value === true : kind === 'integer' ? integer(String(value), kebab(name)) : number(String(value), kebab(name));
  }
  return options;
}

/** JSON with one tensor per line: readable and diff-friendly. */
export function formatSpec(spec: ModelSpec): string {
  const { tensors, ...head } = spec;
  const lines = tensors.map((t) => `    ${JSON.stringify(t)}`);
  const top = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return `{\n${top.join('\n')}\n  "tensors": [\n${lines.join(',\n')}\n  ]\n}`;
}

export function registerSpec(ctx: CommandContext): void {
  const cmd: Command = ctx
    .command('spec')
    .description('print a model spec (e.g. kaiming spec gpt2) for init-model')
    .argument('<model>', 'gpt2 or llama')
    .option('--seed <n>', 'the spec\'s seed (a non-negative integer)')
    .option('--dtype <dtype>', 'float32, float64, bfloat16 or float16');
  const declared = new Set<string>();
  for (const generator of Object.values(MODELS)) {
    for (const [name, kind] of Object.entries(generator.flags)) {
      if (declared.has(name)) continue;
      declared.add(name);
      cmd.option(kind === 'flag' ? kebab(name) : `${kebab(name)} <value>`, `${Object.keys(MODELS).filter((m) => name in MODELS[m].flags).join(', ')}: ${name}`);
    }
  }
  cmd.addHelpText('after', HELP).action(
    ctx.action('kaiming spec', (model: string, opts: Record<string, unknown>) => {
      const options = specOptions(model, opts);
      ctx.io.stdout.write(`${formatSpec(MODELS[model].build(options))}\n`);
      return EXIT.ok;
    }),
  );
}
