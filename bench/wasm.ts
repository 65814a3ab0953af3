/**
 * The WebAssembly kernel against the native one and against TF.js's
 * initializers (npm run bench:wasm = `tsx bench/wasm.ts`): uniform and normal
 * float32 into existing memory, ns per element, best and median of R runs.
 *
 *   tsx bench/wasm.ts [--elements N (default 2^24)] [--repeat R (default 7)]
 *
 * Rows: native and wasm on 1 thread (sync fill) and on all threads (native:
 * its thread pool; wasm: fillAsync over worker_threads, one instance each),
 * and TF.js 4 on its CPU backend (tf.randomUniform / tf.randomNormal, float32,
 * dataSync, in a plain Node child) and its wasm backend when it loads.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Backend, FillCall } from '../lib/sampling/backend';
import { DTYPE_ID, TRANSFORM } from '../lib/sampling/ids';
import { loadAddon, nativeBackend } from '../lib/sampling/native';
import { loadWasmBackend } from '../lib/sampling/wasm-node';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const N = arg('--elements', 1 << 24);
const R = arg('--repeat', 7);
const threads = os.availableParallelism();

const native = nativeBackend(loadAddon(path.join(__dirname, '..')).binding);
const wasm = loadWasmBackend();

const LAWS = { uniform: [TRANSFORM.uniform, -0.1, 0.1], normal: [TRANSFORM.normal, 0, 0.02] } as const;
type Law = keyof typeof LAWS;

async function time(run: () => unknown): Promise<number[]> {
  await run(); // warm-up: workers started, pages touched, code compiled
  const ns: number[] = [];
  for (let r = 0; r < R; r++) {
    const t0 = process.hrtime.bigint();
    await run();
    ns.push(Number(process.hrtime.bigint() - t0) / N);
  }
  return ns.sort((a, b) => a - b);
}

function call(law: Law, out: Float32Array, t: number): FillCall {
  const [transform, p0, p1] = LAWS[law];
  return { out, length: N, dtype: DTYPE_ID.float32, transform, seed: 1n, key: 0n, start: 0, params: Float64Array.of(p0, p1, 0, 0), threads: t };
}

/**
 * TF.js's tf.randomUniform / tf.randomNormal (what its initializers call), in a
 * plain Node child (kaiming's rows run through tsx; TF.js gains nothing from it).
 * Undefined when that TF.js backend does not load.
 */
function tfjs(tfBackend: string, law: Law): number[] | undefined {
  const [, p0, p1] = LAWS[law];
  const draw = law === 'uniform' ? `tf.randomUniform([${N}], ${p0}, ${p1}, 'float32', 1)` : `tf.randomNormal([${N}], ${p0}, ${p1}, 'float32', 1)`;
  const code = `
    require('@tensorflow/tfjs-backend-cpu');
    try { require('@tensorflow/tfjs-backend-wasm'); } catch {}
    const tf = require('@tensorflow/tfjs-core');
    tf.env().set('IS_TEST', true);
    tf.setBackend('${tfBackend}').then((ok) => {
      if (!ok) { console.log('null'); return; }
      // Not tf.tidy(() => t.dataSync()): tidy walks a returned typed array element by element (700 ns each).
      const run = () => { const t = ${draw}; t.dataSync(); t.dispose(); };
      run();
      const ns = [];
      for (let r = 0; r < ${R}; r++) { const t = process.hrtime.bigint(); run(); ns.push(Number(process.hrtime.bigint() - t) / ${N}); }
      console.log(JSON.stringify(ns.sort((a, b) => a - b)));
    }, () => console.log('null'));`;
  const child = spawnSync(process.execPath, ['-e', code], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
  const last = child.stdout.trim().split('\n').pop() ?? 'null';
  return (JSON.parse(last) as number[] | null) ?? undefined;
}

async function main(): Promise<void> {
  const out = new Float32Array(N);
  const rows: Array<[string, Law, number[]]> = [];
  const kernels: Array<[string, Backend, number, boolean]> = [
    ['native, 1 thread', native, 1, false], [`native, ${threads} threads`, native, threads, false],
    ['wasm, 1 thread', wasm, 1, false], [`wasm, ${threads} workers`, wasm, threads, true],
  ];
  for (const law of Object.keys(LAWS) as Law[]) {
    for (const [name, b, t, async] of kernels) {
      rows.push([name, law, await time(() => (async ? b.fillAsync(call(law, out, t)) : b.fill(call(law, out, t))))]);
    }
    for (const tfBackend of ['cpu', 'wasm']) {
      const ns = tfjs(tfBackend, law);
      if (ns !== undefined) rows.push([`TF.js ${tfBackend} backend`, law, ns]);
    }
  }
  console.log(`${N} float32 elements, best and median of ${R} runs (ns/element); ${os.cpus()[0]?.model}, ${threads} threads, Node ${process.versions.node}`);
  console.log('| kernel | law | best | median | × native 1 thread |');
  console.log('|---|---|---:|---:|---:|');
  for (const [name, law, ns] of rows) {
    const base = rows.find((r) => r[0] === 'native, 1 thread' && r[1] === law)![2][0]!;
    console.log(`| ${name} | ${law} | ${ns[0]!.toFixed(2)} | ${ns[R >> 1]!.toFixed(2)} | ${(ns[0]! / base).toFixed(1)} |`);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
