// The packed file list (npm pack --json) holds only what a user needs: the
// compiled TypeScript, the CLI, the sources a build from source compiles, the
// install step, the prebuilt binaries and the docs; never tests, fixtures,
// benchmarks, CI scripts or build folders. Prints the list's size.
//   node .ci/pack-files.cjs pack.json
'use strict';
const fs = require('node:fs');

const [pack] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = pack.files.map((f) => f.path);
const allowed = [
  /^package\.json$/, /^README\.md$/, /^LICENSE$/,
  /^dist\/.+\.(js|d\.ts)$/,
  /^dist\/browser\/(kaiming\.wasm|explore\.html)$/,
  /^bin\/[^/]+\.js$/,
  /^native\/(kernel|binding)\/[^/]+\.(cc|h|inc)$/,
  /^native\/wasm\/[^/]+\.(cc|sh|wasm)$/,
  /^binding\.gyp$/,
  /^bin\/install\.cjs$/,
  /^prebuilds\/linux-(x64|arm64)\/kaiming\.glibc\.node$/,
  /^docs\/[^/]+\.(md|json)$/,
];
const refused = /(^|\/)(test|tests|fixtures|bench|build[^/]*|\.ci|node_modules)\//;
const unexpected = files.filter((f) => refused.test(f) || !allowed.some((re) => re.test(f)));
const required = ['prebuilds/linux-x64/kaiming.glibc.node', 'prebuilds/linux-arm64/kaiming.glibc.node', 'dist/index.js',
  'dist/browser/kaiming.js', 'dist/browser/kaiming.wasm', 'dist/browser/types/browser/index.d.ts', 'dist/browser/explore.html', 'dist/browser/explore.js',
  'binding.gyp', 'bin/install.cjs', 'native/kernel/fill.cc', 'native/binding/addon.cc',
  'native/wasm/kaiming.wasm'];
const absent = required.filter((f) => !files.includes(f));

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const byFolder = {};
for (const f of pack.files) {
  const top = f.path.includes('/') ? f.path.split('/')[0] + '/' : f.path;
  byFolder[top] = (byFolder[top] ?? 0) + f.size;
}
console.log(`pack-files: ${pack.filename}: ${files.length} files, ${kib(pack.size)} packed, ${kib(pack.unpackedSize)} unpacked`);
for (const [top, size] of Object.entries(byFolder).sort((a, b) => b[1] - a[1])) console.log(`  ${top.padEnd(16)} ${kib(size)}`);
if (unexpected.length > 0) console.error(`pack-files: not for users: ${unexpected.join(', ')}`);
if (absent.length > 0) console.error(`pack-files: missing: ${absent.join(', ')}`);
process.exit(unexpected.length === 0 && absent.length === 0 ? 0 : 1);
