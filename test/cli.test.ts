// The `kaiming` command line: exit statuses and the one-line messages for bad
// input, and files that read back (with the package's own readers) to the
// same bytes as the API call with the same seed. Commands run in-process
// through main(argv, io), plus a few through a real `node` process.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../lib/cli/main';
import type { CliIo } from '../lib/cli/io';
import { parseNumber, parseSeed, parseShape } from '../lib/cli/args';
import { describe as describeLayer } from '../lib/distributions/describe';
import { bfloat16ArrayToFloat32 } from '../lib/core/dtype';
import { readNpy } from '../lib/formats/npy';
import { readSafetensors } from '../lib/formats/safetensors';
import { init } from '../lib/initializers/registry';
import { childNode } from './support/runtime';

interface Captured extends CliIo {
  out(): string;
  err(): string;
}

function capture(tty = false): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s), isTTY: tty, columns: 100 },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function run(argv: string[], tty = false): Promise<{ code: number; out: string; err: string }> {
  const io = capture(tty);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const bytes = (data: ArrayBufferView) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

const ROOT = path.join(__dirname, '..');

describe('kaiming command line', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => path.join(dir, name);

  describe('bad arguments: one line on stderr, nothing on stdout, exit status 2', () => {
    const K = ['kaiming_normal', '--shape', '256,128,3,3'];
    const cases: Array<[string[], RegExp]> = [
      [['describe', ...K, '--a', '1x'], /^kaiming describe: Expected a number for --a but received "1x" \(string\)$/],
      [['describe', ...K, '--a', ''], /^kaiming describe: Expected a number for --a but received "" \(string\)$/],
      [['describe', ...K, '--a', '0x10'], /^kaiming describe: Expected a number for --a but received "0x10" \(string\)$/],
      [['describe', 'kaiming_normal', '--shape', '256,1x28'], /^kaiming describe: Expected a comma-separated list of non-negative integers \(e\.g\. 256,128,3,3\) for --shape but received "256,1x28" \(string\)$/],
      [['describe', 'kaiming_normal', '--shape', '4,-4'], /for --shape but received "4,-4"/],
      [['describe', 'kaiming_nromal', '--shape', '4,4'], /^kaiming describe: Unknown initializer "kaiming_nromal"; did you mean "kaiming_normal"\?$/],
      [['describe', 'kaiming_normal'], /^kaiming describe: required option '--shape <dims>' not specified$/],
      [['describe', '--shape', '4,4'], /^kaiming describe: missing required argument 'init'$/],
      [['describe', 'a', 'b', '--shape', '4,4'], /^kaiming describe: too many arguments/],
      [['describe', ...K, '--nonlinerity', 'relu'], /^kaiming describe: unknown option '--nonlinerity' \(Did you mean --nonlinearity\?\)$/],
      [['describe', ...K, '--nonlinearity', 'rleu'], /^kaiming describe: Expected one of "linear", .* for nonlinearity but received "rleu" \(string\)$/],
      [['describe', ...K, '--mode', 'fan_avg'], /^kaiming describe: Expected one of "fan_in", "fan_out" for mode but received "fan_avg" \(string\)$/],
      [['describe', ...K, '--gain', '2'], /^kaiming describe: kaiming_normal has no option --gain \(its options: --a, --mode, --nonlinearity, --layout\)$/],
      [['describe', 'zeros', '--shape', '4,4', '--value', '2'], /^kaiming describe: zeros has no option --value \(it takes no rule options\)$/],
      [['describe', 'kaiming_normal', '--shape', '4'], /^kaiming describe: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions/],
      [['describe', 'uniform', '--shape', '4', '--low', '1', '--high', '0'], /^kaiming describe: Expected a number greater than or equal to low \(1\) for high but received 0 \(number\)$/],
      [['describe', 'sparse', '--shape', '4,4', '--sparsity', '2'], /for sparsity but received 2 \(number\)$/],
      [['describe', 'dirac', '--shape', '4,4,3', '--groups', '1.5'], /^kaiming describe: Expected a non-negative integer for --groups but received "1\.5" \(string\)$/],
      [['frobnicate'], /^kaiming: unknown command 'frobnicate'$/],
      [['--frobnicate'], /^kaiming: unknown option '--frobnicate'$/],
      [['sample', ...K, '--out', 'w.bin'], /^kaiming sample: Expected a file name ending in \.npy or \.safetensors for --out but received "w\.bin" \(string\)$/],
      [['sample', ...K], /^kaiming sample: required option '-o, --out <file>' not specified$/],
      [['sample', ...K, '--out', 'w.npy', '--seed', '-1'], /^kaiming sample: Expected an unsigned 64-bit integer for --seed but received "-1" \(string\)$/],
      [['sample', ...K, '--out', 'w.npy', '--seed', '18446744073709551616'], /^kaiming sample: Expected an unsigned 64-bit integer for --seed but received "18446744073709551616" \(string\)$/],
      [['sample', ...K, '--out', 'w.npy', '--seed', '1.5'], /for --seed but received "1\.5"/],
      [['sample', ...K, '--out', 'w.npy', '--dtype', 'int8'], /^kaiming sample: Expected one of "float32", "float64", "bfloat16", "float16" for --dtype but received "int8" \(string\)$/],
      [['sample', ...K, '--out', 'w.safetensors', '--bf16-as', 'float32'], /^kaiming sample: Expected --bf16-as only with a \.npy output/],
      [['sample', ...K, '--out', 'w.npy', '--bf16-as', 'f8'], /^kaiming sample: Expected "uint16" or "float32" for --bf16-as but received "f8" \(string\)$/],
      [['sample', ...K, '--out', 'w.npy', '--threads', '0'], /^kaiming sample: Expected a positive integer for --threads but received "0" \(string\)$/],
      [['check', ...K, '--n', '10k'], /^kaiming check: Expected a positive integer for --n but received "10k" \(string\)$/],
      [['check', ...K, '--n', '0'], /^kaiming check: Expected a positive integer for --n but received "0" \(string\)$/],
      [['check', ...K, '--alpha', '2'], /^kaiming check: Expected a number between 0 and 1 for --alpha but received "2" \(string\)$/],
      [['plot', ...K, '--out', 'h.png'], /^kaiming plot: Expected a \.svg file for --out: PNG output is not available/],
      [['plot', ...K, '--out', 'h.svg', '--bins', '0'], /^kaiming plot: Expected a positive integer for --bins but received "0" \(string\)$/],
      // Refusals the kernel makes when the draw starts are still bad arguments (status 2), not failures.
      [['sample', 'uniform', '--shape', '3', '--low', '1.0000000001', '--high', '1.0000000002', '--out', 'w.npy'],
        /^kaiming sample: Expected low and high between which uniform has float32 values but received low = 1\.0000000001, high = 1\.0000000002: no finite value of the output dtype lies in \[low, high\)$/],
    ];
    for (const [argv, message] of cases) {
      it(argv.join(' '), async () => {
        const cwd = process.cwd();
        process.chdir(dir); // relative output names land in the temporary directory
        try {
          const r = await run(argv);
          expect(r.err).to.match(/^[^\n]*\n$/, 'exactly one line');
          expect(r.err.trimEnd()).to.match(message);
          expect(r.out).to.equal('');
          expect(r.code).to.equal(2);
        } finally {
          process.chdir(cwd);
        }
        expect(fs.readdirSync(dir).filter((f) => f.startsWith('w.') || f.startsWith('h.'))).to.deep.equal([]);
      });
    }
  });

  describe('describe', () => {
    it('prints fans, gain, σ, the pdf and cdf with the numbers, moments and the paper', async () => {
      const r = await run(['describe', 'kaiming_normal', '--shape', '256,128,3,3', '--nonlinearity', 'relu']);
      expect(r.code).to.equal(0);
      expect(r.err).to.equal('');
      expect(r.out).to.include('fan_in = 1152, fan_out = 2304 (receptive field 9), mode fan_in');
      expect(r.out).to.include(`gain       √2 = ${Math.SQRT2} (nonlinearity relu)`);
      expect(r.out).to.include(`normal N(0, σ²), σ = ${Math.SQRT2 / Math.sqrt(1152)}`);
      expect(r.out).to.include('pdf        f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = gain/√fan_in = √2/√1152 ≈ 0.041667');
      expect(r.out).to.include('cdf        F(x) = Φ(x/σ) = ½[1 + erf(x/(σ√2))]');
      expect(r.out).to.include('moments    mean 0, variance 0.0017361, std 0.041667');
      expect(r.out).to.include('He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers", §2.2.');
    });

    it('--json: the same numbers, machine-readable', async () => {
      const r = await run(['describe', 'he_normal', '--shape', '3,3,64,128', '--json']);
      expect(r.code).to.equal(0);
      const json = JSON.parse(r.out);
      const d = describeLayer('he_normal', [3, 3, 64, 128]);
      expect(json).to.include({ name: 'he_normal', family: 'truncated_normal', fanIn: 576, fanOut: 1152, mode: 'fan_in', scale: 2, std: d.std, variance: d.variance });
      expect(json.params).to.deep.equal({ ...d.params });
      expect(json.formula.text).to.equal(d.formula.text);
      expect(json.cdfFormula.latex).to.equal(d.cdfFormula.latex);
      const normal = JSON.parse((await run(['describe', 'normal', '--shape', '2,2', '--json'])).out);
      expect(normal.support).to.deep.equal(['-Infinity', 'Infinity']);
    });

    it('--latex prints the LaTeX formulas', async () => {
      const r = await run(['describe', 'kaiming_normal', '--shape', '256,128,3,3', '--nonlinearity', 'relu', '--latex']);
      expect(r.out).to.include('\\frac{\\sqrt{2}}{\\sqrt{1152}} \\approx 0.041667');
    });

    it('options are parsed into the library\'s option objects', async () => {
      const cases: Array<[string[], string, number[], Record<string, unknown>]> = [
        [['--a', '0.2', '--mode', 'FAN_OUT', '--nonlinearity', 'leaky_relu'], 'kaiming_uniform', [64, 32, 3], { a: 0.2, mode: 'FAN_OUT', nonlinearity: 'leaky_relu' }],
        [['--a', 'none', '--nonlinearity', 'leaky_relu'], 'kaiming_normal', [64, 32], { a: null, nonlinearity: 'leaky_relu' }],
        [['--gain', '1.5e0'], 'xavier_normal', [64, 32], { gain: 1.5 }],
        [['--std', '.02', '--a', '-inf', '--b', '0.04'], 'trunc_normal', [8, 8], { std: 0.02, a: -Infinity, b: 0.04 }],
        [['--scale', '2', '--mode', 'fan_avg', '--distribution', 'uniform'], 'variance_scaling', [8, 8], { scale: 2, mode: 'fan_avg', distribution: 'uniform' }],
        [['--groups', '2'], 'dirac', [8, 4, 3], { groups: 2 }],
        [['--layout', 'keras'], 'kaiming_normal', [3, 3, 16, 32], { layout: 'keras' }],
      ];
      for (const [flags, name, shape, options] of cases) {
        const r = await run(['describe', name, '--shape', shape.join(','), ...flags, '--json']);
        expect(r.err, flags.join(' ')).to.equal('');
        const json = JSON.parse(r.out);
        expect(json.options).to.deep.equal(JSON.parse(JSON.stringify(options)));
        expect(json.std).to.equal(describeLayer(name, shape, options).std);
      }
    });

    it('kaiming list names every initializer', async () => {
      const r = await run(['list']);
      expect(r.code).to.equal(0);
      expect(r.out.split('\n')).to.include.members(['kaiming_normal', 'he_normal', 'xavierUniform', 'trunc_normal_']);
    });
  });

  describe('sample', () => {
    it('.npy: readNpy gives the bytes of the API call with the same seed', async () => {
      const out = file('w.npy');
      const r = await run(['sample', 'kaiming_normal', '--shape', '256,128,3,3', '--nonlinearity', 'relu', '--seed', '42', '--out', out]);
      expect(r.code).to.equal(0);
      expect(r.out).to.equal('');
      expect(r.err).to.match(/^kaiming sample: wrote .*w\.npy: kaiming_normal \[256, 128, 3, 3\] float32, 1\.1 MiB, seed 42; the same values: init\('kaiming_normal', \[256, 128, 3, 3\], \{ nonlinearity: 'relu', seed: 42 \}\)\n$/);
      const a = readNpy(out);
      expect(a.descr).to.equal('<f4');
      expect(a.shape).to.deep.equal([256, 128, 3, 3]);
      const api = init('kaiming_normal', [256, 128, 3, 3], { nonlinearity: 'relu', seed: 42 });
      expect(bytes(a.data).equals(bytes(api.data))).to.equal(true);
    });

    const dtypes: Array<[string[], string, string]> = [
      [['--dtype', 'float64'], 'float64', '<f8'],
      [['--dtype', 'float16'], 'float16', '<f2'],
      [['--dtype', 'bfloat16'], 'bfloat16', '<u2'],
      [['--dtype', 'bf16', '--bf16-as', 'uint16'], 'bfloat16', '<u2'],
    ];
    for (const [flags, dtype, descr] of dtypes) {
      it(`.npy ${flags.join(' ')}: ${descr}, same bytes`, async () => {
        const out = file(`d-${flags.join('')}.npy`);
        const r = await run(['sample', 'he_uniform', '--shape', '3,3,64,128', '--seed', '7', '--key', 'conv1', '--out', out, ...flags, '-q']);
        expect(r.err).to.equal('');
        expect(r.code).to.equal(0);
        const a = readNpy(out);
        expect(a.descr).to.equal(descr);
        const api = init('he_uniform', [3, 3, 64, 128], { seed: 7, key: 'conv1', dtype });
        expect(bytes(a.data).equals(bytes(api.data))).to.equal(true);
      });
    }

    it('.npy --bf16-as float32 widens bfloat16 exactly to <f4', async () => {
      const out = file('bf16-f32.npy');
      expect((await run(['sample', 'kaiming_uniform', '--shape', '64,32', '--seed', '3', '--dtype', 'bfloat16', '--bf16-as', 'float32', '--out', out, '-q'])).code).to.equal(0);
      const a = readNpy(out);
      expect(a.descr).to.equal('<f4');
      const api = init('kaiming_uniform', [64, 32], { seed: 3, dtype: 'bfloat16' });
      expect(bytes(a.data).equals(bytes(bfloat16ArrayToFloat32(api.data as Uint16Array)))).to.equal(true);
    });

    it('a tensor made in several slices equals one API call', async () => {
      // 2100 × 2000 = 4.2 M elements: more than one 4 Mi-element slice.
      const out = file('big.npy');
      expect((await run(['sample', 'xavier_uniform', '--shape', '2100,2000', '--seed', '5', '--out', out, '-q'])).code).to.equal(0);
      const api = init('xavier_uniform', [2100, 2000], { seed: 5 });
      expect(bytes(readNpy(out).data).equals(bytes(api.data))).to.equal(true);
    });

    it('a whole-matrix rule (orthogonal) equals the API call', async () => {
      const out = file('orth.npy');
      expect((await run(['sample', 'orthogonal', '--shape', '64,32', '--gain', '2', '--seed', '9', '--out', out, '-q'])).code).to.equal(0);
      expect(bytes(readNpy(out).data).equals(bytes(init('orthogonal', [64, 32], { gain: 2, seed: 9 }).data))).to.equal(true);
    });

    it('.safetensors: one tensor with the same bytes, and the call in its metadata', async () => {
      const out = file('w.safetensors');
      const r = await run(['sample', 'he_normal', '--shape', '3,3,64,128', '--dtype', 'bfloat16', '--seed', '1', '--name', 'conv.weight', '--out', out, '-q']);
      expect(r.code).to.equal(0);
      const f = readSafetensors(out);
      expect([...f.tensors.keys()]).to.deep.equal(['conv.weight']);
      const t = f.tensors.get('conv.weight')!;
      expect(t.dtype).to.equal('bfloat16');
      expect(t.shape).to.deep.equal([3, 3, 64, 128]);
      const api = init('he_normal', [3, 3, 64, 128], { seed: 1, dtype: 'bfloat16' });
      expect(bytes(t.data).equals(bytes(api.data))).to.equal(true);
      expect(f.metadata).to.deep.equal({ initializer: 'he_normal', options: '{}', seed: '1', key: '0', generator: 'kaiming' });
    });

    it('names −0 as -0 in the "same values" line (the file holds −0, and { mean: 0 } would make +0)', async () => {
      const out = file('negzero.npy');
      const r = await run(['sample', 'normal', '--shape', '4', '--mean', '-0', '--std', '0', '--seed', '1', '--out', out]);
      expect(r.code).to.equal(0);
      expect(r.err).to.contain("the same values: init('normal', [4], { mean: -0, std: 0, seed: 1 })");
      const data = readNpy(out).data as Float32Array;
      expect([...data].every((v) => Object.is(v, -0))).to.equal(true);
    });

    it('refuses to overwrite without --force (status 1, file untouched), replaces with it', async () => {
      const out = file('exists.npy');
      fs.writeFileSync(out, 'precious');
      const r = await run(['sample', 'kaiming_normal', '--shape', '4,4', '--seed', '1', '--out', out]);
      expect(r.code).to.equal(1);
      expect(r.err).to.equal(`kaiming sample: Refusing to overwrite existing file "${out}"; pass --force to replace it\n`);
      expect(fs.readFileSync(out, 'utf8')).to.equal('precious');
      expect((await run(['sample', 'kaiming_normal', '--shape', '4,4', '--seed', '1', '--out', out, '--force', '-q'])).code).to.equal(0);
      expect(readNpy(out).shape).to.deep.equal([4, 4]);
    });

    it('an unwritable path fails with status 1 and leaves no file behind', async () => {
      const out = path.join(dir, 'no-such-dir', 'w.npy');
      const r = await run(['sample', 'kaiming_normal', '--shape', '4,4', '--seed', '1', '--out', out]);
      expect(r.code).to.equal(1);
      expect(r.err).to.match(/^kaiming sample: Cannot create a temporary file for ".*w\.npy": ENOENT/);
      expect(fs.existsSync(path.dirname(out))).to.equal(false);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
    });

    it('a random seed is chosen and printed when none is given, and reproduces the file', async () => {
      const out = file('random.npy');
      const r = await run(['sample', 'kaiming_uniform', '--shape', '16,8', '--out', out]);
      expect(r.code).to.equal(0);
      const seed = /seed (\d+);/.exec(r.err)![1];
      expect(bytes(readNpy(out).data).equals(bytes(init('kaiming_uniform', [16, 8], { seed: BigInt(seed) }).data))).to.equal(true);
    });

    it('draws a progress bar on stderr only when stderr is a terminal', async () => {
      const tty = await run(['sample', 'kaiming_uniform', '--shape', '64,64', '--seed', '1', '--out', file('tty.npy')], true);
      expect(tty.err).to.match(/sampling \[=+\] 100%/);
      expect(tty.err).to.match(/\x1b\[2Kkaiming sample: wrote /);
      const pipe = await run(['sample', 'kaiming_uniform', '--shape', '64,64', '--seed', '1', '--out', file('pipe.npy')], false);
      expect(pipe.err).not.to.include('\x1b');
      const quiet = await run(['sample', 'kaiming_uniform', '--shape', '64,64', '--seed', '1', '--out', file('quiet.npy'), '-q'], true);
      expect(quiet.err).to.equal('');
    });
  });

  describe('check', () => {
    it('prints D, the p-value and the moments next to the exact ones', async () => {
      const r = await run(['check', 'kaiming_normal', '--shape', '256,128,3,3', '--nonlinearity', 'relu', '--n', '200000', '--seed', '1']);
      expect(r.code).to.equal(0);
      expect(r.err).to.equal('');
      expect(r.out).to.match(/KS {8}D = \d\.\d{3}e-\d, p-value = [\d.e-]+ against the exact cdf/);
      expect(r.out).to.match(/mean {6}sample \S+, exact 0 \([+−]\d+\.\d\d standard errors\)/);
      expect(r.out).to.match(/variance {2}sample \S+, exact 0\.0017361 \(/);
      expect(r.out).to.include('200000 float32 values of the layer\'s law, seed 1, key 0 (the first 200000 are the layer\'s own values)');
      expect(r.out).to.include('verdict   consistent with the exact law (p ≥ 0.001)');
    });

    it('--alpha makes a rejection exit with status 1', async () => {
      const r = await run(['check', 'kaiming_uniform', '--shape', '64,32', '--n', '10000', '--seed', '1', '--alpha', '1']);
      expect(r.code).to.equal(1);
      expect(r.out).to.include('NOT consistent with the exact law (p < 1)');
    });

    it('bfloat16: D against the law of the rounded values', async () => {
      const r = await run(['check', 'he_normal', '--shape', '3,3,64,128', '--n', '300000', '--seed', '2', '--dtype', 'bfloat16']);
      expect(r.code).to.equal(0);
      expect(r.out).to.include('against the exact law of the rounded values (conservative p-value)');
      expect(r.out).to.include('consistent with the exact law');
    });

    it('dependent elements: no KS, moments and point masses only', async () => {
      const r = await run(['check', 'sparse', '--shape', '200,100', '--sparsity', '0.1', '--seed', '3']);
      expect(r.code).to.equal(0);
      expect(r.out).to.include('KS        not run: the elements are not independent draws');
      expect(r.out).to.include('P(X = 0)  sample 0.1, exact 0.1');
    });
  });

  describe('help, version, demo', () => {
    it('kaiming --help lists the commands and the exit statuses', async () => {
      const r = await run(['--help']);
      expect(r.code).to.equal(0);
      expect(r.err).to.equal('');
      expect(r.out).to.match(/^Usage: kaiming \[options\] \[command\]/);
      for (const command of ['describe', 'sample', 'plot', 'check', 'demo', 'init-model', 'spec', 'help']) expect(r.out).to.match(new RegExp(`\\n  ${command}\\b`));
      expect(r.out).to.include('2 bad arguments');
      expect((await run([])).out).to.equal(r.out);
    });

    it('kaiming sample --help states how bfloat16 is written to .npy', async () => {
      const r = await run(['sample', '--help']);
      expect(r.code).to.equal(0);
      expect(r.out).to.match(/^Usage: kaiming sample \[options\] <init>/);
      expect(r.out).to.include("bfloat16 is written as '<u2' holding the raw bits");
      expect(r.out).to.include("--bf16-as float32 widens it exactly to '<f4'");
    });

    it('kaiming help <command> is <command> --help', async () => {
      expect((await run(['help', 'check'])).out).to.equal((await run(['check', '--help'])).out);
      expect((await run(['plot', '-h'])).out).to.match(/^Usage: kaiming plot/);
    });

    it('--version prints the package version', async () => {
      const r = await run(['--version']);
      expect(r.code).to.equal(0);
      expect(r.out).to.equal(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
    });

    it('kaiming demo describes and checks one layer', async () => {
      const r = await run(['demo']);
      expect(r.code).to.equal(0);
      expect(r.out).to.include('σ = gain/√fan_in = √2/√1152 ≈ 0.041667');
      expect(r.out).to.match(/D = [\d.e-]+, p-value = /);
      expect(r.out).to.include('same bytes on 1 thread: yes');
    });
  });

  describe('a real process', function () {
    this.timeout(60000);
    const node = (args: string[]) =>
      spawnSync(childNode, ['--import', 'tsx', path.join(ROOT, 'lib', 'cli', 'entry.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

    it('exit status 2 and one line on stderr for a bad number', () => {
      const r = node(['describe', 'kaiming_normal', '--shape', '256,128,3,3', '--gain', '1x']);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.equal('kaiming describe: Expected a number for --gain but received "1x" (string)\n');
      expect(r.stdout).to.equal('');
    });

    it('exit status 0 and the description on stdout', () => {
      const r = node(['describe', 'xavier_uniform', '--shape', '784,256']);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.include('bound = √3·σ = gain·√(6/(fan_in + fan_out)) = 1·√(6/(256 + 784))');
      expect(r.stderr).to.equal('');
    });

    it('a reader that closes the pipe early (| head) ends the command quietly, status 0', async () => {
      const { spawn } = await import('node:child_process');
      const child = spawn(childNode, [path.join(ROOT, 'bin', 'kaiming.js'), 'check', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += String(d); });
      child.stdout.destroy(); // closed before the command writes: its first write fails with EPIPE
      const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      expect(stderr).to.not.contain('EPIPE');
      expect(status).to.equal(0);
    });
  });

  describe('argument converters', () => {
    it('parseNumber is strict', () => {
      for (const ok of [['1', 1], ['-0.5', -0.5], ['+2', 2], ['1e-3', 0.001], ['.5', 0.5], ['5.', 5], ['inf', Infinity], ['-Infinity', -Infinity]] as const) {
        expect(parseNumber(ok[0], '--x')).to.equal(ok[1]);
      }
      for (const bad of ['1x', '', ' ', '0x10', '1e', 'NaN', '1,5', '--1', '1e999', '١']) {
        expect(() => parseNumber(bad, '--x'), bad).to.throw(/^Expected /);
      }
    });
    it('parseShape and parseSeed', () => {
      expect(parseShape('256,128,3,3')).to.deep.equal([256, 128, 3, 3]);
      expect(parseShape('[256, 128]')).to.deep.equal([256, 128]);
      expect(parseShape('')).to.deep.equal([]);
      expect(() => parseShape('2,,3')).to.throw();
      expect(() => parseShape('2.0,3')).to.throw();
      expect(parseSeed('18446744073709551615')).to.equal(18446744073709551615n);
      expect(parseSeed('0xff')).to.equal(255n);
    });
  });
});
