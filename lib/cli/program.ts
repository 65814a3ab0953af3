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
import { UsageError } from './args';
import type { CliIo } from './io';

/** Exit statuses: the one map every command uses. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
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

/** Interrupt handling for long commands: Ctrl-C aborts the work, and nothing is written. */
export function interruptible(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onSigint) };
}

/** Commander's "error: …" text (sometimes with a "(Did you mean …?)" line) as one line. */
function oneLine(text: string): string {
  return text.replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ').trim();
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
  action<A extends unknown[]>(label: string, body: (...args: A) => number | Promise<number>): (...args: A) => void | Promise<void>;
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
  const fail = (label: string, error: unknown) => {
    // The writers say how to force an overwrite in the library's words; here it is a flag.
    const message = (error instanceof Error ? error.message : String(error)).replace('pass { force: true }', 'pass --force');
    io.stderr.write(`${label}: ${message.split('\n')[0]}\n`);
    status = isArgumentError(error) ? EXIT.usage : EXIT.failure;
  };
  const program = configure(new Command('kaiming'), 'kaiming');
  const context: CommandContext = {
    io,
    command: (name) => configure(program.command(name), `kaiming ${name}`),
    action: (label, body) => (...args) => {
      try {
        const result = body(...args);
        if (typeof result === 'number') {
          status = result;
          return;
        }
        return result.then((s) => void (status = s), (error: unknown) => fail(label, error));
      } catch (error) {
        fail(label, error);
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
