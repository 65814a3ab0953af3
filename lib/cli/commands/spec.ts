/**
 * `kaiming spec gpt2|llama [hyperparameters]` and `kaiming spec --hf-config config.json`:
 * prints a model spec (JSON) for `kaiming init-model`. The flags are the generators' own
 * options (lib/model/presets.ts), kebab-cased: one table, no second declaration.
 * `--recipe NAME` picks a trainer's initialisation (lib/model/recipes.ts).
 */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { checkDType } from '../../core/dtype';
import { specFromHfConfigText } from '../../model/hf-config';
import { architectureIds } from '../../model/architecture';
import { gpt2, llama, type GPT2Options, type LlamaOptions } from '../../model/presets';
import { RECIPE_NAMES, type RecipeOptions } from '../../model/recipes';
import type { ModelSpec } from '../../model/spec';
import { UsageError } from '../args';
import { EXIT, Failure, type CommandContext } from '../program';

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
Prints a model spec (JSON) on stdout; write it with "kaiming init-model spec.json -o model.safetensors"
or as a Hugging Face checkpoint directory with "kaiming init-model spec.json --out-dir DIR".
gpt2:  ${Object.keys(GPT2_FLAGS).map(kebab).join(' ')}
llama: ${Object.keys(LLAMA_FLAGS).map(kebab).join(' ')}
--hf-config FILE: a config.json of model_type ${architectureIds().join(', ')} (no model name)
--recipe: ${RECIPE_NAMES.join(', ')} (default hf; docs/MODELS.md)

Examples:
  kaiming spec gpt2 --seed 0 > gpt2.json
  kaiming spec llama --layers 2 --hidden 256 --intermediate 688 --heads 4 --kv-heads 2 --vocab 1000 --recipe torchtitan
  kaiming spec --hf-config config.json --seed 0 > model.json`;

/** The flags that are not a generator's hyperparameters. */
const OWN_FLAGS = ['seed', 'dtype', 'hfConfig', 'recipe', 'depthInit', 'mupBaseWidth', 'mupReadoutZeroInit', 'ignorePadToken'];

/** --recipe and its options, as the generators and specFromHfConfig take them. */
function recipeChoice(opts: Record<string, unknown>): { recipe?: string; recipeOptions?: RecipeOptions } {
  const recipeOptions: RecipeOptions = {};
  if (opts.depthInit === false) recipeOptions.depthInit = false;
  if (opts.mupBaseWidth !== undefined) recipeOptions.mupBaseWidth = integer(String(opts.mupBaseWidth), '--mup-base-width');
  if (opts.mupReadoutZeroInit === true) recipeOptions.mupReadoutZeroInit = true;
  return {
    ...(opts.recipe === undefined ? {} : { recipe: String(opts.recipe) }),
    ...(Object.keys(recipeOptions).length === 0 ? {} : { recipeOptions }),
  };
}

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
  Object.assign(options, recipeChoice(opts));
  if (opts.ignorePadToken === true) throw new UsageError('Expected --hf-config with --ignore-pad-token');
  for (const [name, value] of Object.entries(opts)) {
    if (OWN_FLAGS.includes(name) || value === undefined) continue;
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
    .argument('[model]', 'gpt2 or llama (none with --hf-config)')
    .option('--hf-config <file>', 'a Hugging Face config.json instead of a model name')
    .option('--seed <n>', 'the spec\'s seed (a non-negative integer)')
    .option('--dtype <dtype>', 'float32, float64, bfloat16 or float16 (default: the config\'s torch_dtype, else float32)')
    .option('--recipe <name>', `initialisation recipe: ${RECIPE_NAMES.join(', ')}`)
    .option('--no-depth-init', 'torchtitan: scale residual outputs by the depth, not the block index')
    .option('--mup-base-width <n>', 'mup: hidden size of the base model')
    .option('--mup-readout-zero-init', 'mup: start lm_head at zero (MuReadout readout_zero_init)')
    .option('--ignore-pad-token', 'with --hf-config: accept pad_token_id and draw that embedding row like the others');
  const declared = new Set<string>();
  for (const generator of Object.values(MODELS)) {
    for (const [name, kind] of Object.entries(generator.flags)) {
      if (declared.has(name)) continue;
      declared.add(name);
      cmd.option(kind === 'flag' ? kebab(name) : `${kebab(name)} <value>`, `${Object.keys(MODELS).filter((m) => name in MODELS[m].flags).join(', ')}: ${name}`);
    }
  }
  cmd.addHelpText('after', HELP).action(
    ctx.action('kaiming spec', (model: string | undefined, opts: Record<string, unknown>) => {
      if (opts.hfConfig !== undefined) return hfConfigAction(ctx, model, opts);
      if (model === undefined) throw new UsageError('Expected a model name (gpt2 or llama) or --hf-config FILE');
      const options = specOptions(model, opts);
      ctx.io.stdout.write(`${formatSpec(MODELS[model].build(options))}\n`);
      return EXIT.ok;
    }),
  );
}

/**
 * The spec of a Hugging Face config.json file with the flags --seed, --dtype, --ignore-pad-token,
 * --recipe and its options (`kaiming spec --hf-config`, `kaiming init-model --hf-config`).
 */
export function hfConfigSpec(file: string, opts: Record<string, unknown>): ModelSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Failure(`Cannot read "${file}": ${(error as Error).message}`);
  }
  return specFromHfConfigText(
    text,
    {
      ...(opts.seed === undefined ? {} : { seed: seedOption(String(opts.seed)) }),
      ...(opts.dtype === undefined ? {} : { dtype: checkDType(opts.dtype, '--dtype') }),
      ...(opts.ignorePadToken === true ? { ignorePadToken: true } : {}),
      ...recipeChoice(opts),
    },
    `"${file}"`,
  );
}

/** `kaiming spec --hf-config FILE [--seed N] [--dtype D] [--recipe R]`. */
function hfConfigAction(ctx: CommandContext, model: string | undefined, opts: Record<string, unknown>): number {
  if (model !== undefined) throw new UsageError(`Expected no model name with --hf-config but received ${JSON.stringify(model)} (string)`);
  for (const [name, value] of Object.entries(opts)) {
    if (!OWN_FLAGS.includes(name) && value !== undefined) throw new UsageError(`--hf-config takes the hyperparameters from the file; ${kebab(name)} is not allowed with it`);
  }
  const spec = hfConfigSpec(String(opts.hfConfig), opts);
  ctx.io.stdout.write(`${formatSpec(spec)}\n`);
  return EXIT.ok;
}
