/**
 * PyTorch's default layer initialisation (`reset_parameters` of nn.Linear and
 * nn.Conv1d/2d/3d/ConvTranspose*d), weight and bias together.
 */
import { formatShape, validateShape } from '../core/shape';
import { convDefaultBounds, DEFAULT_LAYER_SLOPE, linearDefaultBounds, type DefaultBounds } from '../rules/scales';
import { hashKey, MAX_U64, resolveStream, toKey, toUint64, type Generator } from '../core/stream';
import { resolveCommon, type CommonOptions, type Tensor } from '../core/tensor';
import { boolean, describeValue, integer, knownOptions, optionsObject, positiveInteger, typeError } from '../core/validate';
import { uniform, uniformAsync, zeros, zerosAsync } from './basic';
import { kaimingUniform, kaimingUniformAsync } from './kaiming';

/** Options of {@link defaults}' functions: the common options that make sense for a pair of tensors. */
export interface LayerOptions extends Pick<CommonOptions, 'seed' | 'dtype' | 'threads' | 'shared'> {
  /**
   * Names the layer's streams. A string key k gives the weight the key hashKey(`${k}.weight`)
   * and the bias hashKey(`${k}.bias`) (the state_dict names when k is the module's name);
   * a numeric key K gives K and K + 1 (mod 2^64).
   */
  key?: number | bigint | string;
  /** Without a key, the weight takes the generator's next key and the bias the one after. */
  generator?: Generator;
}

/** Options of {@link defaults}.conv. */
export interface ConvLayerOptions extends LayerOptions {
  /** A ConvTranspose weight (in, out/groups, *kernel): the bias then has out = shape[1]·groups elements. Default false. */
  transposed?: boolean;
  /** Groups of a transposed convolution, for the bias length; default 1. */
  groups?: number;
}

/** A layer's freshly initialised parameters. */
export interface LayerParameters {
  weight: Tensor;
  bias: Tensor;
}

const LAYER_OPTIONS = ['seed', 'key', 'generator', 'dtype', 'threads', 'shared'] as const;

type Stream = { seed: bigint; key: bigint };

/**
 * The weight's and the bias's streams: the weight's is resolveStream's (the
 * same validation, in the same order); without a key the bias takes the
 * generator's next stream, as a second call would; with a numeric key it takes
 * key + 1, and a string key names both ("<key>.weight", "<key>.bias").
 */
function layerStreams(o: Record<string, unknown>): [Stream, Stream] {
  const weight = resolveStream({ seed: o.seed, key: o.key, generator: o.generator });
  if (o.key === undefined && (o.generator !== undefined || o.seed === undefined)) return [weight, resolveStream({ generator: o.generator })];
  if (typeof o.key === 'string') return [{ seed: weight.seed, key: hashKey(`${o.key}.weight`) }, { seed: weight.seed, key: hashKey(`${o.key}.bias`) }];
  return [weight, { seed: weight.seed, key: (weight.key + 1n) & MAX_U64 }];
}

interface Prepared {
  weightShape: number[];
  biasLength: number;
  bounds: DefaultBounds;
  common: { dtype?: unknown; threads?: unknown; shared?: unknown };
  streams: [Stream, Stream];
}

/** Validates everything, then takes the streams (a refused call leaves generators alone). */
function prepare(weightShape: number[], biasLength: number, bounds: DefaultBounds, o: Record<string, unknown>): Prepared {
  const common = { dtype: o.dtype, threads: o.threads, shared: o.shared };
  // Checks dtype, threads, shared and the sizes with a fixed seed, so no generator moves.
  resolveCommon(weightShape, { ...common, seed: 0 }, false);
  resolveCommon([biasLength], { ...common, seed: 0 }, false);
  if (o.key !== undefined) toKey(o.key);
  if (o.seed !== undefined && o.generator === undefined) toUint64(o.seed, 'seed');
  return { weightShape, biasLength, bounds, common, streams: layerStreams(o) };
}

function prepareLinear(inFeatures: unknown, outFeatures: unknown, options: unknown, fn: string): Prepared {
  const o = optionsObject(options);
  knownOptions(o, LAYER_OPTIONS, fn);
  const inF = integer(inFeatures, 'inFeatures');
  const outF = integer(outFeatures, 'outFeatures');
  return prepare([outF, inF], outF, linearDefaultBounds(inF, outF), o);
}

function prepareConv(shape: unknown, options: unknown, fn: string): Prepared {
  const o = optionsObject(options);
  knownOptions(o, [...LAYER_OPTIONS, 'transposed', 'groups'], fn);
  const transposed = o.transposed === undefined ? false : boolean(o.transposed, 'transposed');
  const groups = o.groups === undefined ? 1 : positiveInteger(o.groups, 'groups');
  const dims = validateShape(shape);
  const bounds = convDefaultBounds(dims);
  if (!transposed && groups !== 1 && dims[0] % groups !== 0) {
    throw new RangeError(`Expected a shape whose shape[0] is divisible by groups (${groups}) but received ${formatShape(dims)}`);
  }
  const biasLength = transposed ? dims[1] * groups : dims[0];
  if (!Number.isSafeInteger(biasLength)) throw new RangeError(`Expected a bias length of at most 2^53-1 but received ${biasLength}`);
  return prepare(dims, biasLength, bounds, o);
}

function weightOptions(p: Prepared) {
  return { ...p.common, ...p.streams[0], a: DEFAULT_LAYER_SLOPE } as Parameters<typeof kaimingUniform>[1];
}

function biasOptions(p: Prepared) {
  const b = p.bounds.biasBound;
  return { ...p.common, ...p.streams[1], ...(b > 0 ? { low: -b, high: b } : {}) } as Parameters<typeof uniform>[1];
}

function makeSync(p: Prepared): LayerParameters {
  const weight = kaimingUniform(p.weightShape, weightOptions(p));
  // fanIn = 0: PyTorch's Linear fills U(−0, 0) (zeros); its Conv leaves torch.empty. Zeros for both.
  const bias = p.bounds.biasBound > 0 ? uniform([p.biasLength], biasOptions(p)) : zeros([p.biasLength], biasOptions(p));
  return { weight, bias };
}

async function makeAsync(p: Prepared, signal: unknown): Promise<LayerParameters> {
  const extra = signal === undefined ? {} : { signal: signal as AbortSignal };
  const [weight, bias] = await Promise.all([
    kaimingUniformAsync(p.weightShape, { ...weightOptions(p), ...extra }),
    p.bounds.biasBound > 0
      ? uniformAsync([p.biasLength], { ...biasOptions(p), ...extra })
      : zerosAsync([p.biasLength], { ...biasOptions(p), ...extra }),
  ]);
  return { weight, bias };
}

/** Splits `signal` off the options (checked here, before any stream is taken). */
function withoutSignal(options: unknown): { rest: unknown; signal: unknown } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return { rest: options, signal: undefined };
  const { signal, ...rest } = options as Record<string, unknown>;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError('an AbortSignal', 'signal', signal);
  return { rest, signal };
}

/**
 * PyTorch's default initialisation of layers, with the same numbers:
 *
 * - weight: `kaiming_uniform_(w, a=√5)`, i.e. U(±bound) with bound =
 *   √3 · √(2/(1 + 5)) / √fanIn ≈ 1/√fanIn (Glorot & Bengio 2010's "commonly used
 *   heuristic" U(±1/√n), kept by PyTorch for compatibility; pytorch#57109);
 * - bias: U(±1/√fanIn).
 *
 * The weight and the bias come from different streams of one seed (see
 * {@link LayerOptions}.key): with a generator, or no seed at all, the weight takes
 * the generator's next key and the bias the one after, as two successive calls
 * would; `{ seed }` alone gives keys 0 and 1, `{ seed, key: K }` K and K + 1, and
 * `{ seed, key: 'fc1' }` hashKey('fc1.weight') and hashKey('fc1.bias'). Each tensor
 * records its (seed, key), so either can be remade alone with kaimingUniform/uniform.
 */
export const defaults = {
  /**
   * `nn.Linear(inFeatures, outFeatures).reset_parameters()`: weight (out, in), bias (out).
   * @example const { weight, bias } = defaults.linear(784, 256, { seed: 0, key: 'fc1' });
   */
  linear(inFeatures: number, outFeatures: number, options?: LayerOptions): LayerParameters {
    return makeSync(prepareLinear(inFeatures, outFeatures, options, 'defaults.linear'));
  },

  /** {@link defaults}.linear off the JS thread; also accepts `signal`. */
  async linearAsync(inFeatures: number, outFeatures: number, options?: LayerOptions & { signal?: AbortSignal }): Promise<LayerParameters> {
    const { rest, signal } = withoutSignal(options);
    return makeAsync(prepareLinear(inFeatures, outFeatures, rest, 'defaults.linearAsync'), signal);
  },

  /**
   * `nn.Conv1d/2d/3d(...).reset_parameters()` from the weight shape (out, in/groups, *kernel),
   * bias (out). For ConvTranspose pass `transposed: true` (and `groups`): the weight is
   * (in, out/groups, *kernel) and the bias has out elements. When fanIn is 0 the bias is
   * zeros (PyTorch leaves it uninitialised).
   * @example const { weight, bias } = defaults.conv([64, 3, 7, 7], { seed: 0, key: 'conv1' });
   * @throws RangeError for fewer than 3 dimensions.
   */
  conv(shape: readonly number[], options?: ConvLayerOptions): LayerParameters {
    return makeSync(prepareConv(shape, options, 'defaults.conv'));
  },

  /** {@link defaults}.conv off the JS thread; also accepts `signal`. */
  async convAsync(shape: readonly number[], options?: ConvLayerOptions & { signal?: AbortSignal }): Promise<LayerParameters> {
    const { rest, signal } = withoutSignal(options);
    return makeAsync(prepareConv(shape, rest, 'defaults.convAsync'), signal);
  },
};
