/**
 * A seeded, realistic French winery: the iSaVigne exports (sales, customers, products, stock), the emailing
 * history and the iSaCompta customer ledger, written as the messy French CSV files a winery would drop in the inbox.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Day, dayFromIso, frenchDate, type HistoryWindow, isoFromDay, MonthLookup } from "./calendar";
import { buildCatalog, type Product } from "./catalog";
import { buildContactHistory, type ContactRow } from "./contacts";
import { type CsvEncoding, CsvTable, csvField, frenchCents, frenchDecimal } from "./csv-text";
import { buildCustomers, type Customer, isMinorAt } from "./customers";
import { buildCustomerLedger, type LedgerEntry } from "./ledger";
import { htFromTtcCents } from "./money";
import { Random } from "./random";
import { type SalesHistory, simulateSales } from "./sales";
import type { SalesBook } from "./sales-book";
import { buildStock, type StockRow } from "./stock";

export interface WineryOptions {
  /** Any string; the same options always give byte-identical files. Default `crm-reco-demo`. */
  seed?: string;
  /** Number of customer records. Default 2000. */
  customers?: number;
  /** First day of the history, ISO `YYYY-MM-DD` (UTC). Default `2023-10-01`. */
  startDate?: string;
  /** Last day of the history, ISO `YYYY-MM-DD` (UTC). Default `2026-09-30`. */
  endDate?: string;
}

export interface GeneratedFile {
  name: string;
  content: Buffer;
}

/** Counts taken while generating, for tests and benchmarks. */
export interface WineryFacts {
  seed: string;
  startDate: string;
  endDate: string;
  customers: number;
  products: number;
  activeProducts: number;
  /** Invoices (`FACTURE` documents); credit notes are not orders. */
  orders: number;
  creditNotes: number;
  /** Every line of ventes.csv, credit-note lines included. */
  salesLines: number;
  oneOrderCustomers: number;
  repeatCustomers: number;
  customersWithoutOrders: number;
  /** Invoices per calendar month, January first: the December and summer peaks show here. */
  ordersByMonth: number[];
  /** Share of invoice lines in the buyer's latent favourite family. */
  favouriteFamilyLineShare: number;
  lastSaleDate: string | null;
  customersWithoutEmail: number;
  invalidEmails: number;
  /** Pairs of customer codes sharing one mailbox, spelt differently. */
  sharedEmailPairs: number;
  minors: number;
  minorCodes: string[];
  multiLineAddresses: number;
  formulaNameCode: string | null;
  contactRows: number;
  stockRows: number;
  outOfStockActiveArticles: number;
  ledgerEntries: number;
  overdueAbove50Customers: number;
  smallOverdueCustomers: number;
}

export interface GeneratedWinery {
  files: GeneratedFile[];
  facts: WineryFacts;
}

const header = (line: string) => line.split(";");

/** Exact header lines of the generated files, as iSaVigne and iSaCompta spell them. */
export const WINERY_FILE_HEADERS = {
  "ventes.csv": header(
    "Code client;Date livraison;Type document;N° document;N° ligne;Article;Produit;Quantité;PU HT;Montant HT;Montant TTC;Marge;Email;Code postal;Ville",
  ),
  "clients.csv": header(
    "Code client;Nom;Prénom;Email;Téléphone;Adresse;Code postal;Ville;Pays;Date de naissance;Optin email;Date création",
  ),
  "produits.csv": header(
    "Article;Produit;Millésime;Famille CRM;Couleur;Sucrosité;Cépages;Appellation;Contenance (cl);Prix TTC;Prix HT;Premium tier;Actif;" +
      "Arôme fruit;Arôme floral;Arôme épicé;Arôme minéral;Arôme acidité;Arôme corps;Arôme tanin",
  ),
  "stock.csv": header("Article;Entrepôt;Quantité"),
  "contacts.csv": header("Code client;Email;Date contact;Canal;Statut;Campagne"),
  "grand_livre.csv": header("Compte;Code client;Date écriture;Pièce;Libellé;Débit;Crédit;Lettrage;Date échéance"),
} as const satisfies Record<string, readonly string[]>;

export type WineryFileName = keyof typeof WINERY_FILE_HEADERS;

export const WINERY_FILE_ENCODINGS: Record<WineryFileName, CsvEncoding> = {
  "ventes.csv": "utf8-bom",
  "clients.csv": "windows-1252",
  "produits.csv": "utf8-bom",
  "stock.csv": "utf8",
  "contacts.csv": "utf8",
  "grand_livre.csv": "utf8",
};

const DEFAULTS = { seed: "crm-reco-demo", customers: 2000, startDate: "2023-10-01", endDate: "2026-09-30" };

function resolveOptions(options: WineryOptions): Required<WineryOptions> & { window: HistoryWindow } {
  const resolved = {
    seed: options.seed ?? DEFAULTS.seed,
    customers: options.customers ?? DEFAULTS.customers,
    startDate: options.startDate ?? DEFAULTS.startDate,
    endDate: options.endDate ?? DEFAULTS.endDate,
  };
  if (!Number.isInteger(resolved.customers) || resolved.customers < 0) {
    throw new RangeError(`customers must be a non-negative integer, got ${resolved.customers}`);
  }
  const window = { start: dayFromIso(resolved.startDate), end: dayFromIso(resolved.endDate) };
  if (window.end - window.start < 180) throw new RangeError("the history must span at least 180 days");
  return { ...resolved, window };
}

export function generateWinery(options: WineryOptions = {}): GeneratedWinery {
  const { seed, customers: customerCount, startDate, endDate, window } = resolveOptions(options);
  const random = new Random(seed);
  const products = buildCatalog(random.fork("catalog"), window);
  const { customers, specialCases } = buildCustomers(random.fork("customers"), customerCount, window);

  // Each file is built by its own function so that its intermediate rows can be collected before the next one.
  const sales = salesAndLedgerFiles(random, customers, products, window);
  const contacts = contactsFile(random, customers, window);
  const stock = buildStock(random.fork("stock"), products);
  const contents: Record<WineryFileName, Buffer> = {
    "ventes.csv": sales.ventes,
    "clients.csv": customersTable(customers).toBuffer(),
    "produits.csv": productsTable(products).toBuffer(),
    "stock.csv": stockTable(stock.rows).toBuffer(),
    "contacts.csv": contacts.content,
    "grand_livre.csv": sales.ledger,
  };
  const files = (Object.keys(WINERY_FILE_HEADERS) as WineryFileName[]).map((name) => ({ name, content: contents[name] }));

  const facts: WineryFacts = {
    seed,
    startDate,
    endDate,
    customers: customers.length,
    products: products.length,
    activeProducts: products.filter((product) => product.active).length,
    ...sales.facts,
    customersWithoutEmail: specialCases.missingEmails,
    invalidEmails: specialCases.invalidEmails,
    sharedEmailPairs: specialCases.sharedEmailPairs,
    minors: customers.filter((customer) => isMinorAt(customer, window.end)).length,
    minorCodes: specialCases.minorCodes,
    multiLineAddresses: specialCases.multiLineAddresses,
    formulaNameCode: specialCases.formulaNameCode,
    contactRows: contacts.rows,
    stockRows: stock.rows.length,
    outOfStockActiveArticles: stock.outOfStockActiveArticles,
  };
  return { files, facts };
}

type SalesFacts = Pick<
  WineryFacts,
  | "orders"
  | "creditNotes"
  | "salesLines"
  | "oneOrderCustomers"
  | "repeatCustomers"
  | "customersWithoutOrders"
  | "ordersByMonth"
  | "favouriteFamilyLineShare"
  | "lastSaleDate"
  | "ledgerEntries"
  | "overdueAbove50Customers"
  | "smallOverdueCustomers"
>;

function salesAndLedgerFiles(
  random: Random,
  customers: readonly Customer[],
  products: readonly Product[],
  window: HistoryWindow,
): { ventes: Buffer; ledger: Buffer; facts: SalesFacts } {
  const sales = simulateSales(random.fork("sales"), customers, products, window);
  const ledger = ledgerFile(random, customers, sales, window);
  const ventes = salesTable(random.fork("formatting"), sales.book, sales.chronological, customers, products).toBuffer();

  const { book, chronological } = sales;
  const months = new MonthLookup(window);
  const ordersByMonth = new Array<number>(12).fill(0);
  let favouriteLines = 0;
  let invoiceLines = 0;
  for (const document of chronological) {
    if (book.type(document) !== "FACTURE") continue;
    const month = months.month(book.day(document)) - 1;
    ordersByMonth[month] = (ordersByMonth[month] as number) + 1;
    const favourite = (customers[book.customerIndex(document)] as Customer).favouriteFamily;
    for (let line = book.firstLine(document); line < book.lineEnd(document); line++) {
      invoiceLines++;
      if ((products[book.productIndex(line)] as Product).family === favourite) favouriteLines++;
    }
  }
  let oneOrderCustomers = 0;
  let repeatCustomers = 0;
  for (const count of sales.invoicesByCustomer) {
    if (count === 1) oneOrderCustomers++;
    else if (count > 1) repeatCustomers++;
  }
  const lastDocument = chronological[chronological.length - 1];
  return {
    ventes,
    ledger: ledger.content,
    facts: {
      orders: sales.invoiceCount,
      creditNotes: sales.creditNoteCount,
      salesLines: book.lineCount,
      oneOrderCustomers,
      repeatCustomers,
      customersWithoutOrders: customers.length - oneOrderCustomers - repeatCustomers,
      ordersByMonth,
      favouriteFamilyLineShare: invoiceLines === 0 ? 0 : favouriteLines / invoiceLines,
      lastSaleDate: lastDocument === undefined ? null : isoFromDay(book.day(lastDocument)),
      ...ledger.facts,
    },
  };
}

function ledgerFile(random: Random, customers: readonly Customer[], sales: SalesHistory, window: HistoryWindow) {
  const ledger = buildCustomerLedger(random.fork("ledger"), customers, sales.book, sales.chronological, window);
  return {
    content: ledgerTable(ledger.entries).toBuffer(),
    facts: {
      ledgerEntries: ledger.entries.length,
      overdueAbove50Customers: ledger.overdueAbove50Customers,
      smallOverdueCustomers: ledger.smallOverdueCustomers,
    },
  };
}

function contactsFile(random: Random, customers: readonly Customer[], window: HistoryWindow) {
  const contacts = buildContactHistory(random.fork("contacts"), customers, window);
  return { content: contactsTable(contacts).toBuffer(), rows: contacts.length };
}

/** Writes the generated files into `dir` (created if needed) and returns their paths, in the order of `files`. */
export async function writeWineryFiles(dir: string, options: WineryOptions = {}): Promise<string[]> {
  const { files } = generateWinery(options);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    await writeFile(path, file.content);
    paths.push(path);
  }
  return paths;
}

function salesTable(
  random: Random,
  book: SalesBook,
  chronological: Int32Array,
  customers: readonly Customer[],
  products: readonly Product[],
): CsvTable {
  const table = new CsvTable(WINERY_FILE_HEADERS["ventes.csv"], WINERY_FILE_ENCODINGS["ventes.csv"]);
  // A million lines: every text piece is escaped and encoded once, then lines are assembled byte by byte.
  const utf8 = (text: string) => Buffer.from(text, "utf8");
  const labels = products.map((product) => ({
    article: utf8(`${csvField(product.article)};`),
    usual: utf8(`${csvField(product.label)};`),
    shouted: utf8(`${csvField(product.label.toUpperCase())};`),
  }));
  const documentTypes = { FACTURE: utf8(";FACTURE;FA"), AVOIR: utf8(";AVOIR;AV") };
  const dates = new Map<Day, Buffer>();
  const customerPieces = new Array<{ code: Buffer; email: Buffer; town: Buffer } | undefined>(customers.length);
  const noTown = utf8(";");
  const out = table.lineWriter();
  for (const document of chronological) {
    const customerIndex = book.customerIndex(document);
    let customer = customerPieces[customerIndex];
    if (!customer) {
      const { salesCodeSpelling, email, postcode, city } = customers[customerIndex] as Customer;
      customer = {
        code: utf8(`${csvField(salesCodeSpelling)};`),
        email: utf8(`;${csvField(email)};`),
        town: utf8(`${csvField(postcode)};${csvField(city)}`),
      };
      customerPieces[customerIndex] = customer;
    }
    const day = book.day(document);
    let date = dates.get(day);
    if (!date) {
      date = utf8(frenchDate(day));
      dates.set(day, date);
    }
    const withEmail = !random.chance(0.08);
    const withTown = !random.chance(0.04);
    const first = book.firstLine(document);
    for (let line = first; line < book.lineEnd(document); line++) {
      const label = labels[book.productIndex(line)] as (typeof labels)[number];
      const withMargin = random.chance(0.7);
      const shouted = random.chance(0.02);
      out.append(customer.code);
      out.append(date);
      out.append(documentTypes[book.type(document)]);
      out.appendPadded(book.sequence(document), 6);
      out.appendSemicolon();
      out.appendInteger(line - first + 1);
      out.appendSemicolon();
      out.append(label.article);
      out.append(shouted ? label.shouted : label.usual);
      out.appendInteger(book.quantity(line));
      out.appendSemicolon();
      out.appendFrenchCents(book.unitPriceHtCents(line));
      out.appendSemicolon();
      out.appendFrenchCents(book.amountHtCents(line));
      out.appendSemicolon();
      out.appendFrenchCents(book.amountTtcCents(line));
      out.appendSemicolon();
      if (withMargin) out.appendFrenchCents(book.marginCents(line));
      if (withEmail) out.append(customer.email);
      else out.append(SEMICOLONS_AROUND_BLANK);
      out.append(withTown ? customer.town : noTown);
      table.endLine();
    }
  }
  return table;
}

const SEMICOLONS_AROUND_BLANK = Buffer.from(";;");

function customersTable(customers: readonly Customer[]): CsvTable {
  const table = new CsvTable(WINERY_FILE_HEADERS["clients.csv"], WINERY_FILE_ENCODINGS["clients.csv"]);
  for (const customer of customers) {
    table.addRow([
      customer.code,
      customer.lastName,
      customer.firstName,
      customer.email,
      customer.phone,
      customer.address,
      customer.postcode,
      customer.city,
      customer.country,
      customer.birthDay === null ? "" : frenchDate(customer.birthDay),
      customer.optinText,
      frenchDate(customer.joinDay),
    ]);
  }
  return table;
}

function productsTable(products: readonly Product[]): CsvTable {
  const table = new CsvTable(WINERY_FILE_HEADERS["produits.csv"], WINERY_FILE_ENCODINGS["produits.csv"]);
  for (const product of products) {
    table.addRow([
      product.article,
      product.label,
      String(product.vintage),
      product.family,
      product.colour,
      product.sweetness,
      product.grapes,
      product.appellation,
      frenchDecimal(product.contenanceCl, 1),
      frenchCents(product.priceTtcCents),
      product.showsPriceHt ? frenchCents(htFromTtcCents(product.priceTtcCents)) : "",
      product.tierText,
      product.active ? "oui" : "non",
      ...(product.aromas ? product.aromas.map(String) : ["", "", "", "", "", "", ""]),
    ]);
  }
  return table;
}

function stockTable(rows: readonly StockRow[]): CsvTable {
  const table = new CsvTable(WINERY_FILE_HEADERS["stock.csv"], WINERY_FILE_ENCODINGS["stock.csv"]);
  for (const row of rows) table.addRow([row.article, row.warehouse, String(row.quantity)]);
  return table;
}

function contactsTable(rows: readonly ContactRow[]): CsvTable {
  const table = new CsvTable(WINERY_FILE_HEADERS["contacts.csv"], WINERY_FILE_ENCODINGS["contacts.csv"]);
  for (const row of rows) table.addRow([row.code, row.email, frenchDate(row.day), row.channel, row.status, row.campaign]);
  return table;
}

function ledgerTable(entries: readonly LedgerEntry[]): CsvTable {
  const table = new CsvTable(WINERY_FILE_HEADERS["grand_livre.csv"], WINERY_FILE_ENCODINGS["grand_livre.csv"]);
  for (const entry of entries) {
    table.addRow([
      entry.account,
      entry.code,
      frenchDate(entry.day),
      entry.piece,
      entry.label,
      entry.debitCents === 0 ? "" : frenchCents(entry.debitCents),
      entry.creditCents === 0 ? "" : frenchCents(entry.creditCents),
      entry.lettering,
      entry.dueDay === null ? "" : frenchDate(entry.dueDay),
    ]);
  }
  return table;
}
