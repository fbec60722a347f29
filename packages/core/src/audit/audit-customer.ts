import type { AuditRuleCode } from "../config/audit";
import type { CustomerAuditFacts } from "./audit-facts";
import { type AuditFlag, type AuditRuleContext, evaluateAuditRules } from "./audit-rules";
import { scoreAudit } from "./audit-score";
import { type EmailIdentityResult, resolveEmailIdentities } from "./email-identities";
import { isInHoldout } from "./holdout";

/** BLOCKED is only ever set by a reviewer after the audit; a re-run of the audit recomputes every gate. */
export type AuditGate = "EXPORTED" | "EXCLUDED" | "HOLD" | "HOLDOUT" | "BLOCKED";

export interface CustomerAudit {
  clientCode: string;
  scenario: string;
  flags: AuditFlag[];
  /** Distinct codes in the fixed rule order (the `flags` column joins them with `|`). */
  codes: AuditRuleCode[];
  errors: number;
  warnings: number;
  score: number;
  gate: AuditGate;
  /** ERROR codes, SCORE_BELOW_<min>, the HOLD reason, or HOLDOUT; empty when exported. */
  gateReasons: string[];
  isHoldout: boolean;
}

/**
 * One customer: flags, score, gate. Gate order: HOLD (scenario HOLD, reason = the scenario's reason);
 * EXCLUDED (any ERROR, or score below gate.min_score); HOLDOUT (deterministic share of the exportable);
 * else EXPORTED. So an EXPORTED customer can never carry an ERROR.
 */
export function auditCustomer(customer: CustomerAuditFacts, identity: EmailIdentityResult, context: AuditRuleContext): CustomerAudit {
  const flags = evaluateAuditRules(customer, identity, context);
  const scored = scoreAudit(flags, context.config);
  const base = {
    clientCode: customer.clientCode,
    scenario: customer.scenario,
    flags,
    codes: scored.codes,
    errors: scored.errors,
    warnings: scored.warnings,
    score: scored.score,
  };
  const minScore = context.config.gate.min_score;
  if (customer.scenario === "HOLD") return { ...base, gate: "HOLD", gateReasons: [customer.scenarioReason], isHoldout: false };
  if (scored.errors > 0) return { ...base, gate: "EXCLUDED", gateReasons: [...scored.errorCodes], isHoldout: false };
  if (scored.score < minScore) return { ...base, gate: "EXCLUDED", gateReasons: [`SCORE_BELOW_${minScore}`], isHoldout: false };
  if (isInHoldout(customer.clientCode, context.config.holdout))
    return { ...base, gate: "HOLDOUT", gateReasons: ["HOLDOUT"], isHoldout: true };
  return { ...base, gate: "EXPORTED", gateReasons: [], isHoldout: false };
}

/** Every customer of a run (shared emails are resolved across the whole list), in the order given. */
export function auditCustomers(customers: readonly CustomerAuditFacts[], context: AuditRuleContext): CustomerAudit[] {
  const identities = resolveEmailIdentities(customers);
  return customers.map((customer) => auditCustomer(customer, identities.get(customer.clientCode)!, context));
}
