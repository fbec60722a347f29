import { bottleEquivalents } from "@crm-reco/core";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { bulkInsert } from "../bulk-insert";
import { dialectsUnderTest } from "../testing";

const QUANTITIES = ["1", "6", "-2", "0.5", "1.2345", "-1.2345", "0.0005", "-0.0005", "12.3456789", "999999.999", "0.001"];
const FACTORS = ["1", "0.5", "2", "12", "0.6667", "0.00049", "0.0005", "1.33333333"];

/**
 * A first load computes each line's bottles in Node (`bottleEquivalents`), where staged lines get them from the
 * staging table's generated column: both must give the same canonical rows.
 */
describe.each(dialectsUnderTest())("bottle-equivalents on $name", ({ open }) => {
  it("are what the staging table computes for every quantity and factor", async () => {
    const handle = await open();
    try {
      const pairs = QUANTITIES.flatMap((quantity) => FACTORS.map((factor) => [quantity, factor] as const));
      await bulkInsert(
        handle,
        "staging_sales_lines",
        [
          "run_id",
          "file_ordinal",
          "line",
          "client_code",
          "date_livraison",
          "document_no",
          "article",
          "qty_line",
          "mt_ht",
          "is_credit",
          "article_factor",
        ],
        pairs.map(([quantity, factor], line) => ["r", 0, line, "C1", "2024-01-01", "FA1", "A", quantity, "0", false, factor]),
      );
      const staged = await sql<{ bottles: string }>`SELECT bottles::text AS bottles FROM staging_sales_lines ORDER BY line`.execute(
        handle.db,
      );
      expect(pairs.map(([quantity, factor]) => bottleEquivalents(quantity, factor))).toEqual(staged.rows.map((row) => row.bottles));
    } finally {
      await handle.close();
    }
  });
});
