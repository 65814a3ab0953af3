import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DirectAppender } from '../lib/io/direct-appender';
import { initModel } from '../lib/model/write';
import { initModelRanks } from '../lib/model/write-ranks';
import type { ModelSpec } from '../lib/model/spec';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-direct-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('O_DIRECT writing', () => {
  it('appends odd-sized chunks across aligned blocks, pads the tail and reports the exact length', async function () {
    const file = path.join(tmp, 'append.bin');
    fs.writeFileSync(file, '');
    const appender = await DirectAppender.open(file, 8192);
    if (appender === undefined) this.skip(); // a file system without O_DIRECT (e.g. tmpfs): the page cache is used instead
    const expected: number[] = [];
    let seed = 1;
    for (const size of [5, 8187, 1, 20000, 3, 4096, 12289]) {
      const chunk = new Uint8Array(size);
      for (let i = 0; i < size; i++) chunk[i] = seed = (seed * 73 + 41) % 251;
      expected.push(...chunk);
      await appender!.append(chunk);
      chunk.fill(0); // the appender copied it: the caller may reuse its buffer at once
    }
    const length = await appender!.finish();
    await appender!.close();
    expect(length).to.equal(expected.length);
    const written = fs.readFileSync(file);
    expect(written.length).to.equal(Math.ceil(expected.length / 4096) * 4096); // padded; AtomicFile truncates
    expect(Array.from(written.subarray(0, length))).to.deep.equal(expected);
  });

  it('initModel writes the same bytes with and without O_DIRECT (odd tensor sizes, mixed dtypes)', async () => {
    const spec: ModelSpec = {
      seed: 3,
      tensors: [
        { name: 'a', shape: [3, 5], init: 'normal', dtype: 'bfloat16' },
        { name: 'b', shape: [1025, 4097], init: 'uniform' },
        { name: 'c', shape: [7], init: 'trunc_normal', dtype: 'float64' },
        { name: 'd', shape: [3000, 3001], init: 'normal', dtype: 'float16', parallel: 'rowwise' },
      ],
    };
    const direct = path.join(tmp, 'direct.safetensors');
    const buffered = path.join(tmp, 'buffered.safetensors');
    await initModel(spec, { out: direct });
    await initModel(spec, { out: buffered, direct: false });
    expect(fs.readFileSync(direct).equals(fs.readFileSync(buffered))).to.equal(true);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
    const a = await initModelRanks(spec, { out: path.join(tmp, 'r{rank}.safetensors'), tp: 3 });
    const b = await initModelRanks(spec, { out: path.join(tmp, 'q{rank}.safetensors'), tp: 3, direct: false });
    for (let r = 0; r < 3; r++) expect(fs.readFileSync(a[r].path).equals(fs.readFileSync(b[r].path)), `rank ${r}`).to.equal(true);
  });
});
