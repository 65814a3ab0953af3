/**
 * `kaiming spec gpt2|llama [hyperparameters]`: prints a model spec (JSON) for
 * `kaiming init-model`. `specCommand(argv)` parses the arguments after "spec";
 * `runSpec(options)` takes them already parsed.
 */
import { parseArgs } from 'node:util';
import { checkDType, type DType } from '../core/dtype';
import { gpt2, llama } from '../model/presets';
import type { ModelSpec } from '../model/spec';

export interface SpecCommandOptions {
  model: 'gpt2' | 'llama';
  seed?: number | string;
  dtype?: DType;
  // gpt2
  vocab?: number;
  nLayer?: number;
  nHead?: number;
  nEmbd?: number;
  nPositions?: number;
  nInner?: number;
  // llama
  layers?: number;
  hidden?: number;
  intermediate?: number;
  heads?: number;
  kvHeads?: number;
  headDim?: number;
  tieEmbeddings?: boolean;
  initializerRange?: number;
}

export const SPEC_USAGE = `Usage: kaiming spec gpt2 [--vocab N] [--n-layer N] [--n-head N] [--n-embd N] [--n-positions N] [--n-inner N]
       kaiming spec llama [--vocab N] [--layers N] [--hidden N] [--intermediate N] [--heads N] [--kv-heads N] [--head-dim N] [--tie-embeddings]
  common: [--seed N] [--dtype float32|float64|bfloat16|float16] [--initializer-range X]
Prints a model spec (JSON) on stdout; write it with "kaiming init-model spec.json -o model.safetensors".`;

/** Builds the spec for already parsed options. */
export function buildSpec(options: SpecCommandOptions): ModelSpec {
  const common = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.dtype === undefined ? {} : { dtype: checkDType(options.dtype, '--dtype') }),
    ...(options.initializerRange === undefined ? {} : { initializerRange: options.initializerRange }),
  };
  if (options.model === 'gpt2') {
    return gpt2({ ...common, vocab: options.vocab, nLayer: options.nLayer, nHead: options.nHead, nEmbd: options.nEmbd, nPositions: options.nPositions, nInner: options.nInner });
  }
  if (options.model === 'llama') {
    return llama({
      ...common,
      vocab: options.vocab,
      layers: options.layers,
      hidden: options.hidden,
      intermediate: options.intermediate,
      heads: options.heads,
      kvHeads: options.kvHeads,
      headDim: options.headDim,
      tieEmbeddings: options.tieEmbeddings,
    });
  }
  throw new RangeError(`Expected "gpt2" or "llama" for the model but received ${JSON.stringify(options.model)}`);
}

/** Prints the spec of already parsed options as JSON (one tensor per line). Returns the exit code. */
export function runSpec(options: SpecCommandOptions, out: NodeJS.WritableStream = process.stdout): number {
  out.write(`${formatSpec(buildSpec(options))}\n`);
  return 0;
}

/** JSON with one tensor per line: readable and diff-friendly. */
export function formatSpec(spec: ModelSpec): string {
  const { tensors, ...head } = spec;
  const lines = tensors.map((t) => `    ${JSON.stringify(t)}`);
  const top = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return `{\n${top.join('\n')}\n  "tensors": [\n${lines.join(',\n')}\n  ]\n}`;
}

function int(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text)) throw new RangeError(`Expected a positive integer for ${flag} but received ${JSON.stringify(text)} (string)`);
  return Number(text);
}

function num(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new RangeError(`Expected a number for ${flag} but received ${JSON.stringify(text)} (string)`);
  return n;
}

/** Parses `kaiming spec` arguments (those after "spec"). */
export function parseSpecArgs(argv: string[]): SpecCommandOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      seed: { type: 'string' },
      dtype: { type: 'string' },
      vocab: { type: 'string' },
      'n-layer': { type: 'string' },
      'n-head': { type: 'string' },
      'n-embd': { type: 'string' },
      'n-positions': { type: 'string' },
      'n-inner': { type: 'string' },
      layers: { type: 'string' },
      hidden: { type: 'string' },
      intermediate: { type: 'string' },
      heads: { type: 'string' },
      'kv-heads': { type: 'string' },
      'head-dim': { type: 'string' },
      'tie-embeddings': { type: 'boolean' },
      'initializer-range': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new RangeError(`Expected one model name (gpt2 or llama) but received ${positionals.length}`);
  const model = positionals[0];
  if (model !== 'gpt2' && model !== 'llama') throw new RangeError(`Expected "gpt2" or "llama" for the model but received ${JSON.stringify(model)} (string)`);
  const seedText = values.seed;
  let seed: number | string | undefined;
  if (seedText !== undefined) {
    if (!/^(0|[1-9][0-9]*)$/.test(seedText)) throw new RangeError(`Expected a non-negative integer for --seed but received ${JSON.stringify(seedText)} (string)`);
    seed = Number.isSafeInteger(Number(seedText)) ? Number(seedText) : seedText;
  }
  return {
    model,
    seed,
    dtype: values.dtype as DType | undefined,
    vocab: int(values.vocab, '--vocab'),
    nLayer: int(values['n-layer'], '--n-layer'),
    nHead: int(values['n-head'], '--n-head'),
    nEmbd: int(values['n-embd'], '--n-embd'),
    nPositions: int(values['n-positions'], '--n-positions'),
    nInner: int(values['n-inner'], '--n-inner'),
    layers: int(values.layers, '--layers'),
    hidden: int(values.hidden, '--hidden'),
    intermediate: int(values.intermediate, '--intermediate'),
    heads: int(values.heads, '--heads'),
    kvHeads: int(values['kv-heads'], '--kv-heads'),
    headDim: int(values['head-dim'], '--head-dim'),
    tieEmbeddings: values['tie-embeddings'],
    initializerRange: num(values['initializer-range'], '--initializer-range'),
  };
}

/** `kaiming spec …`: parses argv (after "spec"), prints the spec; 2 on a usage error. */
export function specCommand(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${SPEC_USAGE}\n`);
    return 0;
  }
  let options: SpecCommandOptions;
  try {
    options = parseSpecArgs(argv);
    return runSpec(options, out);
  } catch (error) {
    err.write(`kaiming spec: ${(error as Error).message}\n${SPEC_USAGE}\n`);
    return 2;
  }
}
