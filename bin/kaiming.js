#!/usr/bin/env node
// The `kaiming` command: runs the compiled CLI (npm install / npm run build:ts make dist/).
'use strict';
require('../dist/cli/main.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
