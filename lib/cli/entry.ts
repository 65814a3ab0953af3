/**
 * Runs the command line in this process: `node dist/cli/entry.js …` (or, from
 * the sources, `node --import tsx lib/cli/entry.ts …`). bin/kaiming.js does the same.
 */
import { main } from './main';
// `kaiming check --help | head` closes stdout early: stop quietly, as other
// command-line tools do, instead of dying with an EPIPE stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error && error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kaiming: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
