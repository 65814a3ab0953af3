/**
 * `kaiming demo`: initialise one layer reproducibly, on several threads, and
 * show that the values follow the distribution the rule promises.
 */
import { normal, uniform } from '../initializers/basic';
import { ksTest } from '../stats/ks';
import { normalCdf } from '../math/special';

export async function kaimingDemo(): Promise<number> {
  const fanIn = 128 * 3 * 3;
  const std = Math.sqrt(2) / Math.sqrt(fanIn);
  const started = process.hrtime.bigint();
  const t = normal([256, 128, 3, 3], { std, seed: 42 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const ks = ksTest(t.data, (x) => normalCdf(x / std));
  const again = normal([256, 128, 3, 3], { std, seed: 42, threads: 1 });
  const same = Buffer.from(t.data.buffer).equals(Buffer.from(again.data.buffer));
  const bound = Math.sqrt(3) * std;
  const u = uniform([256, 128, 3, 3], { low: -bound, high: bound, seed: 42 });
  let max = 0;
  for (const v of u.data) max = Math.max(max, Math.abs(v));
  const lines = [
    'kaiming demo: a Conv2d weight [256, 128, 3, 3] with ReLU (He et al. 2015, §2.2)',
    `  fan_in = 128·3·3 = ${fanIn}, gain = √2, σ = gain/√fan_in = ${std.toPrecision(6)}`,
    `  pdf  f(x) = exp(−x²/(2σ²)) / (σ√(2π))`,
    `  made ${t.data.length} values in ${ms.toFixed(1)} ms (seed 42)`,
    `  Kolmogorov–Smirnov vs N(0, σ²): D = ${ks.d.toExponential(3)}, p = ${ks.pValue.toFixed(3)}`,
    `  same bytes with 1 thread: ${same ? 'yes' : 'NO'}`,
    `  uniform variant U(−√3σ, √3σ): bound ${bound.toPrecision(6)}, largest |value| ${max.toPrecision(6)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return same ? 0 : 1;
}
