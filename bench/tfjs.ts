/**
 * Benchmark of kaiming/tfjs (npm run bench:tfjs = `tsx bench/tfjs.ts`): a ~100M-weight
 * tfjs-layers MLP (6 × Dense 4096 → 4096, 100.7M weights) on the CPU backend, built and
 * initialised with TF.js's own initializers against kaiming's, then one fit() step
 * (batch 4, SGD). Each variant runs in its own child process, so its peak RSS
 * (process.resourceUsage().maxRSS) is its own; the table prints them side by side.
 *
 *   tsx bench/tfjs.ts [--repeat N (default 1; medians)] [--layers L] [--width W] [--no-fit] [variant…]
 *
 * The issue-21 measurement (50.3M weights, init only, 5 runs each):
 *   flock /tmp/kaiming-cpu.lock npx tsx bench/tfjs.ts --layers 3 --width 4096 --no-fit --repeat 5
 *
 * Variants:
 *   tfjs-glorotUniform     TF.js default kernels (glorotUniform = randomUniform), zero biases
 *   kaiming-GlorotUniform  kaiming/tfjs GlorotUniform({ seed }), zero biases
 *   tfjs-heNormal          TF.js heNormal (truncatedNormal without Keras's 0.8796 correction)
 *   kaiming-HeNormal       kaiming/tfjs HeNormal({ seed }) (exact truncated normal, Keras 3)
 *   tfjs-heUniform / kaiming-HeUniform, tfjs-lecunUniform / kaiming-LecunUniform,
 *   tfjs-randomUniform / kaiming-Uniform   the other uniform rules, TF.js's against kaiming's
 *   kaiming-reinit-torch   built by TF.js (glorotUniform), then reinitialize(model, { recipe: 'torch' })
 *                          (nn.Linear: kernel = weight transposed, bias U(±1/√in)); timed alone
 *   kaiming-reinit-keras   the same with recipe 'keras' (glorot_uniform, zero biases)
 *   first-touch            the floor: new memory with one store per 4 KiB page, nothing drawn
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as k from '../lib/tfjs/index';

const VARIANTS = [
  'tfjs-glorotUniform', 'kaiming-GlorotUniform', 'tfjs-heUniform', 'kaiming-HeUniform', 'tfjs-lecunUniform', 'kaiming-LecunUniform',
  'tfjs-randomUniform', 'kaiming-Uniform', 'tfjs-heNormal', 'kaiming-HeNormal', 'kaiming-reinit-torch', 'kaiming-reinit-keras', 'first-touch',
] as const;
type Variant = (typeof VARIANTS)[number];
/** Which TF.js variant each kaiming one is measured against. */
const AGAINST: Partial<Record<Variant, Variant>> = {
  'kaiming-GlorotUniform': 'tfjs-glorotUniform',
  'kaiming-HeNormal': 'tfjs-heNormal',
  'kaiming-HeUniform': 'tfjs-heUniform',
  'kaiming-LecunUniform': 'tfjs-lecunUniform',
  'kaiming-Uniform': 'tfjs-randomUniform',
  'kaiming-reinit-torch': 'tfjs-glorotUniform',
  'kaiming-reinit-keras': 'tfjs-glorotUniform',
  'first-touch': 'tfjs-glorotUniform',
};

/**
 * The floor of any initializer that returns new memory: a Float32Array V8 allocates (calloc:
 * pages mapped, not yet backed) with one store per 4 KiB page, on the calling thread; that
 * is the page-fault cost, which kaiming's fills pay on their threads as they write.
 */
const FirstTouch = (() => {
  const Base = Object.getPrototypeOf(tfl.initializers.zeros().constructor) as new () => { apply(shape: number[]): tf.Tensor };
  return class FirstTouch extends Base {
    static className = 'FirstTouch';
    override apply(shape: number[]): tf.Tensor {
      const a = new Float32Array(shape.reduce((p, d) => p * d, 1));
      for (let i = 0; i < a.length; i += 1024) a[i] = 0;
      return tf.tensor(a, shape, 'float32');
    }
    getConfig(): Record<string, never> {
      return {};
    }
  };
})();

interface Run {
  variant: Variant;
  weights: number;
  /** Building the model, weights created and initialised (for reinit: build with zeros + reinitialize). */
  initSeconds: number;
  /** compile + one fit() step of one batch. */
  fitSeconds: number;
  maxRssMiB: number;
  loss: number;
}

async function child(variant: Variant, layers: number, width: number, fit: boolean): Promise<void> {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
  await tf.setBackend('cpu');
  const kernelInitializer = (i: number): unknown => {
    switch (variant) {
      case 'tfjs-glorotUniform': return 'glorotUniform';
      case 'tfjs-heNormal': return 'heNormal';
      case 'kaiming-GlorotUniform': return new k.GlorotUniform({ seed: 0, key: `fc${i}/kernel` });
      case 'kaiming-HeNormal': return new k.HeNormal({ seed: 0, key: `fc${i}/kernel` });
      case 'tfjs-heUniform': return 'heUniform';
      case 'tfjs-lecunUniform': return 'leCunUniform';
      case 'tfjs-randomUniform': return tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 1 });
      case 'kaiming-HeUniform': return new k.HeUniform({ seed: 0, key: `fc${i}/kernel` });
      case 'kaiming-LecunUniform': return new k.LecunUniform({ seed: 0, key: `fc${i}/kernel` });
      case 'kaiming-Uniform': return new k.Uniform({ low: -0.05, high: 0.05, seed: 0, key: `fc${i}/kernel` });
      case 'kaiming-reinit-torch':
      case 'kaiming-reinit-keras': return 'glorotUniform';
      case 'first-touch': return new FirstTouch();
    }
  };
  const x = tf.randomUniform([4, width], -1, 1, 'float32', 1);
  const y = tf.randomUniform([4, width], -1, 1, 'float32', 2);
  const started = performance.now();
  const model = tfl.sequential();
  for (let i = 0; i < layers; i++) {
    model.add(tfl.layers.dense({
      name: `fc${i}`, units: width, ...(i === 0 ? { inputShape: [width] } : {}),
      activation: i < layers - 1 ? 'relu' : 'linear',
      kernelInitializer: kernelInitializer(i) as never,
    }));
  }
  let initSeconds = (performance.now() - started) / 1000;
  if (variant.startsWith('kaiming-reinit-')) {
    // Only reinitialize itself, on a model built as TF.js builds it (its default glorotUniform): the
    // weights' memory exists, and reinitialize draws into it in place (lib/tfjs/storage.ts).
    const t0 = performance.now();
    k.reinitialize(model, { recipe: variant === 'kaiming-reinit-torch' ? 'torch' : 'keras', seed: 0 });
    initSeconds = (performance.now() - t0) / 1000;
  }
  if (!fit) {
    process.stdout.write(`${JSON.stringify({ variant, weights: model.countParams(), initSeconds, fitSeconds: 0, maxRssMiB: process.resourceUsage().maxRSS / 1024, loss: 0 })}\n`);
    return;
  }
  const fitStarted = performance.now();
  model.compile({ optimizer: tf.train.sgd(1e-3), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  const fitSeconds = (performance.now() - fitStarted) / 1000;
  const run: Run = {
    variant,
    weights: model.countParams(),
    initSeconds,
    fitSeconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    loss: history.history.loss[0] as number,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

function runChild(variant: Variant, layers: number, width: number, fit: boolean): Run {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', variant, String(layers), String(width), fit ? 'fit' : 'init'], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`child ${variant} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.initSeconds - b.initSeconds);
  return { ...sorted[Math.floor(sorted.length / 2)], maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)) };
}

/** ' (family F, model M)' from /proc/cpuinfo: VMs often name the CPU only 'AMD EPYC'. */
function cpuFamily(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const model = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    return family === undefined || model === undefined ? '' : ` (family ${family}, model ${model})`;
  } catch {
    return '';
  }
}

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  const value = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1] as Variant, Number(argv[2]), Number(argv[3]), argv[4] === 'fit');
  const fit = !argv.includes('--no-fit');
  const repeat = option(argv, '--repeat', 1);
  const layers = option(argv, '--layers', 6);
  const width = option(argv, '--width', 4096);
  const valued = new Set(['--repeat', '--layers', '--width'].map((n) => argv.indexOf(n) + 1).filter((i) => i > 0));
  const named = argv.filter((a, i) => !a.startsWith('--') && !valued.has(i));
  for (const n of named) if (!(VARIANTS as readonly string[]).includes(n)) throw new Error(`unknown variant ${n}; known: ${VARIANTS.join(', ')}`);
  const selected = (named.length > 0 ? named : VARIANTS) as Variant[];
  const cpu = `${os.cpus()[0]?.model ?? 'unknown CPU'}${cpuFamily()}`;
  console.log(
    `kaiming bench:tfjs — ${cpu}, ${os.availableParallelism()} threads available, node ${process.version}, ` +
      `tfjs-core ${tf.version_core} (CPU backend)`,
  );
  console.log(`model: ${layers} × Dense ${width} → ${width} (${((layers * (width * width + width)) / 1e6).toFixed(1)}M weights), one fit() step of batch 4`);
  const results = new Map<Variant, Run>();
  for (const variant of selected) {
    const runs: Run[] = [];
    for (let i = 0; i < repeat; i++) runs.push(runChild(variant, layers, width, fit));
    results.set(variant, median(runs));
  }
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('variant', 24)}${pad('build+init s', 14)}${pad('fit step s', 12)}${pad('to 1st step s', 15)}${pad('peak RSS MiB', 14)}init speed-up`);
  for (const [variant, r] of results) {
    const base = AGAINST[variant] === undefined ? undefined : results.get(AGAINST[variant]!);
    const ratio = base === undefined ? '' : `${(base.initSeconds / r.initSeconds).toFixed(1)}× vs ${AGAINST[variant]}`;
    console.log(
      `${pad(variant, 24)}${pad(r.initSeconds.toFixed(3), 14)}${pad(r.fitSeconds.toFixed(2), 12)}` +
        `${pad((r.initSeconds + r.fitSeconds).toFixed(2), 15)}${pad(r.maxRssMiB.toFixed(0), 14)}${ratio}`,
    );
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
