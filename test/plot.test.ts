// The histogram SVG: a well-formed XML document (checked by the small parser
// below, which refuses anything an XML 1.0 parser would: unbalanced or
// mismatched tags, unquoted or repeated attributes, bare "&" or "<", more than
// one root) with the elements a reader needs: title, formula, axes with
// labels, one bar per bin and the pdf path.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../lib/cli/main';
import type { CliIo } from '../lib/cli/io';
import { escapeXml, histogramSvg, niceTicks, wrapText } from '../lib/plot/svg';
import { normalPdf } from '../lib/math/special';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`"<" in ${where}`);
  return raw.replace(/&([^;]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new Error(`unterminated entity in ${where}: ${match}`);
    if (body in ENTITIES) return ENTITIES[body];
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    if (num) return String.fromCodePoint(num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]));
    throw new Error(`unknown entity &${body}; in ${where}`);
  });
}

/** Parses an XML document (elements, attributes, text, comments, the XML declaration); throws on malformed input. */
function parseXml(doc: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(doc.slice(i, i + 40))}`);
  };
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < doc.length) {
    if (doc.startsWith('<!--', i)) {
      const end = doc.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    } else if (doc.startsWith('</', i)) {
      i += 2;
      const m = NAME.exec(doc.slice(i));
      if (!m) fail('bad closing tag');
      const name = m![0];
      i += name.length;
      while (/\s/.test(doc[i])) i++;
      if (doc[i] !== '>') fail('expected ">"');
      i++;
      const open = stack.pop();
      if (open === undefined) fail(`closing tag </${name}> without an open element`);
      if (open!.name !== name) fail(`</${name}> closes <${open!.name}>`);
    } else if (doc[i] === '<') {
      i++;
      const m = NAME.exec(doc.slice(i));
      if (!m) fail('bad tag name');
      const element: XmlElement = { name: m![0], attributes: {}, children: [], text: '' };
      i += element.name.length;
      for (;;) {
        const spaced = /\s/.test(doc[i]);
        while (/\s/.test(doc[i])) i++;
        if (doc.startsWith('/>', i) || doc[i] === '>') break;
        if (!spaced) fail('attributes must be separated by white space');
        const a = NAME.exec(doc.slice(i));
        if (!a) fail('bad attribute name');
        const attr = a![0];
        i += attr.length;
        if (doc[i] !== '=') fail(`attribute ${attr} without "="`);
        i++;
        const quote = doc[i];
        if (quote !== '"' && quote !== "'") fail(`unquoted value of ${attr}`);
        const end = doc.indexOf(quote, i + 1);
        if (end < 0) fail(`unterminated value of ${attr}`);
        if (attr in element.attributes) fail(`attribute ${attr} repeated`);
        element.attributes[attr] = decode(doc.slice(i + 1, end), `attribute ${attr}`);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root === undefined) root = element;
      else fail('a second root element');
      if (doc.startsWith('/>', i)) i += 2;
      else {
        i++;
        stack.push(element);
      }
    } else {
      const end = doc.indexOf('<', i);
      const raw = doc.slice(i, end < 0 ? doc.length : end);
      const text = decode(raw, 'text');
      const parent = stack[stack.length - 1];
      if (parent) parent.text += text;
      else if (text.trim() !== '') fail('text outside the root element');
      i = end < 0 ? doc.length : end;
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> is not closed`);
  if (root === undefined) fail('no root element');
  return root!;
}

function all(e: XmlElement, predicate: (x: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (x: XmlElement) => {
    if (predicate(x)) found.push(x);
    x.children.forEach(visit);
  };
  visit(e);
  return found;
}

const hasClass = (cls: string) => (x: XmlElement) => (x.attributes.class ?? '').split(/\s+/).includes(cls);

function sampleNormal(n: number, sigma: number): Float64Array {
  // Deterministic quasi-sample: the normal quantiles at (i + ½)/n, via Box–Muller on a lattice is overkill.
  const out = new Float64Array(n);
  let state = 12345;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rand()));
    const t = 2 * Math.PI * rand();
    out[i] = sigma * r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = sigma * r * Math.sin(t);
  }
  return out;
}

describe('plot: the histogram SVG', () => {
  describe('the XML checker itself refuses malformed documents', () => {
    const bad = [
      '<svg><g></svg>',
      '<svg><g></g>',
      '<svg a=1/>',
      '<svg a="1" a="2"/>',
      '<svg>AT&T</svg>',
      '<svg/><svg/>',
      '<svg a="x<y"/>',
      '<svg>&nbsp;</svg>',
    ];
    for (const doc of bad) {
      it(JSON.stringify(doc), () => expect(() => parseXml(doc)).to.throw());
    }
    it('accepts a well-formed one', () => {
      const e = parseXml('<?xml version="1.0"?><svg a="1" b=\'&lt;\'><!-- c --><t>x &amp; y</t><g/></svg>');
      expect(e.attributes.b).to.equal('<');
      expect(e.children[0].text).to.equal('x & y');
    });
  });

  describe('histogramSvg()', () => {
    const sigma = 0.041666666666666664;
    const values = sampleNormal(100000, sigma);
    const svg = histogramSvg({
      values,
      bins: 60,
      range: [-0.17, 0.17],
      pdf: (x) => normalPdf(x / sigma) / sigma,
      title: 'kaiming_normal [256, 128, 3, 3] <test> & "quotes"',
      subtitle: ['f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = gain/√fan_in = √2/√1152 ≈ 0.041667'],
      caption: 'n = 100000',
      xLabel: 'weight value x',
      yLabel: 'density f(x)',
    });
    const doc = parseXml(svg);

    it('is a standalone SVG document', () => {
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).to.equal(true);
      expect(doc.name).to.equal('svg');
      expect(doc.attributes.xmlns).to.equal('http://www.w3.org/2000/svg');
      expect(doc.attributes.width).to.equal('900');
      expect(doc.attributes.height).to.equal('560');
      expect(doc.attributes.viewBox).to.equal('0 0 900 560');
      // Nothing external: no script, no links, no images, no style sheets.
      expect(all(doc, (x) => ['script', 'image', 'style', 'foreignObject', 'use'].includes(x.name))).to.deep.equal([]);
      expect(svg).not.to.match(/href|NaN|Infinity|undefined/);
    });

    it('has the title (escaped) and the formula', () => {
      const title = all(doc, (x) => x.name === 'title');
      expect(title).to.have.length(1);
      expect(title[0].text).to.equal('kaiming_normal [256, 128, 3, 3] <test> & "quotes"');
      expect(all(doc, hasClass('title'))[0].text).to.equal('kaiming_normal [256, 128, 3, 3] <test> & "quotes"');
      const formula = all(doc, hasClass('formula')).map((x) => x.text).join(' ');
      expect(formula).to.equal('f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = gain/√fan_in = √2/√1152 ≈ 0.041667');
    });

    it('has one bar per bin, inside the plot area', () => {
      const bars = all(doc, hasClass('bar'));
      expect(bars).to.have.length(60);
      const clip = all(doc, (x) => x.name === 'clipPath')[0].children[0].attributes;
      const [left, top, w, h] = [clip.x, clip.y, clip.width, clip.height].map(Number);
      for (const b of bars) {
        const [x, y, bw, bh] = [b.attributes.x, b.attributes.y, b.attributes.width, b.attributes.height].map(Number);
        expect(bw).to.be.greaterThan(0);
        expect(bh).to.be.at.least(0);
        expect(x).to.be.at.least(left - 0.01);
        expect(x + bw).to.be.at.most(left + w + 0.01);
        expect(y).to.be.at.least(top - 0.01);
        expect(y + bh).to.be.closeTo(top + h, 0.02);
      }
      // The bars' total area is the sample's fraction inside the range (they are densities).
      const yTicks = all(doc, hasClass('y-axis'))[0].children.filter((x) => x.name === 'text' && !hasClass('label')(x));
      expect(yTicks.length).to.be.at.least(3);
    });

    it('draws the pdf as a path over the bars, clipped to the plot area', () => {
      const paths = all(doc, hasClass('pdf'));
      expect(paths).to.have.length(1);
      const d = paths[0].attributes.d;
      expect(d).to.match(/^M[-\d.]+,[-\d.]+( L[-\d.]+,[-\d.]+){100,}$/);
      expect(paths[0].attributes['clip-path']).to.equal('url(#plot-area)');
      // Its highest point is the peak of the density, at x = 0 (the middle of the axis).
      const points = d.split(' ').map((p) => p.slice(1).split(',').map(Number));
      const peak = points.reduce((best, p) => (p[1] < best[1] ? p : best));
      const clip = all(doc, (x) => x.name === 'clipPath')[0].children[0].attributes;
      expect(peak[0]).to.be.closeTo(Number(clip.x) + Number(clip.width) / 2, 2);
    });

    it('has labelled axes with ticks', () => {
      const x = all(doc, hasClass('x-axis'));
      const y = all(doc, hasClass('y-axis'));
      expect(x).to.have.length(1);
      expect(y).to.have.length(1);
      expect(all(x[0], hasClass('label'))[0].text).to.equal('weight value x');
      expect(all(y[0], hasClass('label'))[0].text).to.equal('density f(x)');
      const xTicks = x[0].children.filter((e) => e.name === 'text' && !hasClass('label')(e)).map((e) => e.text);
      expect(xTicks).to.include('0');
      expect(xTicks).to.include('−0.1');
      expect(xTicks).to.include('0.1');
      expect(all(doc, hasClass('legend'))).to.have.length(1);
      const caption = all(doc, hasClass('caption')).map((e) => e.text);
      expect(caption[0]).to.equal('n = 100000');
      // ±0.17 is ±4.08σ: about 45 in 10^6 values lie beyond, and the caption says how many.
      expect(caption[1]).to.match(/^\d+ of 100000 values lie outside the plotted range$/);
    });
  });

  it('a law with point masses: stems for the atoms, bars for the rest', () => {
    const values = new Float64Array(1000);
    for (let i = 0; i < 1000; i++) values[i] = i % 4 === 0 ? 0 : ((i % 97) - 48) / 100;
    const svg = histogramSvg({
      values,
      bins: 20,
      range: [-0.5, 0.5],
      pdf: () => 0.75,
      atoms: [{ value: 0, probability: 0.25 }],
      title: 'sparse',
    });
    const doc = parseXml(svg);
    expect(all(doc, hasClass('bar'))).to.have.length(20);
    expect(all(doc, hasClass('atom'))).to.have.length(1);
    expect(all(doc, hasClass('atoms'))[0].children.some((e) => e.text.includes('P(X = 0) = 0.25, sample 0.25'))).to.equal(true);
  });

  it('a law made only of point masses is drawn on a probability axis', () => {
    const values = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const doc = parseXml(
      histogramSvg({ values, atoms: [{ value: 0, probability: 0.8 }, { value: 1, probability: 0.2 }], title: 'eye [5, 3]' }),
    );
    expect(all(doc, hasClass('pdf'))).to.have.length(0);
    expect(all(doc, (x) => x.name === 'circle' && hasClass('atom')(x))).to.have.length(2);
    expect(all(all(doc, hasClass('y-axis'))[0], hasClass('label'))[0].text).to.equal('probability');
  });

  describe('helpers', () => {
    it('escapeXml', () => expect(escapeXml(`<a href="x">'&'</a>`)).to.equal('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;'));
    it('niceTicks', () => {
      expect(niceTicks(-0.17, 0.17, 8)).to.deep.equal([-0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.15]);
      expect(niceTicks(0, 9.7, 5)).to.deep.equal([0, 2, 4, 6, 8]);
    });
    it('wrapText keeps short lines and splits long ones at commas', () => {
      expect(wrapText('short', 10)).to.deep.equal(['short']);
      expect(wrapText('alpha, beta, gamma, delta', 14)).to.deep.equal(['alpha, beta,', 'gamma, delta']);
    });
  });

  describe('kaiming plot', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiming-plot-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function io(): CliIo & { out: string[]; err: string[] } {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } };
    }

    const cases: Array<{ args: string[]; bins: number; pdf: boolean }> = [
      { args: ['kaiming_normal', '--shape', '256,128,3,3', '--nonlinearity', 'relu'], bins: 80, pdf: true },
      { args: ['kaiming_uniform', '--shape', '64,32', '--bins', '40', '--n', '50000'], bins: 40, pdf: true },
      { args: ['he_normal', '--shape', '3,3,64,128', '--dtype', 'bfloat16'], bins: 80, pdf: true },
      { args: ['orthogonal', '--shape', '128,64'], bins: 80, pdf: true },
      { args: ['sparse', '--shape', '64,32', '--sparsity', '0.5'], bins: 80, pdf: true },
      { args: ['eye', '--shape', '5,3'], bins: 0, pdf: false },
    ];
    for (const [k, c] of cases.entries()) {
      it(c.args.join(' '), async () => {
        const file = path.join(dir, `plot-${k}.svg`);
        const t = io();
        const code = await main(['plot', ...c.args, '--seed', '7', '--out', file], t);
        expect(t.err.join('')).to.match(/^kaiming plot: wrote .*\n$/);
        expect(code).to.equal(0);
        const doc = parseXml(fs.readFileSync(file, 'utf8'));
        expect(all(doc, hasClass('pdf'))).to.have.length(c.pdf ? 1 : 0);
        if (c.bins > 0) expect(all(doc, hasClass('bar'))).to.have.length(c.bins);
        expect(all(doc, hasClass('title'))[0].text).to.include(c.args[0]);
        expect(all(doc, hasClass('formula')).length).to.be.at.least(1);
        expect(all(doc, hasClass('x-axis'))).to.have.length(1);
        expect(all(doc, hasClass('y-axis'))).to.have.length(1);
      });
    }

    it('the title line has the formula with the layer\'s numbers', async () => {
      const file = path.join(dir, 'formula.svg');
      expect(await main(['plot', 'kaiming_normal', '--shape', '256,128,3,3', '--nonlinearity', 'relu', '--seed', '1', '--out', file, '-q'], io())).to.equal(0);
      const doc = parseXml(fs.readFileSync(file, 'utf8'));
      expect(all(doc, hasClass('formula')).map((e) => e.text).join(' ')).to.equal(
        'f(x) = exp(−x²/(2σ²)) / (σ√(2π)), σ = gain/√fan_in = √2/√1152 ≈ 0.041667',
      );
    });
  });
});
