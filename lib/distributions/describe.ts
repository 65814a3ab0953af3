/**
 * `describe(name, shape, options)`: the exact law an initializer draws from,
 * for one layer, without drawing anything.
 *
 * It takes exactly what `init(name, shape, options)` takes, computes the same
 * Plan (lib/initializers/define.ts `planOf`: the rule's fans, gain and exact
 * double parameters) and turns it into a `Distribution`
 * (lib/distributions): density, distribution function, quantile, moments and
 * the density formula with this layer's numbers. `describe()` adds the
 * distribution function as a formula (`cdfFormula`) and one sentence naming
 * the paper or source of the rule (`citation`).
 *
 * @example
 * const d = describe('kaiming_normal', [256, 128, 3, 3], { nonlinearity: 'relu' });
 * d.std;           // 0.041666666666666664… = √2/√1152
 * d.formula.text;  // 'f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = gain/√fan_in = √2/√1152 ≈ 0.041667'
 * d.cdf(0.05);     // Φ(1.2) = 0.8849…
 */
import { distributionFromPlan, type Distribution, type Formula, type FormulaText } from './index';
import { num, numTex } from './format';
import { normalCdf, normalMass } from '../math/special';
import type { Plan } from '../rules/plan';
import { planOf, ruleOptionNames } from '../initializers/define';
// Registers every rule (its imports define them) before a name is looked up.
import { lookupRule } from '../initializers/registry';
import { COMMON_OPTION_NAMES } from '../core/tensor';
import { knownOptions, optionsObject } from '../core/validate';
import { product } from '../core/shape';

/** What {@link describe} returns: the layer's Distribution plus its cdf formula and source. */
export interface Description extends Distribution {
  /** The distribution function F(x) = P(X ≤ x): the general form and with this layer's numbers. */
  cdfFormula: Formula;
  /** One sentence naming the paper (or PyTorch/Keras function) the rule comes from. */
  citation: string;
  /** ∏ of the kernel dimensions, for the fan-based rules. */
  receptiveField?: number;
  /** The plan the initializer samples, exactly (family, parameters and context). */
  plan: Plan;
}

/**
 * The exact distribution of the weights that `init(name, shape, options)`
 * makes: same names (kaiming's, PyTorch's and Keras's spellings), same
 * options, same validation and messages. Nothing is sampled and no generator
 * advances.
 *
 * For uniform, normal and truncated-normal rules every element is an
 * independent draw from the returned law (`exact: true`). For eye, dirac,
 * orthogonal and sparse it is the exact *per-element marginal* (the law of
 * the element at a uniformly chosen position; `exact: false`, `note` says
 * how the elements depend on each other).
 *
 * @throws TypeError / RangeError as init() does for a bad name, shape or option.
 */
export function describe(name: string, shape: readonly number[], options?: Record<string, unknown>): Description {
  const rule = lookupRule(name);
  // The names init() accepts, checked here so that messages name the function as init() does.
  knownOptions(optionsObject(options), [...ruleOptionNames(rule), ...COMMON_OPTION_NAMES], rule.name);
  const plan = planOf(rule, shape, options);
  const dist = distributionFromPlan(plan, shape);
  const extra: Pick<Description, 'cdfFormula' | 'citation' | 'plan'> & { receptiveField?: number } = {
    cdfFormula: cdfFormula(dist),
    citation: citation(dist),
    plan,
  };
  if (plan.context.receptiveField !== undefined) extra.receptiveField = plan.context.receptiveField;
  return Object.freeze({ ...dist, ...extra });
}

// ---------------------------------------------------------------------------
// The distribution function as a formula

function general(text: string, latex: string): FormulaText {
  return { text, latex };
}

/** The cdf of a law made of point masses only: a step function listed by its steps. */
function stepFormula(dist: Distribution): Formula {
  const atoms = dist.atoms;
  const pieces: string[] = [];
  const tex: string[] = [];
  let total = 0;
  pieces.push(`0 for x < ${num(atoms[0].value)}`);
  tex.push(`0 & x < ${numTex(atoms[0].value)}`);
  for (let i = 0; i < atoms.length; i++) {
    total += atoms[i].probability;
    const next = atoms[i + 1];
    const value = next === undefined ? 1 : total;
    const range = next === undefined ? `x ≥ ${num(atoms[i].value)}` : `${num(atoms[i].value)} ≤ x < ${num(next.value)}`;
    const rangeTex = next === undefined ? `x \\ge ${numTex(atoms[i].value)}` : `${numTex(atoms[i].value)} \\le x < ${numTex(next.value)}`;
    pieces.push(`${num(value)} for ${range}`);
    tex.push(`${numTex(value)} & ${rangeTex}`);
  }
  return {
    text: `F(x) = ${pieces.join(', ')}`,
    latex: `F(x) = \\begin{cases} ${tex.join(' \\\\ ')} \\end{cases}`,
    general: general('F(x) = Σ P(X = v) over the values v ≤ x', 'F(x) = \\sum_{v \\le x} P(X = v)'),
  };
}

/**
 * F(x) = P(X ≤ x) as a formula, the general form of the family and the one
 * with the layer's numbers substituted (the same numbers as `formula`).
 */
export function cdfFormula(dist: Distribution): Formula {
  const p = dist.params;
  const continuousMass = 1 - dist.atoms.reduce((s, a) => s + a.probability, 0);
  if (dist.atoms.length > 0 && continuousMass <= 1e-15) return stepFormula(dist);
  switch (dist.family) {
    case 'uniform': {
      const width = p.high - p.low;
      const shift = p.low === 0 ? 'x' : p.low < 0 ? `x + ${num(-p.low)}` : `x − ${num(p.low)}`;
      const shiftTex = p.low === 0 ? 'x' : p.low < 0 ? `x + ${numTex(-p.low)}` : `x - ${numTex(p.low)}`;
      return {
        text: `F(x) = (${shift})/${num(width)} for ${num(p.low)} ≤ x < ${num(p.high)} (0 below, 1 above)`,
        latex: `F(x) = \\frac{${shiftTex}}{${numTex(width)}}\\ \\text{for } ${numTex(p.low)} \\le x < ${numTex(p.high)}`,
        general: general(
          'F(x) = (x − a)/(b − a) for a ≤ x < b, 0 for x < a, 1 for x ≥ b',
          'F(x) = \\frac{x - a}{b - a}\\ \\text{for } a \\le x < b',
        ),
      };
    }
    case 'normal': {
      const z = p.mean === 0 ? 'x' : `(x − ${num(p.mean)})`;
      const zTex = p.mean === 0 ? 'x' : `x - ${numTex(p.mean)}`;
      const scale = p.std * Math.SQRT2;
      return {
        text: `F(x) = Φ(${z}/σ) = ½[1 + erf(${z}/(σ√2))], σ = ${num(p.std)}, σ√2 = ${num(scale)}`,
        latex: `F(x) = \\Phi\\!\\left(\\frac{${zTex}}{\\sigma}\\right) = \\tfrac12\\left[1 + \\operatorname{erf}\\!\\left(\\frac{${zTex}}{${numTex(scale)}}\\right)\\right],\\quad \\sigma = ${numTex(p.std)}`,
        general: general(
          'F(x) = Φ((x − μ)/σ) = ½[1 + erf((x − μ)/(σ√2))]',
          'F(x) = \\Phi\\!\\left(\\frac{x-\\mu}{\\sigma}\\right) = \\tfrac12\\left[1 + \\operatorname{erf}\\!\\left(\\frac{x-\\mu}{\\sigma\\sqrt2}\\right)\\right]',
        ),
      };
    }
    case 'truncated_normal': {
      const alpha = (p.a - p.mean) / p.std;
      const beta = (p.b - p.mean) / p.std;
      const z = normalMass(alpha, beta);
      const lower = normalCdf(alpha);
      const x = p.mean === 0 ? 'x' : `(x − ${num(p.mean)})`;
      const xTex = p.mean === 0 ? 'x' : `x - ${numTex(p.mean)}`;
      return {
        text:
          `F(x) = (Φ(${x}/σ) − Φ(α))/Z for ${num(p.a)} ≤ x ≤ ${num(p.b)} (0 below, 1 above), σ = ${num(p.std)}, ` +
          `α = ${num(alpha)}, β = ${num(beta)}, Φ(α) = ${num(lower)}, Z = Φ(β) − Φ(α) = ${num(z)}`,
        latex:
          `F(x) = \\frac{\\Phi\\!\\left(\\frac{${xTex}}{\\sigma}\\right) - \\Phi(\\alpha)}{Z}\\ \\text{for } ${numTex(p.a)} \\le x \\le ${numTex(p.b)},` +
          `\\quad \\sigma = ${numTex(p.std)},\\ \\alpha = ${numTex(alpha)},\\ \\beta = ${numTex(beta)},\\ Z = ${numTex(z)}`,
        general: general(
          'F(x) = (Φ((x − μ)/σ) − Φ(α))/Z for a ≤ x ≤ b, α = (a − μ)/σ, β = (b − μ)/σ, Z = Φ(β) − Φ(α)',
          'F(x) = \\frac{\\Phi\\!\\left(\\frac{x-\\mu}{\\sigma}\\right) - \\Phi(\\alpha)}{\\Phi(\\beta) - \\Phi(\\alpha)}\\ \\text{for } a \\le x \\le b',
        ),
      };
    }
    case 'orthogonal': {
      const shape = dist.shape ?? [];
      const rows = shape[0] ?? 1;
      const cols = product(shape.slice(1));
      const d = Math.max(rows, cols);
      const g = Math.abs(p.gain);
      return {
        text: `F(x) = ½ + ½·sign(x)·I_{x²/g²}(½, ${num((d - 1) / 2)}) for |x| ≤ g, g = ${num(g)}, d = ${d} (I the regularized incomplete beta function)`,
        latex: `F(x) = \\tfrac12 + \\tfrac12\\operatorname{sign}(x)\\, I_{x^2/g^2}\\!\\left(\\tfrac12, ${numTex((d - 1) / 2)}\\right)\\ \\text{for } |x| \\le g,\\quad g = ${numTex(g)},\\ d = ${d}`,
        general: general(
          'F(x) = ½ + ½·sign(x)·I_{x²/g²}(½, (d − 1)/2) for |x| ≤ g, d = max(rows, cols)',
          'F(x) = \\tfrac12 + \\tfrac12\\operatorname{sign}(x)\\, I_{x^2/g^2}\\!\\left(\\tfrac12, \\tfrac{d-1}{2}\\right)',
        ),
      };
    }
    case 'sparse': {
      const p0 = dist.atoms.find((a) => a.value === 0)?.probability ?? 0;
      return {
        text: `F(x) = p₀·[x ≥ 0] + (1 − p₀)·Φ(x/σ), p₀ = ${num(p0)}, σ = ${num(p.std)}`,
        latex: `F(x) = p_0\\,[x \\ge 0] + (1 - p_0)\\,\\Phi(x/\\sigma),\\quad p_0 = ${numTex(p0)},\\ \\sigma = ${numTex(p.std)}`,
        general: general('F(x) = p₀·[x ≥ 0] + (1 − p₀)·Φ(x/σ)', 'F(x) = p_0\\,[x \\ge 0] + (1 - p_0)\\,\\Phi(x/\\sigma)'),
      };
    }
    case 'uniform_sum': {
      // uniform-sum.ts: a ≤ b, c = a + b, d = b − a, 8ab.
      const [c, d, k] = [p.a + p.b, p.b - p.a, 8 * p.a * p.b];
      return {
        text: `F(x) = (x + ${num(c)})²/${num(k)} for ${num(-c)} ≤ x ≤ ${num(-d)}, ${num(p.a / (2 * p.b))} + (x + ${num(d)})/${num(2 * p.b)} for |x| ≤ ${num(d)}, 1 − F(−x) for x ≥ ${num(d)}`,
        latex: `F(x) = \\frac{(x + ${numTex(c)})^2}{${numTex(k)}}\\ \\text{for } ${numTex(-c)} \\le x \\le ${numTex(-d)},\\quad F(x) = 1 - F(-x)\\ \\text{for } x \\ge ${numTex(d)}`,
        general: general(
          'F(x) = (x + a + b)²/(8ab) for −(a + b) ≤ x ≤ −(b − a), a/(2b) + (x + b − a)/(2b) for |x| ≤ b − a, 1 − F(−x) above',
          'F(x) = \\frac{(x + a + b)^2}{8ab}\\ \\text{for } x \\le a - b,\\quad F(x) = 1 - F(-x)\\ \\text{for } x \\ge b - a',
        ),
      };
    }
    default:
      // Every other family is discrete (handled above); keep a safe fallback.
      return {
        text: 'F(x) = P(X ≤ x)',
        latex: 'F(x) = P(X \\le x)',
        general: general('F(x) = P(X ≤ x)', 'F(x) = P(X \\le x)'),
      };
  }
}

// ---------------------------------------------------------------------------
// Where the rule comes from

/** Sources of the rules whose plans name none (plain PyTorch functions). */
const FUNCTION_SOURCES: Record<string, string> = {
  uniform: "It is PyTorch's torch.nn.init.uniform_: the bounds are the caller's, not a paper's rule.",
  normal: "It is PyTorch's torch.nn.init.normal_: the mean and standard deviation are the caller's, not a paper's rule.",
  trunc_normal:
    "It is PyTorch's torch.nn.init.trunc_normal_ (a and b absolute, drawn by rejection as PyTorch now does): the parameters are the caller's, not a paper's rule.",
  constant: "It is PyTorch's torch.nn.init.constant_.",
  zeros: "It is PyTorch's torch.nn.init.zeros_.",
  ones: "It is PyTorch's torch.nn.init.ones_.",
  eye: "It is PyTorch's torch.nn.init.eye_, which preserves the identity of the inputs of a Linear layer.",
  dirac:
    "It is PyTorch's torch.nn.init.dirac_, which preserves the identity of the inputs of a convolution (the Dirac parametrisation of Zagoruyko & Komodakis 2017, \"DiracNets\").",
};

/** One sentence naming where the rule comes from. */
export function citation(dist: Distribution): string {
  if (dist.source !== undefined) return `The rule comes from ${dist.source}.`;
  return FUNCTION_SOURCES[dist.initializer] ?? `It is the ${dist.family.replace('_', ' ')} initializer "${dist.initializer}".`;
}
