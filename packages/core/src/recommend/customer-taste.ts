import { AROMA_AXES } from "../config/aromas";
import { RECOMMENDED_SCENARIOS, type RecommendedScenario } from "../config/scoring";
import { tasteKey, tasteShares } from "./taste-key";

/** One customer of a shard as loaded: scenario plus the features profile (DOMAIN §2). */
export interface CustomerFacts {
  clientCode: string;
  scenario: string;
  dominantFamily: string | null;
  familyShares: Record<string, number> | null;
  sweetnessShares: Record<string, number> | null;
  grapeShares: Record<string, number> | null;
  /** Median HT price per bottle-equivalent, decimal text. */
  priceBandHt: string | null;
  usualTier: number | null;
  /** Aroma axis → 1–5. */
  aroma: Record<string, number> | null;
  /** Decimal text in [0, 1]. */
  aromaConfidence: string | null;
}

/** The profile in the form scoring needs: keys in `tasteKey` form, numbers parsed. */
export interface CustomerTaste {
  clientCode: string;
  scenario: RecommendedScenario;
  dominantFamilyKey: string | null;
  familyShares: Map<string, number>;
  sweetnessShares: Map<string, number>;
  grapeShares: Map<string, number>;
  priceBandHt: number | null;
  usualTier: number | null;
  /** AROMA_AXES order; null unless all seven axes are known. */
  aroma: number[] | null;
  aromaConfidence: number;
}

export function isRecommendedScenario(scenario: string): scenario is RecommendedScenario {
  return (RECOMMENDED_SCENARIOS as readonly string[]).includes(scenario);
}

/** Null for HOLD (and any unknown scenario): such customers get no recommendation. */
export function toCustomerTaste(facts: CustomerFacts): CustomerTaste | null {
  if (!isRecommendedScenario(facts.scenario)) return null;
  const axes = AROMA_AXES.map((axis) => facts.aroma?.[axis]);
  const priceBand = facts.priceBandHt === null ? null : Number(facts.priceBandHt);
  const confidence = facts.aromaConfidence === null ? 0 : Number(facts.aromaConfidence);
  return {
    clientCode: facts.clientCode,
    scenario: facts.scenario,
    dominantFamilyKey: facts.dominantFamily === null ? null : tasteKey(facts.dominantFamily),
    familyShares: tasteShares(facts.familyShares),
    sweetnessShares: tasteShares(facts.sweetnessShares),
    grapeShares: tasteShares(facts.grapeShares),
    priceBandHt: priceBand !== null && priceBand > 0 ? priceBand : null,
    usualTier: facts.usualTier,
    aroma: axes.every((value): value is number => typeof value === "number") ? axes : null,
    aromaConfidence: Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0,
  };
}
