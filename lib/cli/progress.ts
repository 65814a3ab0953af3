/**
 * The progress bar on stderr (cli-progress), drawn only when stderr is a
 * terminal, so that logs and pipes stay clean, and redrawn at most ten times
 * a second. Used by `sample`, `check` and `init-model`.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Output } from './io';

export class ProgressBar {
  private constructor(private readonly bar: SingleBar) {}

  /**
   * A bar when `out` is a terminal and `quiet` is false; otherwise undefined (no output at all).
   * `detail` is a cli-progress format fragment appended after the ETA, filled by update()'s payload.
   */
  static create(out: Output, label: string, total: number, quiet = false, detail = ''): ProgressBar | undefined {
    if (quiet || out.isTTY !== true) return undefined;
    const bar = new SingleBar(
      {
        stream: out as NodeJS.WritableStream,
        format: `${label} [{bar}] {percentage}% | ETA {eta_formatted}${detail}`,
        fps: 10,
        clearOnComplete: true,
        hideCursor: false,
        etaBuffer: 50,
      },
      Presets.legacy,
    );
    bar.start(total, 0, {});
    return new ProgressBar(bar);
  }

  update(done: number, payload: Record<string, unknown> = {}): void {
    this.bar.update(done, payload);
  }

  /** Stops the bar and clears its line. */
  finish(): void {
    this.bar.stop();
  }
}
