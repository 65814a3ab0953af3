#!/usr/bin/env node
// npm's install step. node-gyp-build (the lookup argon2 and bcrypt use with
// prebuildify; node-gyp-build/bin.js) loads the prebuilt binary for this
// platform from prebuilds/ and compiles with node-gyp only when none loads:
// a clone, which has no prebuilds/, or a platform without a binary.
// Compiling is forced by npm's own convention, `npm install --build-from-source`
// (npm_config_build_from_source=true), or by KAIMING_BUILD_FROM_SOURCE=1.
// This compile never treats warnings as errors (binding.gyp, kaiming_werror).
//
// When no binary fits and the compile fails (no compiler, make or Python: macOS
// without Xcode's tools, Windows without Visual Studio, Alpine without build-base),
// the install still succeeds: kaiming then runs on its WebAssembly kernel, with the
// same values (README, "Installing"). A compile that was asked for (the two switches
// above) or that the project's own CI runs (KAIMING_WERROR=1) fails the install.
'use strict';
const { spawnSync } = require('node:child_process');

const env = { ...process.env };
const yes = (value) => /^(1|true)$/i.test(value || '');
if (yes(env.KAIMING_BUILD_FROM_SOURCE)) env.npm_config_build_from_source = 'true';
const result = spawnSync(process.execPath, [require.resolve('node-gyp-build/bin.js')], { stdio: 'inherit', env });
if (result.error) throw result.error;
const status = result.status === null ? 1 : result.status;
if (status !== 0 && !yes(env.npm_config_build_from_source) && !yes(env.KAIMING_WERROR)) {
  process.stderr.write(
    'kaiming: no prebuilt binary fits this platform and the native addon did not compile; kaiming will run on its ' +
      'WebAssembly kernel (the same values, more slowly). For the native addon: install a C++17 compiler, make ' +
      'and Python 3, then KAIMING_BUILD_FROM_SOURCE=1 npm rebuild kaiming\n',
  );
  process.exit(0);
}
process.exit(status);
