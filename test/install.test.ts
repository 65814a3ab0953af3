// npm's install step (bin/install.cjs) where no prebuilt binary fits and the compile fails (here:
// a binding.gyp naming a missing source, as good as a machine without a compiler): the install
// succeeds and says the WebAssembly kernel will be used; a compile asked for fails it.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childNode } from './support/runtime';

const ROOT = path.join(__dirname, '..');

describe('the install step without a binary or a compiler', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kaiming-install-'));
    mkdirSync(path.join(dir, 'bin'));
    cpSync(path.join(ROOT, 'bin', 'install.cjs'), path.join(dir, 'bin', 'install.cjs'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "kaiming-probe", "version": "1.0.0" }\n');
    writeFileSync(path.join(dir, 'binding.gyp'), "{ 'targets': [ { 'target_name': 'kaiming', 'sources': [ 'missing.cc' ] } ] }\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const install = (env: Record<string, string>) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'KAIMING_WERROR' && k !== 'KAIMING_BUILD_FROM_SOURCE' && k !== 'npm_config_build_from_source'));
    // The switches are also set empty, not only left out: Deno 2.9's child_process adds the parent's
    // environment to the one given, so a CI's KAIMING_WERROR=1 would otherwise reach the child.
    const off = { KAIMING_WERROR: '', KAIMING_BUILD_FROM_SOURCE: '', npm_config_build_from_source: '' };
    return spawnSync(childNode, [path.join(dir, 'bin', 'install.cjs')], { cwd: dir, env: { ...clean, ...off, ...env }, encoding: 'utf8' });
  };

  it('succeeds, saying the WebAssembly kernel will run', () => {
    const r = install({});
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('kaiming: no prebuilt binary fits this platform and the native addon did not compile; kaiming will run on its WebAssembly kernel');
    expect(r.stderr).to.contain('KAIMING_BUILD_FROM_SOURCE=1 npm rebuild kaiming');
  });

  for (const [label, env] of [['KAIMING_BUILD_FROM_SOURCE=1', { KAIMING_BUILD_FROM_SOURCE: '1' }], ['--build-from-source', { npm_config_build_from_source: 'true' }], ["the project's CI (KAIMING_WERROR=1)", { KAIMING_WERROR: '1' }]] as const) {
    it(`fails when the compile was asked for: ${label}`, () => {
      const r = install(env);
      expect(r.status).to.not.equal(0);
      expect(r.stderr).to.not.contain('WebAssembly kernel');
    });
  }
});
