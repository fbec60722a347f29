/**
 * Invoices and credit notes. Purchase timing is a repeat-buying process (Poisson orders modulated by the season, a
 * chance of dropping out after each order); basket contents follow each customer's latent tastes and past purchases.
 */
import { type Day, type HistoryWindow, MonthLookup } from "./calendar";
import { FAMILIES, type Family, type Product } from "./catalog";
import type { Customer } from "./customers";
import { roundRatio, ttcFromHtCents } from "./money";
import type { Random } from "./random";
import { type PricedLine, SalesBook } from "./sales-book";
import { CELLAR_DOOR_SEASON, FAMILY_SEASON, peakOf, SEASONAL_BUYER_SEASON } from "./seasonality";

export interface SalesHistory {
  book: SalesBook;
  /** Document indices of `book` in date order. */
  chronological: Int32Array;
  invoiceCount: number;
  creditNoteCount: number;
  invoicesByCustomer: Uint32Array;
}

/** The share of non-rebuy lines taken from the customer's favourite family (the rest follows the season). */
const FAVOURITE_FAMILY_SHARE = 0.65;
const FAMILY_MARKET_SHARE: Record<Family, number> = {
  Rouge: 0.4,
  Blanc: 0.25,
  Rosé: 0.13,
  Effervescent: 0.14,
  Liquoreux: 0.08,
};
const CREDIT_NOTE_RATE = 0.011;
/** Weddings and company parties: one wine by the dozens of bottles. */
const EVENT_ORDER_RATE = 0.004;
const MIN_DAYS_BETWEEN_ORDERS = 5;
const BULK_DISCOUNT_PERCENT = 5;
const TRADE_DISCOUNT_PERCENT = 10;

/**
 * A line priced from the shop's TTC price: HT = TTC / 1.2, less a discount, for the whole quantity at once
 * (the line amount is authoritative), then TTC = HT × 1.2.
 */
export function priceLine(product: Product, quantity: number, discountPercent: number): PricedLine {
  const keep = 100 - discountPercent;
  const amountHtCents = roundRatio(product.priceTtcCents * quantity * 5 * keep, 600);
  return {
    productIndex: product.index,
    quantity,
    unitPriceHtCents: roundRatio(product.priceTtcCents * 5 * keep, 600),
    amountHtCents,
    amountTtcCents: ttcFromHtCents(amountHtCents),
    marginCents: amountHtCents - quantity * product.unitCostHtCents,
    discountPercent,
  };
}

interface Catalogue {
  products: readonly Product[];
  byFamily: Map<Family, Product[]>;
  /** Every format-specific cuvée (a magnum is its own cuvée), vintages newest first. */
  vintagesByCuvee: Map<string, Product[]>;
}

function indexCatalogue(products: readonly Product[]): Catalogue {
  const byFamily = new Map<Family, Product[]>(FAMILIES.map((family) => [family, []]));
  const vintagesByCuvee = new Map<string, Product[]>();
  for (const product of products) {
    byFamily.get(product.family)?.push(product);
    const vintages = vintagesByCuvee.get(product.cuveeName) ?? [];
    vintages.push(product);
    vintagesByCuvee.set(product.cuveeName, vintages);
  }
  for (const vintages of vintagesByCuvee.values()) vintages.sort((x, y) => y.vintage - x.vintage);
  return { products, byFamily, vintagesByCuvee };
}

function isAvailable(product: Product, day: Day): boolean {
  return product.availableFrom <= day && day <= product.availableUntil;
}

/** How much one customer likes each article before any purchase: popularity × closeness to their budget. */
class TasteModel {
  private readonly logPricePerBottle: Float64Array;
  /** Reused from one customer to the next. */
  private readonly weights: Float64Array;

  constructor(private readonly products: readonly Product[]) {
    this.logPricePerBottle = Float64Array.from(products, (product) => Math.log(product.priceTtcCents / 100 / (product.contenanceCl / 75)));
    this.weights = new Float64Array(products.length);
  }

  weightsFor(customer: Customer): Float64Array {
    const logBudget = Math.log(customer.budgetTtc);
    for (let index = 0; index < this.products.length; index++) {
      const distance = (this.logPricePerBottle[index] as number) - logBudget;
      this.weights[index] = (this.products[index] as Product).popularity * Math.exp(-2 * distance * distance) + 1e-6;
    }
    return this.weights;
  }
}

function orderDays(random: Random, customer: Customer, end: Day, months: MonthLookup): Day[] {
  const first = customer.firstOrderDay;
  if (first === null) return [];
  const days = [first];
  const { profile } = customer;
  if (profile.ordersPerYear <= 0) return days;
  const season = profile.kind === "seasonal" ? SEASONAL_BUYER_SEASON : CELLAR_DOOR_SEASON;
  const meanSeason = season.reduce((sum, value) => sum + value, 0) / season.length;
  const peak = peakOf(season);
  const ratePerDay = profile.ordersPerYear / 365 / meanSeason;
  let time = first;
  for (;;) {
    if (random.chance(profile.dropoutAfterOrder)) break;
    time = (days[days.length - 1] as Day) + MIN_DAYS_BETWEEN_ORDERS;
    let accepted = false;
    while (!accepted) {
      time += random.exponential(ratePerDay * peak);
      if (time > end + 1) break;
      accepted = random.next() * peak < (season[months.month(Math.floor(time)) - 1] as number);
    }
    if (!accepted) break;
    days.push(Math.min(end, Math.floor(time)));
  }
  return days;
}

const QUANTITIES: Record<Product["format"], readonly number[]> = {
  magnum: [1, 2, 3],
  carton6: [1, 2, 3],
  demi: [1, 2, 3, 6],
  bouteille: [1, 2, 3, 6, 12, 24],
};

/** One customer's habits, drawn once: how many bottles per line, how many lines per order. */
class BuyingHabits {
  readonly quantityWeights: Record<Product["format"], Float64Array>;
  readonly lineWeights: Float64Array;
  readonly festiveLineWeights: Float64Array;

  constructor(customer: Customer) {
    const volume = customer.profile.volume;
    this.quantityWeights = {
      magnum: Float64Array.of(80, 15, 5),
      carton6: Float64Array.of(80, 17 * volume, 3 * volume),
      demi: Float64Array.of(30, 30, 15, 25 * volume),
      bouteille: Float64Array.of(30 / volume, 22, 14, 24 * volume * volume, 10 * volume ** 3, customer.isCompany ? 6 : 0.3 * volume ** 3),
    };
    this.lineWeights = Float64Array.of(36 / volume, 32, 19 * volume, 13 * volume);
    this.festiveLineWeights = Float64Array.of(36 / volume, 32, 19 * volume * 1.4, 13 * volume * 1.4);
  }

  quantity(random: Random, product: Product): number {
    const index = random.weightedIndex(this.quantityWeights[product.format]);
    return QUANTITIES[product.format][index] as number;
  }

  linesPerOrder(random: Random, month: number): number {
    return random.weightedIndex(month === 12 ? this.festiveLineWeights : this.lineWeights) + 1;
  }
}

class BasketChooser {
  private readonly familyWeights = new Float64Array(FAMILIES.length);
  private readonly candidateWeights: Float64Array;

  constructor(
    private readonly random: Random,
    private readonly catalogue: Catalogue,
  ) {
    this.candidateWeights = new Float64Array(catalogue.products.length);
  }

  chooseFamily(customer: Customer, month: number): Family {
    if (this.random.chance(FAVOURITE_FAMILY_SHARE)) return customer.favouriteFamily;
    FAMILIES.forEach((family, i) => {
      this.familyWeights[i] = FAMILY_MARKET_SHARE[family] * (FAMILY_SEASON[family][month - 1] as number);
    });
    return this.random.weightedPick(FAMILIES, this.familyWeights);
  }

  /** A newer vintage of a cuvée the customer bought before (or the same one), when one is on sale. */
  rebuy(liked: Map<string, number>, lastBought: Map<string, Product>, day: Day, basket: Set<Product>): Product | null {
    let total = 0;
    for (const count of liked.values()) total += count;
    let target = this.random.next() * total;
    let cuvee = "";
    for (const [name, count] of liked) {
      cuvee = name;
      target -= count;
      if (target < 0) break;
    }
    const previous = lastBought.get(cuvee);
    if (previous && isAvailable(previous, day) && !basket.has(previous) && this.random.chance(0.2)) return previous;
    const vintages = this.catalogue.vintagesByCuvee.get(cuvee) ?? [];
    return vintages.find((product) => isAvailable(product, day) && !basket.has(product)) ?? null;
  }

  discover(customer: Customer, taste: Float64Array, day: Day, month: number, basket: Set<Product>): Product | null {
    const family = this.chooseFamily(customer, month);
    const found = this.pickAvailable(this.catalogue.byFamily.get(family) ?? [], taste, day, basket);
    return found ?? this.pickAvailable(this.catalogue.products, taste, day, basket);
  }

  private pickAvailable(candidates: readonly Product[], taste: Float64Array, day: Day, basket: Set<Product>) {
    const weights = this.candidateWeights.subarray(0, candidates.length);
    candidates.forEach((product, i) => {
      weights[i] = isAvailable(product, day) && !basket.has(product) ? (taste[product.index] as number) : 0;
    });
    const index = this.random.weightedIndex(weights);
    return index < 0 ? null : (candidates[index] as Product);
  }
}

export function simulateSales(
  random: Random,
  customers: readonly Customer[],
  products: readonly Product[],
  window: HistoryWindow,
): SalesHistory {
  const catalogue = indexCatalogue(products);
  const months = new MonthLookup(window);
  const tastes = new TasteModel(products);
  const chooser = new BasketChooser(random, catalogue);
  const book = new SalesBook();
  const invoicesByCustomer = new Uint32Array(customers.length);
  let invoiceCount = 0;
  let creditNoteCount = 0;

  for (const customer of customers) {
    const days = orderDays(random, customer, window.end, months);
    if (days.length === 0) continue;
    const taste = tastes.weightsFor(customer);
    const liked = new Map<string, number>();
    const lastBought = new Map<string, Product>();
    const tradeDiscount = customer.isCompany ? TRADE_DISCOUNT_PERCENT : 0;
    const habits = new BuyingHabits(customer);

    for (const day of days) {
      const basket = new Set<Product>();
      const month = months.month(day);
      const wanted = habits.linesPerOrder(random, month);
      for (let i = 0; i < wanted; i++) {
        const product =
          liked.size > 0 && random.chance(customer.profile.rebuyProbability)
            ? (chooser.rebuy(liked, lastBought, day, basket) ?? chooser.discover(customer, taste, day, month, basket))
            : chooser.discover(customer, taste, day, month, basket);
        if (product) basket.add(product);
      }
      if (basket.size === 0) continue;
      const eventOrder = random.chance(EVENT_ORDER_RATE);
      const lines = [...basket].map((product, position) => {
        const quantity =
          eventOrder && position === 0 && product.format === "bouteille" ? 6 * random.int(8, 20) : habits.quantity(random, product);
        const bulk = product.format === "bouteille" && quantity >= 12 ? BULK_DISCOUNT_PERCENT : 0;
        return priceLine(product, quantity, Math.max(bulk, tradeDiscount));
      });
      for (const product of basket) {
        liked.set(product.cuveeName, (liked.get(product.cuveeName) ?? 0) + 1);
        lastBought.set(product.cuveeName, product);
      }
      book.add("FACTURE", day, customer.index, lines);
      invoicesByCustomer[customer.index] = (invoicesByCustomer[customer.index] as number) + 1;
      invoiceCount++;

      if (random.chance(CREDIT_NOTE_RATE)) {
        const creditDay = day + random.int(2, 40);
        if (creditDay <= window.end) {
          const returned = random.pick(lines);
          const quantity = returned.quantity === 1 || random.chance(0.6) ? -1 : -returned.quantity;
          const product = products[returned.productIndex] as Product;
          book.add("AVOIR", creditDay, customer.index, [priceLine(product, quantity, returned.discountPercent)]);
          creditNoteCount++;
        }
      }
    }
  }

  const chronological = book.numberInDateOrder(window.start, window.end);
  return { book, chronological, invoiceCount, creditNoteCount, invoicesByCustomer };
}
