/**
 * Invoices and credit notes stored column-wise: a million sales lines as a few typed arrays rather than a million
 * objects, which keeps the garbage collector out of the way at benchmark sizes.
 */
import type { Day } from "./calendar";

export type DocumentType = "FACTURE" | "AVOIR";

export interface PricedLine {
  productIndex: number;
  /** Negative on a credit note. */
  quantity: number;
  /** Unit price HT as printed: rounded to the cent, so it does not always multiply back to the amount. */
  unitPriceHtCents: number;
  amountHtCents: number;
  amountTtcCents: number;
  marginCents: number;
  discountPercent: number;
}

class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }
}

export class SalesBook {
  private readonly documentDays = new IntColumn();
  private readonly documentCustomers = new IntColumn();
  private readonly documentIsCredit = new IntColumn();
  private readonly documentLineEnds = new IntColumn();
  private readonly documentTotals = new IntColumn();
  /** Sequence within the document type, given by `numberInDateOrder`. */
  private readonly documentSequence = new IntColumn();
  private readonly lineProducts = new IntColumn();
  private readonly lineQuantities = new IntColumn();
  private readonly lineUnitPrices = new IntColumn();
  private readonly lineAmountsHt = new IntColumn();
  private readonly lineAmountsTtc = new IntColumn();
  private readonly lineMargins = new IntColumn();
  private readonly lineDiscounts = new IntColumn();
  private order: Int32Array | null = null;

  get documentCount(): number {
    return this.documentDays.length;
  }

  get lineCount(): number {
    return this.lineProducts.length;
  }

  /** Adds a document with its lines and returns its index. */
  add(type: DocumentType, day: Day, customerIndex: number, lines: readonly PricedLine[]): number {
    if (this.order) throw new Error("the sales book is already numbered");
    let total = 0;
    for (const line of lines) {
      this.lineProducts.push(line.productIndex);
      this.lineQuantities.push(line.quantity);
      this.lineUnitPrices.push(line.unitPriceHtCents);
      this.lineAmountsHt.push(line.amountHtCents);
      this.lineAmountsTtc.push(line.amountTtcCents);
      this.lineMargins.push(line.marginCents);
      this.lineDiscounts.push(line.discountPercent);
      total += line.amountTtcCents;
    }
    this.documentDays.push(day);
    this.documentCustomers.push(customerIndex);
    this.documentIsCredit.push(type === "AVOIR" ? 1 : 0);
    this.documentLineEnds.push(this.lineProducts.length);
    this.documentTotals.push(total);
    this.documentSequence.push(0);
    return this.documentDays.length - 1;
  }

  /**
   * Numbers the documents in date order (invoices `FA000001…`, credit notes `AV000001…`, as an invoicing system hands
   * them out) and returns the document indices in that order: by day, invoices before credit notes, then by insertion.
   */
  numberInDateOrder(firstDay: Day, lastDay: Day): Int32Array {
    if (this.order) return this.order;
    const keys = (lastDay - firstDay + 1) * 2;
    const starts = new Int32Array(keys + 1);
    const keyOf = (document: number) => (this.day(document) - firstDay) * 2 + this.documentIsCredit.get(document);
    for (let document = 0; document < this.documentCount; document++) {
      starts[keyOf(document) + 1] = (starts[keyOf(document) + 1] as number) + 1;
    }
    for (let key = 0; key < keys; key++) starts[key + 1] = (starts[key + 1] as number) + (starts[key] as number);
    const order = new Int32Array(this.documentCount);
    for (let document = 0; document < this.documentCount; document++) {
      const key = keyOf(document);
      order[starts[key] as number] = document;
      starts[key] = (starts[key] as number) + 1;
    }
    const sequences = [0, 0];
    for (const document of order) {
      const credit = this.documentIsCredit.get(document);
      sequences[credit] = (sequences[credit] as number) + 1;
      this.documentSequence.set(document, sequences[credit] as number);
    }
    this.order = order;
    return order;
  }

  type(document: number): DocumentType {
    return this.documentIsCredit.get(document) === 1 ? "AVOIR" : "FACTURE";
  }

  number(document: number): string {
    return `${this.documentIsCredit.get(document) === 1 ? "AV" : "FA"}${String(this.sequence(document)).padStart(6, "0")}`;
  }

  /** The document's number without its prefix: 123 for `FA000123`. */
  sequence(document: number): number {
    const sequence = this.documentSequence.get(document);
    if (sequence === 0) throw new Error("documents are numbered by numberInDateOrder()");
    return sequence;
  }

  day(document: number): Day {
    return this.documentDays.get(document);
  }

  customerIndex(document: number): number {
    return this.documentCustomers.get(document);
  }

  totalTtcCents(document: number): number {
    return this.documentTotals.get(document);
  }

  firstLine(document: number): number {
    return document === 0 ? 0 : this.documentLineEnds.get(document - 1);
  }

  /** One past the document's last line. */
  lineEnd(document: number): number {
    return this.documentLineEnds.get(document);
  }

  productIndex(line: number): number {
    return this.lineProducts.get(line);
  }

  quantity(line: number): number {
    return this.lineQuantities.get(line);
  }

  unitPriceHtCents(line: number): number {
    return this.lineUnitPrices.get(line);
  }

  amountHtCents(line: number): number {
    return this.lineAmountsHt.get(line);
  }

  amountTtcCents(line: number): number {
    return this.lineAmountsTtc.get(line);
  }

  marginCents(line: number): number {
    return this.lineMargins.get(line);
  }
}
