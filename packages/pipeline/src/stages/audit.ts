import {
  type AppConfig,
  auditCustomers,
  type CustomerAudit,
  type CustomerAuditFacts,
  type RecommendationAuditFacts,
  summariseAudit,
} from "@crm-reco/core";
import {
  type AuditCustomerRow,
  type AuditRecommendationRow,
  loadAuditCustomerRows,
  loadAuditRecommendationRows,
  replaceAuditResults,
} from "@crm-reco/db";
import { type AuditInput, type AuditOutput, auditInputSchema, auditOutputSchema } from "../contracts";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

export interface AuditContext {
  handle: StageContext["handle"];
  config: Pick<AppConfig, "audit" | "scoring">;
}

/**
 * Audits every customer of the run (HOLD included): rules → flags → score → gate, written in one transaction
 * that replaces the run's audit rows, with the run metrics merged into runs.summary.audit. A re-run
 * recomputes every gate from scratch: a reviewer's BLOCKED decision is not carried over.
 */
export async function runAudit(context: AuditContext, input: AuditInput): Promise<AuditOutput> {
  const { handle, config } = context;
  const customerRows = await loadAuditCustomerRows(handle, input.runId, input.asOf);
  const recommendationRows = await loadAuditRecommendationRows(handle, input.runId, input.asOf);
  const facts = toCustomerFacts(customerRows, recommendationRows);
  const audits = auditCustomers(facts, {
    config: config.audit,
    asOf: input.asOf,
    bannedWords: config.scoring.wording.banned_words,
  });
  const leaked = audits.filter((audit) => audit.gate === "EXPORTED" && audit.errors > 0).length;
  if (leaked > 0) throw new Error(`audit invariant broken: ${leaked} exported customers carry an ERROR`);
  const metrics = summariseAudit(audits, config.audit);
  await replaceAuditResults(handle, input.runId, {
    results: audits.map((audit) => [
      audit.clientCode,
      audit.scenario,
      audit.score,
      audit.errors,
      audit.warnings,
      audit.codes.join("|"),
      audit.gate,
      audit.gateReasons.join("|"),
      audit.isHoldout,
    ]),
    flags: audits.flatMap((audit) => audit.flags.map((flag) => [audit.clientCode, flag.rank, flag.code, flag.severity, flag.detail])),
    summary: metrics,
  });
  return { runId: input.runId, asOf: input.asOf, counts: countsOf(audits) };
}

function countsOf(audits: readonly CustomerAudit[]): Record<string, number> {
  const gate = (name: CustomerAudit["gate"]) => audits.filter((audit) => audit.gate === name).length;
  return {
    customers: audits.length,
    exported: gate("EXPORTED"),
    excluded: gate("EXCLUDED"),
    hold: gate("HOLD"),
    holdout: gate("HOLDOUT"),
    errors: audits.reduce((sum, audit) => sum + audit.errors, 0),
    warnings: audits.reduce((sum, audit) => sum + audit.warnings, 0),
  };
}

function toNumber(decimal: string | null): number | null {
  return decimal === null ? null : Number(decimal);
}

/** numeric(12,2) euros → integer cents, exactly (no float multiplication). */
function toCents(decimal: string | null): number {
  if (decimal === null) return 0;
  const [whole = "0", fraction = ""] = decimal.replace("-", "").split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
  return decimal.startsWith("-") ? -cents : cents;
}

function toRecommendationFacts(row: AuditRecommendationRow): RecommendationAuditFacts {
  return {
    rank: row.rank,
    article: row.article,
    isBackfill: row.is_backfill,
    explanationFr: row.explanation_fr,
    explanationEn: row.explanation_en,
    productKnown: row.product_known,
    active: row.actif ?? false,
    stub: row.is_stub ?? false,
    priceTtc: toNumber(row.prix_ttc),
    priceHt: toNumber(row.prix_ht),
    bottleFactor: toNumber(row.bottle_factor) ?? 1,
    family: row.famille,
    cuvee: row.cuvee,
    stockQuantity: toNumber(row.stock_quantity) ?? 0,
    lastPurchaseDate: row.last_purchase_date,
  };
}

function toCustomerFacts(customers: readonly AuditCustomerRow[], recommendations: readonly AuditRecommendationRow[]): CustomerAuditFacts[] {
  const byCustomer = new Map<string, RecommendationAuditFacts[]>();
  for (const row of recommendations) {
    const list = byCustomer.get(row.client_code);
    if (list) list.push(toRecommendationFacts(row));
    else byCustomer.set(row.client_code, [toRecommendationFacts(row)]);
  }
  return customers.map((row) => ({
    clientCode: row.client_code,
    scenario: row.scenario,
    scenarioReason: row.scenario_reason,
    email: row.email_norm ?? row.email,
    // a code without a customers row has no consent basis
    consent: row.consent ?? "UNKNOWN",
    birthDate: row.date_naissance,
    orders: row.orders,
    lastOrderDate: row.last_order_date,
    lastContactDate: row.last_contact_date,
    contactStatuses: row.contact_statuses === null ? [] : row.contact_statuses.split("|"),
    overdueCents: toCents(row.ledger_overdue),
    aromaConfidence: toNumber(row.aroma_confidence),
    priceBandHt: toNumber(row.price_band_ht),
    recommendations: byCustomer.get(row.client_code) ?? [],
  }));
}

export const auditStage = defineStage({
  name: "audit",
  input: auditInputSchema,
  output: auditOutputSchema,
  run: runAudit,
});
