import { readFileSync, writeFileSync } from "node:fs";
import { type CliCommand, UsageError } from "../command";

/**
 * The CDNOW transactions (`../shared/datasets/cdnow/CDNOW_master.txt`: customer id, YYYYMMDD, number of CDs,
 * dollar value, whitespace-aligned) as an iSaVigne-style sales-lines export: `;`, decimal comma, `DD/MM/YYYY`,
 * UTF-8 with BOM, CRLF. One order = one customer-day: the lines of a customer on one day form one document
 * (`CD<customer>-<YYYYMMDD>`) whose lines are numbered in file order. Every line is the article `CD`
 * (CDNOW has no product identifiers). `CDNOW_sample.txt` (an extra sample-id column) is read too. The 80 zero-value lines are kept as they are (a purchase of CDs for
 * $0.00 — promotions): they count as orders, with a zero amount, exactly as in the published analyses.
 */
export const CDNOW_SALES_HEADER = "Code client;Date livraison;Type document;N° document;N° ligne;Article;Produit;Quantité;PU HT;Montant HT";

export function convertCdnow(text: string): string {
  const out: string[] = [CDNOW_SALES_HEADER];
  const linesOfDocument = new Map<string, number>();
  for (const raw of text.split(/\r?\n/)) {
    const cells = raw.trim().split(/\s+/);
    if (cells.length < 4 || cells.length > 5 || !/^\d+$/.test(cells[0] as string)) continue; // the header line and blank lines
    // The 1/10 sample adds its own id after the master id: the master id stays the customer code.
    if (cells.length === 5) cells.splice(1, 1);
    const [id, day, cds, dollars] = cells as [string, string, string, string];
    if (!/^\d{8}$/.test(day) || !/^\d+$/.test(cds) || !/^\d+(\.\d+)?$/.test(dollars)) throw new Error(`CDNOW line not understood: ${raw}`);
    const customer = `CD${id}`;
    const documentNo = `${customer}-${day}`;
    const lineInDocument = (linesOfDocument.get(documentNo) ?? 0) + 1;
    linesOfDocument.set(documentNo, lineInDocument);
    const cents = Math.round(Number(dollars) * 100);
    const quantity = Number(cds);
    out.push(
      [
        customer,
        `${day.slice(6, 8)}/${day.slice(4, 6)}/${day.slice(0, 4)}`,
        "Facture",
        documentNo,
        String(lineInDocument),
        "CD",
        "CD audio",
        String(quantity),
        frenchDecimal(quantity > 0 ? Math.round(cents / quantity) : 0),
        frenchDecimal(cents),
      ].join(";"),
    );
  }
  return `\ufeff${out.join("\r\n")}\r\n`;
}

function frenchDecimal(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}

export const convertCdnowCommand: CliCommand = {
  name: "convert-cdnow",
  usage: "convert-cdnow <CDNOW_master.txt> <out.csv>",
  description: "convert the CDNOW transactions into a sales-lines export the ingest stage reads",
  async run({ positionals }) {
    const [input, output] = positionals;
    if (!input || !output) throw new UsageError("convert-cdnow needs the CDNOW file and the output file");
    const csv = convertCdnow(readFileSync(input, "latin1"));
    writeFileSync(output, csv);
    console.log(`${output}: ${csv.split("\r\n").length - 2} sales lines`);
    return 0;
  },
};
