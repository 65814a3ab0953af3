// The addon loader (lib/sampling/native.ts, README "Installing"): KAIMING_ADDON alone
// when set, else the local builds, then the prebuilt binary for this
// platform; one error listing every path tried, why each failed, and the
// command that builds from source.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { addonCandidates, BUILD_FROM_SOURCE, loadAddon } from '../lib/sampling/native';

const tuple = `${process.platform}-${process.arch}`;
const built = loadAddon(path.join(__dirname, '..')).file;

describe('native addon loader', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'kaiming-loader-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const put = (relative: string, from?: string) => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    if (from === undefined) writeFileSync(file, 'not an ELF file\n'.repeat(64));
    else copyFileSync(from, file);
    return file;
  };

  it('tries only KAIMING_ADDON when it is set', () => {
    put(`prebuilds/${tuple}/kaiming.glibc.node`, built);
    expect(addonCandidates(root, { KAIMING_ADDON: 'x/y.node' })).to.deep.equal([
      { file: path.resolve('x/y.node'), what: 'KAIMING_ADDON' },
    ]);
    expect(() => loadAddon(root, { KAIMING_ADDON: path.join(root, 'none.node') })).to.throw(
      `Tried, in order:\n- KAIMING_ADDON=${path.join(root, 'none.node')}: not found\nTo build it from source: ${BUILD_FROM_SOURCE}`,
    );
  });

  it('lists every path tried, why each failed and how to build from source', () => {
    put('prebuilds/linux-s390x/kaiming.glibc.node');
    let message = '';
    try {
      loadAddon(root, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.equal(
      `kaiming: could not load the native addon (${tuple}, Node ${process.versions.node}). Tried, in order:\n` +
        `- ${path.join(root, 'build', 'Release', 'kaiming.node')} (local node-gyp build): not found\n` +
        `- ${path.join(root, 'build-cmake', 'Release', 'kaiming.node')} (local cmake-js build): not found\n` +
        `- ${path.join(root, 'prebuilds', tuple)} (prebuilt binary): no prebuilt binary for ${tuple} in this package ` +
        `(it has linux-s390x)\n` +
        `To build it from source: ${BUILD_FROM_SOURCE}`,
    );
    expect(BUILD_FROM_SOURCE).to.match(/^KAIMING_BUILD_FROM_SOURCE=1 npm rebuild kaiming /);
  });

  it("gives the system loader's reason for a file that does not load", () => {
    const bad = put(`prebuilds/${tuple}/kaiming.glibc.node`);
    expect(() => loadAddon(root, {})).to.throw(`- ${bad} (prebuilt binary for ${tuple}): ${bad}: invalid ELF header`);
  });

  it('falls through a broken local build to the prebuilt binary', () => {
    put('build/Release/kaiming.node');
    const prebuilt = put(`prebuilds/${tuple}/kaiming.glibc.node`, built);
    const { binding, file } = loadAddon(root, {});
    expect(file).to.equal(prebuilt);
    expect(binding.fill(null, 2, 0, 0, 0n, 0n, 0, Float64Array.of(0, 1, 0, 0), 1)).to.have.length(2);
  });

  it('prefers a local build to the prebuilt binary', () => {
    const local = put('build/Release/kaiming.node', built);
    put(`prebuilds/${tuple}/kaiming.glibc.node`);
    expect(loadAddon(root, {}).file).to.equal(local);
  });
});
