// `kaiming explore` as a process (127.0.0.1 only, --port 0 prints the URL, Ctrl-C ends it with
// status 0) and the lines the page shows. The page itself is tested in Chromium (browser.test.ts).
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { commandLine, javascriptLine, pytorchLine } from '../lib/explore/lines';
import { childNode, runtime } from './support/runtime';

const REPORT_EXIT = path.join(__dirname, 'support', 'report-exit.cjs');

const ROOT = path.join(__dirname, '..');

describe('kaiming explore', function () {
  this.timeout(60_000);

  it('--port 0 picks a free port on 127.0.0.1, prints the URL, serves the page; Ctrl-C ends it with status 0', async () => {
    const child = spawn(childNode, ['-r', REPORT_EXIT, '--import', 'tsx', path.join(ROOT, 'lib', 'cli', 'entry.ts'), 'explore', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(runtime === 'deno' ? 0 : code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += String(d);
        const match = /^kaiming explore: (http:\/\/127\.0\.0\.1:(\d+)\/) \(Ctrl-C stops\)\n/.exec(stdout);
        if (match !== null) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
    });
    try {
      expect(Number(new URL(url).port)).to.be.greaterThan(0);
      const page = await fetch(url);
      expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).to.contain('<script type="importmap">{ "imports": { "kaiming": "./kaiming.js" } }</script>');
      // The page loads nothing from another origin: every src and href is relative.
      expect(html.match(/(src|href)="[^"]*"/g)).to.deep.equal(['src="./explore.js"']);
      expect((await fetch(new URL('kaiming.js', url))).headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
      expect((await fetch(new URL('nope', url))).status).to.equal(404);
      expect((await fetch(url, { method: 'POST' })).status).to.equal(405);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).to.equal(0);
    expect(stderr).to.equal('\nexit status 0\n');
  });

  it('a bad --port is a usage error (status 2)', async () => {
    const child = spawn(childNode, ['--import', 'tsx', path.join(ROOT, 'lib', 'cli', 'entry.ts'), 'explore', '--port', '70000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    expect(await new Promise((resolve) => child.on('exit', resolve))).to.equal(2);
    expect(stderr).to.equal('kaiming explore: Expected an integer between 0 and 65535 for --port but received "70000" (string)\n');
  });

  it('the lines that make the weights: kaiming in JavaScript, its command line and PyTorch', () => {
    const layer = { name: 'kaiming_normal', shape: [64, 32, 3, 3], options: { nonlinearity: 'leaky_relu', a: 0.1, mode: 'fan_out' }, seed: 7 };
    expect(javascriptLine(layer)).to.equal("init('kaiming_normal', [64, 32, 3, 3], { nonlinearity: 'leaky_relu', a: 0.1, mode: 'fan_out', seed: 7 })");
    expect(commandLine(layer)).to.equal('kaiming sample kaiming_normal --shape 64,32,3,3 --nonlinearity leaky_relu --a 0.1 --mode fan_out --seed 7 --out w.npy');
    expect(pytorchLine(layer)).to.equal("torch.manual_seed(7); torch.nn.init.kaiming_normal_(torch.empty(64, 32, 3, 3), nonlinearity='leaky_relu', a=0.1, mode='fan_out')");
    // torch's own keyword names: uniform_(a, b), constant_(val).
    expect(pytorchLine({ name: 'uniform', shape: [3, 4], options: { low: -1, high: 2 }, seed: 0 })).to.equal('torch.manual_seed(0); torch.nn.init.uniform_(torch.empty(3, 4), a=-1, b=2)');
    expect(pytorchLine({ name: 'constant_', shape: [2], options: { value: -0 }, seed: 0 })).to.equal('torch.manual_seed(0); torch.nn.init.constant_(torch.empty(2), val=-0.0)');
    expect(javascriptLine({ name: 'constant', shape: [2], options: { value: -0 }, seed: 0 })).to.equal("init('constant', [2], { value: -0, seed: 0 })");
    // Keras's rules and Keras layouts have no torch.nn.init line.
    expect(pytorchLine({ name: 'he_normal', shape: [3, 3, 8, 16], options: { layout: 'keras' }, seed: 0 })).to.equal(undefined);
  });
});
