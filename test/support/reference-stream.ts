/**
 * An independent, naive implementation of docs/STREAM.md §1–§3.1 in BigInt (no kernel code):
 * FNV-1a keys, splitmix64 chunk seeds, std::mt19937_64 (C++17 [rand.predef]: w=64, n=312,
 * m=156, r=31, a=0xB5026F5AA96619E9, u=29, d=0x5555555555555555, s=17, b=0x71D67FFFEDA60000,
 * t=37, c=0xFFF7EEE000000000, l=43, f=6364136223846793005), and the float32 uniform transform.
 * Slow (BigInt), so tests ask it for a few elements anywhere in a tensor of up to 2^53 elements.
 */
const M64 = (1n << 64n) - 1n;
const CHUNK = 65536;

export function fnv1a(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & M64;
  return h;
}

function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & M64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

/** The first `count` words of std::mt19937_64 seeded with `seed`. */
export function mt19937_64(seed: bigint, count: number): bigint[] {
  const n = 312;
  const mt: bigint[] = [seed & M64];
  for (let i = 1; i < n; i++) mt.push((6364136223846793005n * (mt[i - 1] ^ (mt[i - 1] >> 62n)) + BigInt(i)) & M64);
  const lower = (1n << 31n) - 1n;
  const upper = M64 ^ lower;
  const out: bigint[] = [];
  let index = n;
  while (out.length < count) {
    if (index >= n) {
      for (let i = 0; i < n; i++) {
        const x = (mt[i] & upper) | (mt[(i + 1) % n] & lower);
        let xA = x >> 1n;
        if (x & 1n) xA ^= 0xb5026f5aa96619e9n;
        mt[i] = mt[(i + 156) % n] ^ xA;
      }
      index = 0;
    }
    let y = mt[index++];
    y ^= (y >> 29n) & 0x5555555555555555n;
    y ^= (y << 17n) & 0x71d67fffeda60000n;
    y ^= (y << 37n) & 0xfff7eee000000000n;
    y ^= y >> 43n;
    out.push(y & M64);
  }
  return out;
}

/**
 * Elements [start, end) of uniform(low = -1, high = 1) in float32 (§3.1: lo = -1,
 * scale = float(2)·2^-24 = 2^-23, cap = the float below 1), exact in doubles.
 */
export function uniformMinusOneOne(seed: bigint, key: bigint, start: number, end: number): Float32Array {
  const out = new Float32Array(end - start);
  const cap = Math.fround(1 - 2 ** -24);
  let chunk = -1;
  let words: bigint[] = [];
  for (let i = start; i < end; i++) {
    const c = Math.floor(i / CHUNK);
    const j = i % CHUNK;
    if (c !== chunk) {
      chunk = c;
      const chunkSeed = splitmix64(splitmix64(splitmix64(seed) ^ key) ^ BigInt(c));
      const lastInChunk = Math.min(CHUNK, (c + 1) * CHUNK > end ? end - c * CHUNK : CHUNK);
      words = mt19937_64(chunkSeed, Math.ceil(lastInChunk / 2));
    }
    const w = words[j >> 1];
    const bits = Number(j % 2 === 0 ? (w >> 40n) & 0xffffffn : (w >> 8n) & 0xffffffn);
    out[i - start] = Math.min(Math.fround(-1 + bits * 2 ** -23), cap);
  }
  return out;
}
