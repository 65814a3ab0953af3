/**
 * `kaiming demo`: the README's main-job command. Describes one layer (the
 * exact law of its weights, with the layer's numbers) and checks a sample
 * against it, through the same code as `kaiming describe` and `kaiming check`,
 * then shows that the values do not depend on the thread count.
 */
import { describe } from '../distributions/describe';
import { kaimingNormal } from '../initializers/kaiming';
import { checkSample, checkText } from './check';
import { describeText } from './describe';
import { drawSample, toNumbers } from '../distributions/draw';
import { type CliIo, processIo } from './io';

const SHAPE = [256, 128, 3, 3];
const OPTIONS = { nonlinearity: 'relu' } as const;
const SEED = 42n;
const N = 1_000_000;

export async function kaimingDemo(io: CliIo = processIo()): Promise<number> {
  const out = io.stdout;
  out.write('kaiming demo: a Conv2d weight [256, 128, 3, 3] followed by ReLU, initialised with kaiming_normal\n\n');

  out.write('$ kaiming describe kaiming_normal --shape 256,128,3,3 --nonlinearity relu\n');
  const d = describe('kaiming_normal', SHAPE, OPTIONS);
  out.write(describeText('kaiming_normal', SHAPE, OPTIONS, d));

  out.write(`\n$ kaiming check kaiming_normal --shape 256,128,3,3 --nonlinearity relu --n ${N} --seed ${SEED}\n`);
  const drawn = await drawSample('kaiming_normal', SHAPE, OPTIONS, d, N, { seed: SEED, key: 0n, dtype: 'float32' });
  const values = toNumbers(drawn.values, 'float32');
  const result = checkSample(values, d, 'float32', drawn.independent);
  const sampleLine = `${N} float32 values of the layer's law, seed ${SEED} (the first 294912 are the layer's own values)`;
  out.write(checkText(`kaiming_normal [256, 128, 3, 3] { nonlinearity: 'relu' }: ${d.formula.text}`, sampleLine, d, result, undefined));

  // Reproducibility: the layer made on every core equals the one made on one thread, byte for byte.
  const started = process.hrtime.bigint();
  const layer = kaimingNormal(SHAPE, { ...OPTIONS, seed: SEED });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const serial = kaimingNormal(SHAPE, { ...OPTIONS, seed: SEED, threads: 1 });
  const same = Buffer.from(layer.data.buffer, layer.data.byteOffset, layer.data.byteLength).equals(
    Buffer.from(serial.data.buffer, serial.data.byteOffset, serial.data.byteLength),
  );
  let prefix = true;
  for (let i = 0; i < layer.data.length && prefix; i++) prefix = layer.data[i] === values[i];
  out.write(
    `\nthe layer itself: ${layer.data.length} values in ${ms.toFixed(1)} ms; ` +
      `same bytes on 1 thread: ${same ? 'yes' : 'NO'}; equal to the first ${layer.data.length} values checked above: ${prefix ? 'yes' : 'NO'}\n`,
  );
  const consistent = result.ks !== undefined && result.ks.pValue >= 1e-3;
  return same && prefix && consistent ? 0 : 1;
}
