import type { ScoringConfig } from "../config/scoring";
import type { CatalogueIndex } from "./catalogue-index";
import type { CatalogueItem } from "./catalogue-item";
import type { PurchaseHistory } from "./purchase-history";
import type { ReasonCode } from "./reason-codes";
import { aromaSimilarity, type CustomerScoringContext } from "./score-terms";

/** Why the scenario admits a wine (empty = not admitted). */
export type ScenarioAdmission = ReasonCode[];

/** What they bought, or a strictly newer vintage of a cuvée they bought. */
function rebuyCodes(item: CatalogueItem, history: PurchaseHistory): ScenarioAdmission {
  if (history.lastByArticle.has(item.article)) return ["REBUY_FAVOURITE"];
  const newest = history.newestVintageByCuvee.get(item.cuvee);
  if (newest !== undefined && item.vintage !== null && item.vintage > newest) return ["NEWER_VINTAGE"];
  return [];
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
    case "REBUY":
      return rebuyCodes(item, history);
    case "UPSELL": {
      if (taste.dominantFamilyKey === null || item.familyKey !== taste.dominantFamilyKey) return [];
      if (item.tier === null || taste.usualTier === null || item.tier <= taste.usualTier) return [];
      if (taste.priceBandHt === null || item.priceHtPerBottle === null) return [];
      return item.priceHtPerBottle <= config.candidates.upsell_max_price_ratio * taste.priceBandHt ? ["TIER_UP"] : [];
    }
    case "CROSS_SELL": {
      if (taste.dominantFamilyKey === null || item.familyKey === null || item.familyKey === taste.dominantFamilyKey) return [];
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
      if (sweetnessClose === false || aromaClose === false || (sweetnessClose === null && aromaClose === null)) return [];
      const codes: ReasonCode[] = [];
      if (sweetnessClose) codes.push("SWEETNESS_MATCH");
      if (aromaClose) codes.push("AROMA_MATCH");
      return codes;
    }
    case "WINBACK": {
      const codes: ReasonCode[] = history.favouriteCuvees.has(item.cuvee) ? rebuyCodes(item, history) : [];
      if (catalogue.bestSellers.has(item.article)) codes.push("POPULAR");
      return codes;
    }
    case "NURTURE": {
      const bestSellers =
        taste.dominantFamilyKey === null
          ? catalogue.bestSellers
          : (catalogue.bestSellersByFamily.get(taste.dominantFamilyKey) ?? new Set<string>());
      return bestSellers.has(item.article) ? ["POPULAR"] : [];
    }
  }
}
