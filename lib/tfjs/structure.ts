/**
 * Where each weight of a tf.LayersModel sits, as a path that depends on the model's
 * structure and never on TF.js's process-wide name counters: the stream keys of
 * reinitialize() (docs/tfjs.md, "Keys").
 *
 * tfjs-layers 4.22 names an unnamed layer `${toSnakeCase(Class)}_${Class}${n}` and an
 * unnamed container `${class.toLowerCase()}${n}` (`sequential_${n}` for Sequential), n
 * from one counter per prefix for the whole process (`Layer` and `Container`
 * constructors in `tfjs-layers/src/engine/topology.ts` and `engine/container.ts`,
 * `Sequential` in `models.ts`, `getUid` in `backend/state.ts`). So the same model built
 * twice gets `dense_Dense1` and then `dense_Dense3`. A layer's place in its parent (its
 * index in `parent.layers`, its class) is the same every time; that is its segment,
 * unless its name is one the user gave (anything that is not TF.js's pattern for that
 * class), which then stands in for it.
 */
import type { LayerVariable } from '@tensorflow/tfjs-layers';

// tfjs-layers does not export its Layer type by name; what is read of one.
export interface AnyLayer {
  name: string;
  getClassName(): string;
  weights: LayerVariable[];
  [attribute: string]: unknown;
}

/** One object that holds variables (a layer, or an RNN's cell), and where it is. */
export interface Site {
  /** The layer or cell whose variables the rule writes (`owner.kernel`, `owner.bias`, …). */
  owner: AnyLayer;
  className: string;
  /** The layer of the model this site belongs to (for an RNN cell: the RNN layer). */
  layer: AnyLayer;
  /** Segments from the root model to the layer: its structural path. */
  path: string[];
  /** The segments its keys are made of: `path`, or from a pinned layer down, the pin then the rest. */
  keyPath: string[];
  /**
   * For a recurrent cell: its index in a stack (PyTorch's `_l{k}`), whether the RNN holds a
   * stack, and its direction inside a Bidirectional.
   */
  recurrent?: { index: number; stacked: boolean; direction?: 'forward' | 'backward' };
}

/** `toSnakeCase` of tfjs-layers 4.22 (`src/utils/generic_utils.ts`), which makes auto names. */
export function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure[0] !== '_' ? insecure : `private${insecure}`;
}

function isModel(layer: AnyLayer): boolean {
  return Array.isArray(layer.layers);
}

/**
 * Whether TF.js made this name up: `dense_Dense3` for a Dense, `sequential_2` for a
 * Sequential, `model4` / `functional1` for other containers. Any other name, a Python
 * Keras name such as `dense_1` included, is the user's (or a saved file's) and is kept.
 */
export function isAutoName(layer: AnyLayer): boolean {
  const cls = layer.getClassName();
  const digits = (prefix: string): boolean =>
    layer.name.startsWith(prefix) && /^[1-9][0-9]*$/.test(layer.name.slice(prefix.length));
  if (isModel(layer)) return digits(cls === 'Sequential' ? 'sequential_' : cls.toLowerCase());
  return digits(`${toSnakeCase(cls)}_${cls}`);
}

/** The segment of a child at `index` of its parent: its user-given name, else `${index}:${Class}`. */
export function segmentOf(layer: AnyLayer, index: number): string {
  return isAutoName(layer) ? `${index}:${layer.getClassName()}` : layer.name;
}

/**
 * Every object with weights under `root`, in order, with its path. Models are walked into
 * (their `layers`), wrappers too: TimeDistributed's `layer` and Bidirectional's
 * `forwardLayer`/`backwardLayer` share the wrapper's path (a backward one is marked
 * `reverse`), an RNN's weights live on its `cell`, or on each cell of a StackedRNNCells.
 * `pin(layer)` may give a layer a fixed prefix instead of its path.
 */
export function sitesOf(root: AnyLayer, pin: (layer: AnyLayer, path: string[]) => string | undefined): { sites: Site[]; layers: Placed[] } {
  const sites: Site[] = [];
  const layers: Placed[] = [];
  type Where = { path: string[]; keyPath: string[]; top: AnyLayer; direction?: 'forward' | 'backward' };
  const visit = (layer: AnyLayer, at: Where): void => {
    const cls = layer.getClassName();
    if (isModel(layer)) {
      (layer.layers as AnyLayer[]).forEach((child, i) => {
        const segment = segmentOf(child, i);
        const path = [...at.path, segment];
        const pinned = pin(child, path);
        layers.push({ layer: child, path });
        visit(child, { path, keyPath: pinned !== undefined ? [pinned] : [...at.keyPath, segment], top: child });
      });
    } else if (cls === 'Bidirectional') {
      visit(layer.forwardLayer as AnyLayer, { ...at, direction: 'forward' });
      visit(layer.backwardLayer as AnyLayer, { ...at, direction: 'backward' });
    } else if (isLayer(layer.layer)) {
      visit(layer.layer, at); // TimeDistributed (any single-layer Wrapper): the wrapper's path
    } else if (isLayer(layer.cell)) {
      const stacked = layer.cell.getClassName() === 'StackedRNNCells';
      const cells = stacked ? (layer.cell.cells as AnyLayer[]) : [layer.cell];
      cells.forEach((cell, index) => {
        if (cell.weights.length === 0) return;
        sites.push({ owner: cell, className: cell.getClassName(), layer: at.top, path: at.path, keyPath: at.keyPath, recurrent: { index, stacked, direction: at.direction } });
      });
    } else if (layer.weights.length > 0) {
      sites.push({ owner: layer, className: cls, layer: at.top, path: at.path, keyPath: at.keyPath });
    }
  };
  visit(root, { path: [], keyPath: [], top: root });
  return { sites, layers };
}

/** A layer of the model (nested models' layers included) and its path. */
export interface Placed {
  layer: AnyLayer;
  path: string[];
}

function isLayer(value: unknown): value is AnyLayer {
  return typeof value === 'object' && value !== null && typeof (value as AnyLayer).getClassName === 'function';
}

/**
 * The stream key of one tensor of a site, as text (hashed with hashKey by the rules):
 * - 'torch': PyTorch's state_dict name: the key path joined by '.', then the tensor
 *   (`weight`, `bias`, `weight_ih`, …), a recurrent cell's `_l{k}` and `_reverse` as in
 *   nn.LSTM(num_layers, bidirectional): `0:LSTM.weight_ih_l0_reverse`.
 * - 'keras': TF-style: joined by '/', then `forward/`/`backward/`, `cell/` or `cell_{k}/`,
 *   then the TF.js weight name: `0:LSTM/forward/cell/kernel`.
 */
export function tensorKey(site: Site, recipe: 'torch' | 'keras', tensor: string): string {
  const r = site.recurrent;
  if (recipe === 'torch') {
    const suffix = r === undefined ? '' : `_l${r.index}${r.direction === 'backward' ? '_reverse' : ''}`;
    return [...site.keyPath, `${tensor}${suffix}`].join('.');
  }
  const cell = r === undefined ? [] : [...(r.direction === undefined ? [] : [r.direction]), r.stacked ? `cell_${r.index}` : 'cell'];
  return [...site.keyPath, ...cell, tensor].join('/');
}

/** The path as reported and as the `layers`/`keys` options accept it: segments joined by '/'. */
export function pathString(path: readonly string[]): string {
  return path.join('/');
}
