// Long jobs: `init-model --out-dir … --resume` after a kill -9 or SIGTERM of a real process ends
// with the bytes of an uninterrupted run and no stray file; killed runs' temporary files are
// removed by the next run (only kaiming's own names, only of dead processes).
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { childNode, runtime } from './support/runtime';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeCheckpoint } from '../lib/model/checkpoint';
import { processAlive, removeStaleTemps } from '../lib/io/stale-temps';
import type { ModelSpec } from '../lib/model/spec';

const ROOT = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-resume-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const dir = () => fs.mkdtempSync(path.join(tmp, `d${counter++}-`));

/** 40 tensors of 256 KiB, one file each (max shard size 300 kB): a run long enough to stop after its first file. */
const SPEC: ModelSpec = {
  seed: 3,
  tensors: Array.from({ length: 40 }, (_, i) => ({ name: `layers.${i}.w`, shape: [256, 256], init: 'normal', options: { std: 0.02 } })),
  config: { model_type: 'test' },
};
const FILES = 40;
const LIMIT = '300000';
/** The same layout, small, for the library's cases. */
const SMALL: ModelSpec = { ...SPEC, tensors: Array.from({ length: 12 }, (_, i) => ({ name: `layers.${i}.w`, shape: [64, 64], init: 'normal', options: { std: 0.02 } })) };
const SMALL_LIMIT = '20000';

/** A pid that was alive a moment ago and is not now: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(childNode, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  expect(processAlive(pid)).to.equal(false);
  return pid;
}

/** Every file of a directory, by name. */
function contents(d: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(d).sort().map((f) => [f, fs.readFileSync(path.join(d, f))]));
}

function expectSameDirectory(got: string, expected: string): void {
  const a = contents(got);
  const b = contents(expected);
  expect([...a.keys()]).to.deep.equal([...b.keys()]);
  for (const [name, bytes] of b) expect(a.get(name)!.equals(bytes), name).to.equal(true);
}

const uninterrupted = new Map<ModelSpec, string>();
/** The directory of an uninterrupted run (written once per spec). */
async function reference(spec: ModelSpec = SPEC, limit = LIMIT): Promise<string> {
  if (!uninterrupted.has(spec)) uninterrupted.set(spec, (await writeCheckpoint(spec, { outDir: path.join(dir(), 'ck'), maxShardSize: limit })).dir);
  return uninterrupted.get(spec)!;
}

/** Starts `kaiming init-model spec --out-dir out …` in a real process; resolves when its first file is complete. */
async function startRun(specPath: string, out: string, more: string[] = []) {
  // The child states its own exit status on stderr (test/support/report-exit.cjs): Deno 2.9's
  // child_process reports (null, signal) for a child that handled a signal and exited with its own status.
  const child = spawn(childNode, ['-r', path.join(__dirname, 'support', 'report-exit.cjs'), '--import', 'tsx', path.join(ROOT, 'lib', 'cli', 'entry.ts'), 'init-model', specPath, '--out-dir', out, '--max-shard-size', LIMIT, '-q', ...more], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const first = path.join(out, `model-00001-of-000${FILES}.safetensors`);
  for (let i = 0; i < 6000 && !fs.existsSync(first); i++) await new Promise((r) => setTimeout(r, 5)); // up to 30 s: tsx starts slowly on a loaded machine
  expect(fs.existsSync(first), 'the first file was written').to.equal(true);
  return { child, exited, stderr: () => stderr };
}

/** A directory with the spec, and a run of it into `ck` stopped after its first file is complete. */
async function startInNewDirectory() {
  const d = dir();
  const specPath = path.join(d, 'spec.json');
  fs.writeFileSync(specPath, JSON.stringify(SPEC));
  const out = path.join(d, 'ck');
  return { specPath, out, run: await startRun(specPath, out) };
}

function runCli(args: string[]) {
  return spawnSync(childNode, ['--import', 'tsx', path.join(ROOT, 'lib', 'cli', 'entry.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('long jobs: resume, stale temporary files, SIGTERM', function () {
  this.timeout(120000);

  it('removes temporary files of dead writers only, of the names it owns', async () => {
    const d = dir();
    const dead = deadPid();
    const names = [
      `model-00001-of-00002.safetensors.tmp-${dead}-0123456789ab`, // a killed run's: removed
      `model.safetensors.index.json.tmp-${dead}-0123456789ab`, // removed
      `model-00002-of-00002.safetensors.tmp-${process.pid}-0123456789ab`, // a live writer's (this process): kept
      `other.bin.tmp-${dead}-0123456789ab`, // not a checkpoint name: kept
      `model.safetensors.tmp-${dead}-xyz`, // not kaiming's pattern: kept
    ];
    for (const n of names) fs.writeFileSync(path.join(d, n), 'x');
    const owns = (n: string) => /^model(?:-\d{5}-of-\d{5})?\.safetensors$/.test(n) || n === 'model.safetensors.index.json';
    expect((await removeStaleTemps(d, owns)).sort()).to.deep.equal([names[0], names[1]].sort());
    expect(fs.readdirSync(d).sort()).to.deep.equal(names.slice(2).sort());
    expect(await removeStaleTemps(path.join(d, 'missing'), owns)).to.deep.equal([]);
  });

  it('resume keeps complete files of this run, remakes another seed\'s and a truncated one, and a --force run also removes stale temps', async () => {
    const d = dir();
    const out = path.join(d, 'ck');
    const write = (spec: ModelSpec, more: { resume?: boolean; force?: boolean }) => writeCheckpoint(spec, { outDir: out, maxShardSize: SMALL_LIMIT, ...more });
    await write({ ...SMALL, seed: 4 }, {});
    // Another seed: nothing is this run's.
    expect((await write(SMALL, { resume: true })).kept).to.deep.equal([]);
    const expected = await reference(SMALL, SMALL_LIMIT);
    expectSameDirectory(out, expected);
    // Everything complete: all kept; a truncated file (same name) is remade.
    const truncated = path.join(out, 'model-00007-of-00012.safetensors');
    fs.truncateSync(truncated, 1000);
    const stale = `model-00009-of-00012.safetensors.tmp-${deadPid()}-00112233aabb`;
    fs.writeFileSync(path.join(out, stale), 'partial');
    const again = await write(SMALL, { resume: true });
    expect(again.kept.length).to.equal(11);
    expect(again.kept).to.not.include(truncated);
    expect(again.removedTemps).to.deep.equal([stale]);
    expectSameDirectory(out, expected);
    const forced = `model-00001-of-00012.safetensors.tmp-${deadPid()}-00112233aabb`;
    fs.writeFileSync(path.join(out, forced), 'partial');
    expect((await write(SMALL, { force: true })).removedTemps).to.deep.equal([forced]);
    expectSameDirectory(out, expected);
  });

  it('kill -9 mid-run, then --resume: the bytes of an uninterrupted run, no stray file', async () => {
    const { specPath, out, run } = await startInNewDirectory();
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).to.equal('SIGKILL');
    const left = fs.readdirSync(out);
    expect(left).to.not.include('model.safetensors.index.json'); // stopped before the end
    // Without --resume or --force the directory is refused, saying how to continue.
    const refused = runCli(['init-model', specPath, '--out-dir', out, '--max-shard-size', LIMIT, '-q']);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.match(/^kaiming init-model: Refusing to overwrite the checkpoint in ".*ck" \(.*\); pass --force to replace it, or --resume to continue it\n$/);
    const resumed = runCli(['init-model', specPath, '--out-dir', out, '--max-shard-size', LIMIT, '--resume']);
    expect(resumed.status, resumed.stderr).to.equal(0);
    const kept = left.filter((f) => f.endsWith('.safetensors')).length;
    expect(resumed.stderr).to.match(new RegExp(`^kaiming: wrote .*ck: 40 file\\(s\\) \\+ index \\+ config\\.json \\(${kept} kept from the stopped run\\), 40 tensors, `));
    expectSameDirectory(out, await reference());
  });

  it('SIGTERM stops cleanly: exit status 143, one line, no temporary file; --resume finishes it', async () => {
    const { specPath, out, run } = await startInNewDirectory();
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    if (runtime !== 'deno') expect(code).to.equal(143);
    expect(run.stderr()).to.equal(
      `kaiming init-model: interrupted by SIGTERM; in ${out}, the files completed are kept and the one being written was removed; run again with --resume to finish\n` +
        '\nexit status 143\n');
    const left = fs.readdirSync(out);
    expect(left.filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
    expect(left.length).to.be.within(1, FILES - 1);
    expect(left.every((f) => /^model-000\d\d-of-00040\.safetensors$/.test(f))).to.equal(true);
    const resumed = runCli(['init-model', specPath, '--out-dir', out, '--max-shard-size', LIMIT, '--resume', '-q']);
    expect(resumed.status, resumed.stderr).to.equal(0);
    expectSameDirectory(out, await reference());
  });

  it('--resume needs --out-dir', () => {
    const r = runCli(['init-model', path.join(tmp, 'none.json'), '-o', path.join(tmp, 'x.safetensors'), '--resume']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal('kaiming init-model: Expected --out-dir with --resume (a single file is written whole or not at all)\n');
  });
});
