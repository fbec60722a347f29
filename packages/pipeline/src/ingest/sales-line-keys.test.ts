import type { DatabaseHandle } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestTestBench, salesExport } from "./ingest-test-harness";

interface LineRow {
  document_no: string;
  line_key: string;
  article: string;
  client_code: string;
  qty: string;
  mt_ht: string;
}

/**
 * The sales-lines merge inserts lines as staged and only deduplicates when a key repeats; into an empty table it
 * drops the indexes and builds them after the insert. Both shortcuts must give what the plain, deduplicating
 * merge gives, and leave the table's indexes as the migrations made them.
 */
describe.each(dialectsUnderTest())("sales-line keys on $name", ({ open }) => {
  let handle: DatabaseHandle;
  let bench: IngestTestBench;
  let indexesAfterMigration: string[];

  beforeAll(async () => {
    handle = await open();
    bench = await IngestTestBench.start(handle);
    indexesAfterMigration = await indexesOfSalesLines();
  });

  afterAll(async () => {
    await bench?.close();
    await handle?.close();
  });

  async function indexesOfSalesLines(): Promise<string[]> {
    const rows = await bench.rows<{ definition: string }>(
      `SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid = to_regclass('sales_lines') ORDER BY 1`,
    );
    return rows.map((row) => row.definition);
  }

  const lines = () =>
    bench.rows<LineRow>(
      `SELECT document_no, line_key, article, client_code, qty::text AS qty, mt_ht::text AS mt_ht FROM sales_lines
       ORDER BY document_no COLLATE "C", line_key COLLATE "C", article COLLATE "C"`,
    );

  it("a first load that fails after its sales lines leaves the table empty and its indexes as they were", async () => {
    const failing = bench.ingest(
      "crashed",
      [["ventes.csv", salesExport("C1;05/03/2024;Facture;FA-9;1;LAV19;Lavières 2019;6;10;60")]],
      "2024-12-31",
      {
        onMergeStep: (step) => {
          if (step === "stock") throw new Error("simulated crash after the sales lines");
        },
      },
    );
    await expect(failing).rejects.toThrow("simulated crash after the sales lines");
    expect(await lines()).toEqual([]);
    expect(await indexesOfSalesLines()).toEqual(indexesAfterMigration);
  });

  it("a first load whose key repeats keeps the last line, and rebuilds every index", async () => {
    await bench.ingest("first", [
      [
        "ventes.csv",
        salesExport(
          "C1;05/03/2024;Facture;FA-1;1;LAV19;Lavières 2019;6;10;60",
          "C1;05/03/2024;Facture;FA-1;2;GT21;Terres 2021;1;12;12",
          "C1;05/03/2024;Facture;FA-1;1;LAV19;Lavières 2019;4;10;40",
        ),
      ],
    ]);
    expect(await lines()).toEqual([
      { document_no: "FA-1", line_key: "1", article: "LAV19", client_code: "C1", qty: "4.000", mt_ht: "40.00" },
      { document_no: "FA-1", line_key: "2", article: "GT21", client_code: "C1", qty: "1.000", mt_ht: "12.00" },
    ]);
    expect(await indexesOfSalesLines()).toEqual(indexesAfterMigration);
    expect(indexesAfterMigration.some((definition) => definition.includes("UNIQUE"))).toBe(true);
  });

  it("a later load updates known keys, adds new ones, and deduplicates a key repeated within it", async () => {
    await bench.ingest("second", [
      [
        "ventes.csv",
        salesExport(
          "C1;05/03/2024;Facture;FA-1;2;GT21;Terres 2021;2;12;24",
          "C2;06/03/2024;Facture;FA-2;1;LAV19;Lavières 2019;1;10;10",
          "C2;06/03/2024;Facture;FA-2;1;LAV19;Lavières 2019;3;10;30",
        ),
      ],
    ]);
    expect(await lines()).toEqual([
      { document_no: "FA-1", line_key: "1", article: "LAV19", client_code: "C1", qty: "4.000", mt_ht: "40.00" },
      { document_no: "FA-1", line_key: "2", article: "GT21", client_code: "C1", qty: "2.000", mt_ht: "24.00" },
      { document_no: "FA-2", line_key: "1", article: "LAV19", client_code: "C2", qty: "3.000", mt_ht: "30.00" },
    ]);
    expect(await indexesOfSalesLines()).toEqual(indexesAfterMigration);
  });

  it("a re-import of the same history rewrites only the lines it changes", async () => {
    const updatedBy = async () =>
      Object.fromEntries(
        (
          await bench.rows<{ key: string; updated_run: string; pu_ht: string | null }>(
            `SELECT document_no || '/' || line_key AS key, updated_run, pu_ht::text AS pu_ht FROM sales_lines
             WHERE document_no IN ('FA-1', 'FA-2') ORDER BY 1`,
          )
        ).map((row) => [row.key, `${row.updated_run} ${row.pu_ht}`]),
      );
    expect(await updatedBy()).toEqual({ "FA-1/1": "first 10.0000", "FA-1/2": "second 12.0000", "FA-2/1": "second 10.0000" });
    await bench.ingest("re-export", [
      [
        "ventes.csv",
        salesExport(
          // As known; as known but for a blank unit price (a blank never overwrites); a changed quantity.
          "C1;05/03/2024;Facture;FA-1;1;LAV19;Lavières 2019;4;10;40",
          "C1;05/03/2024;Facture;FA-1;2;GT21;Terres 2021;2;;24",
          "C2;06/03/2024;Facture;FA-2;1;LAV19;Lavières 2019;5;10;50",
        ),
      ],
    ]);
    expect(await updatedBy()).toEqual({ "FA-1/1": "first 10.0000", "FA-1/2": "second 12.0000", "FA-2/1": "re-export 10.0000" });
    expect((await lines()).find((line) => line.document_no === "FA-2")).toMatchObject({ qty: "5.000", mt_ht: "50.00" });
  });

  it("counts bottles with the product's factor, also for a product known from an earlier run", async () => {
    await bench.ingest("catalogue", [["produits.csv", "Article;Produit;Contenance (cl)\nMAG19;Magnum Lavières 2019;150\n"]]);
    await bench.ingest("after-catalogue", [
      [
        "ventes.csv",
        salesExport("C3;07/03/2024;Facture;FA-3;1;MAG19;Magnum 2019;3;40;120", "C3;07/03/2024;Facture;FA-3;2;NEW20;Nouveau 2020;2;9;18"),
      ],
    ]);
    const bottles = await bench.rows<{ article: string; bottles: string }>(
      `SELECT article, bottles::text AS bottles FROM sales_lines WHERE document_no = 'FA-3' ORDER BY article COLLATE "C"`,
    );
    expect(bottles).toEqual([
      { article: "MAG19", bottles: "6.000" },
      { article: "NEW20", bottles: "2.000" },
    ]);
  });
});
