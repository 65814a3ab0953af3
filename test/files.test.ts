// The commands that write files (sample, init-model), end to end: no partial
// file under the final name, no overwrite without --force, and disk-full and
// missing-directory errors that name the path. Disk full is real: a 1 MiB
// tmpfs, mounted when the tests run as root (skipped otherwise).
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childNode } from './support/runtime';

const entry = path.join(__dirname, '..', 'lib', 'cli', 'entry.ts');

function kaiming(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(childNode, ['--import', 'tsx', entry, ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('files written by the command line', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-files-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sample refuses to overwrite without --force, and overwrites with it', () => {
    const out = path.join(dir, 'w.npy');
    fs.writeFileSync(out, 'keep me');
    const refused = kaiming('sample', 'kaiming_uniform', '--shape', '4,4', '--seed', '1', '--out', out);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.contain(out);
    expect(fs.readFileSync(out, 'utf8')).to.equal('keep me');
    expect(kaiming('sample', 'kaiming_uniform', '--shape', '4,4', '--seed', '1', '--out', out, '--force').status).to.equal(0);
    expect(fs.readFileSync(out).subarray(1, 6).toString()).to.equal('NUMPY');
  });

  it('a missing directory is an error naming the path', () => {
    const out = path.join(dir, 'missing', 'w.npy');
    const r = kaiming('sample', 'kaiming_uniform', '--shape', '4,4', '--seed', '1', '--out', out);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain(out).and.to.contain('ENOENT');
  });

  describe('on a full disk (1 MiB tmpfs)', () => {
    let mounted = false;
    let small: string;
    before(function () {
      small = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-tmpfs-'));
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small], { stdio: 'ignore' });
        mounted = true;
      } catch {
        fs.rmSync(small, { recursive: true, force: true });
        this.skip();  // not root, or mounting is not allowed here
      }
    });
    after(() => {
      if (!mounted) return;
      execFileSync('umount', [small]);
      fs.rmSync(small, { recursive: true, force: true });
    });

    it('sample reports ENOSPC with the path and leaves nothing behind', () => {
      const out = path.join(small, 'w.npy');
      const r = kaiming('sample', 'kaiming_uniform', '--shape', '1024,1024', '--seed', '1', '--out', out);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain(`"${out}"`).and.to.contain('ENOSPC');
      expect(fs.readdirSync(small)).to.deep.equal([]);
    });

    it('init-model reports ENOSPC with the path and leaves nothing behind', () => {
      const spec = path.join(dir, 'spec.json');
      fs.writeFileSync(spec, JSON.stringify({ seed: 1, tensors: [{ name: 'w', shape: [1024, 1024], init: 'normal' }] }));
      const out = path.join(small, 'model.safetensors');
      const r = kaiming('init-model', spec, '-o', out);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain(out).and.to.contain('ENOSPC');
      expect(fs.readdirSync(small)).to.deep.equal([]);
    });
  });
});
