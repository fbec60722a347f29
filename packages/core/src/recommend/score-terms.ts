import { daysBetween } from "../calendar/iso-dates";
import type { ScoreTerm, ScoringConfig } from "../config/scoring";
import type { CatalogueIndex } from "./catalogue-index";
import type { CatalogueItem } from "./catalogue-item";
import type { CustomerTaste } from "./customer-taste";
import type { PurchaseHistory } from "./purchase-history";
import { sweetnessLevel } from "./sweetness-level";

export type ScoreTerms = Record<ScoreTerm, number>;

/** Everything about the customer that the terms and scenario rules read, prepared once per customer. */
export interface CustomerScoringContext {
  taste: CustomerTaste;
  history: PurchaseHistory;
  asOf: string;
  /** Candidate article → best co-purchase affinity through one of the customer's bought articles. */
  affinity: Map<string, { affinity: number; via: string }>;
  /** The customer's sweetness shares with a known level, in key order. */
  sweetness: { level: number; share: number }[];
  /** Share-weighted mean of those levels; null without any. */
  meanSweetnessLevel: number | null;
  familyMaxShare: number;
  grapeMaxShare: number;
}

const clip = (value: number) => (Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value)));
const maxOf = (shares: Map<string, number>) => Math.max(0, ...shares.values());

export function scoringContextFor(
  taste: CustomerTaste,
  history: PurchaseHistory,
  catalogue: CatalogueIndex,
  asOf: string,
  config: ScoringConfig,
): CustomerScoringContext {
  const sweetness: { level: number; share: number }[] = [];
  for (const [key, share] of [...taste.sweetnessShares.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const level = sweetnessLevel(key, config);
    if (level !== null) sweetness.push({ level, share });
  }
  const weight = sweetness.reduce((sum, entry) => sum + entry.share, 0);
  return {
    taste,
    history,
    asOf,
    affinity: affinityThroughPurchases(history, catalogue),
    sweetness,
    meanSweetnessLevel: weight > 0 ? sweetness.reduce((sum, entry) => sum + entry.share * entry.level, 0) / weight : null,
    familyMaxShare: maxOf(taste.familyShares),
    grapeMaxShare: maxOf(taste.grapeShares),
  };
}

/** 1 − mean absolute difference over the seven axes / 4 (axes are 1–5): 1 = identical, 0 = opposite. */
export function aromaSimilarity(a: readonly number[], b: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return clip(1 - total / a.length / 4);
}

/** Relative share of the best-known key among `keys` (1 = the customer's preferred one), in [0, 1]. */
function relativeShare(shares: Map<string, number>, max: number, keys: readonly string[]): number {
  if (max <= 0) return 0;
  let best = 0;
  for (const key of keys) best = Math.max(best, shares.get(key) ?? 0);
  return clip(best / max);
}

/** Every term of DOMAIN §4 for one candidate, each in [0, 1] (the tier term is 0 outside `tier_scenarios`). */
export function scoreTerms(item: CatalogueItem, context: CustomerScoringContext, config: ScoringConfig): ScoreTerms {
  const { taste, history } = context;
  let sugar = 0;
  if (item.sweetnessLevel !== null && context.sweetness.length > 0) {
    let weight = 0;
    let closeness = 0;
    for (const { level, share } of context.sweetness) {
      weight += share;
      closeness += share * clip(1 - Math.abs(item.sweetnessLevel - level) / config.terms.sweetness_tolerance_levels);
    }
    sugar = clip(closeness / weight);
  }
  let budget = 0;
  if (taste.priceBandHt !== null && item.priceHtPerBottle !== null && item.priceHtPerBottle > 0)
    budget = clip(1 - Math.abs(Math.log(item.priceHtPerBottle / taste.priceBandHt)) / Math.log(config.terms.budget_max_ratio));
  const aroma = taste.aroma !== null && item.aroma !== null ? aromaSimilarity(taste.aroma, item.aroma) * taste.aromaConfidence : 0;
  const novelty = history.lastByArticle.has(item.article) ? 0 : history.lastByCuvee.has(item.cuvee) ? config.terms.novelty_new_vintage : 1;
  let tier = 0;
  if (config.tier_scenarios.includes(taste.scenario) && item.tier !== null && taste.usualTier !== null && item.tier > taste.usualTier)
    tier = 1 / (item.tier - taste.usualTier);
  let recencyPenalty = 0;
  const lastOfCuvee = history.lastByCuvee.get(item.cuvee);
  if (lastOfCuvee !== undefined) {
    const days = daysBetween(lastOfCuvee, context.asOf);
    const start = config.filters.recent_purchase_days;
    const end = config.terms.recency_penalty_days;
    recencyPenalty = days <= start ? 1 : days >= end ? 0 : clip(1 - (days - start) / (end - start));
  }
  return {
    family: item.familyKey === null ? 0 : relativeShare(taste.familyShares, context.familyMaxShare, [item.familyKey]),
    grape: relativeShare(taste.grapeShares, context.grapeMaxShare, item.grapeKeys),
    sugar,
    budget,
    aroma: clip(aroma),
    novelty,
    tier: clip(tier),
    popularity: clip(item.popularity),
    affinity: clip(context.affinity.get(item.article)?.affinity ?? 0),
    recency_penalty: recencyPenalty,
  };
}

/** scenario multiplier × (Σ weight × term − weight × recency penalty), rounded to 6 decimals. */
export function combineTerms(terms: ScoreTerms, taste: CustomerTaste, config: ScoringConfig): number {
  const w = config.weights;
  const positive =
    w.family * terms.family +
    w.grape * terms.grape +
    w.sugar * terms.sugar +
    w.budget * terms.budget +
    w.aroma * terms.aroma +
    w.novelty * terms.novelty +
    w.tier * terms.tier +
    w.popularity * terms.popularity +
    w.affinity * terms.affinity;
  return roundScore(config.multipliers[taste.scenario] * (positive - w.recency_penalty * terms.recency_penalty));
}

export function roundScore(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded;
}

/** Per candidate article, the best affinity through one of the bought articles (ties: lowest `via` code). */
export function affinityThroughPurchases(
  history: PurchaseHistory,
  catalogue: CatalogueIndex,
): Map<string, { affinity: number; via: string }> {
  const result = new Map<string, { affinity: number; via: string }>();
  for (const bought of history.boughtArticles) {
    for (const neighbour of catalogue.affinity.get(bought) ?? []) {
      const current = result.get(neighbour.related);
      if (
        current === undefined ||
        neighbour.affinity > current.affinity ||
        (neighbour.affinity === current.affinity && bought < current.via)
      )
        result.set(neighbour.related, { affinity: neighbour.affinity, via: bought });
    }
  }
  return result;
}
