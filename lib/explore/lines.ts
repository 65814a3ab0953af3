/**
 * The lines that reproduce a layer's weights, for the `kaiming explore` page: the library call
 * (kaiming in JavaScript), the command line (`kaiming sample`, the same values bit for bit) and
 * PyTorch's `torch.nn.init` call (the same law; the same values through kaiming's
 * `generator: torchGenerator(seed)`, docs/TORCH-STREAM.md).
 */

export interface Layer {
  name: string;
  shape: readonly number[];
  options: Readonly<Record<string, unknown>>;
  seed: number;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : Object.is(value, -0) ? '-0' : String(value);
}

/** `init('kaiming_uniform', [128, 256], { nonlinearity: 'relu', seed: 0 })`. */
export function javascriptLine(layer: Layer): string {
  const options = Object.entries({ ...layer.options, seed: layer.seed }).map(([k, v]) => `${k}: ${literal(v)}`);
  return `init('${layer.name}', [${layer.shape.join(', ')}], { ${options.join(', ')} })`;
}

/** `kaiming sample kaiming_uniform --shape 128,256 --nonlinearity relu --seed 0 --out w.npy`. */
export function commandLine(layer: Layer): string {
  const flags = Object.entries(layer.options).map(([k, v]) => `--${k} ${String(v)}`);
  return ['kaiming sample', layer.name, `--shape ${layer.shape.join(',')}`, ...flags, `--seed ${layer.seed}`, '--out w.npy'].join(' ');
}

// torch.nn.init's function and keyword for each of kaiming's names and options (torch/nn/init.py, 1.13).
const TORCH: Record<string, { fn: string; keywords: Record<string, string> }> = {
  uniform: { fn: 'uniform_', keywords: { low: 'a', high: 'b' } },
  normal: { fn: 'normal_', keywords: { mean: 'mean', std: 'std' } },
  trunc_normal: { fn: 'trunc_normal_', keywords: { mean: 'mean', std: 'std', a: 'a', b: 'b' } },
  constant: { fn: 'constant_', keywords: { value: 'val' } },
  ones: { fn: 'ones_', keywords: {} },
  zeros: { fn: 'zeros_', keywords: {} },
  eye: { fn: 'eye_', keywords: {} },
  dirac: { fn: 'dirac_', keywords: { groups: 'groups' } },
  xavier_uniform: { fn: 'xavier_uniform_', keywords: { gain: 'gain' } },
  xavier_normal: { fn: 'xavier_normal_', keywords: { gain: 'gain' } },
  kaiming_uniform: { fn: 'kaiming_uniform_', keywords: { a: 'a', mode: 'mode', nonlinearity: 'nonlinearity' } },
  kaiming_normal: { fn: 'kaiming_normal_', keywords: { a: 'a', mode: 'mode', nonlinearity: 'nonlinearity' } },
  orthogonal: { fn: 'orthogonal_', keywords: { gain: 'gain' } },
  sparse: { fn: 'sparse_', keywords: { sparsity: 'sparsity', std: 'std' } },
};

function python(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : value === null ? 'None' : Object.is(value, -0) ? '-0.0' : String(value);
}

/** `torch.manual_seed(0); torch.nn.init.kaiming_uniform_(torch.empty(128, 256), nonlinearity='relu')`, or undefined for a Keras-only rule. */
export function pytorchLine(layer: Layer): string | undefined {
  const torch = TORCH[layer.name.replace(/_$/, '')];
  if (torch === undefined || layer.options.layout === 'keras') return undefined;
  const keywords = Object.entries(layer.options)
    .filter(([k]) => k !== 'layout')
    .map(([k, v]) => `${torch.keywords[k] ?? k}=${python(v)}`);
  return `torch.manual_seed(${layer.seed}); torch.nn.init.${torch.fn}(${[`torch.empty(${layer.shape.join(', ')})`, ...keywords].join(', ')})`;
}
