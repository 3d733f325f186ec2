/** Small statistics and formatting helpers for the bench output. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // nearest rank
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
}

export function mb(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return `${value.toFixed(0)} MB`;
}

export function ratio(ours: number | undefined, theirs: number | undefined): string {
  if (ours === undefined || theirs === undefined || Number.isNaN(ours) || Number.isNaN(theirs) || theirs === 0) return '-';
  return ours / theirs >= 10 ? `${(ours / theirs).toFixed(0)}x` : ours / theirs >= 0.1 ? `${(ours / theirs).toFixed(2)}x` : `${(ours / theirs).toFixed(3)}x`;
}

export function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const result = fn();
  return [result, performance.now() - started];
}
