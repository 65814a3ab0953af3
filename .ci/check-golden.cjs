// Checks kaiming's golden vectors (test/fixtures/golden_streams.json) bit for
// bit against a built or installed package, as test/stream.test.ts does for
// the source tree (same cases, same slices: the first 16 values and 12 from
// index 65530, across a chunk boundary), in plain CommonJS so that it runs
// in an installed project and in Debian's arm64 Node 18 under qemu.
//   node .ci/check-golden.cjs <package: a name or a folder> <golden_streams.json>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [target, goldenFile] = process.argv.slice(2);
if (!target || !goldenFile) {
  console.error('usage: node check-golden.cjs <package> <golden_streams.json>');
  process.exit(2);
}
const entry = fs.existsSync(target) ? require.resolve(path.resolve(target)) : require.resolve(target, { paths: [process.cwd()] });
const kaiming = require(entry);
// The package folder: the nearest one above the entry point with a package.json.
function packageDir() {
  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}
const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));

function hex(data) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = data.BYTES_PER_ELEMENT * 2;
  return Array.from({ length: data.length }, (_, i) => {
    const v = width === 16 ? view.getBigUint64(i * 8, true) : width === 8 ? view.getUint32(i * 4, true) : view.getUint16(i * 2, true);
    return v.toString(16).padStart(width, '0');
  });
}

function run(c, count, start) {
  const options = {};
  for (const [k, v] of Object.entries(c.options)) options[k] = v === 'Infinity' ? Infinity : v;
  options.seed = BigInt(c.options.seed);
  options.range = [start, start + count];
  return kaiming[c.fn]([1 << 20], options).data;
}

let passed = 0;
let failed = 0;
for (const c of golden) {
  for (const [field, count, start] of [['first16', 16, 0], ['at65530', 12, 65530]]) {
    const got = hex(run(c, count, start));
    if (JSON.stringify(got) === JSON.stringify(c[field])) {
      ++passed;
    } else {
      ++failed;
      console.error(`golden: ${c.fn} ${JSON.stringify(c.options)} ${field}: got ${got.join(',')}`);
    }
  }
}
// A refusal thrown as a C++ exception inside the addon (native/binding/addon.cc)
// reaches JS as a TypeError: the unwinder of the statically linked libgcc
// works in this binary (glibc_compat.cc's _dl_find_object on old glibc).
const nativeModule = require(path.join(packageDir(), 'dist', 'sampling', 'native.js'));
try {
  nativeModule.native().fill(null, 4, 0, 0, 1, 0n, 0, Float64Array.of(0, 1, 0, 0), 1);
  ++failed;
  console.error('golden: the binding accepted a number for seed');
} catch (error) {
  const expected = 'Expected a bigint for seed but received 1 (number)';
  if (error instanceof TypeError && error.message === expected) ++passed;
  else {
    ++failed;
    console.error(`golden: expected TypeError "${expected}", got ${error}`);
  }
}

console.log(`golden vectors (${process.platform}-${process.arch}, Node ${process.versions.node}): ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
