import type { AuditConfig } from "../config/audit";

/** Run-level audit targets (DOMAIN §5), as the run summary and the email report them. */
export interface AuditTargets {
  /** Share of exported customers with an ERROR: an invariant, 0. */
  maxExportedWithErrorShare: number;
  minScore: number;
  /** Share of contactable customers (scenario other than HOLD) whose score is at least minScore. */
  minContactableGoodScoreShare: number;
}

export interface GateMetricCounts {
  exported: number;
  exportedWithError: number;
  contactable: number;
  contactableGoodScore: number;
}

export type AuditMetricCode = "EXPORTED_WITH_ERROR_SHARE" | "CONTACTABLE_GOOD_SCORE_SHARE";

export interface AuditMetric {
  code: AuditMetricCode;
  numerator: number;
  denominator: number;
  /** Rounded to 4 decimals; null when there is nobody to measure. */
  value: number | null;
  comparison: "AT_MOST" | "AT_LEAST";
  target: number;
  met: boolean;
}

export function evaluateAuditTargets(counts: GateMetricCounts, targets: AuditTargets): AuditMetric[] {
  return [
    metric("EXPORTED_WITH_ERROR_SHARE", counts.exportedWithError, counts.exported, "AT_MOST", targets.maxExportedWithErrorShare),
    metric(
      "CONTACTABLE_GOOD_SCORE_SHARE",
      counts.contactableGoodScore,
      counts.contactable,
      "AT_LEAST",
      targets.minContactableGoodScoreShare,
    ),
  ];
}

function metric(
  code: AuditMetricCode,
  numerator: number,
  denominator: number,
  comparison: AuditMetric["comparison"],
  target: number,
): AuditMetric {
  const value = denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
  const share = denominator === 0 ? null : numerator / denominator;
  const met = share === null || (comparison === "AT_MOST" ? share <= target : share >= target);
  return { code, numerator, denominator, value, comparison, target, met };
}

/** The targets as `config/audit.yaml` sets them (its `targets` block and the gate's minimum score). */
export function auditTargetsOf(audit: Pick<AuditConfig, "gate" | "targets">): AuditTargets {
  return {
    maxExportedWithErrorShare: audit.targets.max_exported_with_error_share,
    minScore: audit.gate.min_score,
    minContactableGoodScoreShare: audit.targets.min_contactable_good_score_share,
  };
}
