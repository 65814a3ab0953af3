// Every compiled kernel path gives the same bytes, seen from JS: child
// processes forced onto each path (KAIMING_PATH) hash the same tensors.
// native/test/test_paths.cc checks the same inside the kernel.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { childNode } from './support/runtime';

const lib = path.join(__dirname, '..', 'lib', 'index.ts');
const nativeModule = path.join(__dirname, '..', 'lib', 'sampling', 'native.ts');

const script = `
  const { createHash } = require('node:crypto');
  const k = require(${JSON.stringify(lib)});
  const { native } = require(${JSON.stringify(nativeModule)});
  const hash = createHash('sha256');
  for (const dtype of ['float32', 'float64', 'bfloat16', 'float16']) {
    for (const t of [
      k.uniform([300007], { seed: 3, key: 'u', dtype, low: -0.027063, high: 0.027063, range: [5, 300007] }),
      k.normal([300007], { seed: 3, key: 'n', dtype, std: 0.02 }),
      k.truncNormal([300007], { seed: 3, key: 't', dtype }),
      k.truncNormal([70001], { seed: 3, key: 'tail', dtype: dtype === 'float64' ? 'float64' : 'float32', a: 3, b: 9 }),
      k.kaimingUniform([512, 64, 3, 3], { seed: 3, dtype }),
    ]) hash.update(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  process.stdout.write(JSON.stringify({ path: native().kernelPath, digest: hash.digest('hex') }));`;

function run(forced: string | undefined): { path: string; digest: string } {
  const env = { ...process.env };
  delete env.KAIMING_PATH;
  if (forced !== undefined) env.KAIMING_PATH = forced;
  return JSON.parse(execFileSync(childNode, ['--import', 'tsx', '-e', script], { env, encoding: 'utf8' }));
}

describe('kernel paths (baseline, AVX2, AVX-512)', function () {
  this.timeout(120000);

  it('give identical bytes for every transform and dtype', function () {
    const best = run(undefined);
    const baseline = run('baseline');
    expect(baseline.path).to.equal('baseline');
    expect(baseline.digest).to.equal(best.digest);
    let compared = 1;
    for (const forced of ['avx2', 'avx512']) {
      const other = run(forced);
      if (other.path !== forced) continue;  // this CPU lacks the instructions: the best path was used
      expect(other.digest, forced).to.equal(baseline.digest);
      compared++;
    }
    console.log(`      compared ${compared} forced path(s) with the default (${best.path})`);
  });
});
