// Mocha runs the TypeScript tests through tsx (TypeScript 7 has no JS API, so
// ts-node cannot be used) and closes with the plain summary line CI reads.
'use strict';
module.exports = {
  require: ['tsx/cjs'],
  extension: ['ts'],
  // Files named on the command line replace the default set instead of adding to it.
  spec: process.argv.slice(2).some((arg) => arg.endsWith('.test.ts')) ? [] : ['test/**/*.test.ts'],
  reporter: './test/support/summary-reporter.cjs',
  timeout: 60000,
};
