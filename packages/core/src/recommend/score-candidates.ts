import type { ScoringConfig } from "../config/scoring";
import type { CatalogueItem } from "./catalogue-item";
import { orderReasonCodes, type ReasonCode, termReasonCodes } from "./reason-codes";
import { type CustomerScoringContext, combineTerms, type ScoreTerms, scoreTerms } from "./score-terms";

export interface ScoredCandidate {
  item: CatalogueItem;
  /** Rounded to 6 decimals (the stored value), so comparisons match what is stored. */
  score: number;
  terms: ScoreTerms;
  reasons: ReasonCode[];
  isBackfill: boolean;
  /** The bought article through which BOUGHT_TOGETHER holds. */
  boughtWith: string | null;
}

/** Highest score first; equal (rounded) scores break on article code, in code-point order. */
export function byScore(a: ScoredCandidate, b: ScoredCandidate): number {
  return b.score - a.score || (a.item.article < b.item.article ? -1 : a.item.article > b.item.article ? 1 : 0);
}

/**
 * Scores candidates for one customer. `admission` gives the scenario's reason codes for each candidate
 * (a back-filled candidate has none and gets BACKFILL_POPULAR). Returned in `byScore` order.
 */
export function scoreCandidates(
  candidates: readonly { item: CatalogueItem; admission: readonly ReasonCode[] }[],
  context: CustomerScoringContext,
  config: ScoringConfig,
  options: { isBackfill: boolean } = { isBackfill: false },
): ScoredCandidate[] {
  return candidates
    .map(({ item, admission }) => {
      const terms = scoreTerms(item, context, config);
      const codes: ReasonCode[] = [...admission, ...termReasonCodes(terms, context.taste.aromaConfidence, config)];
      if (options.isBackfill) codes.push("BACKFILL_POPULAR");
      const reasons = orderReasonCodes(codes);
      return {
        item,
        score: combineTerms(terms, context.taste, config),
        terms,
        reasons,
        isBackfill: options.isBackfill,
        boughtWith: reasons.includes("BOUGHT_TOGETHER") ? (context.affinity.get(item.article)?.via ?? null) : null,
      };
    })
    .sort(byScore);
}
