// The addon in worker_threads: loads in several at once (context-aware),
// shares SharedArrayBuffer output, and survives a worker terminated mid-fill.
import { expect } from 'chai';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { normal, uniform } from '../lib/index';

const lib = path.join(__dirname, '..', 'lib', 'index.ts');

// Workers run plain CommonJS that requires the TypeScript sources through tsx.
function startWorker(source: string, workerData: unknown): Worker {
  return new Worker(`require('tsx/cjs'); ${source}`, { eval: true, workerData });
}

function result(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before answering`)));
  });
}

describe('worker_threads', function () {
  this.timeout(60000);

  it('two workers load the addon and fill at the same time', async () => {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const k = require(workerData.lib);
      k.uniformAsync([200000], { seed: workerData.seed }).then((t) => parentPort.postMessage(Buffer.from(t.data.buffer).toString('base64')));`;
    const workers = [1, 2].map((seed) => startWorker(source, { lib, seed }));
    const answers = await Promise.all(workers.map(result));
    workers.forEach((w) => w.terminate());
    [1, 2].forEach((seed, i) => {
      expect(answers[i]).to.equal(Buffer.from(uniform([200000], { seed }).data.buffer).toString('base64'));
    });
  });

  it('a worker reads what the main thread wrote into a SharedArrayBuffer', async () => {
    const t = uniform([100000], { seed: 8, shared: true });
    const worker = startWorker(`
      const { parentPort, workerData } = require('node:worker_threads');
      let sum = 0; for (const v of workerData.data) sum += v;
      parentPort.postMessage(sum);`, { data: t.data });
    const sum = await result(worker);
    await worker.terminate();
    let expected = 0;
    for (const v of t.data) expected += v;
    expect(sum).to.equal(expected);
  });

  it('a worker fills a SharedArrayBuffer that the main thread then reads', async () => {
    const data = new Float32Array(new SharedArrayBuffer(4 * 300000));
    const worker = startWorker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const k = require(workerData.lib);
      k.normalAsync([300000], { seed: 4, out: workerData.data }).then(() => parentPort.postMessage('done'));`, { lib, data });
    expect(await result(worker)).to.equal('done');
    await worker.terminate();
    expect(Buffer.from(data.buffer).equals(Buffer.from(normal([300000], { seed: 4 }).data.buffer))).to.equal(true);
  });

  it('terminating a worker in the middle of a large async fill neither crashes nor hangs', async () => {
    const worker = startWorker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const k = require(workerData.lib);
      const out = new Float32Array(new SharedArrayBuffer(4 * 40000000));
      k.truncNormalAsync([40000000], { seed: 1, out, threads: 2 });
      parentPort.postMessage('started');`, { lib });
    expect(await result(worker)).to.equal('started');
    const code = await worker.terminate();
    expect(code).to.equal(1);
    // The process is still healthy.
    expect(uniform([4], { seed: 0 }).data.length).to.equal(4);
  });
});
