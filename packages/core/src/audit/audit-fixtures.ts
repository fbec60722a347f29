import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { type AuditConfig, auditConfigSchema } from "../config/audit";
import type { CustomerAuditFacts, RecommendationAuditFacts } from "./audit-facts";
import type { AuditRuleContext } from "./audit-rules";
import type { EmailIdentityResult } from "./email-identities";

/** Test support only: the shipped config/audit.yaml, and facts of a customer that passes every rule. */
export const AS_OF = "2024-06-30";

/** The tests' own Loi Évin lexicon (the shipped one lives in scoring.yaml `wording.banned_words`). */
export const TEST_BANNED_WORDS = {
  fr: ["festif", "fête", "santé", "bien-être", "ivresse", "sain"],
  en: ["festive", "party", "health", "santé", "sure success"],
};

export function shippedAuditConfig(): AuditConfig {
  const text = readFileSync(new URL("../../../../config/audit.yaml", import.meta.url), "utf8");
  return auditConfigSchema.parse(parseYaml(text));
}

export function ruleContext(config: AuditConfig = shippedAuditConfig()): AuditRuleContext {
  return { config, asOf: AS_OF, bannedWords: TEST_BANNED_WORDS };
}

export const SOLE: EmailIdentityResult = { identity: "SOLE", primaryCode: "C001" };

const FAMILIES = ["ROUGE", "BLANC", "ROSE"];

export function recommendation(rank: number, overrides: Partial<RecommendationAuditFacts> = {}): RecommendationAuditFacts {
  return {
    rank,
    article: `A${rank}`,
    isBackfill: false,
    explanationFr: "Un vin de Bordeaux, cépage merlot, millésime 2020, arômes de fruits rouges.",
    explanationEn: "A Bordeaux wine, merlot grape, 2020 vintage, red fruit aromas.",
    productKnown: true,
    active: true,
    stub: false,
    priceTtc: 18,
    priceHt: 15,
    bottleFactor: 1,
    family: FAMILIES[(rank - 1) % FAMILIES.length] ?? null,
    cuvee: `CUVEE ${rank}`,
    stockQuantity: 10,
    lastPurchaseDate: null,
    ...overrides,
  };
}

export function customerFacts(overrides: Partial<CustomerAuditFacts> = {}): CustomerAuditFacts {
  return {
    clientCode: "C001",
    scenario: "REBUY",
    scenarioReason: "RECENCY_150_365",
    email: "client@example.fr",
    consent: "OPT_IN",
    birthDate: "1970-05-01",
    orders: 5,
    lastOrderDate: "2024-01-15",
    lastContactDate: null,
    contactStatuses: [],
    overdueCents: 0,
    aromaConfidence: 0.8,
    priceBandHt: 10,
    recommendations: [recommendation(1), recommendation(2), recommendation(3)],
    ...overrides,
  };
}
