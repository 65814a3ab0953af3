#!/usr/bin/env node
// The `kaiming` command: runs the compiled CLI (npm install / npm run build:ts make dist/).
'use strict';
// `kaiming check --help | head` closes stdout early: stop quietly, as other
// command-line tools do, instead of dying with an EPIPE stack trace.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(0);
  throw error;
});
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('kaiming: the compiled CLI is missing (dist/cli/main.js); run "npm run build:ts" first\n');
    process.exit(1);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`kaiming: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
