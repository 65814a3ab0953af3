import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSafetensors } from '../lib/formats/safetensors';
import { parseShardSize, planShards, verifyCheckpoint, writeCheckpoint } from '../lib/model/checkpoint';
import { createHash } from 'node:crypto';
import { specIdentity } from '../lib/model/identity';
import { llama } from '../lib/model/presets';
import { flatSpec, resolveSpec } from '../lib/model/spec';
import { initModel } from '../lib/model/write';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-ckpt-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const dir = () => path.join(tmp, `ckpt-${counter++}`);

describe('checkpoint: huggingface_hub size strings', () => {
  it('parses as parse_size_to_int does (decimal units, float value, truncated)', () => {
    // Values checked with the same expression in Python: int(float(value) * unit).
    const cases: [string | number, number][] = [
      ['5GB', 5_000_000_000], ['5gb', 5_000_000_000], [' 1.5 MB ', 1_500_000], ['1_000KB', 1_000_000],
      ['1.005KB', 1004], ['1.1GB', 1_100_000_000], ['2.5e-3TB', 2_500_000_000], ['1 KB', 1000],
      ['4096', 4096], [1024, 1024],
    ];
    for (const [text, bytes] of cases) expect(parseShardSize(text), String(text)).to.equal(bytes);
  });

  it('refuses what it cannot read, in the package\'s format', () => {
    const expected = 'Expected a size in bytes, or a number followed by TB, GB, MB or KB (powers of 10, e.g. "5GB") for maxShardSize but received';
    for (const bad of ['5GiB', 'GB', '500B', 'abcMB', '1__0KB', '']) expect(() => parseShardSize(bad), bad).to.throw(RangeError, expected);
    expect(() => parseShardSize('0.000001KB')).to.throw(RangeError, 'of at least 1 byte');
    expect(() => parseShardSize(0)).to.throw(RangeError, 'Expected a positive integer for maxShardSize but received 0 (number)');
    expect(() => parseShardSize(true)).to.throw(TypeError, `${expected} true (boolean)`);
  });
});

describe('checkpoint: the greedy split of split_state_dict_into_shards_factory', () => {
  const GB = 1_000_000_000;
  const sizes = (list: number[]) => list.map((b, i) => ({ name: `t${i}`, bytes: b * GB }));

  it('its docstring example: [6, 6, 2, 6, 2, 2] GB at 10GB → [6], [6+2], [6+2+2]', () => {
    const plan = planShards(sizes([6, 6, 2, 6, 2, 2]), 10 * GB);
    expect(plan.files.map((f) => f.tensors)).to.deep.equal([['t0'], ['t1', 't2'], ['t3', 't4', 't5']]);
    expect(plan.files.map((f) => f.name)).to.deep.equal(['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors']);
    expect(plan.totalSize).to.equal(24 * GB);
    expect(plan.sharded).to.equal(true);
  });

  it('a tensor over the limit gets its own file at once, while the open file keeps filling', () => {
    const plan = planShards(sizes([1, 11, 1, 3]), 5 * GB);
    expect(plan.files.map((f) => f.tensors)).to.deep.equal([['t1'], ['t0', 't2', 't3']]);
    // Exactly at the limit still fits (the rule is "would pass": size > max).
    expect(planShards(sizes([2, 3, 5]), 5 * GB).files.map((f) => f.tensors)).to.deep.equal([['t0', 't1'], ['t2']]);
  });

  it('one file: model.safetensors, no index', () => {
    const plan = planShards(sizes([1, 2]), 5 * GB);
    expect(plan).to.deep.equal({ files: [{ name: 'model.safetensors', tensors: ['t0', 't1'], bytes: 3 * GB }], totalSize: 3 * GB, sharded: false });
    expect(planShards(sizes([7]), 5 * GB).files[0].name).to.equal('model.safetensors');
  });
});

describe('checkpoint: writeCheckpoint and verifyCheckpoint', () => {
  // 2 blocks, hidden 32: embed 50×32 f32 = 6400 B, q/o 4096 B, k/v 2048 B, gate/up/down 6144 B, norms 128 B.
  const spec = llama({ vocab: 50, layers: 2, hidden: 32, intermediate: 48, heads: 4, kvHeads: 2, seed: 5 });

  it('writes shards + index exactly as huggingface_hub lays them out, each tensor equal to the one-file model', async () => {
    const out = dir();
    const result = await writeCheckpoint(spec, { outDir: out, maxShardSize: '20KB' });
    const files = fs.readdirSync(out).sort();
    const n = result.files.length;
    expect(n).to.be.above(2);
    expect(files).to.deep.equal([
      'config.json',
      ...Array.from({ length: n }, (_, i) => `model-${String(i + 1).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.safetensors`),
      'model.safetensors.index.json',
    ]);
    const indexText = fs.readFileSync(path.join(out, 'model.safetensors.index.json'), 'utf8');
    const index = JSON.parse(indexText);
    const sha = specIdentity(resolveSpec(spec));
    expect(sha).to.equal(createHash('sha256').update(JSON.stringify(flatSpec(resolveSpec(spec)))).digest('hex'));
    expect(indexText.startsWith(
      `{\n  "metadata": {\n    "total_size": ${result.totalSize},\n    "spec_sha256": "${sha}",\n    "spec_tensors": 21\n  },\n  "weight_map": {\n    "model.embed_tokens.weight": "model-00001-of-`,
    )).to.equal(true);
    expect(indexText.endsWith('}\n}\n')).to.equal(true);
    expect(Object.keys(index.weight_map)).to.have.length(1 + 2 * 9 + 2);
    const whole = path.join(tmp, `whole-${counter++}.safetensors`);
    await initModel(spec, { out: whole });
    const reference = readSafetensors(whole);
    let total = 0;
    let tensors = 0;
    for (const f of result.files) {
      const file = readSafetensors(f);
      expect(file.metadata?.format).to.equal('pt');
      expect(file.metadata?.generator).to.equal('kaiming');
      expect(file.metadata?.spec_sha256).to.equal(sha);
      expect(file.metadata?.spec_tensors).to.equal('21');
      const size = fs.statSync(f).size;
      for (const [name, t] of file.tensors) {
        const ref = reference.tensors.get(name)!;
        expect(index.weight_map[name]).to.equal(path.basename(f));
        expect(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).equals(Buffer.from(ref.data.buffer, ref.data.byteOffset, ref.data.byteLength)), name).to.equal(true);
        total += t.data.byteLength;
        tensors++;
      }
      // Every file holds at most 20 kB of tensors (none here is larger than the limit).
      expect([...file.tensors.values()].reduce((s, t) => s + t.data.byteLength, 0)).to.be.at.most(20_000);
      expect(size).to.be.above(0);
    }
    expect(tensors).to.equal(reference.tensors.size);
    expect(total).to.equal(result.totalSize).and.to.equal(index.metadata.total_size);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'))).to.deep.equal(spec.config);
    expect(await verifyCheckpoint(out)).to.deep.include({ ok: true, tensors: 21, problems: [] });
    expect((await verifyCheckpoint(path.join(out, 'model.safetensors.index.json'))).ok).to.equal(true);
  });

  it('one file when everything fits: model.safetensors and no index; verify takes the directory', async () => {
    const out = dir();
    const result = await writeCheckpoint(spec, { outDir: out });
    expect(fs.readdirSync(out).sort()).to.deep.equal(['config.json', 'model.safetensors']);
    expect(result.index).to.equal(undefined);
    expect((await verifyCheckpoint(out)).ok).to.equal(true);
  });

  it('refuses an existing checkpoint without force; with force a new split replaces the old files', async () => {
    const out = dir();
    await writeCheckpoint(spec, { outDir: out, maxShardSize: '10KB' });
    const before = fs.readdirSync(out).filter((f) => f.endsWith('.safetensors')).length;
    expect(before).to.be.above(3);
    let error: NodeJS.ErrnoException | undefined;
    try {
      await writeCheckpoint(spec, { outDir: out });
    } catch (e) {
      error = e as NodeJS.ErrnoException;
    }
    expect(error?.code).to.equal('EEXIST');
    expect(error?.message).to.equal(
      `Refusing to overwrite the checkpoint in "${out}" (${fs.readdirSync(out).join(', ')}); pass { force: true } to replace it, or { resume: true } to continue it`,
    );
    await writeCheckpoint(spec, { outDir: out, force: true });
    expect(fs.readdirSync(out).sort()).to.deep.equal(['config.json', 'model.safetensors']);
  });

  it('verify finds a changed byte, a wrong index entry and a wrong total', async () => {
    const out = dir();
    const result = await writeCheckpoint(spec, { outDir: out, maxShardSize: '20KB' });
    const indexPath = path.join(out, 'model.safetensors.index.json');
    const index = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
    index.weight_map['model.norm.weight'] = 'model-00001-of-00009.safetensors';
    index.metadata.total_size += 1;
    fs.writeFileSync(indexPath, JSON.stringify(index));
    const last = result.files.at(-1)!;
    const bytes = fs.readFileSync(last);
    bytes[bytes.length - 1] ^= 1;
    fs.writeFileSync(last, bytes);
    const r = await verifyCheckpoint(out);
    expect(r.ok).to.equal(false);
    expect(r.problems.join('\n')).to.contain('"model-00001-of-00009.safetensors" is in the index but missing');
    expect(r.problems.join('\n')).to.contain('tensor "model.norm.weight" is in');
    expect(r.problems.join('\n')).to.contain(`the index's total_size is ${result.totalSize + 1}, the files hold ${result.totalSize} bytes of tensors`);
    expect(r.problems.join('\n')).to.match(/differs from its spec at element/);
  });

  it('refuses a shard copied from another run (other seed) and a whole shard removed with its index entries', async () => {
    const out = dir();
    const result = await writeCheckpoint(spec, { outDir: out, maxShardSize: '20KB' });
    expect((await verifyCheckpoint(out)).ok).to.equal(true);
    const other = dir();
    await writeCheckpoint({ ...spec, seed: 6 }, { outDir: other, maxShardSize: '20KB' });
    const second = path.basename(result.files[1]);
    fs.copyFileSync(path.join(other, second), path.join(out, second));
    const copied = await verifyCheckpoint(out);
    expect(copied.ok).to.equal(false);
    expect(copied.problems).to.deep.equal([
      `${second}: its spec_sha256 is "${specIdentity(resolveSpec({ ...spec, seed: 6 }))}", the checkpoint's "${specIdentity(resolveSpec(spec))}": it belongs to another model or run`,
    ]);

    // Remove the next-to-last file, its tensors from the weight_map and its bytes from total_size.
    const gone = dir();
    const r = await writeCheckpoint(spec, { outDir: gone, maxShardSize: '20KB' });
    const n = r.files.length;
    const middle = path.basename(r.files[n - 2]);
    const indexPath = path.join(gone, 'model.safetensors.index.json');
    const index = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
    const removed = Object.keys(index.weight_map).filter((k) => index.weight_map[k] === middle);
    for (const k of removed) delete index.weight_map[k];
    index.metadata.total_size -= [...readSafetensors(path.join(gone, middle)).tensors.values()].reduce((s, t) => s + t.data.byteLength, 0);
    fs.writeFileSync(indexPath, JSON.stringify(index));
    fs.rmSync(path.join(gone, middle));
    const missing = await verifyCheckpoint(gone);
    expect(missing.ok).to.equal(false);
    expect(missing.problems).to.deep.equal([
      `"${middle}" is missing from the index and from the directory`,
      `the files hold ${21 - removed.length} tensors, the spec 21`,
      `the index maps ${21 - removed.length} tensors, the spec has 21`,
    ]);
    // A stale file the index does not name.
    fs.copyFileSync(path.join(gone, path.basename(r.files[0])), path.join(gone, 'model-00009-of-00009.safetensors'));
    expect((await verifyCheckpoint(gone)).problems).to.include('"model-00009-of-00009.safetensors" is in the directory but not in the index');
  });

  it('a tensor over the limit is file 1 alone, the tensors before and after it share file 2', async () => {
    const out = dir();
    const big = { seed: 1, tensors: [
      { name: 'a', shape: [100], init: 'normal' }, // 400 B
      { name: 'big', shape: [2000], init: 'normal' }, // 8000 B > 1 kB
      { name: 'b', shape: [100], init: 'ones' },
    ] };
    const r = await writeCheckpoint(big, { outDir: out, maxShardSize: '1KB' });
    const index = JSON.parse(fs.readFileSync(path.join(out, 'model.safetensors.index.json'), 'utf8'));
    expect(index).to.deep.equal({
      metadata: { total_size: 8800, spec_sha256: specIdentity(resolveSpec(big)), spec_tensors: 3 },
      weight_map: { big: 'model-00001-of-00002.safetensors', a: 'model-00002-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' },
    });
    expect([...readSafetensors(r.files[1]).tensors.keys()]).to.deep.equal(['a', 'b']);
    expect(fs.existsSync(path.join(out, 'config.json'))).to.equal(false); // the spec has no config
  });

  it('an abort keeps the files completed (no temporary file) and rejects; resume finishes with the bytes of an uninterrupted run', async () => {
    const out = dir();
    const controller = new AbortController();
    let error: unknown;
    try {
      await writeCheckpoint(spec, {
        outDir: out,
        maxShardSize: '10KB',
        signal: controller.signal,
        onProgress: (p) => {
          if (p.filesDone === 2) controller.abort();
        },
      });
    } catch (e) {
      error = e;
    }
    expect((error as Error)?.name).to.equal('AbortError');
    expect(fs.readdirSync(out).sort()).to.deep.equal(['model-00001-of-00012.safetensors', 'model-00002-of-00012.safetensors']);
    const again = await writeCheckpoint(spec, { outDir: out, maxShardSize: '10KB', resume: true });
    expect(again.kept.map((f) => path.basename(f))).to.deep.equal(['model-00001-of-00012.safetensors', 'model-00002-of-00012.safetensors']);
    const whole = dir();
    await writeCheckpoint(spec, { outDir: whole, maxShardSize: '10KB' });
    expect(fs.readdirSync(out).sort()).to.deep.equal(fs.readdirSync(whole).sort());
    for (const f of fs.readdirSync(whole)) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(whole, f))), f).to.equal(true);
  });

  it('option errors', async () => {
    await expectReject(writeCheckpoint(spec, { outDir: 3 } as never), TypeError, 'Expected a directory path for outDir but received 3 (number)');
    await expectReject(writeCheckpoint(spec, { outDir: dir(), maxShardSize: '5GiB' }), RangeError, 'for maxShardSize but received "5GiB" (string)');
    await expectReject(writeCheckpoint(spec, { outDir: dir(), colour: 1 } as never), RangeError, 'colour');
    await expectReject(writeCheckpoint(spec, { outDir: 'ckpt-{rank}' }), RangeError,
      'Expected a path without {rank} (there is no rank: give a shard or a parallel rank) for outDir but received "ckpt-{rank}" (string)');
    const base = dir();
    await writeCheckpoint({ seed: 1, tensors: [{ name: 'w', shape: [4, 2], init: 'ones' }] }, { outDir: path.join(base, 'tp{rank}'), shard: { rank: 3, world: 4 } });
    expect(fs.readdirSync(base)).to.deep.equal(['tp3']);
  });
});

async function expectReject(p: Promise<unknown>, type: new (...args: never[]) => Error, text: string): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).to.be.instanceOf(type);
  expect((error as Error).message).to.contain(text);
}
