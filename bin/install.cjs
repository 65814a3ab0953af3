#!/usr/bin/env node
// npm's install step. node-gyp-build (the lookup argon2 and bcrypt use with
// prebuildify; node-gyp-build/bin.js) loads the prebuilt binary for this
// platform from prebuilds/ and compiles with node-gyp only when none loads:
// a clone, which has no prebuilds/, or a platform without a binary.
// Compiling is forced by npm's own convention, `npm install --build-from-source`
// (npm_config_build_from_source=true), or by KAIMING_BUILD_FROM_SOURCE=1.
// This compile never treats warnings as errors (binding.gyp, kaiming_werror).
'use strict';
const { spawnSync } = require('node:child_process');

const env = { ...process.env };
if (/^(1|true)$/i.test(env.KAIMING_BUILD_FROM_SOURCE || '')) env.npm_config_build_from_source = 'true';
const result = spawnSync(process.execPath, [require.resolve('node-gyp-build/bin.js')], { stdio: 'inherit', env });
if (result.error) throw result.error;
process.exit(result.status === null ? 1 : result.status);
