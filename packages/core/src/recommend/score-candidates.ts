import type { ScoringConfig } from "../config/scoring";
import type { CatalogueItem } from "./catalogue-item";
import { orderReasonCodes, type ReasonCode, termReasonCodes } from "./reason-codes";
import { type CustomerScoringContext, combineTerms, type ScoreTerms, scoreTerms } from "./score-terms";

export interface ScoredCandidate {
  item: CatalogueItem;
  /** Rounded to 6 decimals (the stored value), so comparisons match what is stored. */
  score: number;
  terms: ScoreTerms;
  /** The scenario's reason codes for this wine (empty for a back-filled one). */
  admission: readonly ReasonCode[];
  isBackfill: boolean;
}

export interface CandidateReasons {
  reasons: ReasonCode[];
  /** The bought article through which BOUGHT_TOGETHER holds. */
  boughtWith: string | null;
}

/** Highest score first; equal (rounded) scores break on article code, in code-point order. */
export function byScore(a: ScoredCandidate, b: ScoredCandidate): number {
  return b.score - a.score || (a.item.article < b.item.article ? -1 : a.item.article > b.item.article ? 1 : 0);
}

/**
 * Scores candidates for one customer. `admission` gives the scenario's reason codes for each candidate
 * (a back-filled candidate has none). Returned in `byScore` order. Reason codes are derived apart
 * (`candidateReasons`), only for the few wines that are listed.
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
      return { item, score: combineTerms(terms, context.taste, config), terms, admission, isBackfill: options.isBackfill };
    })
    .sort(byScore);
}

/** The scenario's codes, the codes the terms earn, and BACKFILL_POPULAR for a back-filled wine, in REASON_CODES order. */
export function candidateReasons(candidate: ScoredCandidate, context: CustomerScoringContext, config: ScoringConfig): CandidateReasons {
  const codes: ReasonCode[] = [...candidate.admission, ...termReasonCodes(candidate.terms, context.taste.aromaConfidence, config)];
  if (candidate.isBackfill) codes.push("BACKFILL_POPULAR");
  const reasons = orderReasonCodes(codes);
  return {
    reasons,
    boughtWith: reasons.includes("BOUGHT_TOGETHER") ? (context.affinity.get(candidate.item.article)?.via ?? null) : null,
  };
}
