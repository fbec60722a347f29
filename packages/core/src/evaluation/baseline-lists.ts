import type { ScoringConfig } from "../config/scoring";
import type { CatalogueIndex } from "../recommend/catalogue-index";
import type { CatalogueItem } from "../recommend/catalogue-item";
import type { PurchaseHistory } from "../recommend/purchase-history";
import { boughtRecently } from "../recommend/recommend-customer";

/** What a baseline may propose to one customer: the recommender's hard filters (active, in stock, priced, not bought recently). */
function eligibleFor(history: PurchaseHistory, catalogue: CatalogueIndex, asOf: string, config: ScoringConfig): CatalogueItem[] {
  return catalogue.available.filter((item) => !boughtRecently(item, history, asOf, config));
}

/**
 * Baseline "global popularity": the `k` most popular recommendable wines (the recommender's own popularity —
 * distinct buyers over `popularity.lookback_days` up to the as-of date — ties on article code), without the
 * articles this customer bought within `filters.recent_purchase_days`.
 */
export function popularityBaseline(
  history: PurchaseHistory,
  catalogue: CatalogueIndex,
  asOf: string,
  config: ScoringConfig,
  k: number,
): CatalogueItem[] {
  return eligibleFor(history, catalogue, asOf, config).slice(0, k);
}

/**
 * Baseline "same family best seller": the `k` most popular eligible wines of the customer's dominant family,
 * completed with the most popular other eligible wines when the family has fewer than `k` (and used alone
 * when the dominant family is unknown), so that every baseline list has `k` wines when the catalogue allows.
 */
export function sameFamilyBaseline(
  dominantFamilyKey: string | null,
  history: PurchaseHistory,
  catalogue: CatalogueIndex,
  asOf: string,
  config: ScoringConfig,
  k: number,
): CatalogueItem[] {
  const eligible = eligibleFor(history, catalogue, asOf, config);
  const inFamily = dominantFamilyKey === null ? [] : eligible.filter((item) => item.familyKey === dominantFamilyKey).slice(0, k);
  const taken = new Set(inFamily.map((item) => item.article));
  return [...inFamily, ...eligible.filter((item) => !taken.has(item.article)).slice(0, k - inFamily.length)];
}
