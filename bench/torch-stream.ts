// The torch stream against torch itself (docs/TORCH-STREAM.md): the same
// calls, torch 1.13 through /usr/bin/python3 (bench/torch_stream_peers.py),
// both in place on existing memory, medians of `rounds` runs.
//   npm run bench:torch -- [rounds] [torch threads]      (builds dist/ first)
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
// The compiled package (npm run bench:torch builds it first): what users run. Under tsx, lib/'s
// sources pay esbuild's keep-names helpers on every call (about 1 µs on a 10-element call).
import { kaimingUniform, normal, torchGenerator, torchLayers, torchModules, truncNormal, uniform, xavierNormal } from '../dist/index';

const rounds = Number(process.argv[2] ?? 30);
const torchThreads = Number(process.argv[3] ?? os.availableParallelism());

function medianNs(fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0));
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

const N = 1 << 20;
const g = torchGenerator(0);
const f32 = new Float32Array(N);
const f64 = new Float64Array(N);
const w = new Float32Array(1024 * 1024);
const small = new Float32Array(10);
const ours: Record<string, number> = {
  'uniform_ f32 1Mi': medianNs(() => uniform([N], { low: -0.1, high: 0.1, generator: g, out: f32 })),
  'uniform_ f64 1Mi': medianNs(() => uniform([N], { low: -0.1, high: 0.1, generator: g, out: f64 })),
  'normal_ f32 1Mi': medianNs(() => normal([N], { std: 0.02, generator: g, out: f32 })),
  'normal_ f64 1Mi': medianNs(() => normal([N], { std: 0.02, generator: g, out: f64 })),
  'trunc_normal_ f32 1Mi': medianNs(() => truncNormal([N], { std: 0.02, generator: g, out: f32 })),
  'kaiming_uniform_ [1024,1024]': medianNs(() => kaimingUniform([1024, 1024], { a: Math.sqrt(5), generator: g, out: w })),
  'xavier_normal_ [1024,1024]': medianNs(() => xavierNormal([1024, 1024], { generator: g, out: w })),
  // Small calls: per call, over loops of 1000 (one call is below the timer's resolution).
  'normal_ f32 10': medianNs(() => { for (let i = 0; i < 1000; i++) normal([10], { generator: g, out: small }); }) / 1000,
  'uniform_ f32 10': medianNs(() => { for (let i = 0; i < 1000; i++) uniform([10], { generator: g, out: small }); }) / 1000,
  // A new module allocates its tensors in both systems.
  'nn.Linear(1024, 1024)': medianNs(() => torchModules(g, torchLayers.linear(1024, 1024))),
};

let theirs: Record<string, number> = {};
try {
  theirs = JSON.parse(execFileSync('/usr/bin/python3', [path.join(__dirname, 'torch_stream_peers.py'), String(rounds), String(torchThreads)], { encoding: 'utf8' }));
} catch (error) {
  console.log(`(torch skipped: ${(error as Error).message.split('\n')[0]})`);
}
console.log(`torch stream vs torch 1.13 (${os.cpus()[0]?.model ?? 'unknown CPU'}; torch threads ${torchThreads}; medians of ${rounds})`);
console.log('call'.padEnd(32) + 'kaiming µs'.padStart(12) + 'torch µs'.padStart(12) + 'torch/kaiming'.padStart(15));
for (const [name, ns] of Object.entries(ours)) {
  const t = theirs[name];
  console.log(name.padEnd(32) + (ns / 1e3).toFixed(1).padStart(12) + (t === undefined ? '—' : (t / 1e3).toFixed(1)).padStart(12) +
    (t === undefined ? '' : (t / ns).toFixed(2)).padStart(15));
}
