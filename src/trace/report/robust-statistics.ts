/**
 * Median and median absolute deviation: a baseline that one burst cannot move (unlike the mean
 * and standard deviation), as the volume alerts need. 1.4826 scales the MAD to the standard
 * deviation of normally distributed data (Rousseeuw & Croux, "Alternatives to the Median
 * Absolute Deviation", JASA 88, 1993).
 * @module
 */

export const MAD_TO_SD = 1.4826;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface RobustBaseline {
  median: number;
  /** Median absolute deviation, scaled to a standard deviation (MAD x 1.4826). */
  scaledMad: number;
  samples: number;
}

export function robustBaseline(values: readonly number[]): RobustBaseline {
  const m = median(values);
  return { median: m, scaledMad: median(values.map((v) => Math.abs(v - m))) * MAD_TO_SD, samples: values.length };
}

/** How many scaled MADs `value` lies above the median (the scale floored at `minScale`). */
export function robustScore(value: number, baseline: RobustBaseline, minScale = 1): number {
  return (value - baseline.median) / Math.max(baseline.scaledMad, minScale);
}
