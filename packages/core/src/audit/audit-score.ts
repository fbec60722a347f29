import { AUDIT_RULE_CODES, type AuditConfig, type AuditRuleCode } from "../config/audit";
import type { AuditFlag } from "./audit-rules";

export interface AuditScore {
  /** Distinct ERROR rule codes. */
  errors: number;
  /** Distinct WARN rule codes. */
  warnings: number;
  /** Warning root causes: codes of one warning group count once. */
  warningGroups: number;
  score: number;
  /** Distinct codes of every severity, in the fixed rule order. */
  codes: AuditRuleCode[];
  errorCodes: AuditRuleCode[];
}

/** audit_score = max(0, start − error_penalty × errors − warning_penalty × warning groups); INFO is free. */
export function scoreAudit(flags: readonly AuditFlag[], config: AuditConfig): AuditScore {
  const severityOf = new Map(flags.map((flag) => [flag.code, flag.severity]));
  const codes = AUDIT_RULE_CODES.filter((code) => severityOf.has(code));
  const errorCodes = codes.filter((code) => severityOf.get(code) === "ERROR");
  const warningCodes = codes.filter((code) => severityOf.get(code) === "WARN");
  const groupOf = new Map<AuditRuleCode, string>();
  for (const [group, members] of Object.entries(config.score.warning_groups)) for (const code of members) groupOf.set(code, group);
  const warningGroups = new Set(warningCodes.map((code) => groupOf.get(code) ?? code)).size;
  const score = Math.max(
    0,
    config.score.start - config.score.error_penalty * errorCodes.length - config.score.warning_penalty * warningGroups,
  );
  return { errors: errorCodes.length, warnings: warningCodes.length, warningGroups, score, codes, errorCodes };
}
