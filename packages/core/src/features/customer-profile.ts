import { daysBetween } from "../calendar/iso-dates";
import type { AromaAxis } from "../config/aromas";
import type { FeaturesConfig } from "../config/features";
import { type AromaSums, aromaProfile } from "./aroma-profile";
import { type BgNbdCustomer, type BgNbdParameters, expectedOrders, fitBgNbd, probabilityAlive } from "./bgnbd";
import { binScores, quintileScores, type RfmValues, segmentFor } from "./rfm-scores";
import { toDecimalText } from "./rounding";
import { compareCodePoints, type ShareSummary, splitGrapes, summariseShares } from "./share-map";

/** One profiled customer's order-level aggregates, as the features queries compute them (decimals as exact text). */
export interface CustomerActivity {
  clientCode: string;
  orders: number;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  recencyDays: number | null;
  monetaryHt: string;
  bottles: string;
  priceBandHt: string | null;
  usualTier: number | null;
  ledgerOutstanding: string;
  ledgerOverdue: string;
}

export type ShareDimension = "family" | "sweetness" | "grape" | "appellation";

/** Net spend HT of one customer on one key of a dimension; for `grape` the key is the raw `cepages` cell. */
export interface DimensionSpend {
  clientCode: string;
  dimension: ShareDimension;
  key: string;
  spendHt: number;
}

/** How many of a customer's orders have `family` as their own dominant family. */
export interface OrderFamilyCount {
  clientCode: string;
  family: string;
  orders: number;
}

export interface CustomerAromaSums extends AromaSums {
  clientCode: string;
}

export interface ProfileInputs {
  asOf: string;
  activities: readonly CustomerActivity[];
  spends: readonly DimensionSpend[];
  orderFamilies: readonly OrderFamilyCount[];
  aromas: readonly CustomerAromaSums[];
}

/** A `customer_profiles` row without its run id: decimals as fixed text, share maps as JSON text with sorted keys. */
export interface CustomerProfileRow {
  client_code: string;
  orders: number;
  first_order_date: string | null;
  last_order_date: string | null;
  recency_days: number | null;
  monetary_ht: string;
  bottles: string;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: string;
  propensity_status: "FITTED" | "NOT_FITTED";
  p_alive: string | null;
  expected_orders_90d: string | null;
  dominant_family: string | null;
  dominant_share: string | null;
  diversity: string | null;
  family_shares: string;
  sweetness_shares: string;
  grape_shares: string;
  appellation_shares: string;
  price_band_ht: string | null;
  usual_tier: number | null;
  stability: string | null;
  aroma: string | null;
  aroma_top3: string | null;
  aroma_confidence: string | null;
  aroma_level: string | null;
  ledger_outstanding: string;
  ledger_overdue: string;
}

export interface ProfilesResult {
  rows: CustomerProfileRow[];
  propensity: PropensityFit;
}

/** The base-level BG/NBD outcome, stored in `runs.summary.features.propensity` so two runs can be compared. */
export interface PropensityFit {
  status: "FITTED" | "NOT_FITTED";
  /** Why the model was not fitted (null when fitted). */
  reason: "TOO_FEW_CUSTOMERS" | "TOO_FEW_REPEATERS" | "UNSTABLE_FIT" | null;
  parameters: BgNbdParameters | null;
  /** Maximised log-likelihood (null when not fitted). */
  logLikelihood: number | null;
  /** Customers with at least one order, and those with at least two. */
  customers: number;
  repeaters: number;
}

/** JSON object text with keys in code-point order (values already rounded). */
export function sortedJson(map: Readonly<Record<string, number>>): string {
  const keys = Object.keys(map).sort(compareCodePoints);
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(map[key])}`).join(",")}}`;
}

function groupBy<T extends { clientCode: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.clientCode);
    if (group) group.push(item);
    else groups.set(item.clientCode, [item]);
  }
  return groups;
}

function dimensionShares(spends: readonly DimensionSpend[], dimension: ShareDimension): ShareSummary {
  const byKey = new Map<string, number>();
  for (const spend of spends) {
    if (spend.dimension !== dimension) continue;
    const keys = dimension === "grape" ? splitGrapes(spend.key) : [spend.key];
    for (const key of keys) byKey.set(key, (byKey.get(key) ?? 0) + spend.spendHt / keys.length);
  }
  return summariseShares(byKey);
}

/**
 * Assembles every profile from the set-based aggregates: RFM scores and segment, BG/NBD propensity,
 * preferences, aroma. Pure and deterministic: rows come out in the activities' order.
 */
export function buildCustomerProfiles(inputs: ProfileInputs, config: FeaturesConfig): ProfilesResult {
  const rfmValues: RfmValues[] = inputs.activities.map((activity) => ({
    orders: activity.orders,
    recencyDays: activity.recencyDays,
    monetaryHt: Number(activity.monetaryHt),
  }));
  const scores =
    config.rfm.mode === "quintiles" ? quintileScores(rfmValues, config.rfm) : rfmValues.map((values) => binScores(values, config.rfm));
  const propensity = fitPropensity(inputs, config);
  const spendsByCustomer = groupBy(inputs.spends);
  const orderFamiliesByCustomer = groupBy(inputs.orderFamilies);
  const aromaByCustomer = new Map(inputs.aromas.map((sums) => [sums.clientCode, sums]));
  const horizonWeeks = config.propensity.horizon_days / 7;

  const rows = inputs.activities.map((activity, index): CustomerProfileRow => {
    const score = scores[index]!;
    const segment = activity.orders > 0 ? segmentFor(score, config.segments).code : config.prospect_segment.code;
    const spends = spendsByCustomer.get(activity.clientCode) ?? [];
    const family = dimensionShares(spends, "family");
    const aroma = aromaProfile(aromaByCustomer.get(activity.clientCode) ?? null, config.aroma_confidence);
    const summary = bgNbdSummary(activity, inputs.asOf);
    const fitted = propensity.parameters && summary;
    return {
      client_code: activity.clientCode,
      orders: activity.orders,
      first_order_date: activity.firstOrderDate,
      last_order_date: activity.lastOrderDate,
      recency_days: activity.recencyDays,
      monetary_ht: activity.monetaryHt,
      bottles: activity.bottles,
      r_score: score.r,
      f_score: score.f,
      m_score: score.m,
      segment,
      propensity_status: propensity.status,
      p_alive: fitted ? toDecimalText(probabilityAlive(propensity.parameters!, summary), 6) : null,
      expected_orders_90d: fitted ? toDecimalText(expectedOrders(propensity.parameters!, summary, horizonWeeks), 6) : null,
      dominant_family: family.dominant,
      dominant_share: toDecimalText(family.dominantShare, 6),
      diversity: toDecimalText(family.diversity, 6),
      family_shares: sortedJson(family.shares),
      sweetness_shares: sortedJson(dimensionShares(spends, "sweetness").shares),
      grape_shares: sortedJson(dimensionShares(spends, "grape").shares),
      appellation_shares: sortedJson(dimensionShares(spends, "appellation").shares),
      price_band_ht: activity.priceBandHt,
      usual_tier: activity.usualTier,
      stability: toDecimalText(stability(orderFamiliesByCustomer.get(activity.clientCode) ?? [], family.dominant), 6),
      aroma: aroma ? sortedJson(aroma.vector as Record<AromaAxis, number>) : null,
      aroma_top3: aroma ? aroma.top3.join("|") : null,
      aroma_confidence: aroma ? toDecimalText(aroma.confidence, 6) : null,
      aroma_level: aroma ? aroma.level : null,
      ledger_outstanding: activity.ledgerOutstanding,
      ledger_overdue: activity.ledgerOverdue,
    };
  });
  return { rows, propensity };
}

/** Share of a customer's orders (with a known family) whose own dominant family is the overall dominant family. */
export function stability(orderFamilies: readonly OrderFamilyCount[], dominant: string | null): number | null {
  const total = orderFamilies.reduce((sum, entry) => sum + entry.orders, 0);
  if (dominant === null || total === 0) return null;
  const matching = orderFamilies.filter((entry) => entry.family === dominant).reduce((sum, entry) => sum + entry.orders, 0);
  return matching / total;
}

/** BG/NBD conventions (DOMAIN §2): weeks = days / 7, x = orders − 1, tx first→last order, T first order→as-of. */
export function bgNbdSummary(activity: CustomerActivity, asOf: string): BgNbdCustomer | null {
  if (activity.orders < 1 || !activity.firstOrderDate || !activity.lastOrderDate) return null;
  return {
    x: activity.orders - 1,
    tx: daysBetween(activity.firstOrderDate, activity.lastOrderDate) / 7,
    T: daysBetween(activity.firstOrderDate, asOf) / 7,
  };
}

function fitPropensity(inputs: ProfileInputs, config: FeaturesConfig): PropensityFit {
  const summaries = inputs.activities.flatMap((activity) => bgNbdSummary(activity, inputs.asOf) ?? []);
  const repeaters = summaries.filter((summary) => summary.x > 0).length;
  const notFitted = (reason: NonNullable<PropensityFit["reason"]>): PropensityFit => ({
    status: "NOT_FITTED",
    reason,
    parameters: null,
    logLikelihood: null,
    customers: summaries.length,
    repeaters,
  });
  if (summaries.length < config.propensity.min_customers) return notFitted("TOO_FEW_CUSTOMERS");
  if (repeaters < config.propensity.min_repeaters) return notFitted("TOO_FEW_REPEATERS");
  const { parameters, logLikelihood } = fitBgNbd(summaries);
  const usable = Object.values(parameters).every((value) => Number.isFinite(value) && value > 0) && parameters.a !== 1;
  if (!usable) return notFitted("UNSTABLE_FIT");
  return { status: "FITTED", reason: null, parameters, logLikelihood, customers: summaries.length, repeaters };
}
