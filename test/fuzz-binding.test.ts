// The raw binding under random argument lists (test/support/fuzz-child.ts), in
// a child process so that a crash is seen as what it is: a signal or a
// non-zero exit. A bounded run here; `npm run fuzz` runs a long one.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { childNode } from './support/runtime';

const child = path.join(__dirname, 'support', 'fuzz-child.ts');

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runChild(iterations: number, seed: number): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(childNode, ['-r', 'tsx/cjs', child], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, KAIMING_FUZZ_ITERATIONS: String(iterations), KAIMING_FUZZ_SEED: String(seed) },
      timeout: 120_000,
      maxBuffer: 16 << 20,
    }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({
        code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
        signal: failure?.signal ?? null,
        stdout,
        stderr,
      });
    });
  });
}

describe('fuzzing the native binding', function () {
  this.timeout(150_000);

  for (const seed of [7, 1234]) {
    it(`3000 random calls (seed ${seed}) end without a signal, and every failure is a TypeError, RangeError or AbortError`, async () => {
      const outcome = await runChild(3000, seed);
      expect(outcome.signal, outcome.stderr).to.equal(null);
      expect(outcome.code, outcome.stderr + outcome.stdout).to.equal(0);
      const summary = JSON.parse(outcome.stdout.trim().split('\n').pop()!) as Record<string, number>;
      expect(summary.calls).to.equal(3000);
      expect(summary.unexpected).to.equal(0);
      // The mix reaches the kernel as well as the argument checks, sync and async.
      expect(summary.returned).to.be.greaterThan(300);
      expect(summary.resolved).to.be.greaterThan(300);
      expect(summary.threw).to.be.greaterThan(300);
    });
  }
});
