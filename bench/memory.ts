// Peak RSS of making one [8192, 8192] float32 normal tensor (256 MiB) in a
// fresh process, minus the RSS of the same process before the call.
//   npx tsx bench/memory.ts
import { execFileSync } from 'node:child_process';

const script = `
  const k = require(${JSON.stringify(require.resolve('../lib/index'))});
  k.uniform([16], { seed: 0 });  // load the addon first
  const before = process.resourceUsage().maxRSS;
  const t = k.normal([8192, 8192], { std: 0.0156, seed: 1 });
  const after = process.resourceUsage().maxRSS;
  console.log(JSON.stringify({ beforeMiB: before / 1024, peakMiB: after / 1024, tensorMiB: t.data.byteLength / 2 ** 20 }));`;
const result = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }));
console.log(`tensor ${result.tensorMiB} MiB; RSS before ${result.beforeMiB.toFixed(0)} MiB, peak ${result.peakMiB.toFixed(0)} MiB; ` +
  `above the tensor: ${(result.peakMiB - result.beforeMiB - result.tensorMiB).toFixed(1)} MiB`);
