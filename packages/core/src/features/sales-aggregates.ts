import type { AromaAxis } from "../config/aromas";
import { AROMA_AXES } from "../config/aromas";
import type { ArticleSpend, CustomerActivity, CustomerAromaSums, OrderFamilyCount, ShareKeys } from "./customer-profile";
import { compareCodePoints } from "./share-map";

/** A product as the features need it: share keys (blank cells as null; family = `famille`, else `couleur`), premium tier, aroma axes. */
export interface FeatureProduct extends ShareKeys {
  premiumTier: number | null;
  /** The seven axes when all are known (product columns, else config by article), else null. */
  aroma: Readonly<Record<AromaAxis, number>> | null;
}

/** A customer's ledger balances as exact decimal text (`numeric(12,2)`). */
export interface LedgerBalance {
  clientCode: string;
  outstanding: string;
  overdue: string;
}

/** The profiles' inputs (`ProfileInputs` without the as-of date). */
export interface FeatureAggregates {
  activities: CustomerActivity[];
  products: FeatureProduct[];
  articleSpends: ArticleSpend[];
  orderFamilies: OrderFamilyCount[];
  aromas: CustomerAromaSums[];
}

const DAY_MS = 86_400_000;
const NONE = -1;

/**
 * Reduces sales lines (already restricted to the as-of date) to the per-customer aggregates of the profiles, in one
 * pass, with money in exact integer cents and bottles in thousandths. The lines must arrive grouped by customer (the
 * query orders them by client code); within a customer, in any order. Definitions:
 * - an order is a `document_no` with at least one non-credit line; its date is its earliest non-credit line's date;
 * - monetary / bottles: net sums over every line (credit lines count negative, whatever the export's sign);
 * - price band: continuous median of `mt_ht / bottles` over non-credit lines with positive amount and bottles, rounded
 *   to cents as PostgreSQL's `round(median::numeric, 2)` does (float8 → 15 significant digits, half away from zero);
 * - usual tier: the premium tier of most purchase lines (non-credit, positive amount), ties to the lower tier;
 * - shares: net spend per (customer, article) mapped to the article's keys; order families: each order's own dominant
 *   family (largest positive spend, ties by code point);
 * - aroma: articles with all seven axes, weighted by the customer's positive net spend on them (in cents, so the sums
 *   are exact for whole-number axes); n = orders with a positive non-credit line of such an article.
 * Every sum that decides an output is exact or taken in code-point order of the articles, so the result does not
 * depend on the order of the lines within a customer.
 *
 * Only the current customer's state is held, in arrays reused from one customer to the next: a million lines in
 * random customer order cost several times more (cache misses on per-customer state, garbage collection).
 */
export class SalesLineAccumulator {
  /** Products in code-point order of the article, so product indexes compare as the articles do. */
  private readonly products: FeatureProduct[];
  private readonly productIndex: Map<string, number>;
  /** Family of each product as an index into `families` (code-point order), or NONE. */
  private readonly productFamily: number[];
  private readonly families: string[];
  /** Distinct premium tiers in ascending order, and each product's tier as an index into them (or NONE). */
  private readonly tiers: number[];
  private readonly productTier: number[];
  /** Scratch counts per tier and per family for the current customer. */
  private readonly tierCounts: number[];
  private readonly familyCounts: number[];

  /** The current customer (null before the first line). */
  private clientCode: string | null = null;
  private netCents = 0;
  private netMillis = 0;
  /** Net cents and purchase lines per product, for the products in `touched`. */
  private readonly productCents: Float64Array;
  private readonly productPurchases: Float64Array;
  private readonly productTouched: Uint8Array;
  private readonly touched: number[] = [];
  /**
   * The current customer's orders (the first `orderCount`); each one's spend per family is a chain of entries (the
   * first `entryCount`). Reset by count, not by length: emptied arrays would be reallocated for every customer.
   */
  private orderCount = 0;
  private entryCount = 0;
  private priceCount = 0;
  private readonly orderDocument: string[] = [];
  private readonly orderDay: number[] = [];
  private readonly orderHasAroma: boolean[] = [];
  private readonly orderFamilies: number[] = [];
  private readonly entryFamily: number[] = [];
  private readonly entryCents: number[] = [];
  private readonly entryNext: number[] = [];
  private lastOrder = NONE;
  private readonly prices: number[] = [];

  private readonly activities = new Map<string, CustomerActivity>();
  private readonly articleSpends: ArticleSpend[] = [];
  private readonly orderFamilyCounts: OrderFamilyCount[] = [];
  private readonly aromas: CustomerAromaSums[] = [];
  private readonly isoDay = isoDayCache();
  private readonly asOfDay: number;

  constructor(asOf: string, products: readonly FeatureProduct[]) {
    this.asOfDay = Date.UTC(Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)) - 1, Number(asOf.slice(8, 10))) / DAY_MS;
    this.products = [...products].sort((a, b) => compareCodePoints(a.article, b.article));
    this.productIndex = new Map(this.products.map((product, index) => [product.article, index]));
    this.families = distinctSorted(this.products.map((product) => product.family));
    const familyIndex = new Map(this.families.map((family, index) => [family, index]));
    this.productFamily = this.products.map((product) => (product.family === null ? NONE : familyIndex.get(product.family)!));
    this.tiers = [...new Set(this.products.flatMap((product) => (product.premiumTier === null ? [] : [product.premiumTier])))].sort(
      (a, b) => a - b,
    );
    this.productTier = this.products.map((product) => (product.premiumTier === null ? NONE : this.tiers.indexOf(product.premiumTier)));
    this.tierCounts = this.tiers.map(() => 0);
    this.familyCounts = this.families.map(() => 0);
    this.productCents = new Float64Array(this.products.length);
    this.productPurchases = new Float64Array(this.products.length);
    this.productTouched = new Uint8Array(this.products.length);
  }

  /** One sales line: `day` = days since 1970-01-01, `amountCents` = `mt_ht` × 100, `bottlesMillis` = bottles × 1,000. */
  add(
    clientCode: string,
    documentNo: string,
    article: string,
    day: number,
    isCredit: boolean,
    amountCents: number,
    bottlesMillis: number,
  ): void {
    if (clientCode !== this.clientCode) this.startCustomer(clientCode);
    const netCents = isCredit ? -Math.abs(amountCents) : amountCents;
    this.netCents += netCents;
    this.netMillis += isCredit ? -Math.abs(bottlesMillis) : bottlesMillis;
    const product = this.productIndex.get(article) ?? NONE;
    const purchase = !isCredit && amountCents > 0;
    if (product !== NONE) {
      if (this.productTouched[product] === 0) {
        this.productTouched[product] = 1;
        this.touched.push(product);
      }
      this.productCents[product]! += netCents;
      if (purchase) this.productPurchases[product]!++;
    }
    if (isCredit) return;
    if (purchase && bottlesMillis > 0) {
      this.prices[this.priceCount++] = (amountCents * 10) / bottlesMillis;
    }
    const order = this.orderOf(documentNo, day);
    if (day < this.orderDay[order]!) this.orderDay[order] = day;
    if (purchase && product !== NONE && this.products[product]!.aroma) this.orderHasAroma[order] = true;
    const family = product === NONE ? NONE : this.productFamily[product]!;
    let entry = this.orderFamilies[order]!;
    while (entry !== NONE && this.entryFamily[entry] !== family) entry = this.entryNext[entry]!;
    if (entry === NONE) {
      entry = this.entryCount++;
      this.entryFamily[entry] = family;
      this.entryCents[entry] = amountCents;
      this.entryNext[entry] = this.orderFamilies[order]!;
      this.orderFamilies[order] = entry;
    } else this.entryCents[entry]! += amountCents;
  }

  /**
   * The profiles' inputs for every non-stub customer (`baseClientCodes`) and every customer with a line, activities
   * in code-point order of the client code; ledger balances of other customers are ignored.
   */
  aggregates(baseClientCodes: readonly string[], ledger: readonly LedgerBalance[]): FeatureAggregates {
    this.finishCustomer();
    this.clientCode = null;
    const codes = new Set(baseClientCodes);
    for (const code of this.activities.keys()) codes.add(code);
    const ledgerByCode = new Map(ledger.map((balance) => [balance.clientCode, balance]));
    const activities = [...codes].sort(compareCodePoints).map((clientCode): CustomerActivity => {
      const balance = ledgerByCode.get(clientCode);
      const activity = this.activities.get(clientCode) ?? {
        clientCode,
        orders: 0,
        firstOrderDate: null,
        lastOrderDate: null,
        recencyDays: null,
        monetaryHt: "0.00",
        bottles: "0.000",
        priceBandHt: null,
        usualTier: null,
        ledgerOutstanding: "0.00",
        ledgerOverdue: "0.00",
      };
      if (balance) {
        activity.ledgerOutstanding = balance.outstanding;
        activity.ledgerOverdue = balance.overdue;
      }
      return activity;
    });
    return {
      activities,
      products: this.products,
      articleSpends: this.articleSpends,
      orderFamilies: this.orderFamilyCounts,
      aromas: this.aromas,
    };
  }

  private startCustomer(clientCode: string): void {
    this.finishCustomer();
    if (this.activities.has(clientCode)) throw new Error(`sales lines of customer ${clientCode} are not grouped`);
    this.clientCode = clientCode;
    this.netCents = 0;
    this.netMillis = 0;
    for (const product of this.touched) {
      this.productCents[product] = 0;
      this.productPurchases[product] = 0;
      this.productTouched[product] = 0;
    }
    this.touched.length = 0;
    this.orderCount = 0;
    this.entryCount = 0;
    this.priceCount = 0;
    this.lastOrder = NONE;
  }

  /** The current customer's order for a document (documents usually arrive one after the other). */
  private orderOf(documentNo: string, day: number): number {
    if (this.lastOrder !== NONE && this.orderDocument[this.lastOrder] === documentNo) return this.lastOrder;
    let order = this.orderCount - 1;
    while (order >= 0 && this.orderDocument[order] !== documentNo) order--;
    if (order < 0) {
      order = this.orderCount++;
      this.orderDocument[order] = documentNo;
      this.orderDay[order] = day;
      this.orderHasAroma[order] = false;
      this.orderFamilies[order] = NONE;
    }
    this.lastOrder = order;
    return order;
  }

  private finishCustomer(): void {
    const clientCode = this.clientCode;
    if (clientCode === null) return;
    // The customer's products in index (code-point) order: an insertion sort of a handful.
    const touched = this.touched;
    for (let i = 1; i < touched.length; i++) {
      const product = touched[i]!;
      let at = i;
      for (; at > 0 && touched[at - 1]! > product; at--) touched[at] = touched[at - 1]!;
      touched[at] = product;
    }
    const activity: CustomerActivity = {
      clientCode,
      orders: 0,
      firstOrderDate: null,
      lastOrderDate: null,
      recencyDays: null,
      monetaryHt: fixedDecimal(this.netCents, 2),
      bottles: fixedDecimal(this.netMillis, 3),
      priceBandHt: medianPrice(this.prices, this.priceCount),
      usualTier: this.usualTier(),
      ledgerOutstanding: "0.00",
      ledgerOverdue: "0.00",
    };
    this.activities.set(clientCode, activity);
    const aromaOrders = this.addOrders(activity);
    this.addArticleSpends(clientCode);
    const aroma = this.aromaSums(clientCode);
    if (aroma) {
      aroma.orders = aromaOrders;
      this.aromas.push(aroma);
    }
  }

  /** The tier of most purchase lines, ties to the lower tier (tiers in ascending order, so the first maximum). */
  private usualTier(): number | null {
    const counts = this.tierCounts;
    for (let tier = 0; tier < counts.length; tier++) counts[tier] = 0;
    for (const product of this.touched) {
      const tier = this.productTier[product]!;
      if (tier !== NONE) counts[tier]! += this.productPurchases[product]!;
    }
    let best = NONE;
    for (let tier = 0; tier < counts.length; tier++) if (counts[tier]! > 0 && (best === NONE || counts[tier]! > counts[best]!)) best = tier;
    return best === NONE ? null : this.tiers[best]!;
  }

  /** Orders, first/last order dates and recency into `activity`; each order's dominant family counted; returns n for aroma. */
  private addOrders(activity: CustomerActivity): number {
    const orders = this.orderCount;
    if (orders === 0) return 0;
    let aromaOrders = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const dominantCounts = this.familyCounts;
    for (let family = 0; family < dominantCounts.length; family++) dominantCounts[family] = 0;
    for (let order = 0; order < orders; order++) {
      const day = this.orderDay[order]!;
      if (day < first) first = day;
      if (day > last) last = day;
      if (this.orderHasAroma[order]) aromaOrders++;
      let dominant = NONE;
      let dominantCents = 0;
      for (let entry = this.orderFamilies[order]!; entry !== NONE; entry = this.entryNext[entry]!) {
        const family = this.entryFamily[entry]!;
        const cents = this.entryCents[entry]!;
        if (family === NONE || cents <= 0) continue;
        if (dominant === NONE || cents > dominantCents || (cents === dominantCents && family < dominant)) {
          dominant = family;
          dominantCents = cents;
        }
      }
      if (dominant !== NONE) dominantCounts[dominant]!++;
    }
    activity.orders = orders;
    activity.firstOrderDate = this.isoDay(first);
    activity.lastOrderDate = this.isoDay(last);
    activity.recencyDays = this.asOfDay - last;
    for (let family = 0; family < dominantCounts.length; family++)
      if (dominantCounts[family]! > 0)
        this.orderFamilyCounts.push({ clientCode: activity.clientCode, family: this.families[family]!, orders: dominantCounts[family]! });
    return aromaOrders;
  }

  /** Net spend per article, in code-point order of the article. */
  private addArticleSpends(clientCode: string): void {
    for (const product of this.touched)
      this.articleSpends.push({ clientCode, article: this.products[product]!.article, spendHt: this.productCents[product]! / 100 });
  }

  private aromaSums(clientCode: string): CustomerAromaSums | null {
    let result: CustomerAromaSums | null = null;
    for (const product of this.touched) {
      const aroma = this.products[product]!.aroma;
      const cents = this.productCents[product]!;
      if (!aroma || cents <= 0) continue;
      result ??= { clientCode, weight: 0, orders: 0, sums: zeroAxes(), squares: zeroAxes() };
      result.weight += cents;
      for (const axis of AROMA_AXES) {
        result.sums[axis] += cents * aroma[axis];
        result.squares[axis] += cents * aroma[axis] * aroma[axis];
      }
    }
    return result;
  }
}

function distinctSorted(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))].sort(compareCodePoints);
}

/** ISO text of a day number, memoised (a base spans a few thousand distinct days). */
function isoDayCache(): (day: number) => string {
  const cache = new Map<number, string>();
  return (day) => {
    let text = cache.get(day);
    if (text === undefined) {
      text = new Date(day * DAY_MS).toISOString().slice(0, 10);
      cache.set(day, text);
    }
    return text;
  };
}

function zeroAxes(): Record<AromaAxis, number> {
  return { fruit: 0, floral: 0, epice: 0, mineral: 0, acidite: 0, corps: 0, tanin: 0 };
}

/** Integer units of 10^-scale as fixed decimal text (`-1250`, 2 → `-12.50`). */
export function fixedDecimal(units: number, scale: number): string {
  if (!Number.isSafeInteger(units)) throw new RangeError(`not an integer number of units: ${units}`);
  // The double nearest units / 10^scale is within far less than half a unit of it, so toFixed writes it exactly.
  return (units / 10 ** scale).toFixed(scale);
}

/** Continuous median (PostgreSQL's `percentile_cont(0.5)` on float8), as `round(median::numeric, 2)` text. */
function medianPrice(all: number[], n: number): string | null {
  if (n === 0) return null;
  // The first n prices in order: in place by insertion for the usual handful, else a sorted copy.
  const prices = n > 64 ? all.slice(0, n).sort((a, b) => a - b) : all;
  for (let i = 1; i < n && prices === all; i++) {
    const price = prices[i]!;
    let at = i;
    for (; at > 0 && prices[at - 1]! > price; at--) prices[at] = prices[at - 1]!;
    prices[at] = price;
  }
  const low = prices[(n - 1) >> 1]!;
  const median = n % 2 === 1 ? low : low + 0.5 * (prices[n >> 1]! - low);
  return roundFloatLikeNumeric(median, 2);
}

/**
 * `round(value::numeric, scale)` as PostgreSQL computes it: float8 → numeric keeps 15 significant digits (`%.15g`),
 * then rounding looks at the next digit, half away from zero. Doing the same here keeps the cents identical to the
 * former SQL whatever the binary noise of the median.
 */
export function roundFloatLikeNumeric(value: number, scale: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot round ${value}`);
  const negative = value < 0;
  const [mantissa, exponentText] = Math.abs(value).toExponential(14).split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  // digits[0] has the weight 10^exponent: shift to units of 10^-scale plus the next digit for rounding.
  const exponent = Number(exponentText);
  const kept = exponent + 1 + scale;
  let units = 0;
  let roundUp = false;
  if (kept > 0) {
    const padded = digits.padEnd(kept + 1, "0");
    units = Number(padded.slice(0, kept));
    roundUp = padded.charCodeAt(kept) >= 53;
  } else if (kept === 0) roundUp = digits.charCodeAt(0) >= 53;
  if (roundUp) units += 1;
  if (!Number.isSafeInteger(units)) throw new RangeError(`cannot round ${value} to ${scale} decimals exactly`);
  const text = fixedDecimal(units, scale);
  return negative && units !== 0 ? `-${text}` : text;
}
