/** Byte counts and durations as the commands print them. */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** "512 B", "3.0 KiB", "12.5 MiB": the size of one output file. */
export function sizeText(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : bytes >= KiB ? `${(bytes / KiB).toFixed(1)} KiB` : `${bytes} B`;
}

/** "12.5 MiB" or "1.25 GiB": model files and progress. */
export function formatBytes(n: number): string {
  return n >= GiB ? `${(n / GiB).toFixed(2)} GiB` : `${(n / MiB).toFixed(1)} MiB`;
}

/** "4.2s" or "3m12s". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60)}s` : `${s.toFixed(1)}s`;
}

/** Throughput in whole MiB/s. */
export function mibPerSecond(bytes: number, seconds: number): string {
  return (bytes / MiB / Math.max(seconds, 1e-9)).toFixed(0);
}
