/**
 * What an uplift interval says. INCONCLUSIVE when the interval contains 0 (the data cannot tell the campaign
 * from the holdout); NOT_MEASURABLE when a group is too small to compute an interval at all.
 */
export const UPLIFT_VERDICTS = ["SIGNIFICANT_GAIN", "SIGNIFICANT_LOSS", "INCONCLUSIVE", "NOT_MEASURABLE"] as const;
export type UpliftVerdict = (typeof UPLIFT_VERDICTS)[number];

export interface UpliftEstimate {
  /** treated − holdout */
  uplift: number;
  low: number;
  high: number;
}

export function upliftVerdict(estimate: UpliftEstimate | null): UpliftVerdict {
  if (estimate === null) return "NOT_MEASURABLE";
  if (estimate.low > 0) return "SIGNIFICANT_GAIN";
  if (estimate.high < 0) return "SIGNIFICANT_LOSS";
  return "INCONCLUSIVE";
}
