import type { DatabaseHandle, MergeIngestOptions } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { IngestTestBench, salesExport } from "./ingest-test-harness";

const ORDER_1 = [
  "C1;05/03/2024;Facture;FA-1;1;LAV19;Lavières 2019;6;10;60",
  "C1;05/03/2024;Facture;FA-1;2;MAG19;Magnum Lavières 2019;1;25;25",
];
const ORDER_2 = ["C2;06/03/2024;Facture;FA-2;1;GT21;Grandes Terres 2021;2;12;24"];

interface LineRow {
  document_no: string;
  line_key: string;
  article: string;
  client_code: string;
  qty: string;
  bottles: string;
}

/**
 * On PostgreSQL, a winery's first load of sales lines is merged while its files are parsed (`SalesLinesFirstLoad`);
 * on PGlite, and whenever the shortcut does not apply, the lines go through staging and the merge. Each case below
 * runs on a fresh database on both, and must give the same canonical rows either way.
 */
describe.each(dialectsUnderTest())("first load of sales lines on $name", ({ name, open }) => {
  let handle: DatabaseHandle | undefined;
  let bench: IngestTestBench | undefined;

  afterEach(async () => {
    await bench?.close();
    await handle?.close();
  });

  async function start(): Promise<IngestTestBench> {
    handle = await open();
    bench = await IngestTestBench.start(handle);
    return bench;
  }

  async function ingest(runId: string, files: Array<[string, string | Buffer]>): Promise<MergeIngestOptions["salesLines"]> {
    let read: MergeIngestOptions["salesLines"] | undefined;
    await (bench as IngestTestBench).ingest(runId, files, "2024-12-31", {
      onSalesLinesRead: (salesLines) => {
        read = salesLines;
      },
    });
    return read as MergeIngestOptions["salesLines"];
  }

  const lines = () =>
    (bench as IngestTestBench).rows<LineRow>(
      `SELECT document_no, line_key, article, client_code, qty::text AS qty, bottles::text AS bottles FROM sales_lines
       ORDER BY document_no COLLATE "C", line_key COLLATE "C", article COLLATE "C"`,
    );
  const indexes = async () =>
    (
      await (bench as IngestTestBench).rows<{ definition: string }>(
        `SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid = to_regclass('sales_lines') ORDER BY 1`,
      )
    ).map((row) => row.definition);

  const EXPECTED: LineRow[] = [
    { document_no: "FA-1", line_key: "1", article: "LAV19", client_code: "C1", qty: "6.000", bottles: "6.000" },
    { document_no: "FA-1", line_key: "2", article: "MAG19", client_code: "C1", qty: "1.000", bottles: "1.000" },
    { document_no: "FA-2", line_key: "1", article: "GT21", client_code: "C2", qty: "2.000", bottles: "2.000" },
  ];

  it("loads the lines early on PostgreSQL, with stubs, and leaves the migrations' indexes", async () => {
    const bench = await start();
    const before = await indexes();
    const read = await ingest("first", [["ventes.csv", salesExport(...ORDER_1, ...ORDER_2)]]);
    expect(read).toEqual(name === "postgres" ? { staged: false, loadedEarly: true } : { staged: true, loadedEarly: false });
    expect(await lines()).toEqual(EXPECTED);
    expect(await indexes()).toEqual(before);
    expect(await bench.rows(`SELECT client_code, is_stub FROM customers ORDER BY 1`)).toEqual([
      { client_code: "C1", is_stub: true },
      { client_code: "C2", is_stub: true },
    ]);
    expect(await bench.rows(`SELECT article, produit, bottle_factor::text AS factor FROM products ORDER BY 1`)).toEqual([
      { article: "GT21", produit: "Grandes Terres 2021", factor: "1.0000" },
      { article: "LAV19", produit: "Lavières 2019", factor: "1.0000" },
      { article: "MAG19", produit: "Magnum Lavières 2019", factor: "1.0000" },
    ]);
    // The next drop is no first load: its lines are staged and merged onto the first ones.
    const next = await ingest("second", [["ventes.csv", salesExport("C2;06/03/2024;Facture;FA-2;1;GT21;Grandes Terres 2021;3;12;36")]]);
    expect(next).toEqual({ staged: true, loadedEarly: false });
    expect((await lines())[2]).toEqual({ ...(EXPECTED[2] as LineRow), qty: "3.000", bottles: "3.000" });
  });

  it("recomputes the bottles of lines loaded early when the same drop's catalogue gives another contenance", async () => {
    await start();
    await ingest("first", [
      ["ventes.csv", salesExport(...ORDER_1, ...ORDER_2)],
      ["produits.csv", "Article;Produit;Contenance (cl)\nMAG19;Magnum Lavières 2019;150\n"],
    ]);
    expect(await lines()).toEqual(EXPECTED.map((line) => (line.article === "MAG19" ? { ...line, bottles: "2.000" } : line)));
  });

  it("numbers a line without its detail number within its document, through staging", async () => {
    await start();
    const read = await ingest("first", [
      [
        "ventes.csv",
        salesExport(
          ...ORDER_1,
          "C2;06/03/2024;Facture;FA-2;;GT21;Grandes Terres 2021;2;12;24",
          "C2;06/03/2024;Facture;FA-2;;LAV19;Lavières;1;10;10",
        ),
      ],
    ]);
    expect(read).toEqual({ staged: true, loadedEarly: false });
    expect(await lines()).toEqual([
      ...EXPECTED.slice(0, 2),
      { document_no: "FA-2", line_key: "1", article: "GT21", client_code: "C2", qty: "2.000", bottles: "2.000" },
      { document_no: "FA-2", line_key: "2", article: "LAV19", client_code: "C2", qty: "1.000", bottles: "1.000" },
    ]);
  });

  it("keeps the last of lines whose key repeats across two files of the first drop", async () => {
    const bench = await start();
    const before = await indexes();
    const read = await ingest("first", [
      ["ventes-1.csv", salesExport(...ORDER_1)],
      ["ventes-2.csv", salesExport("C1;05/03/2024;Facture;FA-1;2;MAG19;Magnum Lavières 2019;4;25;100", ...ORDER_2)],
    ]);
    expect(read).toEqual({ staged: true, loadedEarly: false });
    expect(await lines()).toEqual(EXPECTED.map((line) => (line.article === "MAG19" ? { ...line, qty: "4.000", bottles: "4.000" } : line)));
    expect(await indexes()).toEqual(before);
    expect((await bench.rejects("first")).length).toBe(0);
  });

  it("keeps the last of two lines with the same key in one file, through staging", async () => {
    const bench = await start();
    const before = await indexes();
    const read = await ingest("first", [
      ["ventes.csv", salesExport(...ORDER_1, "C1;05/03/2024;Facture;FA-1;2;MAG19;Magnum Lavières 2019;3;25;75", ...ORDER_2)],
    ]);
    expect(read).toEqual({ staged: true, loadedEarly: false });
    expect(await lines()).toEqual(EXPECTED.map((line) => (line.article === "MAG19" ? { ...line, qty: "3.000", bottles: "3.000" } : line)));
    expect(await indexes()).toEqual(before);
    expect(await bench.rows(`SELECT rows_read, rows_accepted FROM ingested_files WHERE run_id = 'first'`)).toEqual([
      { rows_read: 4, rows_accepted: 4 },
    ]);
  });

  it("stages again the files loaded early when a later file's lines have no detail numbers", async () => {
    const bench = await start();
    const read = await ingest("first", [
      ["ventes-1.csv", salesExport(...ORDER_1)],
      ["ventes-2.csv", salesExport("C2;06/03/2024;Facture;FA-2;;GT21;Grandes Terres 2021;2;12;24")],
    ]);
    expect(read).toEqual({ staged: true, loadedEarly: false });
    expect(await lines()).toEqual(EXPECTED);
    expect((await bench.rejects("first")).length).toBe(0);
    expect((await bench.counts()).customers).toBe(2);
  });

  it("skips the second copy of a file within the first drop, and reads a Windows-1252 file again", async () => {
    const bench = await start();
    // Plain ASCII for the first 64 KB, then an accent in Windows-1252: the file is read again in that encoding.
    const padding = Array.from({ length: 1_500 }, (_, index) => `C9;01/01/2024;Facture;FA-P${index};1;PAD;Padding;1;1;1`);
    const latin = iconv.encode(salesExport(...padding, "C9;01/01/2024;Facture;FA-E;1;ETE;Été 2023;1;1;1"), "windows-1252");
    const read = await ingest("first", [
      ["ventes.csv", salesExport(...ORDER_1, ...ORDER_2)],
      ["ventes-copie.csv", salesExport(...ORDER_1, ...ORDER_2)],
      ["ventes-latin.csv", latin],
    ]);
    expect(read.staged).toBe(name === "pglite");
    expect(await bench.rows(`SELECT file_name, status, encoding FROM ingested_files WHERE run_id = 'first' ORDER BY file_name`)).toEqual([
      { file_name: "ventes-copie.csv", status: "SKIPPED_DUPLICATE", encoding: "utf-8" },
      { file_name: "ventes-latin.csv", status: "INGESTED", encoding: "windows-1252" },
      { file_name: "ventes.csv", status: "INGESTED", encoding: "utf-8" },
    ]);
    expect((await bench.counts()).sales_lines).toBe(3 + padding.length + 1);
    expect(await bench.rows(`SELECT produit FROM products WHERE article = 'ETE'`)).toEqual([{ produit: "Été 2023" }]);
  });

  it("reads a file as many times as it takes: lines without detail numbers, then Windows-1252", async () => {
    const bench = await start();
    const padding = Array.from({ length: 1_500 }, (_, index) => `C9;01/01/2024;Facture;FA-P${index};1;PAD;Padding;1;1;1`);
    const file = iconv.encode(
      salesExport(...padding, "C9;02/01/2024;Facture;FA-E;;GT21;Terres;1;1;1", "C9;02/01/2024;Facture;FA-E;;ETE;Été 2023;2;1;2"),
      "windows-1252",
    );
    const read = await ingest("first", [["ventes.csv", file]]);
    expect(read).toEqual({ staged: true, loadedEarly: false });
    expect(await bench.rows(`SELECT encoding FROM ingested_files WHERE run_id = 'first'`)).toEqual([{ encoding: "windows-1252" }]);
    expect(await bench.rows(`SELECT line_key, article FROM sales_lines WHERE document_no = 'FA-E' ORDER BY line_key`)).toEqual([
      { line_key: "1", article: "GT21" },
      { line_key: "2", article: "ETE" },
    ]);
    expect(await bench.rows(`SELECT produit FROM products WHERE article = 'ETE'`)).toEqual([{ produit: "Été 2023" }]);
  });
});
