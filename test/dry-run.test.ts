// `init-model --dry-run` and planRun: the plan of a 671B-parameter model and of a ~100k-tensor
// spec, made without writing or allocating tensor data (no timing threshold: the sizes are the test).
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { initModelCommand } from '../lib/cli/main';
import { planRun } from '../lib/model/run-plan';
import { resolveSpec, type TensorEntry } from '../lib/model/spec';
import { deepseekShaped } from './support/deepseek-shaped';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-dry-run-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sink(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

const numel = (t: { shape: number[] }) => t.shape.reduce((a, b) => a * b, 1);

describe('dry run: the plan of a run, nothing written', function () {
  this.timeout(120000);

  it('plans DeepSeek-V3 (671,026,419,200 parameters, its published 671B) as a checkpoint directory: files of at most 5 GB, nothing on disk', async () => {
    const specPath = path.join(tmp, 'dsv3.json');
    fs.writeFileSync(specPath, JSON.stringify(deepseekShaped()));
    const out = sink();
    const err = sink();
    const ck = path.join(tmp, 'dsv3-ckpt');
    expect(await initModelCommand([specPath, '--out-dir', ck, '--dry-run'], err.stream, out.stream)).to.equal(0);
    expect(err.text()).to.equal('');
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).to.equal('kaiming init-model: dry run, nothing written: 45395 tensors, 671026419200 parameters, 1342052838400 bytes (1249.88 GiB)');
    const files = lines.slice(2).map((l) => /^ {2}(model-\d{5}-of-(\d{5})\.safetensors): (\d+) tensors, (\d+) bytes$/.exec(l)!);
    expect(files.every((m) => m !== null)).to.equal(true);
    expect(lines[1]).to.equal(`${ck}: 45395 tensors, 1342052838400 bytes (1249.88 GiB), ${files.length} file(s) + index`);
    expect(files.reduce((s, m) => s + Number(m[4]), 0)).to.equal(1342052838400);
    expect(files.reduce((s, m) => s + Number(m[3]), 0)).to.equal(45395);
    expect(files.every((m) => Number(m[4]) <= 5_000_000_000 && Number(m[2]) === files.length)).to.equal(true);
    // huggingface_hub's greedy split starts a file when the next tensor would pass 5 GB: no two neighbours fit in one.
    for (let i = 1; i < files.length; i++) expect(Number(files[i - 1][4]) + Number(files[i][4]), `files ${i}, ${i + 1}`).to.be.above(5_000_000_000 - 2 * 129280 * 7168 * 2);
    expect(fs.existsSync(ck)).to.equal(false);
  });

  it('plans a ~100k-tensor spec over --ep 8 ranks: each rank holds every dense tensor and an eighth of the experts', async () => {
    const spec = deepseekShaped(133);
    const resolved = resolveSpec(spec);
    expect(resolved.tensors.length).to.equal(101699);
    const tensors = spec.tensors as TensorEntry[];
    const expertBytes = tensors.filter((t) => t.experts !== undefined).reduce((s, t) => s + numel(t) * 2, 0);
    const denseBytes = tensors.filter((t) => t.experts === undefined).reduce((s, t) => s + numel(t) * 2, 0);
    const plan = planRun(resolved, { outDir: path.join(tmp, 'r{rank}'), parallel: { ep: 8 } });
    expect(plan.outputs.map((o) => o.rank)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const o of plan.outputs) {
      expect(o.bytes).to.equal(denseBytes + expertBytes / 8);
      expect(o.tensors).to.equal(101699 - (130 * 256 * 3 * 7) / 8);
      expect(o.files!.reduce((s, f) => s + f.bytes, 0)).to.equal(o.bytes);
    }
    // With --tp 2 too: 16 ranks. Each EP group of 2 TP ranks holds the dense tensors, split when they have a plan and
    // whole on both ranks when not; the experts (all with a plan) are split over their group's 2 ranks.
    const tp = planRun(resolved, { out: path.join(tmp, 'r{rank}.safetensors'), parallel: { ep: 8, tp: 2 } });
    expect(tp.outputs.length).to.equal(16);
    const replicated = tensors.filter((t) => t.experts === undefined && t.parallel === undefined).reduce((s, t) => s + numel(t) * 2, 0);
    expect(tp.outputs.reduce((s, o) => s + o.bytes, 0)).to.equal(8 * (denseBytes - replicated) + 16 * replicated + expertBytes);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('r'))).to.deep.equal([]);
  });

  it('-o with --tp prints one line per rank file', async () => {
    const specPath = path.join(tmp, 'small.json');
    fs.writeFileSync(specPath, JSON.stringify({ seed: 1, tensors: [{ name: 'w', shape: [4, 3], init: 'normal', parallel: 'colwise' }, { name: 'n', shape: [3], init: 'ones' }] }));
    const out = sink();
    expect(await initModelCommand([specPath, '-o', path.join(tmp, 'm{rank}.safetensors'), '--tp', '2', '--dry-run'], sink().stream, out.stream)).to.equal(0);
    expect(out.text()).to.equal(
      'kaiming init-model: dry run, nothing written: 2 tensors, 15 parameters, 60 bytes (0.0 MiB)\n' +
        `${path.join(tmp, 'm0.safetensors')} (rank 0 of tp 2 × fsdp 1): 2 tensors, 36 bytes (0.0 MiB)\n` +
        `${path.join(tmp, 'm1.safetensors')} (rank 1 of tp 2 × fsdp 1): 2 tensors, 36 bytes (0.0 MiB)\n`,
    );
  });
});
