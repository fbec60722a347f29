import { normalQuantile, studentTQuantile } from "./quantiles";
import type { UpliftEstimate } from "./uplift-verdict";

export interface SampleMoments {
  count: number;
  mean: number;
  /** Unbiased sample variance (n − 1 in the denominator). */
  variance: number;
}

/** Mean and unbiased variance in one pass (Welford), numerically stable for money amounts. */
export function sampleMoments(values: readonly number[]): SampleMoments {
  let mean = 0;
  let squares = 0;
  values.forEach((value, index) => {
    const delta = value - mean;
    mean += delta / (index + 1);
    squares += delta * (value - mean);
  });
  return { count: values.length, mean, variance: values.length > 1 ? squares / (values.length - 1) : 0 };
}

/**
 * Difference of two means (revenue per customer) with Welch's interval: unequal variances, Welch–Satterthwaite
 * degrees of freedom. Null when a group has fewer than 2 customers. When both groups have no spread
 * (e.g. nobody bought anything) the interval collapses on the difference.
 */
export function meanDifference(treated: SampleMoments, holdout: SampleMoments, confidence = 0.95): UpliftEstimate | null {
  if (treated.count < 2 || holdout.count < 2) return null;
  const v1 = treated.variance / treated.count;
  const v2 = holdout.variance / holdout.count;
  const uplift = treated.mean - holdout.mean;
  const standardError = Math.sqrt(v1 + v2);
  if (standardError === 0) return { uplift, low: uplift, high: uplift };
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (treated.count - 1) + v2 ** 2 / (holdout.count - 1));
  const t = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { uplift, low: uplift - t * standardError, high: uplift + t * standardError };
}

/** Customers per group to detect a difference of means with a two-sided test at level α and the given power. */
export function sampleSizeForMeans(
  difference: number,
  varianceTreated: number,
  varianceHoldout: number,
  alpha = 0.05,
  power = 0.8,
): number | null {
  if (difference === 0) return null;
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  return Math.max(2, Math.ceil((z * z * (varianceTreated + varianceHoldout)) / (difference * difference)));
}
