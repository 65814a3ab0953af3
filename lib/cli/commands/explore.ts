/**
 * `kaiming explore [--port N]`: serves the explore page (lib/explore/, built into dist/browser/
 * by bin/build-browser.cjs) on 127.0.0.1 only, until Ctrl-C. The page and everything it loads
 * are these four files: no CDN and no other request leaves the machine.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parseInteger } from '../args';
import { EXIT, Failure, interruptible, type CommandContext } from '../program';

// lib/cli/commands or dist/cli/commands: the package root is three levels up either way.
const BROWSER_DIR = path.join(__dirname, '..', '..', '..', 'dist', 'browser');

/** The only paths served, with their media types (a .wasm must be application/wasm for streaming compilation). */
const FILES: Record<string, [file: string, type: string]> = {
  '/': ['explore.html', 'text/html; charset=utf-8'],
  '/explore.html': ['explore.html', 'text/html; charset=utf-8'],
  '/explore.js': ['explore.js', 'text/javascript; charset=utf-8'],
  '/kaiming.js': ['kaiming.js', 'text/javascript; charset=utf-8'],
  '/kaiming.wasm': ['kaiming.wasm', 'application/wasm'],
};

export interface ExploreServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1:port (0: a free port); resolves once it listens. */
export function startExploreServer(port: number, dir = BROWSER_DIR): Promise<ExploreServer> {
  for (const [file] of Object.values(FILES)) {
    if (!fs.existsSync(path.join(dir, file))) throw new Failure(`the explore page is not built: ${path.join(dir, file)} is missing (npm run build:browser)`);
  }
  const server = http.createServer((request, response) => {
    const entry = FILES[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
    if (entry === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(entry === undefined ? 404 : 405, { 'content-type': 'text/plain; charset=utf-8' }).end(entry === undefined ? 'not found\n' : 'method not allowed\n');
      return;
    }
    const body = fs.readFileSync(path.join(dir, entry[0]));
    // No request to anywhere else: the page's own origin only.
    response.writeHead(200, {
      'content-type': entry[1],
      'content-length': body.length,
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}/`,
        close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

export function registerExplore(ctx: CommandContext): void {
  ctx
    .command('explore')
    .description('serve a page on 127.0.0.1 that shows the law of a layer\'s initial weights as you change it')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8765')
    .addHelpText('after', '\nExamples:\n  kaiming explore\n  kaiming explore --port 0')
    .action(
      ctx.action('kaiming explore', async (opts: Record<string, unknown>) => {
        const port = parseInteger(String(opts.port), '--port', 0, 65535);
        const server = await startExploreServer(port);
        ctx.io.stdout.write(`kaiming explore: ${server.url} (Ctrl-C stops)\n`);
        const stop = interruptible();
        await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
        stop.dispose();
        await server.close();
        return EXIT.ok;
      }),
    );
}
