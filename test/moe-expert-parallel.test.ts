/**
 * The "done when" for expert parallelism on real families: a small qwen3_moe and a small
 * deepseek_v3 config (4 experts, 2 layers; test/fixtures/moe_transformers.json) written as --ep 2
 * and --ep 2 --tp 2 rank files, which verify reassembles; per-expert tensors only on the rank that
 * holds their expert, under their global names (the placement is lib/model/experts.ts's, written by
 * lib/model/write-ranks.ts).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { initModelCommand, specCommand, verifyCommand } from '../lib/cli/main';

const SMALL = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'moe_transformers.json'), 'utf8')) as {
  small: { model_type: string; config: Record<string, unknown> }[];
}).small;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-moe-ep-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }), text: () => chunks.join('') };
}

/** The tensor names in a safetensors file's header. */
function names(file: string): string[] {
  const buf = fs.readFileSync(file);
  const n = Number(buf.readBigUInt64LE(0));
  return Object.keys(JSON.parse(buf.subarray(8, 8 + n).toString('utf8'))).filter((k) => k !== '__metadata__');
}

for (const type of ['qwen3_moe', 'deepseek_v3']) {
  describe(`expert parallelism on a small ${type} (4 experts, 2 layers)`, () => {
    const dir = path.join(tmp, type);
    const specPath = path.join(dir, 'spec.json');
    before(() => {
      fs.mkdirSync(dir);
      const s = SMALL.find((x) => x.model_type === type)!;
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: type, ...s.config }));
      const out = sink();
      expect(specCommand(['--hf-config', path.join(dir, 'config.json'), '--seed', '11'], out.stream)).to.equal(0);
      fs.writeFileSync(specPath, out.text());
    });

    for (const flags of [['--ep', '2'], ['--ep', '2', '--tp', '2']]) {
      it(`${flags.join(' ')}: rank files that verify reassembles; experts 0–1 on EP rank 0, 2–3 on EP rank 1`, async () => {
        const sub = fs.mkdtempSync(path.join(dir, 'r-'));
        const err = sink();
        expect(await initModelCommand([specPath, '-o', path.join(sub, 'r{rank}.safetensors'), ...flags, '-q'], err.stream), err.text()).to.equal(0);
        const files = fs.readdirSync(sub).sort().map((f) => path.join(sub, f));
        expect(files).to.have.length(flags.includes('--tp') ? 4 : 2);
        const experts = files.map((f) => [...new Set(names(f).map((n) => /\.experts\.(\d+)\./.exec(n)?.[1]).filter((e) => e !== undefined))].sort());
        // Each rank holds the experts of its EP group only, under the global names.
        expect(new Set(experts.map((e) => e.join(',')))).to.deep.equal(new Set(['0,1', '2,3']));
        const v = sink();
        expect(await verifyCommand(files, v.stream), v.text()).to.equal(0);
        expect(v.text()).to.match(/OK/);
      });
    }
  });
}

describe('expert parallelism on a small gpt_oss (fused experts [E, …], 4 experts, padding row)', () => {
  it('--ep 2 --tp 2: the fused expert tensors are split on dim 0, two experts per EP rank; verify reassembles', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'gpt_oss-'));
    const s = SMALL.find((x) => x.model_type === 'gpt_oss')!;
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt_oss', ...s.config }));
    const out = sink();
    expect(specCommand(['--hf-config', path.join(dir, 'config.json'), '--seed', '5'], out.stream)).to.equal(0);
    fs.writeFileSync(path.join(dir, 'spec.json'), out.text());
    expect(await initModelCommand([path.join(dir, 'spec.json'), '-o', path.join(dir, 'r{rank}.safetensors'), '--ep', '2', '--tp', '2', '-q'], sink().stream)).to.equal(0);
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('r')).sort().map((f) => path.join(dir, f));
    expect(files).to.have.length(4);
    for (const f of files) {
      const buf = fs.readFileSync(f);
      const header = JSON.parse(buf.subarray(8, 8 + Number(buf.readBigUInt64LE(0))).toString('utf8')) as Record<string, { shape: number[] }>;
      expect(header['model.layers.1.mlp.experts.gate_up_proj'].shape).to.deep.equal([2, 16, 24]);
      expect(header['model.layers.1.mlp.experts.down_proj_bias'].shape).to.deep.equal([2, 16]);
    }
    const v = sink();
    expect(await verifyCommand(files, v.stream), v.text()).to.equal(0);
  });
});
