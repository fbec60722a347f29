import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ByteBuffer } from "./byte-buffer";
import { frenchCents, frenchDecimal } from "./csv-text";
import { Random } from "./random";
import { generateWinery, WINERY_FILE_HEADERS, type WineryFileName, writeWineryFiles } from "./winery";

const demo = generateWinery();

function fileOf(winery: ReturnType<typeof generateWinery>, name: WineryFileName): Buffer {
  const file = winery.files.find((candidate) => candidate.name === name);
  if (!file) throw new Error(`missing ${name}`);
  return file.content;
}

function textOf(name: WineryFileName): string {
  const content = fileOf(demo, name);
  return name === "clients.csv" ? iconv.decode(content, "windows-1252") : content.toString("utf8").replace(/^\uFEFF/, "");
}

function recordsOf(name: WineryFileName): Record<string, string>[] {
  return parse(textOf(name), { delimiter: ";", columns: true, record_delimiter: "\r\n", relax_quotes: false });
}

const byName = (name: WineryFileName) => recordsOf(name);
const sales = byName("ventes.csv");
const clients = byName("clients.csv");
const products = byName("produits.csv");

/** `1 234,56` → 123456 cents. */
function cents(text: string): number {
  const match = /^(-?)([\d\u00a0]+),(\d\d)$/.exec(text);
  if (!match) throw new Error(`not a French amount: "${text}"`);
  const value = Number(match[2]?.replaceAll("\u00a0", "")) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

function isoOf(frenchDate: string): string {
  const [day, month, year] = frenchDate.split("/");
  return `${year}-${month}-${day}`;
}

describe("random", () => {
  it("replays the same sequence for a seed and differs across seeds", () => {
    const draw = (seed: string) => {
      const random = new Random(seed);
      return Array.from({ length: 5 }, () => random.int(0, 1_000_000));
    };
    expect(draw("a")).toEqual(draw("a"));
    expect(draw("a")).not.toEqual(draw("b"));
    const random = new Random("weights");
    const picks = Array.from({ length: 2000 }, () => random.weightedIndex([1, 0, 3]));
    expect(picks).not.toContain(1);
    expect(picks.filter((pick) => pick === 2).length).toBeGreaterThan(1300);
  });
});

describe("French CSV text", () => {
  it("writes amounts with a decimal comma and a NO-BREAK SPACE thousands separator", () => {
    expect(frenchCents(123456)).toBe("1\u00a0234,56");
    expect(frenchCents(-5)).toBe("-0,05");
    expect(frenchCents(100000000)).toBe("1\u00a0000\u00a0000,00");
    expect(frenchDecimal(37.5, 1)).toBe("37,5");
    expect(frenchDecimal(75, 1)).toBe("75");
  });

  it("writes the same amount bytes directly as through strings", () => {
    const random = new Random("amounts");
    const values = [0, 5, -5, 99, 100, 99_999, 100_000, -123_456, 123_456_789, ...Array.from({ length: 500 }, () => random.int(-2e7, 2e7))];
    const bytes = new ByteBuffer(8);
    for (const value of values) {
      bytes.appendFrenchCents(value);
      bytes.appendSemicolon();
      bytes.appendInteger(value);
      bytes.appendSemicolon();
      bytes.appendPadded(Math.abs(value) % 1000, 6);
      bytes.appendUtf8("é\r\n");
    }
    const expected = values
      .map((value) => `${frenchCents(value)};${value};${String(Math.abs(value) % 1000).padStart(6, "0")}é\r\n`)
      .join("");
    expect(bytes.toBuffer().toString("utf8")).toBe(expected);
  });
});

describe("generateWinery", () => {
  it("is deterministic: the same options give byte-identical files, another seed other files", () => {
    const options = { seed: "determinism", customers: 300 };
    const first = generateWinery(options);
    const second = generateWinery(options);
    expect(second.files.map((file) => file.name)).toEqual(first.files.map((file) => file.name));
    for (const [index, file] of first.files.entries()) expect(second.files[index]?.content.equals(file.content)).toBe(true);
    expect(second.facts).toEqual(first.facts);
    const other = generateWinery({ ...options, seed: "another" });
    expect(fileOf(other, "ventes.csv").equals(fileOf(first, "ventes.csv"))).toBe(false);
    expect(fileOf(other, "clients.csv").equals(fileOf(first, "clients.csv"))).toBe(false);
  });

  it("writes the six files with their exact headers, encodings and CRLF line endings", () => {
    expect(demo.files.map((file) => file.name)).toEqual([
      "ventes.csv",
      "clients.csv",
      "produits.csv",
      "stock.csv",
      "contacts.csv",
      "grand_livre.csv",
    ]);
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const file of demo.files) {
      const name = file.name as WineryFileName;
      const withBom = name === "ventes.csv" || name === "produits.csv";
      expect(file.content.subarray(0, 3).equals(bom), name).toBe(withBom);
      const text = textOf(name);
      expect(text.slice(0, text.indexOf("\r\n")), name).toBe(WINERY_FILE_HEADERS[name].join(";"));
      expect(text.endsWith("\r\n"), name).toBe(true);
      // Only a quoted multi-line address may hold a bare line feed.
      if (name !== "clients.csv") expect(text.replaceAll("\r\n", "").includes("\n"), name).toBe(false);
    }
    expect(textOf("ventes.csv").slice(0, 200)).toContain(
      "Code client;Date livraison;Type document;N° document;N° ligne;Article;Produit;Quantité;PU HT;Montant HT;Montant TTC;Marge;Email;Code postal;Ville",
    );
  });

  it("produces about 2000 customers and 60 products by default", () => {
    expect(demo.facts.customers).toBe(2000);
    expect(clients).toHaveLength(2000);
    expect(demo.facts.products).toBeGreaterThanOrEqual(50);
    expect(demo.facts.products).toBeLessThanOrEqual(70);
    expect(products).toHaveLength(demo.facts.products);
    expect(sales).toHaveLength(demo.facts.salesLines);
    expect(new Set(sales.filter((row) => row["Type document"] === "FACTURE").map((row) => row["N° document"])).size).toBe(
      demo.facts.orders,
    );
  });

  it("has at least 30 % one-order customers, repeat buyers and visible December and summer peaks", () => {
    expect(demo.facts.oneOrderCustomers / demo.facts.customers).toBeGreaterThanOrEqual(0.3);
    expect(demo.facts.repeatCustomers / demo.facts.customers).toBeGreaterThanOrEqual(0.3);
    const ordersByCode = new Map<string, Set<string>>();
    for (const row of sales) {
      if (row["Type document"] !== "FACTURE") continue;
      const code = (row["Code client"] ?? "").trim().toUpperCase();
      const documents = ordersByCode.get(code) ?? new Set<string>();
      documents.add(row["N° document"] ?? "");
      ordersByCode.set(code, documents);
    }
    expect([...ordersByCode.values()].filter((documents) => documents.size === 1).length).toBe(demo.facts.oneOrderCustomers);
    const { ordersByMonth } = demo.facts;
    const mean = ordersByMonth.reduce((sum, count) => sum + count, 0) / 12;
    for (const peak of [6, 7, 11]) expect(ordersByMonth[peak]).toBeGreaterThan(1.4 * mean);
    expect(ordersByMonth[1]).toBeLessThan(mean);
    expect(demo.facts.favouriteFamilyLineShare).toBeGreaterThan(0.6);
    expect(demo.facts.favouriteFamilyLineShare).toBeLessThan(0.8);
  });

  it("encodes clients.csv in Windows-1252, with accents, œ and no replacement characters", () => {
    const raw = fileOf(demo, "clients.csv");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(raw)).toThrow();
    const text = textOf("clients.csv");
    expect(text).toMatch(/[éèêëàçïôü]/);
    expect(text).toContain("œ");
    expect(text).not.toContain("\ufffd");
    expect(iconv.encode(text, "windows-1252").equals(raw)).toBe(true);
    expect(
      text.startsWith(
        "Code client;Nom;Prénom;Email;Téléphone;Adresse;Code postal;Ville;Pays;Date de naissance;Optin email;Date création\r\n",
      ),
    ).toBe(true);
  });

  it("keeps the messy customer cases: odd addresses, one formula name, shared and invalid emails, minors", () => {
    const text = textOf("clients.csv");
    expect(text).toMatch(/;"\d+[^";]*\n[^"]+";/);
    expect(clients.some((row) => row.Adresse?.includes("\n"))).toBe(true);
    expect(clients.some((row) => row.Adresse?.includes(";"))).toBe(true);
    expect(clients.filter((row) => row.Nom?.startsWith("="))).toEqual([
      expect.objectContaining({ Nom: '=HYPERLINK("http://x.example","clic")', "Code client": demo.facts.formulaNameCode }),
    ]);

    const codesByEmail = new Map<string, string[]>();
    for (const row of clients) {
      const key = (row.Email ?? "").trim().toLowerCase();
      if (/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(key)) codesByEmail.set(key, [...(codesByEmail.get(key) ?? []), row.Email ?? ""]);
    }
    const shared = [...codesByEmail.values()].filter((spellings) => spellings.length > 1);
    expect(shared.length).toBe(demo.facts.sharedEmailPairs);
    expect(shared.length).toBeGreaterThanOrEqual(10);
    expect(shared.every((spellings) => spellings[0] !== spellings[1])).toBe(true);
    expect(clients.filter((row) => row.Email === "").length).toBe(demo.facts.customersWithoutEmail);
    expect(clients.some((row) => row.Email === "jean.dupont@")).toBe(true);
    expect(clients.some((row) => row.Email === "sans-email")).toBe(true);

    expect(demo.facts.minors).toBeGreaterThanOrEqual(2);
    expect(demo.facts.minors).toBeLessThanOrEqual(3);
    const eighteenYearsBeforeEnd = "2008-09-30";
    const minors = clients.filter((row) => row["Date de naissance"] && isoOf(row["Date de naissance"]) > eighteenYearsBeforeEnd);
    expect(minors.map((row) => row["Code client"]).sort()).toEqual(demo.facts.minorCodes);
    const births = clients.filter((row) => row["Date de naissance"]).length / clients.length;
    expect(births).toBeGreaterThan(0.5);
    expect(births).toBeLessThan(0.7);

    const optins = new Set(clients.map((row) => (/^\d\d\/\d\d\/\d{4}$/.test(row["Optin email"] ?? "") ? "date" : row["Optin email"])));
    expect([...optins].sort()).toEqual(["", "0", "1", "date", "non", "oui"]);
    const blankOptins = clients.filter((row) => row["Optin email"] === "").length / clients.length;
    expect(blankOptins).toBeGreaterThan(0.2);
    expect(blankOptins).toBeLessThan(0.3);
    expect(clients.every((row) => /^C\d{5}$/.test(row["Code client"] ?? ""))).toBe(true);
    expect(clients.every((row) => /^\d{5}$/.test(row["Code postal"] ?? ""))).toBe(true);
  });

  it("writes sales lines whose amounts add up, with credit notes and odd customer-code spellings", () => {
    for (const row of sales) {
      const ht = cents(row["Montant HT"] ?? "");
      expect(cents(row["Montant TTC"] ?? "")).toBe(Math.sign(ht) * Math.round((Math.abs(ht) * 6) / 5));
      const quantity = Number(row.Quantité);
      expect(Math.abs(cents(row["PU HT"] ?? "") * quantity - ht)).toBeLessThanOrEqual(Math.abs(quantity));
      expect(row["Date livraison"]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    }
    const firstPurchase = new Map<string, string>();
    for (const row of sales) {
      if (row["Type document"] !== "FACTURE") continue;
      const key = `${row["Code client"]?.trim().toUpperCase()}/${row.Article}`;
      const day = isoOf(row["Date livraison"] ?? "");
      if (!firstPurchase.has(key) || day < (firstPurchase.get(key) ?? "")) firstPurchase.set(key, day);
    }
    const creditNotes = sales.filter((row) => row["Type document"] === "AVOIR");
    expect(creditNotes.length).toBeGreaterThan(0);
    expect(creditNotes.length).toBe(demo.facts.creditNotes);
    for (const row of creditNotes) {
      expect(row["N° document"]).toMatch(/^AV\d{6}$/);
      expect(Number(row.Quantité)).toBeLessThan(0);
      expect(cents(row["Montant HT"] ?? "")).toBeLessThan(0);
      const bought = firstPurchase.get(`${row["Code client"]?.trim().toUpperCase()}/${row.Article}`);
      const boughtBefore = bought !== undefined && bought <= isoOf(row["Date livraison"] ?? "");
      expect(boughtBefore).toBe(true);
    }
    expect(sales.every((row) => /^(FA|AV)\d{6}$/.test(row["N° document"] ?? ""))).toBe(true);
    expect(sales.some((row) => row["Montant HT"]?.includes("\u00a0"))).toBe(true);
    const margins = sales.filter((row) => row.Marge !== "").length / sales.length;
    expect(margins).toBeGreaterThan(0.65);
    expect(margins).toBeLessThan(0.75);
    expect(sales.some((row) => /^c\d{5}$/.test(row["Code client"] ?? ""))).toBe(true);
    expect(sales.some((row) => /^ C\d{5}$/.test(row["Code client"] ?? ""))).toBe(true);
    const knownCodes = new Set(clients.map((row) => row["Code client"]));
    expect(sales.every((row) => knownCodes.has(row["Code client"]?.trim().toUpperCase()))).toBe(true);
  });

  it("creates every customer no later than their first order, within the history", () => {
    const firstOrder = new Map<string, string>();
    for (const row of sales) {
      const code = (row["Code client"] ?? "").trim().toUpperCase();
      const day = isoOf(row["Date livraison"] ?? "");
      if (!firstOrder.has(code) || day < (firstOrder.get(code) ?? "")) firstOrder.set(code, day);
    }
    for (const row of clients) {
      const created = isoOf(row["Date création"] ?? "");
      expect(created >= "2023-10-01" && created <= "2026-09-30").toBe(true);
      const first = firstOrder.get(row["Code client"] ?? "");
      if (first) expect(created <= first).toBe(true);
    }
    expect(demo.facts.lastSaleDate).not.toBeNull();
    expect((demo.facts.lastSaleDate ?? "") <= "2026-09-30").toBe(true);
  });

  it("describes a consistent catalogue, stock, contact history and ledger", () => {
    const families = new Set(products.map((row) => row["Famille CRM"]));
    expect([...families].sort()).toEqual(["Blanc", "Effervescent", "Liquoreux", "Rosé", "Rouge"]);
    expect(products.some((row) => row["Contenance (cl)"] === "37,5")).toBe(true);
    expect(products.some((row) => row["Contenance (cl)"] === "150")).toBe(true);
    expect(products.filter((row) => row.Article?.startsWith("CARTON6-") && row["Contenance (cl)"] === "450")).toHaveLength(2);
    expect(products.some((row) => row["Premium tier"] === "Premium")).toBe(true);
    expect(products.some((row) => /^[0-3]$/.test(row["Premium tier"] ?? ""))).toBe(true);
    for (const row of products) {
      expect(row.Produit?.replace(/ \d{4}$/, "")).not.toMatch(/\d{4}/);
      const ttc = cents(row["Prix TTC"] ?? "");
      expect(ttc).toBeGreaterThanOrEqual(800);
      expect(ttc).toBeLessThanOrEqual(12000);
      if (row["Prix HT"]) expect(cents(row["Prix HT"])).toBe(Math.round((ttc * 5) / 6));
    }
    const inactive = products.filter((row) => row.Actif === "non").length / products.length;
    expect(inactive).toBeGreaterThan(0.05);
    expect(inactive).toBeLessThan(0.15);
    const withAromas = products.filter((row) => row["Arôme fruit"] !== "").length / products.length;
    expect(withAromas).toBeGreaterThan(0.7);

    const stock = byName("stock.csv");
    expect(new Set(stock.map((row) => row.Entrepôt))).toEqual(new Set(["Chai", "Boutique"]));
    const activeArticles = new Set(products.filter((row) => row.Actif === "oui").map((row) => row.Article));
    expect(stock.every((row) => activeArticles.has(row.Article))).toBe(true);

    const contacts = byName("contacts.csv");
    expect(contacts).toHaveLength(demo.facts.contactRows);
    const statuses = new Set(contacts.map((row) => row.Statut));
    for (const status of ["envoye", "ouvert", "clic", "bounce", "desinscrit"]) expect(statuses).toContain(status);
    expect(contacts.some((row) => row["Code client"] === "" && row.Email !== "")).toBe(true);

    const ledger = byName("grand_livre.csv");
    expect(ledger).toHaveLength(demo.facts.ledgerEntries);
    expect(ledger.every((row) => row.Compte === `411${row["Code client"]}`)).toBe(true);
    const balanceByLettering = new Map<string, number>();
    for (const row of ledger) {
      if (!row.Lettrage) continue;
      const key = `${row.Compte}/${row.Lettrage}`;
      const debit = row.Débit ? cents(row.Débit) : 0;
      const credit = row.Crédit ? cents(row.Crédit) : 0;
      balanceByLettering.set(key, (balanceByLettering.get(key) ?? 0) + debit - credit);
    }
    expect([...balanceByLettering.values()].every((balance) => balance === 0)).toBe(true);
    expect(demo.facts.overdueAbove50Customers).toBeGreaterThan(0);
    expect(demo.facts.smallOverdueCustomers).toBeGreaterThan(0);
  });

  it("writes the files to a directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "winery-"));
    try {
      const paths = await writeWineryFiles(join(dir, "inbox"), { customers: 50, seed: "files" });
      expect(paths.map((path) => path.slice(path.lastIndexOf("/") + 1))).toEqual(Object.keys(WINERY_FILE_HEADERS));
      const expected = generateWinery({ customers: 50, seed: "files" });
      for (const [index, path] of paths.entries())
        expect((await readFile(path)).equals(expected.files[index]?.content ?? Buffer.alloc(0))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("scales to tens of thousands of customers", () => {
    const large = generateWinery({ customers: 20_000, seed: "scale" });
    expect(large.facts.customers).toBe(20_000);
    expect(large.facts.salesLines).toBeGreaterThan(120_000);
    expect(large.facts.oneOrderCustomers / large.facts.customers).toBeGreaterThanOrEqual(0.3);
    const salesText = fileOf(large, "ventes.csv").toString("utf8");
    expect(salesText.split("\r\n").length - 2).toBe(large.facts.salesLines);
  });

  it("rejects impossible options", () => {
    expect(() => generateWinery({ customers: -1 })).toThrow(RangeError);
    expect(() => generateWinery({ startDate: "2026-02-30" })).toThrow(RangeError);
    expect(() => generateWinery({ startDate: "2026-09-01", endDate: "2026-09-30" })).toThrow(RangeError);
  });
});
