/**
 * What every command shares: the exit statuses, the one-line error style, and
 * how a command is declared on Commander.
 *
 * Conventions (the same for every command): help and normal output on stdout;
 * errors on stderr as one line "kaiming <command>: <message>"; exit status 2
 * for misuse (a bad argument, the library's TypeError/RangeError while
 * validating), 1 for a failure while working (an existing output file, an I/O
 * error, a rejected check), 130 when interrupted.
 */
import { Command, CommanderError } from 'commander';
import { argumentProblem, expectedMessage } from '../core/validate';
import { isOverwriteRefusal, overwriteMessage } from '../io/files';
import { UsageError } from './args';
import type { CliIo } from './io';

/**
 * Exit statuses: the one map every command uses. 130 and 143 are 128 + SIGINT (2) and
 * 128 + SIGTERM (15), what a shell reports for a process those signals end.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130, terminated: 143 } as const;
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** An error while doing the work (drawing, writing), after the arguments were accepted: exit status 1. */
export class Failure extends Error {
  override name = 'Failure';
}

/**
 * Runs the work phase of a command: what it throws is a failure (1), except
 * the library's TypeError/RangeError, which refuse the parameters themselves
 * (the kernel's refusals, such as an interval with no float32 value, are only
 * known when the draw starts) and so stay usage errors (2).
 */
export async function work<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Failure || error instanceof TypeError || error instanceof RangeError) throw error;
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

/** Interrupt handling for a long command: what stopped it, and the exit status that says so. */
export interface Interrupt {
  signal: AbortSignal;
  /** The signal that stopped the work, if one did. */
  stoppedBy(): 'SIGINT' | 'SIGTERM' | undefined;
  /** 130 after SIGINT, 143 after SIGTERM. */
  status(): ExitStatus;
  dispose(): void;
}

/**
 * Ctrl-C (SIGINT) aborts the work; with `terminate`, so does SIGTERM, which Slurm sends before it
 * preempts a job (and after KillWait, 30 s by default, SIGKILL; slurm.conf(5) KillWait), so the
 * command can stop cleanly instead of dying mid-file.
 */
export function interruptible(options: { terminate?: boolean } = {}): Interrupt {
  const controller = new AbortController();
  let by: 'SIGINT' | 'SIGTERM' | undefined;
  const on = (name: 'SIGINT' | 'SIGTERM') => () => {
    by ??= name;
    controller.abort(new Error(`interrupted (${name})`));
  };
  const onSigint = on('SIGINT');
  const onSigterm = on('SIGTERM');
  process.once('SIGINT', onSigint);
  if (options.terminate === true) process.once('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    stoppedBy: () => by,
    status: () => (by === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted),
    dispose: () => {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
    },
  };
}

/** Commander's "error: …" text (sometimes with a "(Did you mean …?)" line) as one line. */
function oneLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const first = lines[0] ?? '';
  if (first.toLowerCase().startsWith('error:')) lines[0] = first.slice('error:'.length).trim();
  return lines.join(' ');
}

/** How the command line names the library's arguments (`parallel.ep` is `--ep`), and its override flags. */
export interface CliWords {
  flags?: Readonly<Record<string, string>>;
}

const CLI_OVERRIDES = { force: '--force', resume: '--resume' };

/**
 * An error worded once for the command line, from its data: a library argument the command
 * names by a flag is said with the flag; a refusal to overwrite says --force (and --resume).
 * The first line only: every error is one line.
 */
export function cliMessage(error: unknown, words: CliWords = {}): string {
  // work() wraps a failure of the work in a Failure; the refusal's data is its cause.
  const refusal = error instanceof Failure && isOverwriteRefusal(error.cause) ? error.cause : error;
  if (isOverwriteRefusal(refusal)) return overwriteMessage(refusal, CLI_OVERRIDES);
  const problem = argumentProblem(error);
  const flag = problem === undefined ? undefined : words.flags?.[problem.argument];
  if (problem !== undefined && flag !== undefined) return expectedMessage(problem.expected, flag, problem.received);
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** What a command module receives to declare itself (lib/cli/commands/*.ts). */
export interface CommandContext {
  io: CliIo;
  /** A subcommand of `kaiming`, with the shared output and error settings. */
  command(name: string): Command;
  /**
   * Wraps a command body as its Commander action: the status it returns is the
   * exit status; what it throws is printed as one line, status 2 for an
   * argument error and 1 otherwise. A synchronous body stays synchronous.
   */
  action<A extends unknown[]>(label: string, body: (...args: A) => number | Promise<number>, words?: CliWords): (...args: A) => void | Promise<void>;
}

/** The `kaiming` program with its settings; `status()` is the exit status of the last action. */
export function createProgram(io: CliIo): { program: Command; context: CommandContext; status(): number } {
  let status: number = EXIT.ok;
  const configure = (cmd: Command, label: string): Command =>
    cmd.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      outputError: (s, write) => write(`${label}: ${oneLine(s)}\n`),
    });
  const fail = (label: string, error: unknown, words?: CliWords) => {
    io.stderr.write(`${label}: ${cliMessage(error, words)}\n`);
    status = isArgumentError(error) ? EXIT.usage : EXIT.failure;
  };
  const program = configure(new Command('kaiming'), 'kaiming');
  const context: CommandContext = {
    io,
    command: (name) => configure(program.command(name), `kaiming ${name}`),
    action: (label, body, words) => (...args) => {
      try {
        const result = body(...args);
        if (typeof result === 'number') {
          status = result;
          return;
        }
        return result.then((s) => void (status = s), (error: unknown) => fail(label, error, words));
      } catch (error) {
        fail(label, error, words);
      }
    },
  };
  return { program, context, status: () => status };
}

/** The exit status for an error Commander threw while parsing (help and version are not errors). */
export function commanderStatus(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
  return EXIT.usage;
}
