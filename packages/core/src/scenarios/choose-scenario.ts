import { daysBetween, monthsBefore } from "../calendar/iso-dates";
import type { HoldReason, ScenarioRule, ScenariosConfig } from "../config/scenarios";
import { isValidEmail } from "./email-address";

export const SCENARIO_NAMES = ["HOLD", "WINBACK", "REBUY", "UPSELL", "CROSS_SELL", "NURTURE"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Everything the rules look at for one customer, gathered set-based by the scenarios queries. */
export interface ScenarioFacts {
  clientCode: string;
  isStub: boolean;
  emailNorm: string | null;
  consent: "OPT_IN" | "REFUSED" | "UNKNOWN";
  birthDate: string | null;
  orders: number;
  lastOrderDate: string | null;
  recencyDays: number | null;
  monetaryHt: number;
  overdueHt: number;
  stability: number | null;
  dominantShare: number | null;
  diversity: number | null;
  /** Contacts on or before the as-of date with an opted-out / bounce / complaint status (by code or email). */
  optedOut: boolean;
  bounced: boolean;
  complained: boolean;
  /** Latest contact (sent/opened/clicked, or our approved campaign) on or before the as-of date. */
  lastContactDate: string | null;
  /** A previously bought article, or a newer vintage of its cuvée, is available. */
  rebuyAvailable: boolean;
  /** An available wine of the dominant family at least `min_tier_step` tiers above the usual tier. */
  upsellAvailable: boolean;
}

export interface ScenarioChoice {
  scenario: ScenarioName;
  /** HOLD: the hold reason; otherwise the rule's reason code. */
  reason: string;
}

/** Reason codes of the non-HOLD scenarios. */
export const SCENARIO_REASONS = {
  WINBACK: "LAPSED_VALUABLE",
  REBUY: "REORDER_WINDOW",
  UPSELL: "STABLE_TASTE",
  CROSS_SELL: "NARROW_TASTE",
  NURTURE: "DEFAULT",
} as const;

/** Exactly one scenario per customer: the first HOLD check that applies, else the first matching rule, else NURTURE. */
export function chooseScenario(facts: ScenarioFacts, config: ScenariosConfig, asOf: string): ScenarioChoice {
  for (const check of config.hold.checks) {
    if (holdApplies(check, facts, config.hold, asOf)) return { scenario: "HOLD", reason: check };
  }
  for (const rule of config.rules) {
    if (ruleMatches(rule, facts)) return { scenario: rule.scenario, reason: SCENARIO_REASONS[rule.scenario] };
  }
  return { scenario: "NURTURE", reason: SCENARIO_REASONS.NURTURE };
}

function holdApplies(check: HoldReason, facts: ScenarioFacts, hold: ScenariosConfig["hold"], asOf: string): boolean {
  switch (check) {
    case "STUB":
      return facts.isStub;
    case "NO_EMAIL":
      return !facts.emailNorm;
    case "INVALID_EMAIL":
      return !!facts.emailNorm && !isValidEmail(facts.emailNorm);
    case "OPTED_OUT":
      return facts.optedOut;
    case "COMPLAINED":
      return facts.complained;
    case "BOUNCED":
      return facts.bounced;
    case "NO_CONSENT":
      return !hasConsentBasis(facts, hold.soft_opt_in, asOf);
    case "MINOR":
      return facts.birthDate !== null && facts.birthDate > monthsBefore(asOf, 12 * hold.minimum_age_years);
    case "NEVER_BOUGHT":
      return facts.orders === 0;
    case "LOST":
      return facts.recencyDays !== null && facts.recencyDays > hold.lost_after_days;
    case "OVERDUE_BALANCE":
      return facts.overdueHt > hold.max_overdue_ht;
    case "SILENCE_WINDOW":
      return facts.lastContactDate !== null && daysBetween(facts.lastContactDate, asOf) < hold.silence_window_days;
  }
}

/** Opt-in, or (switch on) soft opt-in: consent unknown and an order within the last `months` months. */
export function hasConsentBasis(
  facts: Pick<ScenarioFacts, "consent" | "lastOrderDate">,
  softOptIn: ScenariosConfig["hold"]["soft_opt_in"],
  asOf: string,
): boolean {
  if (facts.consent === "OPT_IN") return true;
  if (facts.consent === "REFUSED" || !softOptIn.enabled) return false;
  return facts.lastOrderDate !== null && facts.lastOrderDate >= monthsBefore(asOf, softOptIn.months);
}

function ruleMatches(rule: ScenarioRule, facts: ScenarioFacts): boolean {
  const recency = facts.recencyDays;
  switch (rule.scenario) {
    case "WINBACK":
      return recency !== null && recency > rule.recency_above_days && facts.monetaryHt >= rule.min_revenue_ht;
    case "REBUY":
      return recency !== null && recency > rule.recency_above_days && recency <= rule.recency_up_to_days && facts.rebuyAvailable;
    case "UPSELL":
      return facts.stability !== null && facts.stability >= rule.min_stability && facts.upsellAvailable;
    case "CROSS_SELL":
      return (
        facts.dominantShare !== null &&
        facts.diversity !== null &&
        facts.dominantShare >= rule.min_dominant_share &&
        facts.diversity <= rule.max_diversity
      );
  }
}
