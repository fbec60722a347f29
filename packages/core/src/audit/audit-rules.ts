import { addMonths, addYears, daysBetween } from "../calendar/iso-dates";
import { AUDIT_RULE_CODES, type AuditConfig, type AuditRuleCode, type AuditSeverity } from "../config/audit";
import type { CustomerAuditFacts, RecommendationAuditFacts } from "./audit-facts";
import type { EmailIdentityResult } from "./email-identities";
import { findBannedWords, normaliseWording } from "./objective-wording";

export interface AuditFlag {
  code: AuditRuleCode;
  severity: AuditSeverity;
  /** 0 for a customer-level flag, else the recommendation's rank. */
  rank: number;
  /** A short fact for reviewers; never personal data. */
  detail: string | null;
}

export interface AuditRuleContext {
  config: AuditConfig;
  /** The run's as-of date, YYYY-MM-DD. */
  asOf: string;
  /** Loi Évin lexicon per language (scoring.yaml `wording.banned_words`): French texts against fr, English against en. */
  bannedWords: { fr: readonly string[]; en: readonly string[] };
}

interface Hit {
  rank: number;
  detail: string | null;
}

type Rules = AuditConfig["rules"];
type RuleCheck<C extends AuditRuleCode> = (
  customer: CustomerAuditFacts,
  identity: EmailIdentityResult,
  rule: Rules[C],
  context: AuditRuleContext,
) => Hit[];

/** A pragmatic address check: local part, @, a dotted domain with a 2+ letter top-level label. */
const EMAIL_PATTERN = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/i;

const customerHit = (detail: string | null = null): Hit[] => [{ rank: 0, detail }];
const none: Hit[] = [];

function perRecommendation(customer: CustomerAuditFacts, check: (reco: RecommendationAuditFacts) => string | null | false): Hit[] {
  const hits: Hit[] = [];
  for (const reco of customer.recommendations) {
    const detail = check(reco);
    if (detail !== false) hits.push({ rank: reco.rank, detail });
  }
  return hits;
}

function euros(cents: number): string {
  return `${(cents / 100).toFixed(2)} EUR`;
}

const checks: { [C in AuditRuleCode]: RuleCheck<C> } = {
  NO_CONSENT: (customer, _identity, rule, { asOf }) => {
    if (customer.consent === "REFUSED") return customerHit("refused");
    if (customer.consent === "OPT_IN") return none;
    const softOptIn =
      rule.soft_opt_in && customer.lastOrderDate !== null && customer.lastOrderDate >= addMonths(asOf, -rule.soft_opt_in_months);
    return softOptIn ? none : customerHit("unknown, no soft opt-in basis");
  },
  SUPPRESSED: (customer, _identity, rule) => {
    const suppressing = new Set(rule.statuses.map((status) => normaliseWording(status).trim()));
    const seen = [...new Set(customer.contactStatuses.map((status) => normaliseWording(status).trim()))]
      .filter((status) => suppressing.has(status))
      .sort();
    return seen.length > 0 ? customerHit(seen.join(", ")) : none;
  },
  INVALID_EMAIL: (customer) => {
    if (customer.email === null || customer.email.trim() === "") return customerHit("missing");
    return EMAIL_PATTERN.test(customer.email.trim()) ? none : customerHit("malformed");
  },
  DUPLICATE_EMAIL: (_customer, identity) =>
    identity.identity === "DUPLICATE" ? customerHit(`primary code ${identity.primaryCode}`) : none,
  SILENCE_WINDOW: (customer, _identity, rule, { asOf }) =>
    customer.lastContactDate !== null && daysBetween(customer.lastContactDate, asOf) < rule.days
      ? customerHit(`last contact ${customer.lastContactDate}`)
      : none,
  MINOR: (customer, _identity, rule, { asOf }) =>
    customer.birthDate !== null && asOf < addYears(customer.birthDate, rule.minimum_age_years)
      ? customerHit(`under ${rule.minimum_age_years}`)
      : none,
  OVERDUE_BALANCE: (customer, _identity, rule) =>
    customer.overdueCents > Math.round(rule.above_eur * 100) ? customerHit(`overdue ${euros(customer.overdueCents)}`) : none,
  PRODUCT_INACTIVE: (customer) =>
    perRecommendation(customer, (reco) =>
      !reco.productKnown ? "unknown article" : reco.stub ? "stub product" : !reco.active ? "inactive" : false,
    ),
  OUT_OF_STOCK: (customer, _identity, rule) =>
    perRecommendation(customer, (reco) => (reco.stockQuantity < rule.min_quantity ? `stock ${reco.stockQuantity}` : false)),
  PRICE_MISSING: (customer) => perRecommendation(customer, (reco) => (reco.priceTtc === null || reco.priceTtc <= 0 ? null : false)),
  RECENTLY_PURCHASED: (customer, _identity, rule, { asOf }) =>
    perRecommendation(customer, (reco) => {
      if (reco.lastPurchaseDate === null) return false;
      const days = daysBetween(reco.lastPurchaseDate, asOf);
      return days >= 0 && days <= rule.days ? `bought ${reco.lastPurchaseDate}` : false;
    }),
  DUPLICATE_PRODUCT: (customer, _identity, rule) => {
    const articles = new Map<string, number>();
    const cuvees = new Map<string, number>();
    const hits: Hit[] = [];
    for (const reco of [...customer.recommendations].sort((a, b) => a.rank - b.rank)) {
      const sameArticle = articles.get(reco.article);
      const sameCuvee = rule.same_cuvee && reco.cuvee !== null ? cuvees.get(reco.cuvee) : undefined;
      if (sameArticle !== undefined) hits.push({ rank: reco.rank, detail: `same article as rank ${sameArticle}` });
      else if (sameCuvee !== undefined) hits.push({ rank: reco.rank, detail: `same cuvee as rank ${sameCuvee}` });
      if (!articles.has(reco.article)) articles.set(reco.article, reco.rank);
      if (reco.cuvee !== null && !cuvees.has(reco.cuvee)) cuvees.set(reco.cuvee, reco.rank);
    }
    return hits.sort((a, b) => a.rank - b.rank);
  },
  NO_RECOMMENDATION: (customer) => (customer.scenario !== "HOLD" && customer.recommendations.length === 0 ? customerHit() : none),
  NON_OBJECTIVE_WORDING: (customer, _identity, _rule, { bannedWords }) =>
    perRecommendation(customer, (reco) => {
      const fr = findBannedWords(reco.explanationFr, bannedWords.fr);
      const en = findBannedWords(reco.explanationEn, bannedWords.en);
      if (fr.length === 0 && en.length === 0) return false;
      return [fr.length > 0 ? `fr: ${fr.join(", ")}` : "", en.length > 0 ? `en: ${en.join(", ")}` : ""].filter(Boolean).join("; ");
    }),
  LOW_DATA: (customer, _identity, rule) =>
    customer.orders <= rule.max_orders ? customerHit(`${customer.orders} order${customer.orders === 1 ? "" : "s"}`) : none,
  BACKFILL_USED: (customer) => perRecommendation(customer, (reco) => (reco.isBackfill ? null : false)),
  PRICE_JUMP: (customer, _identity, rule) => {
    const band = customer.priceBandHt;
    if (band === null || band <= 0) return none;
    return perRecommendation(customer, (reco) => {
      const priceHt = reco.priceHt ?? (reco.priceTtc === null ? null : reco.priceTtc / (1 + rule.vat_rate));
      if (priceHt === null || priceHt <= 0 || reco.bottleFactor <= 0) return false;
      const ratio = priceHt / reco.bottleFactor / band;
      return ratio > rule.max_ratio ? `ratio ${ratio.toFixed(2)}` : false;
    });
  },
  LOW_DIVERSITY: (customer, _identity, rule) => {
    const families = customer.recommendations.map((reco) => reco.family);
    if (families.length < rule.min_recommendations || families[0] == null) return none;
    return families.every((family) => family === families[0]) ? customerHit(`all ${families[0]}`) : none;
  },
  LOW_AROMA_CONFIDENCE: (customer, _identity, rule) => {
    if (customer.aromaConfidence === null) return customerHit("no aroma profile");
    return customer.aromaConfidence < rule.min_confidence ? customerHit(`confidence ${customer.aromaConfidence.toFixed(2)}`) : none;
  },
  MERGED_IDENTITY: (_customer, identity) => (identity.identity === "PRIMARY" ? customerHit("email shared with other codes") : none),
  STALE_DATA: (customer, _identity, rule, { asOf }) =>
    customer.lastOrderDate !== null && daysBetween(customer.lastOrderDate, asOf) > rule.days
      ? customerHit(`last order ${customer.lastOrderDate}`)
      : none,
  SMALL_OVERDUE_BALANCE: (customer, _identity, rule) =>
    customer.overdueCents > 0 && customer.overdueCents <= Math.round(rule.up_to_eur * 100)
      ? customerHit(`overdue ${euros(customer.overdueCents)}`)
      : none,
};

/** Every enabled rule over one customer: flags in the fixed rule order, then by rank. */
export function evaluateAuditRules(customer: CustomerAuditFacts, identity: EmailIdentityResult, context: AuditRuleContext): AuditFlag[] {
  const flags: AuditFlag[] = [];
  for (const code of AUDIT_RULE_CODES) {
    const rule = context.config.rules[code];
    if (!rule.enabled) continue;
    const check = checks[code] as RuleCheck<AuditRuleCode>;
    for (const hit of check(customer, identity, rule, context))
      flags.push({ code, severity: rule.severity, rank: hit.rank, detail: hit.detail });
  }
  return flags;
}
