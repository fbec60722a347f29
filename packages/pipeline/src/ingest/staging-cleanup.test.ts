import { type DatabaseHandle, openDatabase } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestTestBench } from "./ingest-test-harness";

const SALES = "Code client;Date livraison;N° document;Article;Quantité;Montant HT\nC1;05/03/2024;FA-1;LAV19;6;60\n";
/** A run registered and one staged line of it, as a run that failed or is still staging leaves them. */
const stagedLineOf = (runId: string) => [
  `INSERT INTO runs (run_id, drop_key, status, config_hash, input_files, started_at) VALUES ('${runId}', '${runId}', 'RUNNING', 'h', '[]', now())`,
  `INSERT INTO staging_sales_lines (run_id, file_ordinal, line, client_code, date_livraison, document_no, article, qty_line, mt_ht,
    is_credit, article_factor) VALUES ('${runId}', 0, 2, 'C9', '2024-01-01', 'FA-9', 'GT21', 1, 10, false, 1)`,
];

/**
 * The merge removes its run's staging: by TRUNCATE when no other run has staged rows (a new file node), else by
 * DELETE of its own rows only. Another run's rows, committed or still being COPYed, are never lost.
 */
describe.each(dialectsUnderTest())("staging after a merge on $name", ({ name, open }) => {
  let handle: DatabaseHandle;
  let bench: IngestTestBench;

  beforeAll(async () => {
    handle = await open();
    bench = await IngestTestBench.start(handle);
  });

  afterAll(async () => {
    await bench?.close();
    await handle?.close();
  });

  const stagedRuns = async () =>
    (await bench.rows<{ run_id: string }>("SELECT run_id FROM staging_sales_lines ORDER BY run_id")).map((row) => row.run_id);
  const fileNode = async () =>
    (await bench.rows<{ node: string }>("SELECT relfilenode::text AS node FROM pg_class WHERE oid = to_regclass('staging_sales_lines')"))[0]
      ?.node;

  it("alone, empties staging by truncating it", async () => {
    const before = await fileNode();
    await bench.ingest("alone", [["ventes.csv", SALES]]);
    expect(await stagedRuns()).toEqual([]);
    expect(await fileNode()).not.toBe(before);
  });

  it("beside another run's staged rows, deletes only its own", async () => {
    for (const statement of stagedLineOf("left")) await bench.rows(statement);
    const before = await fileNode();
    await bench.ingest("beside", [["ventes.csv", SALES.replace("FA-1", "FA-2")]]);
    expect(await stagedRuns()).toEqual(["left"]);
    expect(await fileNode()).toBe(before);
  });

  it.runIf(name === "postgres")("while another run is still staging, neither waits for it nor loses its rows", async () => {
    const url = (handle.pool?.options as { connectionString?: string } | undefined)?.connectionString;
    const other = await openDatabase({ url });
    const client = await other.pool?.connect();
    if (!client) throw new Error("no PostgreSQL connection");
    try {
      await client.query("BEGIN");
      for (const statement of stagedLineOf("busy")) await client.query(statement);
      await bench.ingest("meanwhile", [["ventes.csv", SALES.replace("FA-1", "FA-3")]]);
      await client.query("COMMIT");
      expect(await stagedRuns()).toEqual(["busy", "left"]);
      expect((await bench.counts()).sales_lines).toBe(3);
    } finally {
      client.release();
      await other.close();
    }
  });
});
