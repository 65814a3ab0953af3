/**
 * Where the CLI writes. `main(argv, io)` takes these so that tests can run a
 * command in-process and read what it printed; the `kaiming` binary passes
 * process.stdout and process.stderr.
 */

/** A text output stream: process.stdout / process.stderr, or a test's collector. */
export interface Output {
  write(chunk: string): unknown;
  /** True when the stream is a terminal (a progress bar is drawn only then). */
  isTTY?: boolean;
  /** Terminal width, when it is a terminal. */
  columns?: number;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}
