/**
 * The `kaiming` command line (bin/kaiming.js runs `main(process.argv.slice(2))`).
 *
 *   kaiming describe <init> --shape 256,128,3,3 [--nonlinearity relu] [--json]
 *   kaiming sample   <init> --shape … --out w.npy|w.safetensors [--seed N] [--dtype …] [--force]
 *   kaiming plot     <init> --shape … --out hist.svg [--bins 80] [--n 200000]
 *   kaiming check    <init> --shape … [--n 1000000] [--seed N]
 *   kaiming demo
 *   kaiming init-model SPEC -o MODEL.safetensors | verify MODEL | spec gpt2|llama
 *
 * Every command is a module of lib/cli/commands/ on Commander; arguments are
 * converted strictly (lib/cli/args.ts) into the option objects the library
 * takes, and the library validates them as it validates any call. Exit
 * statuses and the error style are lib/cli/program.ts's EXIT and conventions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { type CliIo, type Output, processIo } from './io';
import { commanderStatus, createProgram, EXIT } from './program';

export { EXIT } from './program';

function packageVersion(): string {
  try {
    // dist/cli/main.js and lib/cli/main.ts are both two levels below the package root.
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8');
    return String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

const HELP_MAIN = `
Exit status: 0 success, 1 failure (existing output file, I/O error, check
rejected with --alpha, files that differ), 2 bad arguments, 130 interrupted.

Run "kaiming <command> --help" for a command's options.`;

function build(io: CliIo) {
  const cli = createProgram(io);
  cli.program
    .description('PyTorch-exact neural-network weight initializers: the exact law of a layer\'s weights, samples, plots and checks')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', HELP_MAIN)
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(cli.context);
  return cli;
}

function errorStatus(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return commanderStatus(error);
  io.stderr.write(`kaiming: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failure;
}

/**
 * Runs the command line `argv` (without "node" and the script) and resolves
 * to the exit status. Never calls process.exit; `io` receives the output.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const cli = build(io);
  if (argv.length === 0) {
    cli.program.outputHelp();
    return EXIT.ok;
  }
  try {
    await cli.program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return errorStatus(error, io);
  }
  return cli.status();
}

/** `main` for commands whose work is synchronous (spec, list, describe): the status without a promise. */
export function mainSync(argv: string[], io: CliIo = processIo()): number {
  const cli = build(io);
  try {
    cli.program.parse(argv, { from: 'user' });
  } catch (error) {
    return errorStatus(error, io);
  }
  return cli.status();
}

/** `kaiming init-model …` in-process: argv after the command name; the summary goes to `err`. */
export function initModelCommand(argv: string[], err: Output = process.stderr, out: Output = process.stdout): Promise<number> {
  return main(['init-model', ...argv], { stdout: out, stderr: err });
}

/** `kaiming verify …` in-process. */
export function verifyCommand(argv: string[], out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  return main(['verify', ...argv], { stdout: out, stderr: err });
}

/** `kaiming spec …` in-process; synchronous, as the spec is. */
export function specCommand(argv: string[], out: Output = process.stdout, err: Output = process.stderr): number {
  return mainSync(['spec', ...argv], { stdout: out, stderr: err });
}
