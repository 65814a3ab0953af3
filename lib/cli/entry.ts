/**
 * Runs the command line in this process: `node dist/cli/entry.js …` (or, from
 * the sources, `node --import tsx lib/cli/entry.ts …`). bin/kaiming.js does the same.
 */
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kaiming: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
