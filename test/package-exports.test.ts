// The package's public entry points (package.json "exports"): the root, for
// require() and for ESM import of named exports, and ./package.json; deep
// imports of dist/ files are refused. Node resolves a package's own name from
// inside it (self-reference), so these run against this checkout's dist/,
// which `npm test` builds first (pretest).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { childNode } from './support/runtime';

const ROOT = path.join(__dirname, '..');

function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(childNode, args, { cwd: ROOT, encoding: 'utf8' });
}

describe('package exports', () => {
  it('require("kaiming") gives the facade, with the golden first value of uniform', () => {
    const r = node(['-e', "const k = require('kaiming'); process.stdout.write(String(k.uniform([2], { seed: 1 }).data[0]) + ' ' + typeof k.describe)"]);
    expect(r.stderr).to.equal('');
    const [first, kind] = r.stdout.split(' ');
    expect(kind).to.equal('function');
    // The same value through the sources: the exports map points at the same build.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { uniform } = require('../lib/index') as typeof import('../lib/index');
    expect(Number(first)).to.equal(uniform([2], { seed: 1 }).data[0]);
  });

  it('ESM import of named exports works (Node reads the CommonJS export names)', () => {
    const script = "import { kaimingNormal, initializerNames, readSafetensors } from 'kaiming'; " +
      "process.stdout.write([typeof kaimingNormal, typeof readSafetensors, initializerNames().includes('kaiming_normal_')].join(','));";
    const r = node(['--input-type=module', '-e', script]);
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal('function,function,true');
  });

  it('the "browser" condition is the ESM build on the wasm kernel, which a bundler (esbuild) takes with no Node built-in', async () => {
    const resolved = (conditions: string[]) => node([...conditions, '-e', "process.stdout.write(require.resolve('kaiming'))"]).stdout;
    expect(resolved(['--conditions=browser'])).to.equal(path.join(ROOT, 'dist', 'browser', 'kaiming.js'));
    expect(resolved([])).to.equal(path.join(ROOT, 'dist', 'index.js'));
    // A bundler for the browser picks the condition by itself; the bundle needs no Node module.
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      stdin: { contents: "import { ready, kaimingUniform, describe } from 'kaiming'; await ready(); console.log(kaimingUniform([2, 2]), describe);", resolveDir: ROOT, loader: 'js' },
      bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
    }).finally(() => esbuild.stop()); // esbuild's service process would keep the test process alive
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs).to.include('dist/browser/kaiming.js');
    expect(inputs.filter((f) => f !== 'dist/browser/kaiming.js' && f !== '<stdin>')).to.deep.equal([]);
  });

  it('kaiming/package.json is public; deep imports of dist/ are not', () => {
    const ok = node(['-e', "process.stdout.write(require('kaiming/package.json').name)"]);
    expect(ok.stdout).to.equal('kaiming');
    // The files exist, so the refusal is the exports map's. Node names it ERR_PACKAGE_PATH_NOT_EXPORTED,
    // Bun "Cannot find module"; both name the subpath.
    for (const deep of ['kaiming/dist/core/dtype', 'kaiming/dist/index.js', 'kaiming/lib/index.ts']) {
      const subpath = deep.slice('kaiming/'.length);
      expect(existsSync(path.join(ROOT, subpath.endsWith('s') ? subpath : `${subpath}.js`)), subpath).to.equal(true);
      const r = node(['-e', `require(${JSON.stringify(deep)})`]);
      expect(r.status, deep).to.not.equal(0);
      expect(r.stderr, deep).to.contain(subpath);
    }
  });
});
