import type { ScoringConfig } from "../config/scoring";
import type { CatalogueIndex } from "./catalogue-index";
import type { CatalogueItem } from "./catalogue-item";
import type { PurchaseHistory } from "./purchase-history";
import type { ReasonCode } from "./reason-codes";
import { aromaSimilarity, type CustomerScoringContext } from "./score-terms";

/** Why the scenario admits a wine (empty = not admitted). */
export type ScenarioAdmission = readonly ReasonCode[];

/** Most wines are not admitted: one shared empty answer (this runs for every customer × wine pair). */
const NOT_ADMITTED: ScenarioAdmission = Object.freeze([]);

/** What they bought, or a strictly newer vintage of a cuvée they bought. */
function rebuyCode(item: CatalogueItem, history: PurchaseHistory): ReasonCode | null {
  if (history.lastByArticle.has(item.article)) return "REBUY_FAVOURITE";
  const newest = history.newestVintageByCuvee.get(item.cuvee);
  if (newest !== undefined && item.vintage !== null && item.vintage > newest) return "NEWER_VINTAGE";
  return null;
}

/**
 * The available wines `scenarioAdmission` can admit for this customer — a superset, in no particular order —
 * so that a customer of a narrow scenario is checked against a few wines rather than the whole catalogue:
 * REBUY the bought cuvées, WINBACK the favourite cuvées and the best sellers, UPSELL the dominant family,
 * NURTURE its best sellers; CROSS_SELL needs the whole catalogue.
 */
export function scenarioPool(context: CustomerScoringContext, catalogue: CatalogueIndex): Iterable<CatalogueItem> {
  const { taste, history } = context;
  const byArticles = (articles: Iterable<string>) =>
    [...articles].flatMap((article) => {
      const item = catalogue.byArticle.get(article);
      return item ? [item] : [];
    });
  const ofCuvees = (cuvees: Iterable<string>) => [...cuvees].flatMap((cuvee) => catalogue.availableByCuvee.get(cuvee) ?? []);
  switch (taste.scenario) {
    case "REBUY":
      return ofCuvees(history.lastByCuvee.keys());
    case "WINBACK":
      return new Set([...ofCuvees(history.favouriteCuvees), ...byArticles(catalogue.bestSellers)]);
    case "UPSELL":
      return taste.dominantFamilyKey === null ? [] : (catalogue.availableByFamily.get(taste.dominantFamilyKey) ?? []);
    case "NURTURE":
      return byArticles(
        taste.dominantFamilyKey === null ? catalogue.bestSellers : (catalogue.bestSellersByFamily.get(taste.dominantFamilyKey) ?? []),
      );
    case "CROSS_SELL":
      return catalogue.available;
  }
}

/**
 * DOMAIN §4 scenario rules:
 * - REBUY: what they bought or a newer vintage of its cuvée;
 * - UPSELL: preferred family, higher premium tier than usual, price ≤ upsell_max_price_ratio × usual price band;
 * - CROSS_SELL: outside the dominant family, close in sweetness and (when both are known) aroma;
 * - WINBACK: their favourite cuvées (article bought or newer vintage) and the best sellers;
 * - NURTURE: best sellers of the preferred family (overall best sellers without a known family).
 */
export function scenarioAdmission(
  item: CatalogueItem,
  context: CustomerScoringContext,
  catalogue: CatalogueIndex,
  config: ScoringConfig,
): ScenarioAdmission {
  const { taste, history } = context;
  switch (taste.scenario) {
    case "REBUY": {
      const code = rebuyCode(item, history);
      return code === null ? NOT_ADMITTED : [code];
    }
    case "UPSELL": {
      if (taste.dominantFamilyKey === null || item.familyKey !== taste.dominantFamilyKey) return NOT_ADMITTED;
      if (item.tier === null || taste.usualTier === null || item.tier <= taste.usualTier) return NOT_ADMITTED;
      if (taste.priceBandHt === null || item.priceHtPerBottle === null) return NOT_ADMITTED;
      return item.priceHtPerBottle <= config.candidates.upsell_max_price_ratio * taste.priceBandHt ? ["TIER_UP"] : NOT_ADMITTED;
    }
    case "CROSS_SELL": {
      if (taste.dominantFamilyKey === null || item.familyKey === null || item.familyKey === taste.dominantFamilyKey) return NOT_ADMITTED;
      const customerLevel = context.meanSweetnessLevel;
      const itemLevel = item.sweetnessLevel;
      const sweetnessClose =
        customerLevel === null || itemLevel === null
          ? null
          : Math.abs(itemLevel - customerLevel) <= config.candidates.cross_sell_max_sweetness_distance;
      const aromaClose =
        taste.aroma === null || item.aroma === null
          ? null
          : aromaSimilarity(taste.aroma, item.aroma) >= config.candidates.cross_sell_min_aroma_similarity;
      if (sweetnessClose === false || aromaClose === false || (sweetnessClose === null && aromaClose === null)) return NOT_ADMITTED;
      const codes: ReasonCode[] = [];
      if (sweetnessClose) codes.push("SWEETNESS_MATCH");
      if (aromaClose) codes.push("AROMA_MATCH");
      return codes;
    }
    case "WINBACK": {
      const favourite = history.favouriteCuvees.has(item.cuvee) ? rebuyCode(item, history) : null;
      const popular = catalogue.bestSellers.has(item.article);
      if (favourite === null) return popular ? ["POPULAR"] : NOT_ADMITTED;
      return popular ? [favourite, "POPULAR"] : [favourite];
    }
    case "NURTURE": {
      const bestSellers =
        taste.dominantFamilyKey === null
          ? catalogue.bestSellers
          : (catalogue.bestSellersByFamily.get(taste.dominantFamilyKey) ?? new Set<string>());
      return bestSellers.has(item.article) ? ["POPULAR"] : NOT_ADMITTED;
    }
  }
}
