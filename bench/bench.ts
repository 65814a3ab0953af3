// npm run bench -- [--n 33554432] [--threads 2] [--rounds 3]
// kaiming against the store-bandwidth limit, a plain Math.random loop,
// TF.js (pure-JS CPU backend) and @stdlib generators in this process, and
// PyTorch/NumPy through /usr/bin/python3 when installed (skipped with a note
// otherwise), all measured in the same run. Prints ns/element, GB/s and the
// ratio of each peer to kaiming, and writes JSON to bench/results/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { normal, truncNormal, uniform, uniformAsync } from '../lib/index';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const n = arg('n', 1 << 25);
const threads = arg('threads', 2);
const rounds = arg('rounds', 3);

// Rounds are separated by a turn of the event loop, as calls in a real program
// are: that is when N-API finalizers run and freed tensors return their memory.
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function median(fn: () => void): Promise<number> {
  fn();  // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await tick();
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const out32 = new Float32Array(n).fill(1);
const bound = Math.sqrt(3) * Math.sqrt(2 / 1024);
const rows: { name: string; ns: number; bytes: number; kaiming?: boolean }[] = [];
const add = async (name: string, bytes: number, fn: () => void, kaiming = false) => {
  rows.push({ name, ns: await median(fn), bytes, kaiming });
};

async function kaimingRows(): Promise<void> {
  await add('Float32Array.fill (store bandwidth, 1 thread)', 4, () => out32.fill(0.5));
  await add('Math.random loop', 4, () => { for (let i = 0; i < n; i++) out32[i] = Math.random(); });
  await add('kaiming uniform f32 (existing)', 4, () => uniform([n], { low: -bound, high: bound, seed: 1, out: out32, threads }), true);
  await add('kaiming normal f32 (existing)', 4, () => normal([n], { std: 0.044, seed: 1, out: out32, threads }), true);
  await add('kaiming truncNormal f32 (existing)', 4, () => truncNormal([n], { seed: 1, out: out32, threads }), true);
  await add('kaiming uniform bf16 (existing)', 2, () => uniform([n], { low: -bound, high: bound, seed: 1, dtype: 'bfloat16', out: new Uint16Array(out32.buffer, 0, n), threads }), true);
  await add('kaiming uniform f32 (fresh allocation)', 4, () => uniform([n], { low: -bound, high: bound, seed: 1, threads }), true);
  await add('kaiming normal f32 (fresh allocation)', 4, () => normal([n], { std: 0.044, seed: 1, threads }), true);
  await add('kaiming 1,024-element sync call', 4, () => { for (let i = 0; i < n / 1024; i++) uniform([1024], { seed: 1, threads }); }, true);
  // Async calls are timed over a sequential chain of awaits (not through median()).
  const calls = 20000;
  for (let i = 0; i < 1000; i++) await uniformAsync([1024], { seed: 1, threads });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await uniformAsync([1024], { seed: 1, threads });
  rows.push({ name: 'kaiming 1,024-element async call (awaited)', ns: Number(process.hrtime.bigint() - t0) / (calls * 1024), bytes: 4, kaiming: true });
}

// Pure-JS peers, in this process: TF.js layers initializers on the CPU backend, @stdlib generators.
async function jsPeers(): Promise<void> {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    const { initializers } = await import('@tensorflow/tfjs-layers');
    await tf.setBackend('cpu');
    const shape = [n / 1024, 1024];
    for (const [name, make] of [['heUniform', initializers.heUniform], ['heNormal', initializers.heNormal]] as const) {
      await add(`TF.js 4 ${name} (cpu backend, fresh)`, 4, () => {
        const t = make({ seed: 1 }).apply(shape);
        t.dataSync();
        t.dispose();
      });
    }
  } catch (error) {
    console.log(`(TF.js peers skipped: ${(error as Error).message.split('\n')[0]})`);
  }
  try {
    const ziggurat = (await import('@stdlib/random-base-improved-ziggurat')).default as unknown as { factory(o: object): () => number };
    const mt = (await import('@stdlib/random-base-mt19937')).default as unknown as { factory(o: object): { normalized(): number } };
    const z = ziggurat.factory({ seed: 1 });
    const m = mt.factory({ seed: 1 });
    await add('@stdlib improved ziggurat (normal)', 4, () => { for (let i = 0; i < n; i++) out32[i] = z(); });
    await add('@stdlib mt19937 normalized (uniform)', 4, () => { for (let i = 0; i < n; i++) out32[i] = m.normalized(); });
  } catch (error) {
    console.log(`(@stdlib peers skipped: ${(error as Error).message.split('\n')[0]})`);
  }
}

async function main(): Promise<void> {
await kaimingRows();
await jsPeers();
let peers: Record<string, number> = {};
const python = '/usr/bin/python3';
if (existsSync(python)) {
  try {
    peers = JSON.parse(execFileSync(python, [path.join(__dirname, 'peers.py'), String(n), String(threads), String(rounds)], { encoding: 'utf8' }));
  } catch (error) {
    console.log(`(PyTorch/NumPy peers skipped: ${(error as Error).message.split('\n')[0]})`);
  }
} else {
  console.log('(PyTorch/NumPy peers skipped: /usr/bin/python3 not found)');
}
for (const [name, ns] of Object.entries(peers)) rows.push({ name, ns, bytes: 4 });

const ref = (pattern: string) => rows.find((r) => r.name.startsWith(pattern))?.ns;
console.log(`n = ${n}, threads = ${threads}, median of ${rounds} rounds`);
console.log('method'.padEnd(46), 'ns/elem'.padStart(9), 'GB/s'.padStart(7), 'vs kaiming'.padStart(11));
for (const r of rows) {
  const normalish = /normal|ziggurat/i.test(r.name) && !r.name.includes('trunc');
  const fresh = r.name.includes('fresh') ? 'fresh' : 'existing';
  const base = r.name.includes('trunc') ? ref('kaiming truncNormal')
    : ref(`kaiming ${normalish ? 'normal' : 'uniform'} f32 (${fresh}`);
  const ratio = base !== undefined && !r.kaiming ? `${(r.ns / base).toFixed(1)}×` : '';
  console.log(r.name.padEnd(46), r.ns.toFixed(3).padStart(9), (r.bytes / r.ns).toFixed(2).padStart(7), ratio.padStart(11));
}
const dir = path.join(__dirname, 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ n, threads, rounds, node: process.version, rows }, null, 1));
console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
