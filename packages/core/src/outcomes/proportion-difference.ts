import { normalQuantile } from "./quantiles";
import type { UpliftEstimate } from "./uplift-verdict";

/** Wilson score interval of one proportion x/n. */
export function wilsonInterval(successes: number, total: number, z: number): { low: number; high: number } {
  const p = successes / total;
  const z2n = (z * z) / total;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Difference of two proportions p1 − p2 with Newcombe's hybrid score interval (Newcombe 1998, method 10):
 * the two Wilson intervals combined by the square-and-add rule. Unlike Wald's p ± z·SE it keeps its
 * coverage for small groups and rates near 0 (a reactivation rate of 3 % is typical), never leaves [−1, 1],
 * and is defined when a group has no event at all. Null when a group is empty.
 */
export function proportionDifference(
  treated: { successes: number; total: number },
  holdout: { successes: number; total: number },
  confidence = 0.95,
): UpliftEstimate | null {
  if (treated.total <= 0 || holdout.total <= 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = treated.successes / treated.total;
  const p2 = holdout.successes / holdout.total;
  const w1 = wilsonInterval(treated.successes, treated.total, z);
  const w2 = wilsonInterval(holdout.successes, holdout.total, z);
  const uplift = p1 - p2;
  return {
    uplift,
    low: uplift - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: uplift + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

/**
 * Customers per group (equal groups) a two-sided test at level α needs to detect p1 − p2 with the given
 * power (Fleiss' formula without continuity correction). Null when the rates are equal (nothing to detect).
 */
export function sampleSizeForProportions(p1: number, p2: number, alpha = 0.05, power = 0.8): number | null {
  const difference = Math.abs(p1 - p2);
  if (difference === 0) return null;
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zBeta = normalQuantile(power);
  const mean = (p1 + p2) / 2;
  const root = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (difference * difference));
}
