// Concurrency and cancellation: many async fills at once give the
// sync values; abort rejects with an AbortError and leaves `out` in the
// documented state; workers terminated mid-fill, processes exiting with fills
// in flight, targets dropped or shared mid-fill, and the addon loaded by many
// workers at once neither crash nor hang. Times are logged, never asserted.
// test/workers.test.ts and test/async-safety.test.ts have the basic cases.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as k from '../lib/index';
import type { Tensor } from '../lib/core/tensor';
import { bytes } from './support/initializers';
import { rejection } from './support/rejection';
import { childNode } from './support/runtime';

const lib = path.join(__dirname, '..', 'lib', 'index.ts');
const root = path.join(__dirname, '..');
type AnyInit = (shape: unknown, options?: Record<string, unknown>) => Tensor;
type AnyAsync = (shape: unknown, options?: Record<string, unknown>) => Promise<Tensor>;
const api = k as unknown as Record<string, AnyInit & AnyAsync>;

function measured(what: string): void {
  console.log(`      measured: ${what}`);
}


function arrayFor(dtype: string, length: number, shared = false): Float32Array | Float64Array | Uint16Array {
  const Type = dtype === 'float32' ? Float32Array : dtype === 'float64' ? Float64Array : Uint16Array;
  // The typings list only ArrayBuffer for the constructor; a SharedArrayBuffer is accepted.
  return shared ? new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer) : new Type(length);
}

function startWorker(source: string, workerData: unknown): Worker {
  return new Worker(`require('tsx/cjs'); ${source}`, { eval: true, workerData });
}

function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before answering`)));
  });
}

/** Runs a script in a child Node process (TypeScript through tsx); resolves with how it ended. */
function runScript(source: string, args: string[] = []): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(childNode, [...args, '-r', 'tsx/cjs', '-e', source], {
      cwd: root,
      env: { ...process.env, KAIMING_LIB: lib },
      timeout: 90_000,
    }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: number | string; signal?: string }) | null;
      resolve({
        code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
        signal: failure?.signal ?? null,
        stdout,
        stderr,
      });
    });
  });
}

describe('hardening: concurrency and cancellation', function () {
  this.timeout(120_000);

  it('500 concurrent async fills of mixed sizes, dtypes, rules and targets equal their sync results; fs work still runs', async () => {
    const rules = ['uniform', 'normal', 'truncNormal', 'kaimingNormal', 'xavierUniform'];
    const dtypes = ['float32', 'float64', 'bfloat16', 'float16'];
    const small = [1, 17, 1000, 16_383, 16_384];
    const specs = Array.from({ length: 500 }, (_, i) => {
      const size = i % 50 === 0 ? 1_000_003 : i % 10 === 0 ? 200_003 : i % 3 === 0 ? 65_537 : small[i % 5];
      const rule = rules[i % 5];
      const dtype = dtypes[(i >> 1) % 4];
      const options: Record<string, unknown> = { seed: 1000 + i, key: `fill-${i}`, dtype, threads: 1 + (i % 3) };
      if (i % 11 === 0 && size > 3) options.range = [3, size];
      const length = i % 11 === 0 && size > 3 ? size - 3 : size;
      return { rule, shape: [1, size], options, length, target: i % 7 };
    });
    const file = path.join(os.tmpdir(), `kaiming-fs-probe-${process.pid}.bin`);
    await writeFile(file, randomBytes(4 << 20));
    try {
      let t0 = performance.now();
      await readFile(file);
      const idleMs = performance.now() - t0;

      const started = performance.now();
      const targets = specs.map((s) => {
        // One in seven fills a plain out, one in seven a SharedArrayBuffer out; the rest make new tensors.
        if (s.target === 0) return arrayFor(s.options.dtype as string, s.length);
        if (s.target === 1) return arrayFor(s.options.dtype as string, s.length, true);
        return undefined;
      });
      const fills = specs.map((s, i) => api[`${s.rule}Async`](s.shape, targets[i] === undefined ? s.options : { ...s.options, out: targets[i] }));
      // The JS thread stays idle meanwhile (the sync fills to compare with come afterwards).
      t0 = performance.now();
      const busyMs = await readFile(file).then(() => performance.now() - t0);
      const made = await Promise.all(fills);
      const totalMs = performance.now() - started;
      specs.forEach((s, i) => {
        const expected = api[s.rule](s.shape, s.options);
        expect(bytes(made[i].data).equals(bytes(expected.data)), `${s.rule} ${JSON.stringify(s.options)}`).to.equal(true);
        if (targets[i] !== undefined) expect(made[i].data).to.equal(targets[i]);
      });
      const elements = specs.reduce((sum, s) => sum + s.length, 0);
      measured(`500 concurrent async fills (${(elements / 1e6).toFixed(1)}M elements) in ${totalMs.toFixed(0)} ms; ` +
        `fs.readFile of 4 MiB took ${busyMs.toFixed(1)} ms during them, ${idleMs.toFixed(1)} ms idle ` +
        `(UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'})`);
    } finally {
      await rm(file, { force: true });
    }
  });

  it('every async initializer honours an already aborted signal', async () => {
    const valid: Record<string, [unknown, Record<string, unknown>]> = {
      constantAsync: [[4, 4], { value: 1 }],
      diracAsync: [[2, 2, 3], {}],
      sparseAsync: [[4, 4], { sparsity: 0.5 }],
    };
    const names = Object.keys(k).filter((name) => name.endsWith('Async') && name !== 'initAsync');
    expect(names.length).to.be.at.least(20);
    const reason = new Error('stop');
    for (const name of names) {
      const [shape, options] = valid[name] ?? [[4, 4], {}];
      const error = await rejection(Promise.resolve(api[name](shape, { ...options, seed: 1, signal: AbortSignal.abort(reason) })));
      expect(error.name, name).to.equal('AbortError');
      expect(error.cause, name).to.equal(reason);
    }
    expect((await rejection(k.initAsync('he_normal', [4, 4], { signal: AbortSignal.abort() }))).name).to.equal('AbortError');
    expect((await rejection(k.defaults.linearAsync(4, 4, { signal: AbortSignal.abort() }))).name).to.equal('AbortError');
  });

  it('abort mid-fill: an AbortError soon after, a plain out untouched, a shared out in whole chunks (truncated normal: one partial)', async () => {
    // Plain ArrayBuffer target: filled in native memory and copied in only on success.
    const plain = new Float32Array(8_000_000).fill(7);
    let controller = new AbortController();
    let pending = k.truncNormalAsync([8_000_000], { seed: 1, out: plain, threads: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 2);
    let error = await rejection(pending);
    expect(error.name).to.equal('AbortError');
    expect(plain.every((v) => v === 7)).to.equal(true);

    // SharedArrayBuffer target: filled in place. uniform and normal check the flag
    // between chunks of 65,536 elements, so each chunk is either untouched or final.
    const n = 24 * 65_536 * 16;
    const shared = new Float32Array(new SharedArrayBuffer(n * 4)).fill(7);
    controller = new AbortController();
    pending = k.normalAsync([n], { seed: 2, out: shared, threads: 1, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    let t0 = performance.now();
    controller.abort();
    error = await rejection(pending);
    const normalMs = performance.now() - t0;
    expect(error.name).to.equal('AbortError');
    let written = 0;
    for (let c = 0; c < n; c += 65_536) {
      const chunk = shared.subarray(c, c + 65_536);
      if (chunk.every((v) => v === 7)) continue;
      written++;
      const expected = k.normal([n], { seed: 2, range: [c, c + 65_536] }).data;
      expect(bytes(chunk).equals(bytes(expected)), `chunk at ${c}`).to.equal(true);
    }
    expect(written).to.be.lessThan(n / 65_536);

    // The truncated normal also checks the flag inside a chunk (rejection has no fixed
    // length), so with one thread at most one chunk is partial: a prefix of its final
    // values, then scratch (candidates being compacted) or untouched values.
    const tn = new Float32Array(new SharedArrayBuffer(n * 4)).fill(7);
    controller = new AbortController();
    pending = k.truncNormalAsync([n], { seed: 7, out: tn, threads: 1, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect((await rejection(pending)).name).to.equal('AbortError');
    let partial = 0;
    for (let c = 0; c < n; c += 65_536) {
      const chunk = tn.subarray(c, c + 65_536);
      if (chunk.every((v) => v === 7)) continue;
      const expected = k.truncNormal([n], { seed: 7, range: [c, c + 65_536] }).data;
      if (bytes(chunk).equals(bytes(expected))) continue;
      partial++;
      expect(chunk[0], `partial chunk at ${c} starts with its final values`).to.equal(expected[0]);
    }
    expect(partial).to.be.at.most(1);

    // A slow rule (one-sided tail: the exponential method) and the orthogonal QR.
    controller = new AbortController();
    pending = k.truncNormalAsync([12_000_000], { seed: 3, a: 3, b: Infinity, dtype: 'float64', threads: 1, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    t0 = performance.now();
    controller.abort();
    expect((await rejection(pending)).name).to.equal('AbortError');
    const tailMs = performance.now() - t0;
    controller = new AbortController();
    pending = k.orthogonalAsync([1200, 1200], { seed: 4, threads: 1, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    t0 = performance.now();
    controller.abort();
    expect((await rejection(pending)).name).to.equal('AbortError');
    const orthogonalMs = performance.now() - t0;
    measured(`abort to rejection: normal ${normalMs.toFixed(2)} ms (${written} of ${n / 65_536} chunks written), ` +
      `truncated-normal tail ${tailMs.toFixed(2)} ms, orthogonal 1200×1200 ${orthogonalMs.toFixed(2)} ms`);
  });

  it('a SharedArrayBuffer target read by a worker and another dropped, both mid-fill: right values, no crash', async () => {
    const n = 4_000_000;
    const out = new Float32Array(new SharedArrayBuffer(n * 4));
    const pending = k.uniformAsync([n], { seed: 5, out, threads: 2 });
    const reader = startWorker(`
      const { parentPort, workerData } = require('node:worker_threads');
      let sum = 0;
      for (let pass = 0; pass < 20; pass++) for (let i = 0; i < workerData.out.length; i += 4096) sum += workerData.out[i];
      parentPort.postMessage(Number.isFinite(sum));`, { out });
    const dropped = k.normalAsync([n], { seed: 6, out: new Float32Array(new SharedArrayBuffer(n * 4)), threads: 2 });
    expect(await firstMessage(reader)).to.equal(true);
    await reader.terminate();
    const t = await pending;
    expect(bytes(t.data).equals(bytes(k.uniform([n], { seed: 5 }).data))).to.equal(true);
    expect((await dropped).data.length).to.equal(n);
  });

  it('terminating workers while they wait on async fills, and while one runs a sync fill, ends them all', async () => {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const k = require(workerData.lib);
      const n = 6000000;
      k.truncNormalAsync([n], { seed: 1, threads: 2 });                                        // a new tensor
      k.normalAsync([n], { seed: 2, out: new Float32Array(n) });                               // a plain out
      k.uniformAsync([n], { seed: 3, out: new Float32Array(new SharedArrayBuffer(4 * n)) }); // a shared out
      k.orthogonalAsync([300, 300], { seed: 4 });
      k.kaimingNormalAsync([2000, 3000], { seed: 5, signal: new AbortController().signal });
      parentPort.postMessage('started');
      if (workerData.sync) k.truncNormal([15000000], { seed: 6, a: 3, b: 10, threads: 1 });  // blocks this thread`;
    const codes: number[] = [];
    const t0 = performance.now();
    for (let round = 0; round < 8; round++) {
      const worker = startWorker(source, { lib, sync: round === 7 });
      expect(await firstMessage(worker)).to.equal('started');
      // Terminate at once, after a tick, or a little later: the fills are at different stages.
      await new Promise((resolve) => setTimeout(resolve, round % 3));
      codes.push(await worker.terminate());
    }
    expect(codes).to.deep.equal([1, 1, 1, 1, 1, 1, 1, 1]);
    measured(`8 workers started and terminated mid-fill in ${(performance.now() - t0).toFixed(0)} ms (the last blocked in a sync fill)`);
    expect(k.uniform([4], { seed: 0 }).data.length).to.equal(4);
  });

  it('8 workers load the addon at once and fill; 8 more are terminated while loading it', async () => {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const k = require(workerData.lib);
      Promise.all([k.normalAsync([100003], { seed: workerData.seed, dtype: 'bfloat16' }), k.orthogonalAsync([20, 30], { seed: workerData.seed })])
        .then(([a, b]) => parentPort.postMessage([Buffer.from(a.data.buffer).toString('base64'), Buffer.from(b.data.buffer).toString('base64')]));`;
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const t0 = performance.now();
    const workers = seeds.map((seed) => startWorker(source, { lib, seed }));
    const answers = (await Promise.all(workers.map(firstMessage))) as [string, string][];
    const loadMs = performance.now() - t0;
    await Promise.all(workers.map((w) => w.terminate()));
    seeds.forEach((seed, i) => {
      expect(answers[i][0]).to.equal(Buffer.from(k.normal([100003], { seed, dtype: 'bfloat16' }).data.buffer).toString('base64'));
      expect(answers[i][1]).to.equal(Buffer.from(k.orthogonal([20, 30], { seed }).data.buffer).toString('base64'));
    });
    const doomed = seeds.map((seed) => startWorker(source, { lib, seed }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await Promise.all(doomed.map((w) => w.terminate()))).to.have.length(8);
    measured(`8 workers loaded the addon and answered in ${loadMs.toFixed(0)} ms`);
    expect(k.normal([4], { seed: 0 }).data.length).to.equal(4);
  });

  it('a process that exits, or dies of an uncaught exception, with fills in flight ends cleanly', async () => {
    const start = `
      const k = require(process.env.KAIMING_LIB);
      const n = 8000000;
      for (let i = 0; i < 4; i++) {
        k.truncNormalAsync([n], { seed: i, threads: 2 }).catch(() => {});
        k.normalAsync([n], { seed: i, out: new Float32Array(n) }).catch(() => {});
        k.uniformAsync([n], { seed: i, out: new Float32Array(new SharedArrayBuffer(4 * n)) }).catch(() => {});
      }
      k.orthogonalAsync([500, 500], { seed: 1 }).catch(() => {});`;
    const exit = await runScript(`${start}; setImmediate(() => process.exit(3));`);
    expect(exit.signal, exit.stderr).to.equal(null);
    expect(exit.code, exit.stderr).to.equal(3);
    const thrown = await runScript(`${start}; setTimeout(() => { throw new Error('boom'); }, 1);`);
    expect(thrown.signal, thrown.stderr).to.equal(null);
    expect(thrown.code).to.equal(1);
    expect(thrown.stderr).to.contain('boom');
    // Dropped targets and collected garbage while fills run (new, plain and shared targets).
    const collected = await runScript(`
      const k = require(process.env.KAIMING_LIB);
      const fills = [];
      for (let i = 0; i < 40; i++) {
        const n = 200000 + i * 1000;
        fills.push(k.normalAsync([n], { seed: i, out: i % 2 ? new Float32Array(n) : new Float32Array(new SharedArrayBuffer(4 * n)) }).then(() => 1));
        fills.push(k.uniformAsync([n], { seed: i }).then(() => 1));
        global.gc();
      }
      const timer = setInterval(() => global.gc(), 1);
      Promise.all(fills).then((done) => { clearInterval(timer); global.gc(); console.log(done.length); });`, ['--expose-gc']);
    expect(collected.signal, collected.stderr).to.equal(null);
    expect(collected.code, collected.stderr).to.equal(0);
    expect(collected.stdout.trim()).to.equal('80');
  });
});
