// Latency statistics for the benchmark.

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarize(samplesInMs: number[]): LatencySummary {
  const sorted = [...samplesInMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, p50: round(at(0.5), 3), p99: round(at(0.99), 3), mean: round(mean, 3) };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Times `work` `count` times, sequentially; `between` runs untimed after each sample (e.g. to let background
 * work finish, so it does not land in the next sample).
 */
export async function timeEach(
  count: number,
  work: (index: number) => Promise<unknown>,
  between?: () => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await work(index);
    samples.push(performance.now() - started);
    await between?.();
  }
  return samples;
}
