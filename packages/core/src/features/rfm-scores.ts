import type { FeaturesConfig, SegmentDefinition } from "../config/features";

export type RfmConfig = FeaturesConfig["rfm"];

export interface RfmValues {
  orders: number;
  /** Null for a customer with no order. */
  recencyDays: number | null;
  monetaryHt: number;
}

export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

/** Fixed cut points (DOMAIN §2): R by maximum recency, F by minimum orders, M by minimum net revenue. */
export function binScores(values: RfmValues, rfm: RfmConfig): RfmScores {
  const r = values.recencyDays === null ? 1 : 5 - countWhile(rfm.recency_max_days, (cut) => values.recencyDays! > cut);
  const f = 1 + rfm.frequency_min_orders.filter((cut) => values.orders >= cut).length;
  const m = 1 + rfm.monetary_min_ht.filter((cut) => values.monetaryHt >= cut).length;
  return { r, f, m };
}

function countWhile(cuts: readonly number[], predicate: (cut: number) => boolean): number {
  let count = 0;
  while (count < cuts.length && predicate(cuts[count]!)) count++;
  return count;
}

/**
 * Quintile scores among buying customers: score = 1 + ⌊5 × (customers strictly worse) / n⌋, so equal values
 * always get equal scores and the best customers get 5. Customers with no order keep their bin scores.
 */
export function quintileScores(base: readonly RfmValues[], rfm: RfmConfig): RfmScores[] {
  const buyers = base.filter((values) => values.orders > 0);
  const n = buyers.length;
  const worseCounter = (values: number[], higherIsBetter: boolean) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (value: number) => (higherIsBetter ? lowerBound(sorted, value) : n - upperBound(sorted, value));
  };
  const recencyWorse = worseCounter(
    buyers.map((values) => values.recencyDays!),
    false,
  );
  const ordersWorse = worseCounter(
    buyers.map((values) => values.orders),
    true,
  );
  const monetaryWorse = worseCounter(
    buyers.map((values) => values.monetaryHt),
    true,
  );
  const score = (worse: number) => Math.min(5, 1 + Math.floor((5 * worse) / n));
  return base.map((values) =>
    values.orders > 0
      ? { r: score(recencyWorse(values.recencyDays!)), f: score(ordersWorse(values.orders)), m: score(monetaryWorse(values.monetaryHt)) }
      : binScores(values, rfm),
  );
}

/** Number of sorted values strictly below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Number of sorted values at or below `value`. */
function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first configured segment whose R and F ranges contain the scores (the config schema proves one exists). */
export function segmentFor(scores: Pick<RfmScores, "r" | "f">, segments: readonly SegmentDefinition[]): SegmentDefinition {
  const found = segments.find(
    (segment) => scores.r >= segment.r[0] && scores.r <= segment.r[1] && scores.f >= segment.f[0] && scores.f <= segment.f[1],
  );
  if (!found) throw new Error(`no segment covers R${scores.r} F${scores.f}`);
  return found;
}
