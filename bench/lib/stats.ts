/** Latency summaries. Percentiles use the nearest-rank method on a sorted copy. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

export const summarize = (samples: readonly number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
};

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export const nowMs = (): number => performance.now();

/**
 * Run `fn` `warmup` times unmeasured, then up to `runs` times — stopping early (after at least
 * three) once `budgetMs` is spent, so a slow case cannot stretch the bench — and summarize the
 * wall times in ms.
 */
export const timeRepeated = async (
  runs: number,
  fn: () => Promise<unknown>,
  options: { warmup?: number; budgetMs?: number } = {},
): Promise<Summary> => {
  const warmup = options.warmup ?? 2;
  const deadline = nowMs() + (options.budgetMs ?? 15_000);
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs && (i < 3 || nowMs() < deadline); i++) {
    const t = nowMs();
    await fn();
    samples.push(nowMs() - t);
  }
  return summarize(samples);
};

export const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
