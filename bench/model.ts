/**
 * Benchmark of initModel (npm run bench:model = `tsx bench/model.ts`), side by side in one run:
 *   - bf16x30: 30 × [4096, 4096] bfloat16 (1.0 GB; target: within 1.15× of the plain write),
 *   - gpt2:    GPT-2 small (124M parameters) in float32 (target: within 1.1×),
 *   - big:     one float32 tensor [66000, 16384] (4.03 GiB: a single tensor over 4 GiB),
 *   - tp8:     a 0.5B Llama in bfloat16 as 8 tensor-parallel rank files: one process writing
 *              every rank in one pass (--tp 8) against 8 processes, one per rank, at once.
 * Each case is written by initModel (O_DIRECT where the file system allows it, the default),
 * by initModel through the page cache (direct: false), and by a plain `fs` write of the same
 * number of bytes (32 MiB positional writes from a SharedArrayBuffer, then fsync, as
 * init-model does before its rename), plus the same plain write with O_DIRECT. Every run is
 * its own child process (peak RSS = its process.resourceUsage().maxRSS); runs alternate and
 * medians are reported. Between runs the disk settles (`sync`, then --settle seconds): the
 * development VM mounts ext4 with `discard`, and deleting the previous run's file issues
 * TRIMs for a few seconds that slow whatever writes next.
 *
 *   tsx bench/model.ts [bf16x30] [gpt2] [big] [tp8] [--repeat N (3)] [--settle S (6)] [--dir DIR]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gpt2, llama } from '../lib/model/presets';
import { resolveSpec, specSize, type ModelSpec } from '../lib/model/spec';
import { initModel } from '../lib/model/write';
import { initModelRanks } from '../lib/model/write-ranks';
import { verifyModel } from '../lib/model/verify';

const CASES: Record<string, () => ModelSpec> = {
  bf16x30: () => ({
    seed: 0,
    dtype: 'bfloat16',
    tensors: Array.from({ length: 30 }, (_, i) => ({ name: `layers.${i}.weight`, shape: [4096, 4096], init: 'normal', options: { std: 0.02 } })),
  }),
  gpt2: () => gpt2({ seed: 0, dtype: 'float32' }),
  big: () => ({ seed: 0, tensors: [{ name: 'embed.weight', shape: [66000, 16384], init: 'normal', options: { std: 0.02 } }] }),
  tp8: () => llama({ seed: 0, dtype: 'bfloat16', vocab: 32000, layers: 8, hidden: 2048, intermediate: 5632, heads: 32, kvHeads: 8 }),
};
const TARGETS: Record<string, number> = { bf16x30: 1.15, gpt2: 1.1 };
const MiB = 1024 * 1024;

interface Run {
  seconds: number;
  bytes: number;
  maxRssMiB: number;
  /** For the tensor over 4 GiB: whether verifyModel found the file equal to its spec (after timing). */
  verified?: boolean;
}

/** A plain write of `bytes` bytes, then fsync: what the disk allows (O_DIRECT: through aligned blocks). */
async function plainWrite(file: string, bytes: number, direct: boolean): Promise<void> {
  const raw = new Uint8Array(new SharedArrayBuffer(32 * MiB + 4096)).fill(0x3c);
  const flags = direct ? fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_DIRECT : 'w';
  const handle = await fs.promises.open(file, flags as never);
  try {
    let piece = raw.subarray(0, 32 * MiB);
    if (direct) {
      // The aligned offset of the buffer, found as lib/io/direct-appender.ts does.
      for (let offset = 0; offset < 4096; offset += 8) {
        try {
          await handle.write(raw, offset, 4096, 0);
          piece = raw.subarray(offset, offset + 32 * MiB);
          break;
        } catch {
          // misaligned
        }
      }
    }
    const total = direct ? Math.ceil(bytes / 4096) * 4096 : bytes;
    for (let done = 0; done < total; ) {
      const n = Math.min(piece.length, total - done);
      await handle.write(piece, 0, n, done);
      done += n;
    }
    if (direct) await handle.truncate(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function child(caseName: string, mode: string, file: string): Promise<void> {
  const spec = resolveSpec(CASES[caseName]());
  const { bytes } = specSize(spec);
  const started = performance.now();
  if (mode === 'plain' || mode === 'plain-direct') await plainWrite(file, bytes, mode === 'plain-direct');
  else if (mode === 'init' || mode === 'init-buffered') await initModel(spec, { out: file, force: true, direct: mode === 'init' });
  else if (mode === 'ranks') await initModelRanks(spec, { out: file, tp: 8, force: true });
  else if (mode.startsWith('rank')) await initModel(spec, { out: file, force: true, parallel: { tp: 8, rank: Number(mode.slice(4)) } });
  const seconds = (performance.now() - started) / 1000;
  const run: Run = { seconds, bytes, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  if (caseName === 'big' && mode === 'init') run.verified = (await verifyModel(file)).ok;
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

function childArgs(caseName: string, mode: string, file: string): string[] {
  return [...process.execArgv, __filename, '--child', caseName, mode, file];
}

function runChild(caseName: string, mode: string, file: string): Run {
  const r = spawnSync(process.execPath, childArgs(caseName, mode, file), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child ${caseName} ${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

/** Eight processes, one per rank, started together (as a launcher on one node would); wall-clock time. */
async function runEightProcesses(file: string): Promise<Run> {
  const started = performance.now();
  const runs = await Promise.all(
    Array.from({ length: 8 }, (_, rank) =>
      new Promise<Run>((resolve, reject) => {
        const p = spawn(process.execPath, childArgs('tp8', `rank${rank}`, file), { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Run) : reject(new Error(err))));
      }),
    ),
  );
  return { seconds: (performance.now() - started) / 1000, bytes: runs[0].bytes, maxRssMiB: runs.reduce((s, r) => s + r.maxRssMiB, 0) };
}

function median(runs: Run[]): Run & { all: number[] } {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return { ...sorted[Math.floor(sorted.length / 2)], maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)), all: runs.map((r) => r.seconds) };
}

function settle(seconds: number): void {
  execFileSync('sync');
  if (seconds > 0) execFileSync('sleep', [String(seconds)]);
}

function removeAll(dir: string, prefix: string): void {
  for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix)) fs.rmSync(path.join(dir, f), { force: true });
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1], argv[2], argv[3]);
  const value = (flag: string) => (argv.indexOf(flag) >= 0 ? argv[argv.indexOf(flag) + 1] : undefined);
  const dir = value('--dir') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-bench-'));
  const repeat = Number(value('--repeat') ?? 3);
  const settleSeconds = Number(value('--settle') ?? 6);
  if (!Number.isSafeInteger(repeat) || repeat < 1) throw new Error('--repeat needs a positive integer');
  const valued = new Set(['--dir', '--repeat', '--settle'].map((f) => argv.indexOf(f) + 1).filter((i) => i > 0));
  const names = argv.filter((a, i) => !a.startsWith('--') && !valued.has(i));
  const selected = names.length > 0 ? names : ['bf16x30', 'gpt2', 'big', 'tp8'];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`kaiming bench:model — ${os.cpus().length} × ${cpu}, node ${process.version}, files in ${dir}, ${repeat} runs each, settle ${settleSeconds} s`);
  for (const name of selected) {
    if (!(name in CASES)) throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
    const spec = resolveSpec(CASES[name]());
    const { elements, bytes } = specSize(spec);
    const header = `${name}: ${(elements / 1e6).toFixed(1)}M parameters, ${spec.tensors.length} tensors, ${(bytes / MiB).toFixed(0)} MiB ${spec.dtype}`;
    const modes = name === 'tp8' ? ['ranks', 'eight'] : ['plain', 'init', 'plain-direct', 'init-buffered'];
    const runs = new Map<string, Run[]>(modes.map((m) => [m, []]));
    for (let i = 0; i < repeat; i++) {
      const order = i % 2 === 0 ? modes : [...modes].reverse();
      for (const mode of order) {
        settle(settleSeconds);
        const file = path.join(dir, `${name}.${mode}${name === 'tp8' ? '-{rank}' : ''}.safetensors`);
        runs.get(mode)!.push(mode === 'eight' ? await runEightProcesses(file) : runChild(name, mode, file));
        removeAll(dir, `${name}.`);
      }
    }
    const line = (label: string, r: Run & { all: number[] }) =>
      `  ${label.padEnd(34)} ${r.seconds.toFixed(2)} s  ${(r.bytes / MiB / r.seconds).toFixed(0).padStart(5)} MiB/s  peak RSS ${r.maxRssMiB.toFixed(0)} MiB  (runs: ${r.all.map((x) => x.toFixed(2)).join(', ')} s)`;
    if (name === 'tp8') {
      const one = median(runs.get('ranks')!);
      const eight = median(runs.get('eight')!);
      console.log(`${header}, as 8 rank files (tp 8)\n${line('one process, every rank (--tp 8)', one)}\n${line('8 processes at once (RSS: sum)', eight)}\n` +
        `  one pass takes ${(one.seconds / eight.seconds).toFixed(2)}× the time of 8 processes`);
      continue;
    }
    const m = Object.fromEntries(modes.map((k) => [k, median(runs.get(k)!)]));
    const target = TARGETS[name];
    const checked = runs.get('init')!.filter((r) => r.verified !== undefined);
    const verified = checked.length === 0 ? '' : `\n  the ${checked.length} files initModel wrote: verifyModel ${checked.every((r) => r.verified) ? 'OK' : 'FAILED'}`;
    const ratio = m.init.seconds / m.plain.seconds;
    console.log(
      `${header}\n${line('initModel (O_DIRECT)', m.init)}\n${line('plain write + fsync', m.plain)}\n${line('initModel through the page cache', m['init-buffered'])}\n` +
        `${line('plain write with O_DIRECT + fsync', m['plain-direct'])}\n` +
        `  ratio ${ratio.toFixed(2)}× the plain write${target === undefined ? '' : ` (target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'})`}; ` +
        `page cache: ${(m['init-buffered'].seconds / m.plain.seconds).toFixed(2)}×; O_DIRECT: ${(m.init.seconds / m['plain-direct'].seconds).toFixed(2)}× the plain O_DIRECT write; ` +
        `RSS bound 256 MiB: ${m.init.maxRssMiB <= 256 && m['init-buffered'].maxRssMiB <= 256 ? 'met' : 'EXCEEDED'}${verified}`,
    );
  }
  if (value('--dir') === undefined) fs.rmSync(dir, { recursive: true, force: true });
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
