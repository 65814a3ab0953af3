/**
 * Benchmark of initModel (npm run bench:model = `tsx bench/model.ts`):
 *   - GPT-2 small (124M parameters) in float32,
 *   - a ~1.1B-parameter Llama-style model (TinyLlama shapes) in bfloat16,
 * each written to a safetensors file on local disk, against a plain `fs` write of
 * the same number of bytes (same 32 MiB pieces, same fsync at the end: the disk's
 * limit). Every run is a separate child process, so that its peak RSS
 * (process.resourceUsage().maxRSS) is its own.
 *
 *   tsx bench/model.ts [gpt2] [llama1b] [--dir DIR] [--keep] [--repeat N (default 3, medians)]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gpt2, llama } from '../lib/model/presets';
import { resolveSpec, specSize, type ModelSpec } from '../lib/model/spec';
import { initModel } from '../lib/model/write';

const CASES: Record<string, () => ModelSpec> = {
  gpt2: () => gpt2({ seed: 0, dtype: 'float32' }),
  llama1b: () => llama({ seed: 0, dtype: 'bfloat16', vocab: 32000, layers: 22, hidden: 2048, intermediate: 5632, heads: 32, kvHeads: 4 }),
};

const MiB = 1024 * 1024;

interface Run {
  seconds: number;
  bytes: number;
  maxRssMiB: number;
}

/**
 * A plain write of `bytes` bytes, then fsync: what the disk allows. Same I/O pattern as
 * initModel (32 MiB positional writes from a SharedArrayBuffer), without generating anything.
 */
async function plainWrite(file: string, bytes: number): Promise<void> {
  const piece = new Uint8Array(new SharedArrayBuffer(32 * MiB)).fill(0x3c);
  const handle = await fs.promises.open(file, 'w');
  try {
    for (let done = 0; done < bytes; ) {
      const n = Math.min(piece.length, bytes - done);
      await handle.write(piece, 0, n, done);
      done += n;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function child(caseName: string, mode: string, file: string): Promise<void> {
  const spec = resolveSpec(CASES[caseName]());
  const { bytes } = specSize(spec);
  const started = performance.now();
  if (mode === 'plain') await plainWrite(file, bytes);
  else await initModel(spec, { out: file, force: true });
  const seconds = (performance.now() - started) / 1000;
  const run: Run = { seconds, bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

function runChild(caseName: string, mode: string, file: string): Run {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', caseName, mode, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child ${caseName} ${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

/** The run with the median time (its RSS is reported with it; the largest RSS seen is kept). */
function median(runs: Run[]): Run & { all: number[] } {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const maxRssMiB = Math.max(...runs.map((r) => r.maxRssMiB));
  return { ...sorted[Math.floor(sorted.length / 2)], maxRssMiB, all: runs.map((r) => r.seconds) };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1], argv[2], argv[3]);
  const dirIndex = argv.indexOf('--dir');
  const dir = dirIndex >= 0 ? argv[dirIndex + 1] : fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-bench-'));
  const keep = argv.includes('--keep');
  const repeatIndex = argv.indexOf('--repeat');
  const repeat = repeatIndex >= 0 ? Number(argv[repeatIndex + 1]) : 3;
  const valued = new Set([dirIndex + 1, repeatIndex + 1].filter((i) => i > 0));
  const names = argv.filter((a, i) => !a.startsWith('--') && !valued.has(i));
  const selected = names.length > 0 ? names : Object.keys(CASES);
  console.log(`kaiming bench:model — ${os.cpus().length} CPUs, node ${process.version}, files in ${dir}`);
  for (const name of selected) {
    if (!(name in CASES)) throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
    const spec = resolveSpec(CASES[name]());
    const { elements, bytes } = specSize(spec);
    const plainFile = path.join(dir, `${name}.plain.bin`);
    const modelFile = path.join(dir, `${name}.safetensors`);
    if (!Number.isSafeInteger(repeat) || repeat < 1) throw new Error('--repeat needs a positive integer');
    // Alternate the order of the runs and take medians: disk speed varies from run to run.
    const plains: Run[] = [];
    const inits: Run[] = [];
    for (let i = 0; i < repeat; i++) {
      const order = i % 2 === 0 ? ['plain', 'init'] : ['init', 'plain'];
      for (const mode of order) {
        if (mode === 'plain') {
          plains.push(runChild(name, 'plain', plainFile));
          fs.rmSync(plainFile, { force: true });
        } else {
          inits.push(runChild(name, 'init', modelFile));
          if (!keep || i < repeat - 1) fs.rmSync(modelFile, { force: true });
        }
      }
    }
    const plain = median(plains);
    const init = median(inits);
    const mbps = (r: Run) => r.bytes / MiB / r.seconds;
    console.log(
      `${name}: ${(elements / 1e6).toFixed(1)}M parameters, ${spec.tensors.length} tensors, ${(bytes / MiB).toFixed(0)} MiB ${spec.dtype}\n` +
        `  initModel:   ${init.seconds.toFixed(2)} s  ${mbps(init).toFixed(0)} MiB/s  peak RSS ${init.maxRssMiB.toFixed(0)} MiB  (runs: ${init.all.map((x) => x.toFixed(2)).join(', ')} s)\n` +
        `  plain write: ${plain.seconds.toFixed(2)} s  ${mbps(plain).toFixed(0)} MiB/s  peak RSS ${plain.maxRssMiB.toFixed(0)} MiB  (runs: ${plain.all.map((x) => x.toFixed(2)).join(', ')} s)\n` +
        `  ratio ${(init.seconds / plain.seconds).toFixed(2)}× the plain write (target ≤ 1.5×); RSS bound 256 MiB: ${init.maxRssMiB <= 256 ? 'met' : 'EXCEEDED'}`,
    );
  }
  if (dirIndex < 0 && !keep) fs.rmSync(dir, { recursive: true, force: true });
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
