/**
 * Sequential writing with O_DIRECT (Linux open(2): "transfers are done directly from user-space
 * buffers", bypassing the page cache): bytes are appended into aligned blocks, each written
 * whole at an aligned position while the next fills; the tail is padded to the block size and
 * the file truncated to its length at the end.
 *
 * Why: on the development VM a buffered write of 1 GiB followed by fsync took 2.4–2.6 s and
 * the same bytes with O_DIRECT 0.6–1.2 s (docs/MODELS.md §8): the page cache costs a copy per
 * byte on a CPU the generator needs, then writeback at fsync. O_DIRECT needs the buffer's
 * address, the file position and the length aligned to the device's logical block (512 or
 * 4096 bytes). JS cannot see addresses, so each block's aligned offset inside its
 * SharedArrayBuffer is found by trying 4 KiB writes at position 0 (EINVAL when misaligned).
 * Where O_DIRECT is refused (tmpfs, some network file systems), open returns undefined and
 * the caller writes through the page cache as before.
 * @internal
 */
import * as fs from 'node:fs';

/** Alignment of positions and lengths: 4096 covers devices with 512- and 4096-byte logical blocks. */
const ALIGN = 4096;
/** Bytes per block write. */
export const DIRECT_BLOCK_BYTES = 16 << 20;

export class DirectAppender {
  private current = 0;
  private fill = 0;
  private position = 0;
  private inFlight: Promise<unknown> = Promise.resolve();
  private failure: unknown;

  private constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly blocks: Uint8Array[],
  ) {}

  /** Opens `path` (an existing, empty file) for direct appends, or undefined where O_DIRECT does not work. */
  static async open(path: string, blockBytes = DIRECT_BLOCK_BYTES): Promise<DirectAppender | undefined> {
    const flag = (fs.constants as Record<string, number>).O_DIRECT;
    if (flag === undefined) return undefined;
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(path, fs.constants.O_WRONLY | flag);
    } catch {
      return undefined;
    }
    const blocks: Uint8Array[] = [];
    for (let b = 0; b < 2; b++) {
      const raw = new Uint8Array(new SharedArrayBuffer(blockBytes + ALIGN));
      let found = -1;
      for (let offset = 0; offset < ALIGN && found < 0; offset += 8) {
        try {
          await handle.write(raw, offset, ALIGN, 0);
          found = offset;
        } catch {
          // EINVAL: not aligned; try the next offset.
        }
      }
      if (found < 0) {
        await handle.close().catch(() => undefined);
        return undefined;
      }
      blocks.push(raw.subarray(found, found + blockBytes));
    }
    return new DirectAppender(handle, blocks);
  }

  /** Bytes appended so far. */
  get length(): number {
    return this.position + this.fill;
  }

  private rethrow(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async flush(bytes: number): Promise<void> {
    const block = this.blocks[this.current];
    const at = this.position;
    this.position += bytes;
    // One block write in flight while the other block fills; the next flush waits for it.
    await this.inFlight;
    this.rethrow();
    this.inFlight = writeAll(this.handle, block, bytes, at).catch((error: unknown) => {
      this.failure = error;
    });
    this.current ^= 1;
    this.fill = 0;
  }

  /** Copies `bytes` in; returns when `bytes` may be reused. */
  async append(bytes: Uint8Array): Promise<void> {
    this.rethrow();
    const size = this.blocks[0].length;
    for (let k = 0; k < bytes.length; ) {
      const n = Math.min(size - this.fill, bytes.length - k);
      this.blocks[this.current].set(bytes.subarray(k, k + n), this.fill);
      this.fill += n;
      k += n;
      if (this.fill === size) await this.flush(size);
    }
  }

  /** Writes the padded tail and waits for every write; returns the exact length (the caller truncates to it). */
  async finish(): Promise<number> {
    const length = this.length;
    if (this.fill > 0) {
      const padded = Math.ceil(this.fill / ALIGN) * ALIGN;
      this.blocks[this.current].fill(0, this.fill, padded);
      await this.flush(padded);
    }
    await this.inFlight;
    this.rethrow();
    return length;
  }

  /** Waits for the write in flight (its error, if any, is dropped) and closes. */
  async close(): Promise<void> {
    await this.inFlight;
    await this.handle.close();
  }
}

async function writeAll(handle: fs.promises.FileHandle, block: Uint8Array, bytes: number, position: number): Promise<void> {
  for (let done = 0; done < bytes; ) {
    const { bytesWritten } = await handle.write(block, done, bytes - done, position + done);
    if (bytesWritten === 0) throw new Error(`short direct write at byte ${position + done}`);
    done += bytesWritten;
  }
}
