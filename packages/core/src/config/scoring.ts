import { z } from "zod";
import { AROMA_AXES, type AromaAxis } from "./aromas";

/** Scenarios that receive recommendations (HOLD customers get none). */
export const RECOMMENDED_SCENARIOS = ["WINBACK", "REBUY", "UPSELL", "CROSS_SELL", "NURTURE"] as const;
export type RecommendedScenario = (typeof RECOMMENDED_SCENARIOS)[number];

/** The weighted terms of the score (DOMAIN §4); each term is in [0, 1]. */
export const SCORE_TERMS = [
  "family",
  "grape",
  "sugar",
  "budget",
  "aroma",
  "novelty",
  "tier",
  "popularity",
  "affinity",
  "recency_penalty",
] as const;
export type ScoreTerm = (typeof SCORE_TERMS)[number];

const weight = z.number().min(0);
const share = z.number().min(0).max(1);
const days = z.number().int().min(0);
const bilingual = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });
const labelMap = z.record(z.string().min(1), bilingual);

export const scoringConfigSchema = z
  .strictObject({
    selection: z.strictObject({
      count: z.number().int().min(1).max(10),
      minimum: z.number().int().min(1).max(10),
      alternates: z.number().int().min(0).max(10),
    }),
    diversity: z.strictObject({
      max_per_cuvee: z.number().int().min(1),
      max_per_family: z.number().int().min(1),
    }),
    filters: z.strictObject({ recent_purchase_days: days }),
    candidates: z.strictObject({
      upsell_max_price_ratio: z.number().positive(),
      cross_sell_max_sweetness_distance: z.number().min(0),
      cross_sell_min_aroma_similarity: share,
      best_sellers: z.number().int().min(1),
      favourites: z.number().int().min(1),
    }),
    weights: z.strictObject(Object.fromEntries(SCORE_TERMS.map((term) => [term, weight])) as Record<ScoreTerm, typeof weight>),
    tier_scenarios: z.array(z.enum(RECOMMENDED_SCENARIOS)),
    multipliers: z.strictObject(
      Object.fromEntries(RECOMMENDED_SCENARIOS.map((scenario) => [scenario, weight])) as Record<RecommendedScenario, typeof weight>,
    ),
    terms: z.strictObject({
      sweetness_levels: z.record(z.string().min(1), z.number().min(0)),
      sweetness_tolerance_levels: z.number().positive(),
      budget_max_ratio: z.number().gt(1),
      novelty_new_vintage: share,
      recency_penalty_days: days,
      vat_rate: z.number().min(0),
    }),
    popularity: z.strictObject({ lookback_days: z.number().int().min(1) }),
    affinity: z.strictObject({
      lookback_days: z.number().int().min(1),
      min_co_buyers: z.number().int().min(1),
      neighbours_per_article: z.number().int().min(1),
    }),
    reasons: z.strictObject({
      min_term: share,
      min_aroma_confidence: share,
    }),
    wording: z.strictObject({
      colours: labelMap,
      sweetness: labelMap,
      aroma_descriptors: z.strictObject(
        Object.fromEntries(AROMA_AXES.map((axis) => [axis, bilingual])) as Record<AromaAxis, typeof bilingual>,
      ),
      min_aroma_descriptor: z.number().min(1).max(5),
      banned_words: z.strictObject({ fr: z.array(z.string().min(1)).min(1), en: z.array(z.string().min(1)).min(1) }),
    }),
  })
  .superRefine((config, context) => {
    if (config.selection.minimum > config.selection.count)
      context.addIssue({ code: "custom", path: ["selection", "minimum"], message: "minimum must not exceed count" });
    if (config.filters.recent_purchase_days > config.terms.recency_penalty_days)
      context.addIssue({
        code: "custom",
        path: ["terms", "recency_penalty_days"],
        message: "must be at least filters.recent_purchase_days",
      });
  });

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;
