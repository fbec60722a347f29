import { buildCampaignCsv } from "@crm-reco/core";
import { migrateToLatest, openDatabase } from "@crm-reco/db";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestOutput } from "../contracts";
import { IngestTestBench, type RejectTuple, type TableCounts } from "./ingest-test-harness";

/**
 * The corpus of deliberately bad inputs (issue 4): each case is one small drop built here, ingested by the real
 * stage (local S3, PGlite); the test asserts the exact rejects and how many canonical rows each table gained.
 * Every case uses its own codes, so the row-count deltas of one case do not depend on the others.
 */
const SALES = "Code client;Date livraison;Type document;N° document;Article;Produit;Quantité;PU HT;Montant HT";
const CLIENTS = "Code client;Nom;Prénom;Email;Adresse;Ville";
const lines = (...rows: string[]) => `${rows.join("\r\n")}\r\n`;
const INVALID_DATE = "date_livraison: not a valid date (DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD)";

/** Deterministic pseudo-random bytes (a linear congruential sequence): binary garbage without Math.random. */
function garbage(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Export");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

interface BadInput {
  name: string;
  files: () => Promise<Array<[string, Buffer | string]>> | Array<[string, Buffer | string]>;
  rejects: RejectTuple[];
  /** Canonical rows gained (tables not named: 0). */
  gained: Partial<TableCounts>;
  /** Run figures to check beside the rejects. */
  counts?: Partial<IngestOutput["counts"]>;
  /** Extra checks on what landed. */
  check?: (bench: IngestTestBench) => Promise<void>;
}

const CASES: BadInput[] = [
  {
    name: "empty file (0 bytes)",
    files: () => [["vide.csv", ""]],
    rejects: [["vide.csv", null, null, null, "EMPTY_FILE", "the file has no header line"]],
    gained: {},
    counts: { filesRejected: 1 },
  },
  {
    name: "a BOM and blank lines only",
    files: () => [["blancs.csv", "\ufeff\r\n   \r\n\r\n"]],
    rejects: [["blancs.csv", null, null, null, "EMPTY_FILE", "the file has no header line"]],
    gained: {},
  },
  {
    name: "header only: a valid, empty sales file",
    files: () => [["ventes.csv", lines(SALES)]],
    rejects: [],
    gained: {},
    counts: { filesRejected: 0, rowsRead: 0 },
  },
  {
    name: "binary garbage",
    files: () => [["ventes.csv", garbage(4096, 7)]],
    rejects: [["ventes.csv", null, null, null, "UNKNOWN_KIND", "the header matches no kind of config/mappings.yaml"]],
    gained: {},
  },
  {
    name: "unknown kind (a header no mapping knows)",
    files: () => [["notes.csv", lines("Semaine;Tâche;Responsable", "12;Taille;Paul")]],
    rejects: [["notes.csv", null, null, null, "UNKNOWN_KIND", "the header matches no kind of config/mappings.yaml"]],
    gained: {},
  },
  {
    name: "missing required column (no amount)",
    files: () => [["ventes.csv", lines("Code client;Date livraison;N° document;Article;Quantité", "B06;05/03/2024;F6;A6;1")]],
    rejects: [["ventes.csv", null, null, null, "MISSING_COLUMN", "sales_lines: missing required column(s): mt_ht"]],
    gained: {},
  },
  {
    name: "duplicate header names: the first column wins, the second is ignored",
    files: () => [["clients.csv", lines("Code client;Nom;Nom;Email", "B07;Premier;Second;b07@ex.fr")]],
    rejects: [],
    gained: { customers: 1 },
    check: async (bench) => expect(await bench.rows(`SELECT nom FROM customers WHERE client_code = 'B07'`)).toEqual([{ nom: "Premier" }]),
  },
  {
    name: "truncated file, cut inside a quoted field: the rows before are kept",
    files: () => [["clients.csv", `${lines(CLIENTS, "B08A;Un;;;;Dijon")}B08B;Deux;;;"1 rue de l'Égl`]],
    rejects: [["clients.csv", 3, null, null, "MALFORMED_CSV", expect.stringContaining("not readable from here on") as unknown as string]],
    gained: { customers: 1 },
  },
  {
    name: "unbalanced quote opened mid-file swallows the rest: malformed from there",
    files: () => [["clients.csv", lines(CLIENTS, "B09A;Un;;;;", 'B09B;"Deux;;;;', "B09C;Trois;;;;")]],
    rejects: [["clients.csv", 3, null, null, "MALFORMED_CSV", expect.stringContaining("not readable from here on") as unknown as string]],
    gained: { customers: 1 },
  },
  {
    name: "a stray quote inside an unquoted field is data",
    files: () => [["clients.csv", lines(CLIENTS, 'B10;O"Neil;;;;')]],
    rejects: [],
    gained: { customers: 1 },
    check: async (bench) => expect(await bench.rows(`SELECT nom FROM customers WHERE client_code = 'B10'`)).toEqual([{ nom: 'O"Neil' }]),
  },
  {
    name: "a day that does not exist (31/02/2024)",
    files: () => [
      ["ventes.csv", lines(SALES, "B11;31/02/2024;Facture;F11;A11;Vin;1;10;10", "B11;29/02/2024;Facture;F11B;A11;Vin;1;10;10")],
    ],
    rejects: [["ventes.csv", 2, "Date livraison", "31/02/2024", "INVALID_DATE", INVALID_DATE]],
    gained: { customers: 1, products: 1, sales_lines: 1 },
  },
  {
    name: "DD/MM/YY dates are read with the 1950 pivot",
    files: () => [["ventes.csv", lines(SALES, "B12;05/03/24;Facture;F12;A12;Vin;1;10;10")]],
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 1 },
    check: async (bench) =>
      expect(await bench.rows(`SELECT date_livraison FROM sales_lines WHERE document_no = 'F12'`)).toEqual([
        { date_livraison: "2024-03-05" },
      ]),
  },
  {
    name: "negative prices (a sales unit price, a product list price)",
    files: () => [
      ["ventes.csv", lines(SALES, "B13;05/03/2024;Facture;F13;A13;Vin;1;-10;10")],
      ["produits.csv", lines("Article;Produit;Prix TTC", "A13P;Vin;-3,00", "A13Q;Vin;3,00")],
    ],
    rejects: [
      ["ventes.csv", 2, "PU HT", "-10", "NEGATIVE_PRICE", "pu_ht: a price cannot be negative"],
      ["produits.csv", 2, "Prix TTC", "-3,00", "NEGATIVE_PRICE", "prix_ttc: a price cannot be negative"],
    ],
    gained: { products: 1 },
  },
  {
    name: "a 10 MB single field: rejected, its value cut in the reject",
    files: () => [["clients.csv", lines(CLIENTS, `B14A;Nom;;;"${"x".repeat(10 * 1024 * 1024)}";Dijon`, "B14B;Autre;;;;")]],
    rejects: [["clients.csv", 2, "Adresse", `${"x".repeat(1000)}…`, "OUT_OF_RANGE", "adresse: longer than 10000 characters"]],
    gained: { customers: 1 },
  },
  {
    name: "mixed encodings in one file: each line decoded as what it is",
    files: () => [
      [
        "clients.csv",
        Buffer.concat([
          Buffer.from(lines(CLIENTS), "utf8"),
          iconv.encode(lines("B15A;Cœur;Zoé;;;Mâcon"), "windows-1252"),
          Buffer.from(lines("B15B;Lefèvre;Anaïs;;;Nîmes"), "utf8"),
        ]),
      ],
    ],
    rejects: [],
    gained: { customers: 2 },
    check: async (bench) =>
      expect(
        await bench.rows(`SELECT client_code, nom, prenom, ville FROM customers WHERE client_code LIKE 'B15%' ORDER BY client_code`),
      ).toEqual([
        { client_code: "B15A", nom: "Cœur", prenom: "Zoé", ville: "Mâcon" },
        { client_code: "B15B", nom: "Lefèvre", prenom: "Anaïs", ville: "Nîmes" },
      ]),
  },
  {
    name: "a sales line for an unknown customer and article: stubs, not a reject",
    files: () => [["ventes.csv", lines(SALES, "B16;05/03/2024;Facture;F16;A16;Cuvée Inconnue 2020;2;10;20")]],
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 1 },
    check: async (bench) => {
      expect(await bench.rows(`SELECT is_stub, email FROM customers WHERE client_code = 'B16'`)).toEqual([{ is_stub: true, email: null }]);
      expect(await bench.rows(`SELECT is_stub, actif, cuvee FROM products WHERE article = 'A16'`)).toEqual([
        { is_stub: true, actif: false, cuvee: "Cuvée Inconnue" },
      ]);
    },
  },
  {
    name: "wrong column count: a short row misses required cells, a long row's extra cells are ignored",
    files: () => [["ventes.csv", lines(SALES, "B17;05/03/2024;Facture;F17A;A17", "B17;05/03/2024;Facture;F17B;A17;Vin;1;10;10;en;trop")]],
    rejects: [
      ["ventes.csv", 2, "Quantité", "", "MISSING_VALUE", "qty_line: required value is blank"],
      ["ventes.csv", 2, "Montant HT", "", "MISSING_VALUE", "mt_ht: required value is blank"],
    ],
    gained: { customers: 1, products: 1, sales_lines: 1 },
    counts: { rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 },
  },
  {
    name: "UTF-8 BOM and a comma delimiter",
    files: () => [["ventes.csv", `\ufeff${lines(SALES.replaceAll(";", ","), 'B18,05/03/2024,Facture,F18,A18,Vin,1,"10,50","10,50"')}`]],
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 1 },
    check: async (bench) =>
      expect(await bench.rows(`SELECT mt_ht FROM sales_lines WHERE document_no = 'F18'`)).toEqual([{ mt_ht: "10.50" }]),
  },
  {
    name: "tab delimiter",
    files: () => [["ventes.txt", lines(SALES.replaceAll(";", "\t"), "B19\t2024-03-05\tFacture\tF19\tA19\tVin\t1\t10\t10")]],
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 1 },
  },
  {
    name: "a formula-looking cell is data (and neutralised in campaign.csv)",
    files: () => [["clients.csv", lines(CLIENTS, `B20;"=HYPERLINK(""http://x"";""y"")";+33;@moi;-1;Dijon`)]],
    rejects: [],
    gained: { customers: 1 },
    check: async (bench) => {
      const [row] = await bench.rows<{ nom: string; prenom: string }>(`SELECT nom, prenom FROM customers WHERE client_code = 'B20'`);
      expect(row).toEqual({ nom: '=HYPERLINK("http://x";"y")', prenom: "+33" });
      const csv = buildCampaignCsv([
        {
          clientCode: "B20",
          email: "b20@ex.fr",
          emailNorm: "b20@ex.fr",
          prenom: row?.prenom ?? null,
          nom: row?.nom ?? null,
          scenario: "NURTURE",
          recommendations: [],
        },
      ]);
      expect(csv.split("\n")[1]).toBe(`B20;b20@ex.fr;'+33;"'=HYPERLINK(""http://x"";""y"")";NURTURE;;;;;;;;;;;;`);
    },
  },
  {
    name: "trailing blank lines are not rows",
    files: () => [["ventes.csv", `${lines(SALES, "B21;05/03/2024;Facture;F21;A21;Vin;1;10;10")}\r\n\r\n;;;;\r\n   \r\n`]],
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 1 },
    counts: { rowsRead: 1 },
  },
  {
    name: "CRLF inside quotes: kept in the value, later lines still numbered physically",
    files: () => [["clients.csv", lines(CLIENTS, 'B22A;Un;;;"1 rue\r\nBât. B\r\n2e étage";Dijon', "B22B;Deux;;;;;", ";Trois;;;;")]],
    rejects: [["clients.csv", 6, "Code client", "", "MISSING_VALUE", "client_code: required value is blank"]],
    gained: { customers: 2 },
    check: async (bench) =>
      expect(await bench.rows(`SELECT adresse FROM customers WHERE client_code = 'B22A'`)).toEqual([
        { adresse: "1 rue\r\nBât. B\r\n2e étage" },
      ]),
  },
  {
    name: "thousands-separated amounts (space, no-break space, dot grouping)",
    files: () => [
      [
        "ventes.csv",
        lines(
          SALES,
          "B23;05/03/2024;Facture;F23A;A23;Vin;1;1 234,56;1 234,56",
          "B23;05/03/2024;Facture;F23B;A23;Vin;1;1\u00a0234,5;1.234,50",
        ),
      ],
    ],
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 2 },
    check: async (bench) =>
      expect(await bench.rows(`SELECT pu_ht, mt_ht FROM sales_lines WHERE client_code = 'B23' ORDER BY document_no`)).toEqual([
        { pu_ht: "1234.5600", mt_ht: "1234.56" },
        { pu_ht: "1234.5000", mt_ht: "1234.50" },
      ]),
  },
  {
    name: "a Windows-1252 file with € and œ",
    files: () => [["produits.csv", iconv.encode(lines("Article;Produit;Prix TTC", "A24;Cuvée Œnothèque 2019;24,50 €"), "windows-1252")]],
    rejects: [],
    gained: { products: 1 },
    check: async (bench) =>
      expect(await bench.rows(`SELECT produit, cuvee, prix_ttc FROM products WHERE article = 'A24'`)).toEqual([
        { produit: "Cuvée Œnothèque 2019", cuvee: "Cuvée Œnothèque", prix_ttc: "24.50" },
      ]),
  },
  {
    name: "a quantity that is not a number, a blank document number: one reject per bad cell",
    files: () => [["ventes.csv", lines(SALES, "B25;05/03/2024;Facture;;A25;Vin;six;10;10")]],
    rejects: [
      ["ventes.csv", 2, "N° document", "", "MISSING_VALUE", "document_no: required value is blank"],
      ["ventes.csv", 2, "Quantité", "six", "INVALID_NUMBER", "qty_line: not a number"],
    ],
    gained: {},
    counts: { rowsRead: 1, rowsRejected: 1 },
  },
  {
    name: "an amount of a billion or more",
    files: () => [["ventes.csv", lines(SALES, "B26;05/03/2024;Facture;F26;A26;Vin;1;10;1 000 000 000")]],
    rejects: [["ventes.csv", 2, "Montant HT", "1 000 000 000", "OUT_OF_RANGE", "mt_ht: value out of the allowed range"]],
    gained: {},
  },
  {
    name: "a header in another case, accents and spacing is still recognised",
    files: () => [
      ["VENTES.CSV", lines("CODE CLIENT ; date   livraison;N DOCUMENT;article;QUANTITE;montant ht", "B27;05/03/2024;F27;A27;1;10")],
    ],
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 1 },
  },
  {
    name: "a file that starts like a workbook but is not one",
    files: () => [["ventes.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), garbage(2048, 28)])]],
    rejects: [["ventes.xlsx", null, null, null, "UNKNOWN_KIND", expect.stringContaining("the header cannot be read") as unknown as string]],
    gained: {},
  },
  {
    name: "a truncated workbook",
    files: async () => {
      const book = await xlsx([["Code client", "Nom"], ...Array.from({ length: 2000 }, (_, i) => [`B29-${i}`, `Nom ${i}`])]);
      return [["clients.xlsx", book.subarray(0, Math.floor(book.length / 2))]];
    },
    rejects: [
      ["clients.xlsx", null, null, null, "UNKNOWN_KIND", expect.stringContaining("the header cannot be read") as unknown as string],
    ],
    gained: {},
  },
  {
    name: "the same file twice in one drop: the second is skipped",
    files: () => {
      const body = lines(SALES, "B30;05/03/2024;Facture;F30;A30;Vin;1;10;10");
      return [
        ["ventes.csv", body],
        ["ventes (copie).csv", body],
      ];
    },
    rejects: [],
    gained: { customers: 1, products: 1, sales_lines: 1 },
    counts: { files: 2, filesSkipped: 1, rowsRead: 1 },
  },
];

const ZERO: TableCounts = { customers: 0, products: 0, sales_lines: 0, stock: 0, contacts: 0, ledger_entries: 0 };

describe("deliberately bad inputs (PGlite)", () => {
  let bench: IngestTestBench;
  beforeAll(async () => {
    const handle = await openDatabase();
    await migrateToLatest(handle.db);
    bench = await IngestTestBench.start(handle);
  });
  afterAll(async () => {
    await bench?.close();
    await bench?.handle.close();
  });

  it("has at least 25 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(25));

  it.each(CASES.map((c, i) => [c.name, i, c] as const))("%s", async (_name, index, testCase) => {
    const runId = `bad-${String(index).padStart(2, "0")}`;
    const before = await bench.counts();
    const output = await bench.ingest(runId, await testCase.files());
    expect(await bench.rejects(runId)).toEqual(testCase.rejects);
    const after = await bench.counts();
    const gained = Object.fromEntries(
      Object.keys(ZERO).map((table) => [table, after[table as keyof TableCounts] - before[table as keyof TableCounts]]),
    );
    expect(gained).toEqual({ ...ZERO, ...testCase.gained });
    if (testCase.counts) expect(output.counts).toMatchObject(testCase.counts);
    await testCase.check?.(bench);
  });
});
