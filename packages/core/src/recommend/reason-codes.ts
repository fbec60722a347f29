import type { ScoringConfig } from "../config/scoring";
import type { ScoreTerms } from "./score-terms";

/** Reason codes in the fixed order they are listed in `reason_codes` (joined by `|`). */
export const REASON_CODES = [
  "BACKFILL_POPULAR",
  "REBUY_FAVOURITE",
  "NEWER_VINTAGE",
  "TIER_UP",
  "SAME_FAMILY",
  "SAME_GRAPE",
  "SWEETNESS_MATCH",
  "AROMA_MATCH",
  "IN_BUDGET",
  "BOUGHT_TOGETHER",
  "POPULAR",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Codes earned by the score terms: a term adds its code when it reaches `reasons.min_term`. */
export function termReasonCodes(terms: ScoreTerms, aromaConfidence: number, config: ScoringConfig): ReasonCode[] {
  const threshold = config.reasons.min_term;
  const codes: ReasonCode[] = [];
  if (terms.family >= threshold) codes.push("SAME_FAMILY");
  if (terms.grape >= threshold) codes.push("SAME_GRAPE");
  if (terms.sugar >= threshold) codes.push("SWEETNESS_MATCH");
  // The aroma term is similarity × confidence: the code needs both a similar profile and a trusted one.
  if (aromaConfidence >= config.reasons.min_aroma_confidence && aromaConfidence > 0 && terms.aroma / aromaConfidence >= threshold)
    codes.push("AROMA_MATCH");
  if (terms.budget >= threshold) codes.push("IN_BUDGET");
  if (terms.affinity >= threshold) codes.push("BOUGHT_TOGETHER");
  if (terms.popularity >= threshold) codes.push("POPULAR");
  return codes;
}

/** Union in REASON_CODES order. */
export function orderReasonCodes(codes: Iterable<ReasonCode>): ReasonCode[] {
  const set = new Set(codes);
  return REASON_CODES.filter((code) => set.has(code));
}
