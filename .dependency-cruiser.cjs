// The import direction of lib/ (docs/ARCHITECTURE.md). Checked in CI by
// `npm run lint:layers`; a violation fails the run.
//
// Layers, lowest first: a module may import its own layer and lower ones,
// never a higher one. TypeScript 7 has no JS compiler API, so the files are
// parsed with swc (dependency-cruiser's `parser: 'swc'`), which also sees
// type-only imports.
'use strict';

const LAYERS = [
  'core', 'math', 'rules', 'sampling', 'initializers', 'distributions', 'stats', 'io', 'formats', 'model', 'plot', 'cli',
];

const direction = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `lib/${layer}/ may import only ${LAYERS.slice(0, i + 1).join(', ')} (docs/ARCHITECTURE.md)`,
  severity: 'error',
  from: { path: `^lib/${layer}/` },
  to: { path: `^lib/(${LAYERS.slice(i + 1).join('|')}|index\\.ts|tfjs/|browser/|explore/)` },
}));

/** A rule: only modules under `importers` may import modules matching `target`. */
function only(name, comment, importers, target) {
  return { name, comment, severity: 'error', from: { path: '^lib/', pathNot: importers }, to: { path: target } };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere in lib/.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    ...direction,
    only('native-only-from-sampling', 'Only the sampling layer talks to the addon; everything else goes through it.',
      '^lib/sampling/', '^lib/sampling/native\\.ts$'),
    only('wasm-only-from-sampling',
      'Only the sampling layer talks to the WebAssembly kernel and its loaders (lib/sampling/backend.ts is the seam), and the browser entry, which wires the browser\'s kernel (initWasm).',
      '^lib/(sampling|browser)/', '^lib/sampling/(wasm-[a-z]+|webassembly|backends(-browser)?)\\.ts$'),
    only('cli-only-from-the-top', 'The CLI is an entry point (bin/kaiming.js): nothing in lib/ outside lib/cli/ imports it.',
      '^lib/cli/', '^lib/cli/'),
    only('tfjs-is-an-entry', 'lib/tfjs/ is the kaiming/tfjs entry point: nothing else in lib/ imports it (so the main entry never loads TF.js).',
      '^lib/tfjs/', '^lib/tfjs/'),
    only('browser-is-an-entry', 'lib/browser/ is the package root for browsers: only the explore page (lib/explore/) imports it.',
      '^lib/(browser|explore)/', '^lib/browser/'),
    only('explore-is-a-page', 'lib/explore/ is the page `kaiming explore` serves (built into dist/browser/): nothing in lib/ imports it.',
      '^lib/explore/', '^lib/explore/'),
    {
      name: 'browser-has-no-node-files',
      comment: 'The browser entry and page take no model files, file formats, CLI, TF.js or native addon (bin/build-browser.cjs also refuses Node built-ins).',
      severity: 'error',
      from: { path: '^lib/(browser|explore)/' },
      to: { path: '^lib/(io|formats|model|cli|tfjs)/|^lib/index\\.ts$|^lib/sampling/(native|backends)\\.ts$' },
    },
    {
      name: 'lib-stays-in-lib',
      comment: 'The package does not depend on its tests or benchmarks.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    moduleSystems: ['es6', 'cjs'],
  },
};
