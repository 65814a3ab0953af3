// npm run bench -- [--n 33554432] [--threads 2] [--rounds 3] [--dtype float32|float64|bfloat16|float16]
//                  [--memory existing|fresh|both] [--sizes 1000,1000000,...] [--no-peers]
//                  [--compare bench/results/reference-2026-11-30.json]
// kaiming against the store-bandwidth limit, a plain Math.random loop,
// TF.js (pure-JS CPU backend) and @stdlib generators in this process, and
// PyTorch/NumPy through /usr/bin/python3 when installed (skipped with a note
// otherwise), all measured in the same run. Prints ns/element, GB/s and the
// ratio of each peer to kaiming, the cost per call of small tensors, and
// (with --sizes) the scaling with size; then the page-fault floor of the same
// bytes (bench/page-fault-floor.c) and issue 22's goals as ratios to this
// run's Float32Array.fill, with the CPU named; writes JSON to bench/results/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
// The compiled package, as users load it (tsx's on-the-fly build of lib/ ran small calls ~30% slower).
import { type DType, kaimingUniform, normal, truncNormal, uniform, uniformAsync } from '../dist/index';
import { arrayTypeFor } from '../dist/core/dtype';
import { native } from '../dist/sampling/native';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function word(name: string, choices: readonly string[], fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? process.argv[i + 1] : fallback;
  if (!choices.includes(value)) throw new Error(`--${name}: expected one of ${choices.join(', ')} but received ${value}`);
  return value;
}

const n = arg('n', 1 << 25);
const threads = arg('threads', 2);
const rounds = arg('rounds', 3);
const dtype = word('dtype', ['float32', 'float64', 'bfloat16', 'float16'], 'float32') as DType;
const memory = word('memory', ['existing', 'fresh', 'both'], 'both');
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [];
const peersWanted = !process.argv.includes('--no-peers');
const compareArg = process.argv.indexOf('--compare');
const compareFile = compareArg > 0 ? process.argv[compareArg + 1] : undefined;

// Rounds are separated by a turn of the event loop, as calls in a real program
// are: that is when N-API finalizers run and freed tensors return their memory.
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// A full collection on demand, so that a new-tensor round can start after the
// previous round's tensor has been freed (and its memory returned to the block cache).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

async function median(fn: () => void, elements = n, collectFirst = false): Promise<number> {
  fn();  // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (collectFirst) {
      collect();
      // V8 frees array buffers on a background sweeper; the N-API finalizer
      // that returns the block then runs in a later task of this thread.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await tick();
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / elements);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const out32 = new Float32Array(n).fill(1);
const outBuffer = new ArrayBuffer(n * 8);
const outDType = new (arrayTypeFor(dtype))(outBuffer, 0, n);
const bound = Math.sqrt(3) * Math.sqrt(2 / 1024);
const rows: { name: string; ns: number; bytes: number; kaiming?: boolean }[] = [];
const add = async (name: string, bytes: number, fn: () => void, kaiming = false, collectFirst = false) => {
  rows.push({ name, ns: await median(fn, n, collectFirst), bytes, kaiming });
};

// A new tensor on memory never touched before, as a model being initialised
// gets it: a child process that keeps every tensor it makes, so that no block
// is ever reused; each is a new native block (within the block cache's size,
// 512 MiB: the warm-up and three rounds of 128 MiB) faulted in by the page
// policy of block_allocator.h, or whatever `env` sets (KAIMING_PREFAULT=0:
// faulted page by page by the fill's threads as they take chunks).
function coldNewTensor(family: 'uniform' | 'normal', env: Record<string, string> = {}): number {
  const script = `
    const k = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'index.js'))});
    const kept = [];
    const make = () => kept.push(k.${family}([${n}], { seed: 1, dtype: '${dtype}', threads: ${threads} }));
    make();
    const times = [];
    for (let i = 0; i < ${rounds}; i++) {
      const t0 = process.hrtime.bigint(); make(); times.push(Number(process.hrtime.bigint() - t0) / ${n});
    }
    times.sort((a, b) => a - b);
    console.log(times[Math.floor(times.length / 2)]);`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } }).trim());
}

// The page-fault floor of the same bytes (bench/page-fault-floor.c, compiled
// here with the system's C compiler): each way of faulting in n float32
// elements of fresh memory and writing them once, without kaiming.
const floorRows: { name: string; first: number; median: number }[] = [];
function pageFaultFloors(): void {
  const binary = path.join(os.tmpdir(), `kaiming-page-fault-floor-${process.pid}`);
  try {
    execFileSync('cc', ['-O2', '-pthread', '-o', binary, path.join(__dirname, 'page-fault-floor.c')], { stdio: 'pipe' });
    const lines = execFileSync(binary, [String(n * 4), String(Math.max(rounds, 3))], { encoding: 'utf8' }).trim().split('\n');
    for (const line of lines) {
      const { case: name, first, median: med } = JSON.parse(line) as { case: string; first: number; median: number };
      floorRows.push({ name, first, median: med });
    }
  } catch (error) {
    console.log(`(page-fault floors skipped: ${(error as Error).message.split('\n')[0]})`);
  }
}

// The CPU, by /proc/cpuinfo's model name and the vector extensions the kernel's paths use.
function cpuDescription(): string {
  let model = os.cpus()[0]?.model ?? 'unknown CPU';
  let flags: string[] = [];
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? model;
    const present = new Set((/^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? '').split(/\s+/));
    flags = ['avx512f', 'avx512bw', 'avx512_bf16', 'avx2', 'f16c'].filter((f) => present.has(f));
  } catch {
    // Not Linux: the model from os.cpus() alone.
  }
  return `${model}; ${os.cpus().length} CPUs; flags ${flags.join(' ') || 'none of avx512f/avx2'}; kernel path ${native().kernelPath}`;
}
const bytesOf = (d: DType) => arrayTypeFor(d).BYTES_PER_ELEMENT;

async function kaimingRows(): Promise<void> {
  const d = dtype === 'float32' ? 'f32' : dtype;
  const b = bytesOf(dtype);
  await add('Float32Array.fill (store bandwidth, 1 thread)', 4, () => out32.fill(0.5));
  await add('Math.random loop', 4, () => { for (let i = 0; i < n; i++) out32[i] = Math.random(); });
  if (memory !== 'fresh') {
    const out = outDType;
    await add(`kaiming uniform ${d} (existing)`, b, () => uniform([n], { low: -bound, high: bound, seed: 1, dtype, out, threads }), true);
    await add(`kaiming normal ${d} (existing)`, b, () => normal([n], { std: 0.044, seed: 1, dtype, out, threads }), true);
    await add(`kaiming truncNormal ${d} (existing)`, b, () => truncNormal([n], { seed: 1, dtype, out, threads }), true);
    if (dtype === 'float32') {
      // The 16-bit formats too, as the issue sets them a target of their own.
      for (const half of ['bfloat16', 'float16'] as const) {
        const out16 = new Uint16Array(outBuffer, 0, n);
        await add(`kaiming uniform ${half} (existing)`, 2, () => uniform([n], { low: -bound, high: bound, seed: 1, dtype: half, out: out16, threads }), true);
      }
    }
  }
  if (memory !== 'existing') {
    await add(`kaiming uniform ${d} (fresh allocation, memory reused)`, b,
      () => uniform([n], { low: -bound, high: bound, seed: 1, dtype, threads }), true, true);
    await add(`kaiming normal ${d} (fresh allocation, memory reused)`, b, () => normal([n], { std: 0.044, seed: 1, dtype, threads }), true, true);
    rows.push({ name: `kaiming uniform ${d} (fresh allocation, memory never touched)`, ns: coldNewTensor('uniform'), bytes: b, kaiming: true });
    rows.push({
      name: `kaiming uniform ${d} (fresh allocation, memory never touched, KAIMING_PREFAULT=0)`,
      ns: coldNewTensor('uniform', { KAIMING_PREFAULT: '0' }), bytes: b, kaiming: true,
    });
    rows.push({ name: `kaiming normal ${d} (fresh allocation, memory never touched)`, ns: coldNewTensor('normal'), bytes: b, kaiming: true });
  }
}

// Small tensors: microseconds per call, the best and the median of 9 batches
// of 20,000 calls (the machine is shared; the best batch is the least disturbed).
const callRows: { name: string; bestUs: number; medianUs: number }[] = [];
// Sync calls run back to back (an `await` per call would add a microtask turn).
async function callRow(name: string, fn: () => unknown, awaited = false): Promise<void> {
  const calls = 20000;
  const batches: number[] = [];
  const batch = async () => {
    if (awaited) for (let i = 0; i < calls; i++) await fn();
    else for (let i = 0; i < calls; i++) fn();
  };
  await batch();  // warm-up
  for (let b = 0; b < 9; b++) {
    await tick();
    const t0 = process.hrtime.bigint();
    await batch();
    batches.push(Number(process.hrtime.bigint() - t0) / calls / 1000);
  }
  batches.sort((a, c) => a - c);
  callRows.push({ name, bestUs: batches[0], medianUs: batches[4] });
}

async function smallCalls(): Promise<void> {
  const out = new Float32Array(1024);
  await callRow('sync uniform([1024]) into out', () => uniform([1024], { seed: 1, out, threads }));
  await callRow('sync kaimingUniform([32, 32]) into out', () => kaimingUniform([32, 32], { seed: 1, out, threads }));
  await callRow('sync uniform([1024]), new tensor', () => uniform([1024], { seed: 1, threads }));
  await callRow('sync kaimingUniform([32, 32]), new tensor', () => kaimingUniform([32, 32], { seed: 1, threads }));
  await callRow('new Float32Array(1024) alone', () => new Float32Array(1024));
  await callRow('async uniformAsync([1024]), awaited', () => uniformAsync([1024], { seed: 1, threads }), true);
}

// Scaling with size: kaiming uniform and normal (existing memory) at each size.
const scaleRows: { size: number; uniform: number; normal: number }[] = [];
async function scaling(): Promise<void> {
  for (const size of sizes) {
    const out = new (arrayTypeFor(dtype))(size);
    const reps = Math.max(1, Math.floor(1e7 / size));
    const timed = (fn: () => void) => median(() => { for (let i = 0; i < reps; i++) fn(); }, size * reps);
    scaleRows.push({
      size,
      uniform: await timed(() => uniform([size], { low: -bound, high: bound, seed: 1, dtype, out, threads })),
      normal: await timed(() => normal([size], { std: 0.044, seed: 1, dtype, out, threads })),
    });
  }
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

async function pythonPeers(): Promise<void> {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) {
    console.log('(PyTorch/NumPy peers skipped: /usr/bin/python3 not found)');
    return;
  }
  try {
    const peers: Record<string, number> = JSON.parse(
      execFileSync(python, [path.join(__dirname, 'peers.py'), String(n), String(threads), String(rounds)], { encoding: 'utf8' }),
    );
    for (const [name, ns] of Object.entries(peers)) rows.push({ name, ns, bytes: name.includes('bf16') ? 2 : 4 });
  } catch (error) {
    console.log(`(PyTorch/NumPy peers skipped: ${(error as Error).message.split('\n')[0]})`);
  }
}

function printRows(): void {
  const d = dtype === 'float32' ? 'f32' : dtype;
  const ref = (pattern: string) => rows.find((r) => r.name.startsWith(pattern))?.ns;
  console.log(`n = ${n}, threads = ${threads}, dtype = ${dtype}, median of ${rounds} rounds`);
  console.log('method'.padEnd(70), 'ns/elem'.padStart(9), 'GB/s'.padStart(7), 'vs kaiming'.padStart(11));
  for (const r of rows) {
    const normalish = /normal(?!ized)|ziggurat/i.test(r.name) && !r.name.includes('trunc');
    const family = normalish ? 'normal' : 'uniform';
    // Peers are compared with kaiming in the same memory situation, and bf16 peers with kaiming's bf16.
    // New-tensor peers: against kaiming on reused memory / on memory never touched.
    let ratio = '';
    if (!r.kaiming) {
      const times = (base: number | undefined) => (base === undefined ? '' : `${(r.ns / base).toFixed(1)}×`);
      if (r.name.includes('trunc')) ratio = times(ref(`kaiming truncNormal ${d}`));
      else if (r.name.includes('bf16')) ratio = times(ref('kaiming uniform bfloat16'));
      else if (r.name.includes('fresh')) {
        ratio = [ref(`kaiming ${family} ${d} (fresh allocation, memory reused`), ref(`kaiming ${family} ${d} (fresh allocation, memory never`)]
          .map(times).filter((x) => x !== '').join(' / ');
      } else ratio = times(ref(`kaiming ${family} ${d} (existing`));
    }
    console.log(r.name.padEnd(70), r.ns.toFixed(3).padStart(9), (r.bytes / r.ns).toFixed(2).padStart(7), ratio.padStart(11));
  }
  console.log('(new-tensor peers: ratio to kaiming on reused memory / on memory never touched)');
  console.log('\nsmall tensors'.padEnd(71), 'best µs'.padStart(9), 'median'.padStart(8));
  for (const c of callRows) console.log(c.name.padEnd(70), c.bestUs.toFixed(2).padStart(9), c.medianUs.toFixed(2).padStart(8));
  if (scaleRows.length > 0) {
    console.log(`\nscaling (${dtype}, existing memory)`.padEnd(71), 'uniform'.padStart(9), 'normal'.padStart(8), ' ns/element');
    for (const s of scaleRows) console.log(String(s.size).padEnd(70), s.uniform.toFixed(3).padStart(9), s.normal.toFixed(3).padStart(8));
  }
}

// Issue 22's goals, each figure as a ratio to this run's Float32Array.fill of
// existing memory (one JS thread: the store bandwidth a program sees), for
// the AVX-512 class and, in brackets, the AVX2-only class.
interface Goal { figure: string; value: string; goal: string; met: boolean | undefined }
const goals: Goal[] = [];
function evaluateGoals(): void {
  const fill = rows.find((r) => r.name.startsWith('Float32Array.fill'))?.ns;
  const ns = (name: string) => rows.find((r) => r.name === name)?.ns;
  const avx512 = native().kernelPath === 'avx512';
  const ratioGoal = (figure: string, row: string, at512: number, at2: number) => {
    const v = ns(row);
    const limit = avx512 ? at512 : at2;
    if (v === undefined || fill === undefined) return;
    goals.push({ figure, value: `${v.toFixed(3)} ns = ${(v / fill).toFixed(2)}× fill`, goal: `≤ ${limit}× (${at512}× / ${at2}×)`, met: v / fill <= limit });
  };
  if (dtype === 'float32') {
    ratioGoal('new tensor, memory never touched', 'kaiming uniform f32 (fresh allocation, memory never touched)', 3, 3);
    ratioGoal('new tensor, memory reused', 'kaiming uniform f32 (fresh allocation, memory reused)', 3, 3);
    ratioGoal('normal', 'kaiming normal f32 (existing)', 2, 4);
    ratioGoal('truncated normal', 'kaiming truncNormal f32 (existing)', 2.5, 5);
    ratioGoal('bfloat16 uniform', 'kaiming uniform bfloat16 (existing)', 0.75, 1);
    ratioGoal('float16 uniform', 'kaiming uniform float16 (existing)', 0.75, 1);
    const torch = ns('torch empty(n).uniform_() (fresh)');
    const cold = ns('kaiming uniform f32 (fresh allocation, memory never touched)');
    if (torch !== undefined && cold !== undefined) {
      goals.push({ figure: 'new tensor vs torch.empty(n).uniform_()', value: `${(torch / cold).toFixed(1)}× faster`, goal: '≥ 10×', met: torch / cold >= 10 });
    }
  }
  const small = callRows.find((c) => c.name === 'sync uniform([1024]) into out');
  if (small !== undefined) {
    const limit = avx512 ? 1.5 : 3;
    goals.push({ figure: 'a 1,024-element call into out', value: `${small.bestUs.toFixed(2)} µs best, ${small.medianUs.toFixed(2)} median`,
      goal: `≤ ${limit} µs (1.5 / 3)`, met: small.medianUs <= limit });
  }
}

function printGoalsAndFloors(): void {
  const fill = rows.find((r) => r.name.startsWith('Float32Array.fill'))?.ns;
  if (floorRows.length > 0) {
    console.log(`\npage-fault floor of the same ${n * 4} bytes (bench/page-fault-floor.c, ns per float32; first round / median)`);
    for (const f of floorRows) {
      const ratio = fill === undefined ? '' : `${(f.median / fill).toFixed(2)}× fill`;
      console.log(f.name.padEnd(30), f.first.toFixed(3).padStart(9), f.median.toFixed(3).padStart(9), ratio.padStart(14));
    }
  }
  console.log('\nissue 22 goals (ratios to this run\'s Float32Array.fill of existing memory; AVX-512 class / AVX2 class)');
  for (const g of goals) console.log(g.figure.padEnd(42), g.value.padEnd(36), g.goal.padEnd(22), g.met === undefined ? '' : g.met ? 'met' : 'not met');
}

// Each row against the row of the same name in an earlier run's JSON: this run ÷ that run.
function printComparison(file: string): void {
  const earlier = JSON.parse(readFileSync(file, 'utf8')) as { rows: typeof rows; calls?: typeof callRows };
  const before = new Map<string, number>(earlier.rows.map((r) => [r.name, r.ns]));
  for (const c of earlier.calls ?? []) before.set(c.name, c.bestUs);
  console.log(`\nthis run ÷ ${path.basename(file)} (below 1: faster now)`);
  for (const r of rows) if (before.has(r.name)) console.log(r.name.padEnd(70), (r.ns / before.get(r.name)!).toFixed(2).padStart(9));
  for (const c of callRows) if (before.has(c.name)) console.log(c.name.padEnd(70), (c.bestUs / before.get(c.name)!).toFixed(2).padStart(9));
}

async function main(): Promise<void> {
  const cpu = cpuDescription();
  const loadBefore = os.loadavg()[0];
  console.log(`CPU: ${cpu}; load average ${loadBefore.toFixed(2)} at the start (the machine may be shared)`);
  await kaimingRows();
  await smallCalls();
  await scaling();
  if (peersWanted) {
    await jsPeers();
    await pythonPeers();
  }
  if (memory !== 'existing') pageFaultFloors();
  printRows();
  evaluateGoals();
  printGoalsAndFloors();
  const loadAfter = os.loadavg()[0];
  console.log(`load average ${loadAfter.toFixed(2)} at the end (${os.cpus().length} CPUs)`);
  if (compareFile !== undefined) printComparison(compareFile);
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({
    n, threads, rounds, dtype, memory, node: process.version, cpu, load: [loadBefore, loadAfter],
    rows, calls: callRows, scaling: scaleRows, floors: floorRows, goals,
  }, null, 1));
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
