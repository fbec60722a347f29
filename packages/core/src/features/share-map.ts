import { roundTo } from "./rounding";

export const SHARE_DECIMALS = 6;

/** Spend shares of one dimension (family, sweetness, grape, appellation) for one customer. */
export interface ShareSummary {
  /** Keys sorted by code point, shares rounded to 6 decimals. */
  shares: Record<string, number>;
  /** Key with the largest share; ties go to the first key in code-point order. Null without spend. */
  dominant: string | null;
  dominantShare: number | null;
  /** 1 − Σ share², null without spend. */
  diversity: number | null;
}

/** Code-point order, the order of `COLLATE "C"` (never locale-dependent). */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Shares of net spend per key. Keys whose net spend is zero or negative (fully returned) are left out,
 * and shares are taken over the positive keys only, so they sum to 1.
 */
export function summariseShares(spendByKey: ReadonlyMap<string, number> | Record<string, number>): ShareSummary {
  const entries = (spendByKey instanceof Map ? [...spendByKey.entries()] : Object.entries(spendByKey))
    .filter(([, spend]) => spend > 0)
    .sort(([a], [b]) => compareCodePoints(a, b));
  const total = entries.reduce((sum, [, spend]) => sum + spend, 0);
  if (entries.length === 0 || total <= 0) return { shares: {}, dominant: null, dominantShare: null, diversity: null };
  const shares: Record<string, number> = {};
  let dominant = entries[0]![0];
  let dominantSpend = entries[0]![1];
  let sumOfSquares = 0;
  for (const [key, spend] of entries) {
    const share = spend / total;
    shares[key] = roundTo(share, SHARE_DECIMALS);
    sumOfSquares += share * share;
    if (spend > dominantSpend) {
      dominant = key;
      dominantSpend = spend;
    }
  }
  return {
    shares,
    dominant,
    dominantShare: roundTo(dominantSpend / total, SHARE_DECIMALS),
    diversity: roundTo(Math.max(0, 1 - sumOfSquares), SHARE_DECIMALS),
  };
}

/** Splits a multi-grape `cepages` cell (`Syrah, Grenache`) into its grapes; spend is then shared equally. */
export function splitGrapes(cepages: string | null): string[] {
  if (!cepages) return [];
  return cepages
    .split(/[,;/+]/)
    .map((grape) => grape.trim())
    .filter((grape) => grape !== "");
}
