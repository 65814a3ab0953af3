/**
 * Which JavaScript runtime runs the suite, and the command that starts a child process with
 * Node's command line (`-r tsx/cjs -e source`, `--import tsx file`, `--expose-gc`).
 *
 * Node and Bun take Node's command line, so their children run in the same runtime as the
 * suite. Deno's command line is its own (`deno run`, `deno eval`), so under Deno the children
 * (the CLI, the fuzzer, the leak and crash checks) run in the `node` on PATH, or in
 * KAIMING_CHILD_NODE; the library itself is tested in Deno by the in-process tests.
 */
const global = globalThis as { Bun?: unknown; Deno?: unknown };

export const runtime: 'node' | 'bun' | 'deno' = global.Bun !== undefined ? 'bun' : global.Deno !== undefined ? 'deno' : 'node';

export const childNode: string = runtime === 'deno' ? (process.env.KAIMING_CHILD_NODE ?? 'node') : process.execPath;
