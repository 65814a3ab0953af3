/**
 * The `kaiming explore` page's script (lib/explore/index.html): every number, formula and the
 * plot come from kaiming's browser build, imported as 'kaiming' through the page's import map
 * (bin/build-browser.cjs bundles this file with 'kaiming' left external). Nothing is computed
 * here but the layer's shape from the inputs: describe() gives the law, describeRows() its
 * report, drawSample() the values (the WebAssembly kernel), lawHistogramSvg() the plot.
 */
import * as k from '../browser/index';
import { commandLine, javascriptLine, pytorchLine, type Layer } from './lines';

const element = <T extends HTMLElement = HTMLInputElement>(id: string): T => document.getElementById(id) as T;
const value = (id: string): string => element<HTMLInputElement | HTMLSelectElement>(id).value;

function fillSelect(id: string, names: readonly string[], chosen: string): void {
  const select = element<HTMLSelectElement>(id);
  for (const name of names) select.add(new Option(name, name, false, name === chosen));
}

function integerOf(id: string): number {
  const text = value(id).trim();
  return /^\d+$/.test(text) ? Number(text) : NaN; // NaN: the library names the argument and refuses it
}

/** The weight's shape in PyTorch's layout (out, in, *kernel), or as typed. */
function shapeOf(kind: string): number[] {
  if (kind === 'linear') return [integerOf('out'), integerOf('in')];
  if (kind === 'conv') return [integerOf('out'), integerOf('in'), ...Array<number>(Number(value('dims'))).fill(integerOf('kernel'))];
  return value('shape').split(',').map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN));
}

/** The layer the inputs describe, with only the options its initializer takes; shows those inputs. */
function layerOf(): Layer {
  const name = value('init');
  const kind = value('layer');
  const accepted = k.initializerOptions(name);
  const options: Record<string, unknown> = {};
  const kaimingRule = accepted.includes('nonlinearity');
  if (kaimingRule) options.nonlinearity = value('nonlinearity');
  // kaiming_*'s a is the leaky ReLU's slope: shown with the rule (it is what nonlinearity leaky_relu uses).
  if (kaimingRule && accepted.includes('a')) options.a = Number(value('a'));
  if (accepted.includes('mode')) {
    // kaiming_* takes PyTorch's two modes, variance_scaling Keras's three.
    const modes: readonly string[] = kaimingRule ? k.TORCH_MODES : k.KERAS_MODES;
    for (const option of element<HTMLSelectElement>('mode').options) option.hidden = !modes.includes(option.value);
    if (!modes.includes(value('mode'))) element<HTMLSelectElement>('mode').value = modes[0];
    options.mode = value('mode');
  }
  if (accepted.includes('gain')) options.gain = Number(value('gain'));
  if (accepted.includes('layout')) options.layout = kind === 'shape' ? value('layout') : 'torch';
  for (const label of document.querySelectorAll<HTMLElement>('label[data-option]')) {
    const option = label.dataset.option!;
    label.hidden = !(option === 'a' ? kaimingRule : accepted.includes(option)) || (label.dataset.for !== undefined && !label.dataset.for.split(' ').includes(kind));
  }
  for (const label of document.querySelectorAll<HTMLElement>('label[data-for]:not([data-option])')) label.hidden = !label.dataset.for!.split(' ').includes(kind);
  return { name, shape: shapeOf(kind), options, seed: integerOf('seed') };
}

let current = 0;

async function update(): Promise<void> {
  const run = ++current;
  const error = element('error');
  const plot = element('plot');
  try {
    const layer = layerOf();
    const d = k.describe(layer.name, layer.shape, layer.options);
    const rows = k.describeRows(d).map(([label, text]) => {
      const row = document.createElement('tr');
      row.dataset.row = label;
      row.append(Object.assign(document.createElement('th'), { textContent: label }), Object.assign(document.createElement('td'), { textContent: text }));
      return row;
    });
    element('report').replaceChildren(...rows);
    element('line-js').textContent = javascriptLine(layer);
    element('line-cli').textContent = commandLine(layer);
    element('line-torch').textContent = pytorchLine(layer) ?? `# ${layer.name} is Keras's: no torch.nn.init function draws it`;
    error.textContent = '';
    const n = integerOf('n');
    const drawn = await k.drawSample(layer.name, [...layer.shape], { ...layer.options }, d, n, { seed: BigInt(layer.seed), key: 0n, dtype: 'float32' });
    if (run !== current) return; // a newer input won
    const values = k.toNumbers(drawn.values, 'float32');
    const what = drawn.independent ? `${values.length} float32 values of the layer's law` : `the layer's ${values.length} float32 elements (per-element marginal)`;
    plot.innerHTML = k.lawHistogramSvg({
      description: d,
      values,
      bins: 60,
      title: `${layer.name} [${layer.shape.join(', ')}]: ${d.family.replace('_', ' ')} law of the weights`,
      caption: [`${what}, drawn in this page by kaiming's ${k.backend()} kernel, seed ${layer.seed}`, d.citation],
    });
    plot.dataset.samples = String(values.length);
    plot.dataset.first = String(values[0]);
  } catch (e) {
    if (run !== current) return;
    error.textContent = (e as Error).message;
  }
}

async function main(): Promise<void> {
  await k.ready();
  fillSelect('init', k.initializerNames().filter((n) => /^[a-z_]+[a-z]$/.test(n)), 'kaiming_uniform');
  fillSelect('nonlinearity', k.NONLINEARITIES, 'relu');
  element('inputs').addEventListener('input', () => void update());
  element('inputs').addEventListener('change', () => void update());
  await update();
  document.body.dataset.ready = 'true';
}

void main().catch((e: Error) => {
  element('error').textContent = e.message;
});
