import { meanDifference, sampleMoments, sampleSizeForMeans } from "./mean-difference";
import { proportionDifference, sampleSizeForProportions } from "./proportion-difference";
import { type UpliftEstimate, type UpliftVerdict, upliftVerdict } from "./uplift-verdict";

/** The three outcomes DOMAIN §7 measures for a campaign against its holdout. */
export const OUTCOME_METRICS = ["REACTIVATION", "CONVERSION", "REVENUE_PER_CUSTOMER"] as const;
export type OutcomeMetric = (typeof OUTCOME_METRICS)[number];

/** The scenario value of the rows that pool every scenario. */
export const ALL_SCENARIOS = "ALL";

/** One customer of an evaluated run: campaign (gate EXPORTED) or holdout (gate HOLDOUT), and what they did in the window. */
export interface OutcomeObservation {
  group: "TREATED" | "HOLDOUT";
  scenario: string;
  /** At least one order (not a credit note) within the attribution window. */
  ordered: boolean;
  /** An order within the window contains one of the wines recommended to them (holdout: that would have been). */
  convertedOnRecommended: boolean;
  /** Net revenue HT within the window, credit notes deducted, in cents. */
  revenueCents: number;
}

export interface OutcomeSettings {
  confidence: number;
  power: number;
}

/**
 * One measured outcome. Rates are shares in [0, 1]; revenue is € HT per customer. Values are rounded
 * (rates 6 decimals, euros 2) so the stored figures and outcomes.csv are reproducible.
 */
export interface OutcomeMeasure {
  scenario: string;
  metric: OutcomeMetric;
  treatedCustomers: number;
  holdoutCustomers: number;
  /** Customers with the event (rates only). */
  treatedEvents: number | null;
  holdoutEvents: number | null;
  treatedValue: string | null;
  holdoutValue: string | null;
  uplift: string | null;
  ciLow: string | null;
  ciHigh: string | null;
  verdict: UpliftVerdict;
  /** Customers per group a test would need to detect the observed uplift (power and α from config). */
  neededPerGroup: number | null;
}

/**
 * Campaign vs holdout per scenario (sorted by code points) and for all scenarios together (first),
 * each with the three metrics in OUTCOME_METRICS order.
 */
export function measureOutcomes(observations: readonly OutcomeObservation[], settings: OutcomeSettings): OutcomeMeasure[] {
  const scenarios = [...new Set(observations.map((observation) => observation.scenario))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const measures: OutcomeMeasure[] = [];
  for (const scenario of [ALL_SCENARIOS, ...scenarios]) {
    const subset = scenario === ALL_SCENARIOS ? observations : observations.filter((observation) => observation.scenario === scenario);
    measures.push(...measureGroup(scenario, subset, settings));
  }
  return measures;
}

function measureGroup(scenario: string, observations: readonly OutcomeObservation[], settings: OutcomeSettings): OutcomeMeasure[] {
  const treated = observations.filter((observation) => observation.group === "TREATED");
  const holdout = observations.filter((observation) => observation.group === "HOLDOUT");
  const alpha = 1 - settings.confidence;
  const rate = (metric: OutcomeMetric, event: (observation: OutcomeObservation) => boolean): OutcomeMeasure => {
    const t = { successes: treated.filter(event).length, total: treated.length };
    const h = { successes: holdout.filter(event).length, total: holdout.length };
    const estimate = proportionDifference(t, h, settings.confidence);
    const p1 = t.total > 0 ? t.successes / t.total : null;
    const p2 = h.total > 0 ? h.successes / h.total : null;
    return {
      scenario,
      metric,
      treatedCustomers: t.total,
      holdoutCustomers: h.total,
      treatedEvents: t.successes,
      holdoutEvents: h.successes,
      treatedValue: formatFixed(p1, 6),
      holdoutValue: formatFixed(p2, 6),
      ...formatEstimate(estimate, 6),
      verdict: upliftVerdict(estimate),
      neededPerGroup: p1 !== null && p2 !== null ? sampleSizeForProportions(p1, p2, alpha, settings.power) : null,
    };
  };
  const euros = (group: readonly OutcomeObservation[]) => sampleMoments(group.map((observation) => observation.revenueCents / 100));
  const m1 = euros(treated);
  const m2 = euros(holdout);
  const revenue = meanDifference(m1, m2, settings.confidence);
  return [
    rate("REACTIVATION", (observation) => observation.ordered),
    rate("CONVERSION", (observation) => observation.convertedOnRecommended),
    {
      scenario,
      metric: "REVENUE_PER_CUSTOMER",
      treatedCustomers: treated.length,
      holdoutCustomers: holdout.length,
      treatedEvents: null,
      holdoutEvents: null,
      treatedValue: formatFixed(treated.length > 0 ? m1.mean : null, 2),
      holdoutValue: formatFixed(holdout.length > 0 ? m2.mean : null, 2),
      ...formatEstimate(revenue, 2),
      verdict: upliftVerdict(revenue),
      neededPerGroup: revenue === null ? null : sampleSizeForMeans(revenue.uplift, m1.variance, m2.variance, alpha, settings.power),
    },
  ];
}

function formatEstimate(estimate: UpliftEstimate | null, decimals: number): Pick<OutcomeMeasure, "uplift" | "ciLow" | "ciHigh"> {
  return {
    uplift: formatFixed(estimate?.uplift ?? null, decimals),
    ciLow: formatFixed(estimate?.low ?? null, decimals),
    ciHigh: formatFixed(estimate?.high ?? null, decimals),
  };
}

/** Fixed decimals without a "-0.00". */
export function formatFixed(value: number | null, decimals: number): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
