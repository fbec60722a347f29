import { AUDIT_RULE_CODES, type AuditConfig, type AuditRuleCode, type AuditSeverity } from "../config/audit";
import type { AuditGate, CustomerAudit } from "./audit-customer";

const GATES: readonly AuditGate[] = ["EXPORTED", "HOLDOUT", "EXCLUDED", "HOLD", "BLOCKED"];

/** What the audit stage merges into `runs.summary` under `audit` (JSON; shares rounded to 6 decimals). */
export interface AuditRunMetrics {
  customers: number;
  /** Scenario other than HOLD. */
  contactable: number;
  exported: number;
  exportedWithError: number;
  /** exportedWithError / exported (0 when nobody is exported): an invariant, must be 0. */
  exportedWithErrorShare: number;
  contactableGoodScore: number;
  /** Contactable customers with score ≥ minScore, over contactable customers; null when there are none. */
  contactableScoreAtLeast80Share: number | null;
  targets: { maxExportedWithErrorShare: number; minScore: number; minContactableGoodScoreShare: number };
  targetsMet: { exportedWithError: boolean; contactableGoodScore: boolean };
  byScenario: Record<string, number>;
  byGate: Record<AuditGate, number>;
  /** Every rule in the fixed order: its severity, customers flagged, flags written (one per rank). */
  flagsByRule: Record<AuditRuleCode, { severity: AuditSeverity; customers: number; flags: number }>;
}

function share(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1e6) / 1e6;
}

export function summariseAudit(audits: readonly CustomerAudit[], config: AuditConfig): AuditRunMetrics {
  const contactable = audits.filter((audit) => audit.scenario !== "HOLD");
  const exported = audits.filter((audit) => audit.gate === "EXPORTED");
  const exportedWithError = exported.filter((audit) => audit.errors > 0).length;
  const contactableGoodScore = contactable.filter((audit) => audit.score >= config.gate.min_score).length;

  const byScenario: Record<string, number> = {};
  for (const scenario of [...new Set(audits.map((audit) => audit.scenario))].sort()) {
    byScenario[scenario] = audits.filter((audit) => audit.scenario === scenario).length;
  }
  const byGate = Object.fromEntries(GATES.map((gate) => [gate, 0])) as Record<AuditGate, number>;
  for (const audit of audits) byGate[audit.gate]++;

  const flagsByRule = Object.fromEntries(
    AUDIT_RULE_CODES.map((code) => [code, { severity: config.rules[code].severity, customers: 0, flags: 0 }]),
  ) as AuditRunMetrics["flagsByRule"];
  for (const audit of audits) {
    for (const code of audit.codes) flagsByRule[code].customers++;
    for (const flag of audit.flags) flagsByRule[flag.code].flags++;
  }

  const exportedWithErrorShare = share(exportedWithError, exported.length) ?? 0;
  const contactableShare = share(contactableGoodScore, contactable.length);
  return {
    customers: audits.length,
    contactable: contactable.length,
    exported: exported.length,
    exportedWithError,
    exportedWithErrorShare,
    contactableGoodScore,
    contactableScoreAtLeast80Share: contactableShare,
    targets: {
      maxExportedWithErrorShare: config.targets.max_exported_with_error_share,
      minScore: config.gate.min_score,
      minContactableGoodScoreShare: config.targets.min_contactable_good_score_share,
    },
    targetsMet: {
      exportedWithError: exportedWithErrorShare <= config.targets.max_exported_with_error_share,
      contactableGoodScore: contactableShare === null || contactableShare >= config.targets.min_contactable_good_score_share,
    },
    byScenario,
    byGate,
    flagsByRule,
  };
}
