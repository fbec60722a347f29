/**
 * The iSaCompta customer ledger (grand livre clients) for the last six months of invoices: each invoice is a debit
 * and, once paid, a credit carrying the same lettering code. A few customers leave invoices unpaid.
 */
import type { Day, HistoryWindow } from "./calendar";
import type { Customer } from "./customers";
import type { Random } from "./random";
import type { SalesBook } from "./sales-book";

export interface LedgerEntry {
  account: string;
  code: string;
  day: Day;
  piece: string;
  label: string;
  debitCents: number;
  creditCents: number;
  lettering: string;
  dueDay: Day | null;
}

export interface CustomerLedger {
  entries: LedgerEntry[];
  /** Customers whose invoices past their due date still owe more than 50 € at the end of the history. */
  overdueAbove50Customers: number;
  /** Customers owing a past-due amount of at most 50 €. */
  smallOverdueCustomers: number;
  /** Customers with any unpaid amount (due or not). */
  customersWithOutstanding: number;
}

const LEDGER_MONTHS_DAYS = 183;
const PAYMENT_TERM_DAYS = 30;
const UNPAID_CUSTOMER_SHARE = 0.03;
const OVERDUE_THRESHOLD_CENTS = 5000;

type UnpaidPlan = "overdue" | "small-overdue" | "not-yet-due";

/** AA, AB, … AZ, BA, … ZZ, AAA, … as iSaCompta hands out lettering codes per account. */
export function letteringCode(sequence: number): string {
  let code = "";
  let rest = sequence + 26; // start at two letters
  while (rest >= 26) {
    code = String.fromCharCode(65 + (rest % 26)) + code;
    rest = Math.floor(rest / 26) - 1;
  }
  return String.fromCharCode(65 + rest) + code;
}

function paymentDelay(random: Random): { method: string; delay: number } {
  const method = random.weightedChoice<string>([
    ["CB", 55],
    ["espèces", 5],
    ["chèque", 20],
    ["virement", 20],
  ]);
  const delay = method === "chèque" ? random.int(0, 12) : method === "virement" ? random.int(3, 50) : 0;
  return { method, delay };
}

export function buildCustomerLedger(
  random: Random,
  customers: readonly Customer[],
  book: SalesBook,
  chronological: Int32Array,
  window: HistoryWindow,
): CustomerLedger {
  const firstDay = window.end - LEDGER_MONTHS_DAYS;
  const documentsByCustomer = new Map<number, number[]>();
  for (const document of chronological) {
    if (book.day(document) < firstDay) continue;
    const list = documentsByCustomer.get(book.customerIndex(document)) ?? [];
    list.push(document);
    documentsByCustomer.set(book.customerIndex(document), list);
  }

  const withInvoices = [...documentsByCustomer.keys()].sort((x, y) => x - y);
  const unpaidCount = Math.min(withInvoices.length, Math.max(2, Math.round(customers.length * UNPAID_CUSTOMER_SHARE)));
  const plans = new Map<number, UnpaidPlan>();
  random.sample(withInvoices, unpaidCount).forEach((index, position) => {
    const plan: UnpaidPlan =
      position === 0
        ? "overdue"
        : position === 1
          ? "small-overdue"
          : random.weightedChoice<UnpaidPlan>([
              ["overdue", 65],
              ["small-overdue", 15],
              ["not-yet-due", 20],
            ]);
    plans.set(index, plan);
  });

  const entries: LedgerEntry[] = [];
  let overdueAbove50Customers = 0;
  let smallOverdueCustomers = 0;
  let customersWithOutstanding = 0;
  for (const index of withInvoices) {
    const customer = customers[index] as Customer;
    const customerDocuments = documentsByCustomer.get(index) ?? [];
    const invoices = customerDocuments.filter((document) => book.type(document) === "FACTURE");
    const unpaid = chooseUnpaidInvoice(random, plans.get(index), invoices, book, window.end);
    const account = `411${customer.code}`;
    const name = customer.lastName.toUpperCase();
    const customerEntries: LedgerEntry[] = [];
    let letterings = 0;
    let overdueCents = 0;
    let outstandingCents = 0;
    const entry = (fields: Omit<LedgerEntry, "account" | "code">) => customerEntries.push({ account, code: customer.code, ...fields });

    for (const document of customerDocuments) {
      const day = book.day(document);
      const number = book.number(document);
      if (book.type(document) === "AVOIR") {
        const refundDay = day + random.int(0, 15);
        const settled = refundDay <= window.end;
        const lettering = settled ? letteringCode(letterings++) : "";
        const amount = -book.totalTtcCents(document);
        entry({ day, piece: number, label: `Avoir ${number} ${name}`, debitCents: 0, creditCents: amount, lettering, dueDay: null });
        if (settled) {
          entry({
            day: refundDay,
            piece: `RB${number.slice(2)}`,
            label: `Remboursement avoir ${number}`,
            debitCents: amount,
            creditCents: 0,
            lettering,
            dueDay: null,
          });
        } else {
          outstandingCents -= amount;
        }
        continue;
      }
      const dueDay = day + PAYMENT_TERM_DAYS;
      const amount = book.totalTtcCents(document);
      const { method, delay } = paymentDelay(random);
      const paymentDay = day + delay;
      const piece = `RG${number.slice(2)}`;
      const paymentLabel = `Règlement ${method} ${number}`;
      const invoiceLine = { day, piece: number, label: `Facture ${number} ${name}`, debitCents: amount, creditCents: 0, dueDay };
      let owed = 0;
      if (document === unpaid.invoice && unpaid.remainderCents > 0 && unpaid.remainderCents < amount) {
        // A partial payment stays unlettered until the balance is settled.
        entry({ ...invoiceLine, lettering: "" });
        entry({
          day: Math.min(window.end, paymentDay),
          piece,
          label: `${paymentLabel} (acompte)`,
          debitCents: 0,
          creditCents: amount - unpaid.remainderCents,
          lettering: "",
          dueDay: null,
        });
        owed = unpaid.remainderCents;
      } else if (document === unpaid.invoice || paymentDay > window.end) {
        entry({ ...invoiceLine, lettering: "" });
        owed = amount;
      } else {
        const lettering = letteringCode(letterings++);
        entry({ ...invoiceLine, lettering });
        entry({ day: paymentDay, piece, label: paymentLabel, debitCents: 0, creditCents: amount, lettering, dueDay: null });
      }
      outstandingCents += owed;
      if (dueDay < window.end) overdueCents += owed;
    }
    if (overdueCents > OVERDUE_THRESHOLD_CENTS) overdueAbove50Customers++;
    else if (overdueCents > 0) smallOverdueCustomers++;
    if (outstandingCents > 0) customersWithOutstanding++;
    customerEntries.sort((x, y) => x.day - y.day || y.debitCents - x.debitCents);
    entries.push(...customerEntries);
  }
  return { entries, overdueAbove50Customers, smallOverdueCustomers, customersWithOutstanding };
}

function chooseUnpaidInvoice(
  random: Random,
  plan: UnpaidPlan | undefined,
  invoices: readonly number[],
  book: SalesBook,
  end: Day,
): { invoice: number | null; remainderCents: number } {
  const none = { invoice: null, remainderCents: 0 };
  if (plan === undefined || invoices.length === 0) return none;
  const pastDue = invoices.filter((invoice) => book.day(invoice) + PAYMENT_TERM_DAYS < end);
  if (plan === "overdue") {
    const large = pastDue.filter((invoice) => book.totalTtcCents(invoice) > OVERDUE_THRESHOLD_CENTS);
    if (large.length > 0) return { invoice: random.pick(large), remainderCents: 0 };
  }
  if (plan === "small-overdue" || plan === "overdue") {
    const payable = pastDue.filter((invoice) => book.totalTtcCents(invoice) > 600);
    if (payable.length > 0) {
      const invoice = random.pick(payable);
      const remainderCents = random.int(500, Math.min(OVERDUE_THRESHOLD_CENTS, book.totalTtcCents(invoice) - 100));
      return { invoice, remainderCents };
    }
  }
  return { invoice: invoices[invoices.length - 1] as number, remainderCents: 0 };
}
