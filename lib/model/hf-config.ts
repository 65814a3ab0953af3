/**
 * `specFromHfConfig(config)`: a model spec from a Hugging Face `config.json`, with the tensor
 * names, shapes and dtypes transformers' implementation saves and its `_init_weights` (or another
 * recipe, lib/model/recipes.ts).
 *
 * The family is `model_type` (as transformers' AutoConfig picks the config class), or, when the
 * file has none, the class named in `architectures`; each family is a file of the architecture
 * registry (lib/model/architectures/), which reads its fields with its config class's defaults.
 * - tie_word_embeddings: true means no `lm_head.weight` in the saved files (save_pretrained drops
 *   tied duplicates).
 * - torch_dtype (or `dtype`, its newer name) is the spec's default dtype; float32 if absent.
 */
import type { DType } from '../core/dtype';
import { expectedMessage, optionsObject, knownOptions, boolean, closestName } from '../core/validate';
import { architectureById, architectureClasses, architectureIds, architectureOfClass, type Architecture } from './architecture';
import './architectures';
import { ConfigReader, configDType, type Config } from './config-reader';
import { specFromLayout, type RecipeChoice } from './presets';
import type { ModelSpec } from './spec';

/** Every config.json `architectures` class name accepted (one per registered family, or more). */
export const HF_ARCHITECTURES: readonly string[] = architectureClasses();
export type HfArchitecture = string;

export interface HfConfigOptions extends RecipeChoice {
  seed?: number | string;
  /** Overrides the config's torch_dtype. */
  dtype?: DType;
  /**
   * A config with pad_token_id makes transformers zero that row of the embedding (nn.Embedding's
   * padding_idx): the spec says so (`zeroRows`); true draws the row like the others.
   */
  ignorePadToken?: boolean;
}

/** The family of a config: its model_type, else the class in architectures. */
export function architectureOfConfig(config: Config): Architecture {
  const type = config.model_type;
  if (type !== undefined && type !== null) {
    if (typeof type !== 'string') throw new TypeError(expectedMessage(`a model_type string (one of ${architectureIds().join(', ')})`, 'config.model_type', type));
    return architectureById(type);
  }
  const list = config.architectures;
  if (list === undefined || list === null) {
    throw new TypeError(
      `${expectedMessage('a model_type', 'config.model_type', undefined)}: the config names its family by model_type (or an architectures class); supported: ${architectureIds().join(', ')}`,
    );
  }
  if (!Array.isArray(list) || list.length !== 1 || typeof list[0] !== 'string') {
    throw new TypeError(`${expectedMessage('an array of one architecture name', 'config.architectures', list)}; supported: ${architectureClasses().join(', ')}`);
  }
  const found = architectureOfClass(list[0]);
  if (found !== undefined) return found;
  const hint = closestName(list[0], architectureClasses());
  throw new RangeError(
    `Unsupported architecture "${list[0]}" in config.architectures; supported: ${architectureClasses().join(', ')}${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
  );
}

/** The class named in the description and written back: the config's own, if it is the family's. */
function classOf(config: Config, architecture: Architecture): string {
  const list = config.architectures;
  const named = Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined;
  return named !== undefined && architecture.classes.includes(named) ? named : architecture.classes[0];
}

const OPTION_NAMES = ['seed', 'dtype', 'recipe', 'recipeOptions', 'ignorePadToken'] as const;

/**
 * A spec from the parsed `config.json` of a supported family; the config itself is kept in the
 * spec (`config`), so a checkpoint directory gets it back (lib/model/checkpoint.ts).
 * @throws RangeError naming an unsupported model_type, the supported ones and the nearest; TypeError
 *   or RangeError naming a bad or missing field.
 */
export function specFromHfConfig(config: unknown, options: HfConfigOptions = {}): ModelSpec {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new TypeError(expectedMessage('a config.json object', 'config', config));
  const o = optionsObject(options);
  knownOptions(o, OPTION_NAMES, 'specFromHfConfig');
  if (o.ignorePadToken !== undefined) boolean(o.ignorePadToken, 'ignorePadToken');
  const c = config as Config;
  const architecture = architectureOfConfig(c);
  const reader = new ConfigReader(c, architecture.id, architecture.defaults);
  const layout = architecture.layout(reader);
  // transformers zeroes the padding_idx row (the spec's zeroRows); the opt-out draws it like the others.
  if (options.ignorePadToken === true) for (const t of layout.tensors) delete t.zeroRows;
  const dtype = options.dtype ?? configDType(c);
  return specFromLayout(layout, { ...options, dtype }, {
    description: `${classOf(c, architecture)} ${reader.description()}`,
    // The dtype the checkpoint is written in, under the key the file used (torch_dtype, or the newer dtype).
    config: { ...c, [c.torch_dtype === undefined && c.dtype !== undefined ? 'dtype' : 'torch_dtype']: dtype },
  });
}

/** Parses the text of a config.json; `source` names the file in a syntax error. */
export function specFromHfConfigText(text: string, options: HfConfigOptions = {}, source = 'the config'): ModelSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot parse ${source} as JSON: ${(error as Error).message}`);
  }
  return specFromHfConfig(value, options);
}
