// An async fill never writes into memory JS may free: a plain ArrayBuffer
// target transferred away mid-fill ends in a clear error; abort ends in an AbortError.
import { expect } from 'chai';
import { normal, normalAsync, truncNormalAsync, uniformAsync } from '../lib/index';
import { rejection } from './support/rejection';


describe('async safety', function () {
  this.timeout(60000);

  it('a plain ArrayBuffer out transferred during the fill rejects with a TypeError, no crash', async () => {
    const out = new Float32Array(20_000_000);
    const pending = normalAsync([20_000_000], { seed: 1, out });
    const moved = structuredClone(out.buffer, { transfer: [out.buffer] });
    expect(out.length).to.equal(0);
    const error = await rejection(pending);
    expect(error).to.be.instanceOf(TypeError);
    expect(error.message).to.equal('The buffer of out was detached or transferred during the fill');
    expect(new Float32Array(moved)[0]).to.equal(0);  // the moved memory was never written
  });

  it('a plain ArrayBuffer out left alone receives the values', async () => {
    const out = new Float32Array(1_000_000);
    const result = await normalAsync([1_000_000], { seed: 2, out });
    expect(result.data).to.equal(out);
    expect(Buffer.from(out.buffer).equals(Buffer.from(normal([1_000_000], { seed: 2 }).data.buffer))).to.equal(true);
  });

  it('dropping every reference to out during the fill is safe', async () => {
    const pending = uniformAsync([5_000_000], { seed: 3, out: new Float32Array(5_000_000) });
    const t = await pending;
    expect(t.data.length).to.equal(5_000_000);
  });

  it('abort stops the fill and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const out = new Float32Array(new SharedArrayBuffer(4 * 60_000_000));
    const pending = truncNormalAsync([60_000_000], { seed: 4, out, signal: controller.signal, threads: 1 });
    setTimeout(() => controller.abort(), 5);
    const error = await rejection(pending);
    expect(error.name).to.equal('AbortError');
    expect(out[out.length - 1]).to.equal(0);  // stopped before the end
  });

  it('an already aborted signal rejects at once', async () => {
    const error = await rejection(uniformAsync([10], { seed: 1, signal: AbortSignal.abort() }));
    expect(error.name).to.equal('AbortError');
  });
});
