import type { AromaAxis } from "../config/aromas";
import type { ScoringConfig } from "../config/scoring";
import { type CatalogueItem, isRecommendable, type ProductFacts, toCatalogueItem } from "./catalogue-item";

/** "Customers who bought `article` also bought `related`" (cosine of buyers, in [0, 1]). */
export interface AffinityFacts {
  article: string;
  related: string;
  affinity: number;
}

/** What every customer of a shard is matched against; built once per shard. */
export interface CatalogueIndex {
  /** Every product, recommendable or not (bought articles are named in explanations). */
  byArticle: Map<string, CatalogueItem>;
  /** Recommendable products by descending popularity, then article code: the back-fill order. */
  available: CatalogueItem[];
  /** The `best_sellers` most popular recommendable articles bought in the window, overall and per family key. */
  bestSellers: Set<string>;
  bestSellersByFamily: Map<string, Set<string>>;
  /** Neighbours of each article. */
  affinity: Map<string, AffinityFacts[]>;
  /** `available` by family key and by cuvée key (same order): the candidate pools of the narrow scenarios. */
  availableByFamily: Map<string, CatalogueItem[]>;
  availableByCuvee: Map<string, CatalogueItem[]>;
}

export function byPopularity(a: CatalogueItem, b: CatalogueItem): number {
  return b.popularity - a.popularity || (a.article < b.article ? -1 : a.article > b.article ? 1 : 0);
}

/**
 * Products without aroma columns take `aromas.by_article` values (a product's own values win, axis by axis).
 */
export function buildCatalogueIndex(
  products: readonly ProductFacts[],
  affinity: readonly AffinityFacts[],
  config: ScoringConfig,
  aromasByArticle: Readonly<Record<string, Record<AromaAxis, number>>> = {},
): CatalogueIndex {
  const byArticle = new Map<string, CatalogueItem>();
  for (const product of products) {
    const fallback = aromasByArticle[product.article];
    const withAromas = fallback
      ? {
          ...product,
          aromas: Object.fromEntries(
            Object.entries(product.aromas).map(([axis, value]) => [axis, value ?? fallback[axis as AromaAxis]]),
          ) as Record<AromaAxis, number | null>,
        }
      : product;
    byArticle.set(product.article, toCatalogueItem(withAromas, config));
  }
  const available = [...byArticle.values()].filter(isRecommendable).sort(byPopularity);
  const limit = config.candidates.best_sellers;
  // A wine nobody bought in the popularity window is not a best seller, whatever its rank.
  const sold = available.filter((item) => item.popularity > 0);
  const bestSellers = new Set(sold.slice(0, limit).map((item) => item.article));
  const bestSellersByFamily = new Map<string, Set<string>>();
  for (const item of sold) {
    if (item.familyKey === null) continue;
    const family = bestSellersByFamily.get(item.familyKey) ?? new Set<string>();
    if (family.size < limit) family.add(item.article);
    bestSellersByFamily.set(item.familyKey, family);
  }
  const neighbours = new Map<string, AffinityFacts[]>();
  for (const row of affinity) {
    const list = neighbours.get(row.article) ?? [];
    list.push(row);
    neighbours.set(row.article, list);
  }
  const availableByFamily = new Map<string, CatalogueItem[]>();
  const availableByCuvee = new Map<string, CatalogueItem[]>();
  for (const item of available) {
    if (item.familyKey !== null) availableByFamily.set(item.familyKey, [...(availableByFamily.get(item.familyKey) ?? []), item]);
    availableByCuvee.set(item.cuvee, [...(availableByCuvee.get(item.cuvee) ?? []), item]);
  }
  return { byArticle, available, bestSellers, bestSellersByFamily, affinity: neighbours, availableByFamily, availableByCuvee };
}
