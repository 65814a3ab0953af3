// Mocha runs the TypeScript tests through tsx (TypeScript 7 has no JS API, so
// ts-node cannot be used) and closes with the plain summary line CI reads.
'use strict';
module.exports = {
  require: ['tsx/cjs'],
  extension: ['ts'],
  spec: ['test/**/*.test.ts'],
  reporter: './test/support/summary-reporter.cjs',
  timeout: 60000,
};
