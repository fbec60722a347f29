import { dialectsUnderTest } from "@crm-reco/db/testing";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestTestBench } from "./ingest-test-harness";
import { xlsxCellText } from "./xlsx-cell-text";

async function workbook(rows: unknown[][], decorate?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Ventes");
  for (const row of rows) sheet.addRow(row);
  decorate?.(sheet);
  book.addWorksheet("Ignorée").addRow(["Code client", "Nom"]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe("xlsxCellText", () => {
  it("reads ExcelJS values as the CSV mapper expects them", () => {
    expect(xlsxCellText(undefined)).toBe("");
    expect(xlsxCellText("  C001 ")).toBe("  C001 ");
    expect(xlsxCellText(190.00000000000003)).toBe("190");
    expect(xlsxCellText(31.67)).toBe("31.67");
    expect(xlsxCellText(-38)).toBe("-38");
    expect(xlsxCellText(1e-7)).toBe("0.0000001");
    expect(xlsxCellText(new Date(Date.UTC(2024, 2, 5)))).toBe("2024-03-05");
    expect(xlsxCellText(new Date(Date.UTC(2024, 2, 5, 23, 59, 59)))).toBe("2024-03-05");
    expect(xlsxCellText(true)).toBe("1");
    expect(xlsxCellText({ formula: "B2*2", result: 12.5 })).toBe("12.5");
    expect(xlsxCellText({ formula: "NOW()" })).toBe("");
    expect(xlsxCellText({ richText: [{ text: "Clos " }, { text: "Lavières" }] })).toBe("Clos Lavières");
    expect(xlsxCellText({ error: "#N/A" })).toBe("#N/A");
    expect(xlsxCellText({ text: "site", hyperlink: "http://x" })).toBe("site");
  });
});

describe.each(dialectsUnderTest())("xlsx ingest on $name", ({ open }) => {
  let bench: IngestTestBench;
  beforeAll(async () => {
    bench = await IngestTestBench.start(await open());
  });
  afterAll(async () => {
    await bench?.close();
    await bench?.handle.close();
  });

  it("reads the first worksheet: kind from the header, Excel dates and numbers, row numbers as lines", async () => {
    const sales = await workbook(
      [
        [
          "Code client",
          "Date livraison",
          "Type document",
          "N° document",
          "Article",
          "Produit",
          "Quantité",
          "PU HT",
          "Montant HT",
          "Colonne en trop",
        ],
        ["c 001", new Date(Date.UTC(2024, 2, 5)), "Facture", "FA-1", "lav19", "Clos des Lavières 2019", 6, 31.67, 190.00000000000003, "x"],
        [],
        ["C001", "12/03/2024", "Avoir", 1001, "LAV19", "Clos des Lavières 2019", -1, 31.67, { formula: "-H4", result: -31.67 }],
        ["C002", "31/02/2024", "Facture", "FA-3", "LAV19", null, 1, null, 10],
        ["C002", new Date(Date.UTC(2024, 3, 1)), "Facture", "FA-4", "LAV19", '=HYPERLINK("http://x")', 2, -5, 20],
      ],
      (sheet) => {
        sheet.getColumn(2).numFmt = "dd/mm/yyyy";
      },
    );
    const clients = await workbook([
      ["CODE CLIENT", "Nom", "Email", "Date de naissance", "Optin email"],
      ["C001", '=HYPERLINK("http://x";"y")', "zoe@example.fr", new Date(Date.UTC(1958, 6, 12)), "oui"],
    ]);
    const output = await bench.ingest("xlsx1", [
      ["clients.xlsx", clients],
      ["VENTES.XLSX", sales],
    ]);
    expect(output.counts).toMatchObject({
      files: 2,
      filesRejected: 0,
      rowsRead: 5,
      rowsAccepted: 3,
      rowsRejected: 2,
      customers: 1,
      salesLines: 2,
    });
    expect(await bench.rejects("xlsx1")).toEqual([
      [
        "VENTES.XLSX",
        5,
        "Date livraison",
        "31/02/2024",
        "INVALID_DATE",
        "date_livraison: not a valid date (DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD)",
      ],
      ["VENTES.XLSX", 6, "PU HT", "-5", "NEGATIVE_PRICE", "pu_ht: a price cannot be negative"],
    ]);
    expect(
      await bench.rows(
        `SELECT document_no, line_key, article, client_code, date_livraison, is_credit, qty, pu_ht, mt_ht FROM sales_lines
         ORDER BY document_no COLLATE "C", line_key COLLATE "C"`,
      ),
    ).toEqual([
      {
        document_no: "1001",
        line_key: "1",
        article: "LAV19",
        client_code: "C001",
        date_livraison: "2024-03-12",
        is_credit: true,
        qty: "-1.000",
        pu_ht: "31.6700",
        mt_ht: "-31.67",
      },
      {
        document_no: "FA-1",
        line_key: "1",
        article: "LAV19",
        client_code: "C001",
        date_livraison: "2024-03-05",
        is_credit: false,
        qty: "6.000",
        pu_ht: "31.6700",
        mt_ht: "190.00",
      },
    ]);
    expect(
      await bench.rows(`SELECT client_code, nom, email, date_naissance, consent FROM customers ORDER BY client_code COLLATE "C"`),
    ).toEqual([
      { client_code: "C001", nom: '=HYPERLINK("http://x";"y")', email: "zoe@example.fr", date_naissance: "1958-07-12", consent: "OPT_IN" },
    ]);
    expect(
      await bench.rows(
        `SELECT file_name, kind, encoding, delimiter, status FROM ingested_files WHERE run_id = 'xlsx1' ORDER BY file_name COLLATE "C"`,
      ),
    ).toEqual([
      { file_name: "VENTES.XLSX", kind: "sales_lines", encoding: "xlsx", delimiter: null, status: "INGESTED" },
      { file_name: "clients.xlsx", kind: "customers", encoding: "xlsx", delimiter: null, status: "INGESTED" },
    ]);
  });
});
