// The browser build in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// the "browser" root of package.json `exports` (dist/browser/kaiming.js, bin/build-browser.cjs),
// loaded by a plain <script type="module"> through an import map, gives the native bytes on the
// WebAssembly kernel; and the `kaiming explore` page follows its inputs. Every file comes from a
// server on 127.0.0.1 made here; a request for anything else fails the test.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import golden from './fixtures/golden_streams.json';
import { CASES } from './fixtures/make_golden_streams';
import * as k from '../lib/index';
import { startExploreServer, type ExploreServer } from '../lib/cli/commands/explore';

const CHROMIUM = '/usr/bin/chromium';
const BROWSER_DIR = path.join(__dirname, '..', 'dist', 'browser');
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Layers whose every byte is compared, by SHA-256: the structured initializers and the torch stream too. */
const LAYERS: [name: string, shape: number[], options: Record<string, unknown>][] = [
  ['kaiming_uniform', [512, 64, 3, 3], { seed: 3, nonlinearity: 'relu' }],
  ['kaiming_normal', [300, 1001], { seed: 4, dtype: 'bfloat16' }],
  ['trunc_normal', [70001], { seed: 3, a: 3, b: 9 }],
  ['xavier_uniform', [256, 128], { seed: 5, dtype: 'float16' }],
  ['orthogonal', [64, 96], { seed: 2 }],
  ['sparse', [128, 60], { seed: 2, sparsity: 0.5 }],
];

/** Layers on the torch stream (seed, torch build): uniform_, and the normal_ and trunc_normal_ that go through glibc's libm. */
const TORCH: [name: string, shape: number[], options: Record<string, unknown>, seed: number, capability: string][] = [
  ['kaiming_uniform', [300, 200], {}, 0, 'avx2'],
  ['kaiming_normal', [300, 200], { dtype: 'float64' }, 1, 'avx2'],
  ['normal', [15], { std: 0.02 }, 2, 'avx2'],
  ['normal', [4099], { std: 0.02 }, 3, 'default'],
  ['trunc_normal', [5000], { std: 0.02, a: -0.04, b: 0.04 }, 4, 'avx2'],
  ['trunc_normal', [5000], { dtype: 'float64' }, 5, 'default'],
];

const PAGE = `<!doctype html><meta charset="utf-8">
<script type="importmap">{ "imports": { "kaiming": "/kaiming.js" } }</script>
<script type="module">
  import * as k from 'kaiming';
  const hex = (data) => {
    const width = data.BYTES_PER_ELEMENT * 2;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    return Array.from({ length: data.length }, (_, i) => (width === 16 ? view.getBigUint64(i * 8, true) : width === 8 ? view.getUint32(i * 4, true) : view.getUint16(i * 2, true)).toString(16).padStart(width, '0'));
  };
  const sha256 = async (data) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data.buffer, data.byteOffset, data.byteLength))), (b) => b.toString(16).padStart(2, '0')).join('');
  window.run = async (cases, layers, torchLayers) => {
    await k.ready();
    const fns = { uniform: k.uniform, normal: k.normal, truncNormal: k.truncNormal };
    const run = (c, count, start) => hex(fns[c.fn]([1 << 20], { ...c.options, ...(c.options.b === 'Infinity' ? { b: Infinity } : {}), seed: BigInt(c.options.seed), range: [start, start + count] }).data);
    const streams = cases.map((c) => ({ first16: run(c, 16, 0), at65530: run(c, 12, 65530) }));
    const whole = [];
    for (const [name, shape, options] of layers) whole.push(await sha256(k.init(name, shape, options).data));
    const torch = [];
    for (const [name, shape, options, seed, capability] of torchLayers) {
      torch.push(await sha256(k.init(name, shape, { ...options, generator: k.torchGenerator(seed, { capability }) }).data));
    }
    const asyncSame = await sha256((await k.kaimingUniformAsync([512, 64, 3, 3], { seed: 3, nonlinearity: 'relu' })).data);
    return { backend: k.backend(), streams, whole, torch, asyncSame, hasProcess: typeof process !== 'undefined' };
  };
</script>`;

function sha256(data: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** A server on 127.0.0.1 for the browser build and the test page, and the list of what was asked of it. */
function serve(): Promise<{ url: string; served: string[]; close(): Promise<void> }> {
  const served: string[] = [];
  const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    served.push(name);
    if (name === '/') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    const file = path.join(BROWSER_DIR, path.basename(name));
    if (!['/kaiming.js', '/kaiming.wasm'].includes(name) || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[path.extname(name)] }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        served,
        close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
      }),
    ),
  );
}

/** Fails on any request outside `origin`: the page needs no network. */
function onlyFrom(page: Page, origin: string, outside: string[]): void {
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('blob:') && !request.url().startsWith('data:')) outside.push(request.url());
  });
}

describe('the browser build in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is absent (Debian: apt-get install chromium; CI installs it, .ci/chromium.sh)`);
      this.skip();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => browser?.close());

  it('an import map and <script type="module"> load kaiming on the wasm kernel, with the native bytes', async () => {
    const server = await serve();
    const page = await browser.newPage();
    const outside: string[] = [];
    onlyFrom(page, server.url, outside);
    try {
      await page.goto(server.url);
      const cases = JSON.parse(JSON.stringify(CASES, (_k, v) => (v === Infinity ? 'Infinity' : v)));
      const got = (await page.evaluate(([c, l, t]) => (window as unknown as { run(c: unknown, l: unknown, t: unknown): Promise<unknown> }).run(c, l, t),
        [cases, LAYERS, TORCH] as const)) as {
        backend: string; streams: { first16: string[]; at65530: string[] }[]; whole: string[]; torch: string[]; asyncSame: string; hasProcess: boolean;
      };
      expect(got.backend).to.equal('wasm');
      expect(got.hasProcess, 'no Node global in the page').to.equal(false);
      expect(got.streams).to.deep.equal(golden.map((g) => ({ first16: g.first16, at65530: g.at65530 })));
      expect(got.whole).to.deep.equal(LAYERS.map(([name, shape, options]) => sha256(k.init(name, shape, options).data)));
      expect(got.torch).to.deep.equal(TORCH.map(([name, shape, options, seed, capability]) =>
        sha256(k.init(name, shape, { ...options, generator: k.torchGenerator(seed, { capability: capability as 'avx2' | 'default' }) }).data)));
      expect(got.asyncSame).to.equal(got.whole[0]);
      // Chromium asks for /favicon.ico by itself; the page loads the module and the kernel only.
      expect(server.served.filter((p) => p !== '/favicon.ico').sort()).to.deep.equal(['/', '/kaiming.js', '/kaiming.wasm']);
      expect(outside).to.deep.equal([]);
    } finally {
      await page.close();
      await server.close();
    }
  });

  describe('kaiming explore', () => {
    let server: ExploreServer;
    let page: Page;
    const outside: string[] = [];
    const row = (label: string) => page.locator(`#report tr[data-row="${label}"] td`).textContent();

    before(async () => {
      server = await startExploreServer(0);
      page = await browser.newPage();
      onlyFrom(page, server.url, outside);
      await page.goto(server.url);
      await page.waitForSelector('body[data-ready="true"]');
    });
    after(async () => {
      await page?.close();
      await server?.close();
    });

    it('binds 127.0.0.1 only and serves the page, its two scripts and the kernel (application/wasm)', async () => {
      expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const wasm = await fetch(new URL('kaiming.wasm', server.url));
      expect(wasm.headers.get('content-type')).to.equal('application/wasm');
      expect((await fetch(new URL('package.json', server.url))).status).to.equal(404);
      expect((await fetch(new URL('../../package.json', server.url))).status).to.equal(404);
    });

    it('kaiming_uniform, Linear(256 → 128), relu, fan_in: fans, gain, bound √(6/256) and the formulas with the numbers', async () => {
      expect(await page.inputValue('#init')).to.equal('kaiming_uniform');
      const d = k.describe('kaiming_uniform', [128, 256], { nonlinearity: 'relu', a: 0, mode: 'fan_in', layout: 'torch' });
      // PyTorch's bound = math.sqrt(3.0) * std, std = gain / math.sqrt(fan): √(6/256) to the last bit but one.
      expect(d.params.high).to.equal(Math.sqrt(3) * (Math.SQRT2 / Math.sqrt(256))).and.to.be.closeTo(Math.sqrt(6 / 256), 1e-16);
      expect(await row('fans')).to.equal('fan_in = 256, fan_out = 128, mode fan_in');
      expect(await row('gain')).to.contain(String(Math.SQRT2));
      expect(await row('law')).to.equal(`uniform U(−bound, bound), bound = ${d.params.high} (σ = bound/√3 = ${d.params.high / Math.sqrt(3)})`);
      expect(await row('pdf')).to.equal(d.formula.text);
      expect(await row('cdf')).to.equal(d.cdfFormula.text);
      expect(await row('quantiles')).to.contain('50% 0');
      expect(await page.textContent('#line-js')).to.equal("init('kaiming_uniform', [128, 256], { nonlinearity: 'relu', a: 0, mode: 'fan_in', layout: 'torch', seed: 0 })");
      expect(await page.textContent('#line-cli')).to.equal('kaiming sample kaiming_uniform --shape 128,256 --nonlinearity relu --a 0 --mode fan_in --layout torch --seed 0 --out w.npy');
      expect(await page.textContent('#line-torch')).to.equal("torch.manual_seed(0); torch.nn.init.kaiming_uniform_(torch.empty(128, 256), nonlinearity='relu', a=0, mode='fan_in')");
      // The histogram: 20,000 values of the law drawn by the page's kernel, the first one equal to Node's.
      expect(await page.getAttribute('#plot', 'data-samples')).to.equal('20000');
      const first = k.uniform([20000], { seed: 0, low: -d.params.high, high: d.params.high }).data[0];
      expect(Number(await page.getAttribute('#plot', 'data-first'))).to.equal(first);
      expect(await page.locator('#plot svg path').count()).to.be.greaterThan(0);
    });

    it('follows its inputs: in = 512, then leaky_relu with slope 0.2 and fan_out, then a Conv2d, then a bad shape', async () => {
      const svgBefore = await page.innerHTML('#plot');
      await page.fill('#in', '512');
      await page.waitForFunction(() => document.querySelector('#report tr[data-row="fans"] td')?.textContent?.startsWith('fan_in = 512'));
      expect(await row('law')).to.contain(`bound = ${Math.sqrt(6 / 512)} `);
      await page.waitForFunction((before) => document.querySelector('#plot')!.innerHTML !== before, svgBefore);

      await page.selectOption('#nonlinearity', 'leaky_relu');
      await page.fill('#a', '0.2');
      await page.selectOption('#mode', 'fan_out');
      const leaky = k.describe('kaiming_uniform', [128, 512], { nonlinearity: 'leaky_relu', a: 0.2, mode: 'fan_out', layout: 'torch' });
      await page.waitForFunction((text) => document.querySelector('#report tr[data-row="law"] td')?.textContent === text, `uniform U(−bound, bound), bound = ${leaky.params.high} (σ = bound/√3 = ${leaky.params.high / Math.sqrt(3)})`);
      expect(leaky.gain).to.equal(Math.sqrt(2 / (1 + 0.2 * 0.2)));
      expect(await row('gain')).to.contain(String(leaky.gain));

      await page.selectOption('#layer', 'conv');
      expect(await page.isVisible('#kernel')).to.equal(true);
      expect(await page.isVisible('#shape')).to.equal(false);
      await page.waitForFunction(() => document.querySelector('#line-js')?.textContent?.includes('[128, 512, 3, 3]'));
      expect(await row('fans')).to.equal('fan_in = 4608, fan_out = 1152 (receptive field 9), mode fan_out');

      await page.selectOption('#layer', 'shape');
      await page.fill('#shape', '7');
      await page.waitForFunction(() => document.querySelector('#error')?.textContent !== '');
      expect(await page.textContent('#error')).to.equal('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (received shape [7])');
      expect(outside).to.deep.equal([]);
    });
  });
});
