#!/usr/bin/env node
// The browser build (package.json "exports" → "browser", issue 23), run by `npm run build:browser`
// after tsc (pretest, prepare). esbuild bundles:
//   lib/browser/index.ts → dist/browser/kaiming.js  the ESM root for browsers and bundlers
//   lib/explore/app.ts   → dist/browser/explore.js  the `kaiming explore` page's script; it
//                          imports 'kaiming', which the page's import map points at kaiming.js
// and copies the page (lib/explore/index.html) and the WebAssembly kernel beside them.
// lib/sampling/backends.ts (Node's wiring) becomes lib/sampling/backends-browser.ts.
// No Node built-in reaches the bundle: node:buffer, node:crypto, node:os and node:util, which lib/core
// reads for three constants and random seeds, map to lib/browser/host/; any other built-in fails the build, naming
// the file that imports it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'browser');
const HOST = { buffer: 'buffer.ts', crypto: 'crypto.ts', os: 'os.ts', util: 'util.ts' };
const builtins = new Set(builtinModules);

const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!builtins.has(name) && !args.path.startsWith('node:')) return undefined;
      if (HOST[name] !== undefined) return { path: path.join(root, 'lib', 'browser', 'host', HOST[name]) };
      const from = path.relative(root, args.importer);
      return { errors: [{ text: `${from} imports ${args.path}: the browser build takes no Node built-in (bin/build-browser.cjs)` }] };
    });
  },
};

// lib/sampling's Node wiring (backends.ts: the addon, else the wasm kernel read from disk) is
// replaced by the browser's (backends-browser.ts: the kernel the page hands to initWasm).
const browserBackends = {
  name: 'browser-backends',
  setup(build) {
    build.onResolve({ filter: /^\.\/backends$/ }, (args) =>
      path.basename(args.resolveDir) === 'sampling' ? { path: path.join(args.resolveDir, 'backends-browser.ts') } : undefined);
  },
};

// The page's script imports the browser entry by path for its types; in the bundle it is the
// bare 'kaiming' that the page's import map resolves to kaiming.js.
const entryAsKaiming = {
  name: 'entry-as-kaiming',
  setup(build) {
    build.onResolve({ filter: /\/browser\/index$/ }, () => ({ path: 'kaiming', external: true }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'inline',
  logLevel: 'warning',
  plugins: [browserBackends, noNodeBuiltins],
};

fs.mkdirSync(out, { recursive: true });
Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'lib', 'browser', 'index.ts')], outfile: path.join(out, 'kaiming.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'lib', 'explore', 'app.ts')], outfile: path.join(out, 'explore.js'), plugins: [entryAsKaiming, browserBackends, noNodeBuiltins] }),
])
  .then(() => {
    fs.copyFileSync(path.join(root, 'lib', 'explore', 'index.html'), path.join(out, 'explore.html'));
    fs.copyFileSync(path.join(root, 'native', 'wasm', 'kaiming.wasm'), path.join(out, 'kaiming.wasm'));
  })
  .catch((error) => {
    process.exitCode = 1;
    if (!error.errors) console.error(error);
  });
