// Every value that decides a weight is the same double in every JavaScript engine: the code
// that computes fans, gains, bounds, stds, recipes' stds, streams and tensors uses only
// operations IEEE 754 rounds correctly (+ − × ÷, Math.sqrt, integer and bit operations) and
// lib/math/roots.ts. ECMA-262 leaves Math.pow, **, exp, log, the trigonometric and hyperbolic
// functions implementation-approximated, and V8 and JavaScriptCore differ in their last bits
// (Bun gave torchtitan's lm_head std 0.10206207261596577 where PyTorch has …75).
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const LIB = path.join(__dirname, '..', 'lib');
// The folders whose numbers become weights (distributions/, stats/ and plot/ describe laws; their last bits may differ).
const WEIGHT_FOLDERS = ['core', 'rules', 'sampling', 'initializers', 'model', 'tfjs'];
const APPROXIMATED = /\bMath\.(pow|exp|expm1|log|log1p|log2|log10|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/g;
// `**` is exact only on a power of two: 2 ** n (in range) is the double 2^n in every engine.
const POWER = /([\w.)\]]+)\s*\*\*\s*/g;

/** The code of a TypeScript file without its comments and string literals. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");
}

function files(folder: string): string[] {
  return readdirSync(path.join(LIB, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f));
}

describe('the same doubles in every engine', () => {
  const sources = WEIGHT_FOLDERS.flatMap(files).map((file) => ({ file, text: code(readFileSync(path.join(LIB, file), 'utf8')) }));

  it(`reads ${WEIGHT_FOLDERS.join(', ')} (at least 50 files)`, () => {
    expect(sources.length).to.be.at.least(50);
    expect(sources.map((s) => s.file)).to.include('model/recipes.ts');
  });

  it('no implementation-approximated Math function decides a weight', () => {
    const found = sources.flatMap(({ file, text }) => [...text.matchAll(APPROXIMATED)].map((m) => `${file}: ${m[0]}`));
    expect(found).to.deep.equal([]);
  });

  it('** only raises 2', () => {
    const found = sources.flatMap(({ file, text }) => [...text.matchAll(POWER)].filter((m) => m[1] !== '2').map((m) => `${file}: ${m[0]}…`));
    expect(found).to.deep.equal([]);
  });

  it('the scan finds what it looks for (a planted Math.pow and a planted dim ** -0.5)', () => {
    const planted = code("const std = dim ** -0.5; // dim ** 2 in a comment\nconst beta = Math.pow(8 * n, 0.25); const s = 'Math.exp(1)';");
    expect([...planted.matchAll(APPROXIMATED)].map((m) => m[0])).to.deep.equal(['Math.pow']);
    expect([...planted.matchAll(POWER)].map((m) => m[1])).to.deep.equal(['dim']);
  });
});
