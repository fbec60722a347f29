import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { bulkInsert } from "./bulk-insert";
import { dialectsUnderTest } from "./testing";

describe.each(dialectsUnderTest())("database on $name", ({ open }) => {
  it("migrates, round-trips dates and exact decimals, and bulk-inserts", async () => {
    const handle = await open();
    try {
      await handle.db
        .insertInto("runs")
        .values({
          run_id: "r1",
          drop_key: "d",
          status: "RUNNING",
          config_hash: "h",
          input_files: JSON.stringify([]),
          started_at: new Date(0),
        })
        .execute();
      const rows = Array.from(
        { length: 12_345 },
        (_, i): [string, string, string, string, string, string, boolean, string, string, string, string] => [
          `FA${i}`,
          "1",
          "A1",
          `C${i % 100}`,
          "2024-02-29",
          "FACTURE",
          false,
          "1.000",
          "1.000",
          "0.10",
          "r1",
        ],
      );
      const written = await bulkInsert(
        handle,
        "sales_lines",
        [
          "document_no",
          "line_key",
          "article",
          "client_code",
          "date_livraison",
          "document_type",
          "is_credit",
          "qty",
          "bottles",
          "mt_ht",
          "updated_run",
        ],
        rows,
      );
      expect(written).toBe(12_345);
      const summary = await sql<{ n: number; total: string; first: string }>`
        SELECT count(*) AS n, sum(mt_ht) AS total, min(date_livraison) AS first FROM sales_lines`.execute(handle.db);
      expect(summary.rows[0]).toEqual({ n: 12_345, total: "1234.50", first: "2024-02-29" });
    } finally {
      await handle.close();
    }
  });
});
