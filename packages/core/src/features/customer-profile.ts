import { daysBetween } from "../calendar/iso-dates";
import { AROMA_AXES, type AromaAxis } from "../config/aromas";
import type { FeaturesConfig } from "../config/features";
import { type AromaSums, aromaProfile } from "./aroma-profile";
import { type BgNbdCustomer, type BgNbdParameters, expectedOrders, fitBgNbd, probabilityAlive } from "./bgnbd";
import { binScores, quintileScores, type RfmValues, segmentFor } from "./rfm-scores";
import { toDecimalText } from "./rounding";
import { compareCodePoints, type ShareJson, splitGrapes, summariseSharesJson } from "./share-map";

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

/** An article's keys for the spend shares (blank cells as null); `grape` is the raw `cepages` cell. */
export type ShareKeys = { article: string } & Record<ShareDimension, string | null>;

/** Net spend HT of one customer on one article (credit lines negative). */
export interface ArticleSpend {
  clientCode: string;
  article: string;
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
  /** One per profiled customer; the rows come out in this order. */
  activities: readonly CustomerActivity[];
  /** The share keys of the articles that `articleSpends` name (others are left out of the shares). */
  products: readonly ShareKeys[];
  /** Any order. */
  articleSpends: readonly ArticleSpend[];
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
  /** The segment's label and suggested action from features.yaml, in the run's locale. */
  segment_label: string;
  segment_action: string;
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

/** The axes in code-point order of their names, as `sortedJson` writes them. */
const AXES_BY_NAME = [...AROMA_AXES].sort(compareCodePoints);
const AXIS_KEYS = AXES_BY_NAME.map((axis) => `${JSON.stringify(axis)}:`);

/** `sortedJson` of an aroma vector, without sorting the same seven names for every customer. */
function aromaJson(vector: Readonly<Record<AromaAxis, number>>): string {
  const parts = AXES_BY_NAME.map((axis, i) => `${AXIS_KEYS[i]}${vector[axis]}`);
  return `{${parts.join(",")}}`;
}

/**
 * The items of each activity, by position: the features stage hands them over grouped in the activities' order, which
 * one pass checks (no map of a hundred thousand keys, no array per customer); any other order is sorted once.
 * Items of customers without an activity are left out.
 */
class PerActivity<T extends { clientCode: string }> {
  private readonly items: readonly T[];
  private readonly starts: Int32Array;

  constructor(activities: readonly CustomerActivity[], items: readonly T[]) {
    this.starts = new Int32Array(activities.length + 1);
    if (this.align(activities, items)) {
      this.items = items;
      return;
    }
    const position = new Map(activities.map((activity, index) => [activity.clientCode, index]));
    this.items = items
      .filter((item) => position.has(item.clientCode))
      .sort((a, b) => position.get(a.clientCode)! - position.get(b.clientCode)!);
    this.align(activities, this.items);
  }

  private align(activities: readonly CustomerActivity[], items: readonly T[]): boolean {
    let at = 0;
    for (let index = 0; index < activities.length; index++) {
      this.starts[index] = at;
      const clientCode = activities[index]!.clientCode;
      while (at < items.length && items[at]!.clientCode === clientCode) at++;
    }
    this.starts[activities.length] = at;
    return at === items.length;
  }

  of(index: number): readonly T[] {
    const start = this.starts[index]!;
    const end = this.starts[index + 1]!;
    return start === end ? [] : this.items.slice(start, end);
  }
}

const SHARE_DIMENSIONS: readonly ShareDimension[] = ["family", "sweetness", "grape", "appellation"];

/**
 * Distinct keys and their summed spends, as parallel arrays (a customer has a handful of keys per dimension), reused
 * from one customer to the next: only the first `size` entries count.
 */
class KeyTotals {
  readonly keys: string[] = [];
  readonly spends: number[] = [];
  size = 0;

  add(key: string, spend: number): void {
    let at = 0;
    while (at < this.size && this.keys[at] !== key) at++;
    if (at === this.size) {
      this.keys[at] = key;
      this.spends[at] = 0 + spend;
      this.size++;
    } else this.spends[at]! += spend;
  }

  /** Entry indexes in code-point order of the keys (insertion sort: a few entries). */
  sortedIndexes(): number[] {
    const order: number[] = [];
    for (let i = 0; i < this.size; i++) {
      let at = order.length;
      for (; at > 0 && compareCodePoints(this.keys[order[at - 1]!]!, this.keys[i]!) > 0; at--) order[at] = order[at - 1]!;
      order[at] = i;
    }
    return order;
  }

  summary(): ShareJson {
    return summariseSharesJson(this.keys, this.spends, this.size);
  }
}

/**
 * One customer's share summaries (a function per profile run, reusing its scratch totals): net spend per key summed
 * over the articles in code-point order; a multi-grape `cepages` cell shares its spend equally among its grapes
 * (cells taken in code-point order).
 */
function customerSharesOf(products: readonly ShareKeys[]): (spends: readonly ArticleSpend[]) => Record<ShareDimension, ShareJson> {
  const keysByArticle = new Map(products.map((keys) => [keys.article, keys]));
  const grapesOf = memoised(splitGrapes);
  const totals = { family: new KeyTotals(), sweetness: new KeyTotals(), grape: new KeyTotals(), appellation: new KeyTotals() };
  const grapes = new KeyTotals();
  return (spends) => {
    let sorted = spends;
    for (let i = 1; i < spends.length && sorted === spends; i++)
      if (compareCodePoints(spends[i - 1]!.article, spends[i]!.article) > 0)
        sorted = [...spends].sort((a, b) => compareCodePoints(a.article, b.article));
    for (const dimension of SHARE_DIMENSIONS) totals[dimension].size = 0;
    grapes.size = 0;
    for (const spend of sorted) {
      const keys = keysByArticle.get(spend.article);
      if (!keys) continue;
      for (const dimension of SHARE_DIMENSIONS) {
        const key = keys[dimension];
        if (key !== null) totals[dimension].add(key, spend.spendHt);
      }
    }
    for (const cell of totals.grape.sortedIndexes()) {
      const parts = grapesOf(totals.grape.keys[cell]!);
      for (const grape of parts) grapes.add(grape, totals.grape.spends[cell]! / parts.length);
    }
    return {
      family: totals.family.summary(),
      sweetness: totals.sweetness.summary(),
      grape: grapes.summary(),
      appellation: totals.appellation.summary(),
    };
  };
}

export type ProfileLocale = "fr" | "en";

/**
 * Assembles every profile from the per-customer aggregates: RFM scores and segment (with its label and suggested
 * action in `locale`), BG/NBD propensity, preferences, aroma. Pure and deterministic: rows come out in the
 * activities' order.
 */
export function buildCustomerProfiles(inputs: ProfileInputs, config: FeaturesConfig, locale: ProfileLocale = "fr"): ProfilesResult {
  const { rows, propensity } = customerProfiles(inputs, config, locale);
  return { rows: [...rows], propensity };
}

/** The same profiles, one per activity, made as `rows` is iterated (once): a writer can send each row as it comes. */
export interface ProfileStream {
  propensity: PropensityFit;
  rows: Iterable<CustomerProfileRow>;
}

/**
 * `buildCustomerProfiles` without holding every row: the scores and the BG/NBD fit (base-level) are computed at once,
 * each row when it is asked for, so that the database can store rows while the next ones are made and a hundred
 * thousand rows never all sit in memory.
 */
export function customerProfiles(inputs: ProfileInputs, config: FeaturesConfig, locale: ProfileLocale = "fr"): ProfileStream {
  const rfmValues: RfmValues[] = inputs.activities.map((activity) => ({
    orders: activity.orders,
    recencyDays: activity.recencyDays,
    monetaryHt: Number(activity.monetaryHt),
  }));
  const scores =
    config.rfm.mode === "quintiles" ? quintileScores(rfmValues, config.rfm) : rfmValues.map((values) => binScores(values, config.rfm));
  const summaries = bgNbdSummaries(inputs.activities, inputs.asOf);
  const propensity = fitPropensity(summaries, config);
  const spendsByCustomer = new PerActivity(inputs.activities, inputs.articleSpends);
  const customerShares = customerSharesOf(inputs.products);
  const orderFamiliesByCustomer = new PerActivity(inputs.activities, inputs.orderFamilies);
  const aromaByCustomer = new PerActivity(inputs.activities, inputs.aromas);
  const horizonWeeks = config.propensity.horizon_days / 7;
  const parameters = propensity.parameters;

  const row = (activity: CustomerActivity, index: number): CustomerProfileRow => {
    const score = scores[index]!;
    const segment = activity.orders > 0 ? segmentFor(score, config.segments) : config.prospect_segment;
    const shares = customerShares(spendsByCustomer.of(index));
    const family = shares.family;
    const aroma = aromaProfile(aromaByCustomer.of(index)[0] ?? null, config.aroma_confidence);
    const summary = summaries[index] ?? null;
    const fitted = parameters !== null && summary !== null;
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
      segment: segment.code,
      segment_label: locale === "en" ? segment.label_en : segment.label_fr,
      segment_action: locale === "en" ? segment.action_en : segment.action_fr,
      propensity_status: propensity.status,
      p_alive: fitted ? toDecimalText(probabilityAlive(parameters, summary), 6) : null,
      expected_orders_90d: fitted ? toDecimalText(expectedOrders(parameters, summary, horizonWeeks), 6) : null,
      dominant_family: family.dominant,
      dominant_share: toDecimalText(family.dominantShare, 6),
      diversity: toDecimalText(family.diversity, 6),
      family_shares: family.json,
      sweetness_shares: shares.sweetness.json,
      grape_shares: shares.grape.json,
      appellation_shares: shares.appellation.json,
      price_band_ht: activity.priceBandHt,
      usual_tier: activity.usualTier,
      stability: toDecimalText(stability(orderFamiliesByCustomer.of(index), family.dominant), 6),
      aroma: aroma ? aromaJson(aroma.vector) : null,
      aroma_top3: aroma ? aroma.top3.join("|") : null,
      aroma_confidence: aroma ? toDecimalText(aroma.confidence, 6) : null,
      aroma_level: aroma ? aroma.level : null,
      ledger_outstanding: activity.ledgerOutstanding,
      ledger_overdue: activity.ledgerOverdue,
    };
  };
  function* rows(): Generator<CustomerProfileRow> {
    for (let index = 0; index < inputs.activities.length; index++) yield row(inputs.activities[index]!, index);
  }
  return { propensity, rows: rows() };
}

function memoised<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
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

/** `bgNbdSummary` of every activity, with each distinct date parsed once (a base has a few thousand). */
function bgNbdSummaries(activities: readonly CustomerActivity[], asOf: string): (BgNbdCustomer | null)[] {
  const dayOf = memoised((isoDate) => daysBetween(asOf, isoDate));
  return activities.map((activity) => {
    if (activity.orders < 1 || !activity.firstOrderDate || !activity.lastOrderDate) return null;
    const first = dayOf(activity.firstOrderDate);
    return { x: activity.orders - 1, tx: (dayOf(activity.lastOrderDate) - first) / 7, T: (0 - first) / 7 };
  });
}

function fitPropensity(all: readonly (BgNbdCustomer | null)[], config: FeaturesConfig): PropensityFit {
  const summaries = all.filter((summary): summary is BgNbdCustomer => summary !== null);
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
