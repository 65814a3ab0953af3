// The numeric ids C++ and TypeScript share are read from the C++ headers and
// compared with lib/'s tables, so an enumerator added or reordered on one side
// fails here (native/kernel/fill.h, native/kernel/refusal.h).
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DTYPE_ID, DTYPE_NAMES, TRANSFORM } from '../lib/sampling/ids';
import { ARGUMENTS, PROBLEMS } from '../lib/sampling/refusal';

const kernel = path.join(__dirname, '..', 'native', 'kernel');

/** The enumerators of `enum class name ... { ... }` in a header, with their values (implicit ones counted on). */
function enumerators(header: string, name: string): Map<string, number> {
  const text = fs.readFileSync(path.join(kernel, header), 'utf8');
  const body = new RegExp(`enum class ${name}\\s*:\\s*int\\s*\\{([^}]*)\\}`).exec(text);
  if (body === null) throw new Error(`enum class ${name} not found in ${header}`);
  const values = new Map<string, number>();
  let next = 0;
  for (const line of body[1]!.replace(/\/\/[^\n]*/g, '').split(',')) {
    const m = /^\s*(k\w+)\s*(?:=\s*(\d+))?\s*$/.exec(line);
    if (m === null) continue;
    next = m[2] === undefined ? next : Number(m[2]);
    values.set(m[1]!, next++);
  }
  return values;
}

/** kTruncatedNormal → truncated_normal, kFloat32 → float32, kNaN → nan. */
const snake = (enumerator: string) => enumerator.slice(1).replace('NaN', 'Nan').replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase();

describe('ids shared with the kernel', () => {
  it('DType (fill.h) equals DTYPE_ID and DTYPE_NAMES', () => {
    const dtypes = enumerators('fill.h', 'DType');
    expect(Object.fromEntries([...dtypes].map(([k, v]) => [snake(k), v]))).to.deep.equal(DTYPE_ID);
    expect([...dtypes.keys()].map(snake)).to.deep.equal([...DTYPE_NAMES]);
  });

  it('Transform (fill.h) equals TRANSFORM', () => {
    expect(Object.fromEntries([...enumerators('fill.h', 'Transform')].map(([k, v]) => [snake(k), v]))).to.deep.equal(TRANSFORM);
  });

  it('Problem and Argument (refusal.h) equal the tables that word refusals', () => {
    expect([...enumerators('refusal.h', 'Problem')].map(([k, v]) => [snake(k), v])).to.deep.equal(PROBLEMS.map((p, i) => [p, i]));
    const args = [...enumerators('refusal.h', 'Argument')].map(([k, v]) => [snake(k), v]);
    expect(args).to.deep.equal(ARGUMENTS.map((a, i) => [a === '?' ? 'none' : a, i]));
  });
});
