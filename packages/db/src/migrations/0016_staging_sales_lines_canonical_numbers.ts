import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * Staged sales lines hold their numbers at the canonical precision (numeric(12,3) quantities, numeric(12,4) unit
 * prices, numeric(12,2) amounts) and their bottles at the article code's factor, computed as each row is COPYed:
 * the conversion happens while the file is parsed (PostgreSQL has time to spare then, the parser being the slower)
 * instead of in the merge, which runs alone afterwards. A value is rounded exactly as the merge's INSERT rounded it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `ALTER TABLE staging_sales_lines
       ALTER COLUMN qty_line TYPE numeric(12,3), ALTER COLUMN pu_ht TYPE numeric(12,4), ALTER COLUMN mt_ht TYPE numeric(12,2),
       ALTER COLUMN mt_ttc TYPE numeric(12,2), ALTER COLUMN marge TYPE numeric(12,2),
       ADD COLUMN bottles numeric(12,3) GENERATED ALWAYS AS (round(qty_line * article_factor, 3)) STORED`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `ALTER TABLE staging_sales_lines DROP COLUMN bottles,
       ALTER COLUMN qty_line TYPE numeric, ALTER COLUMN pu_ht TYPE numeric, ALTER COLUMN mt_ht TYPE numeric,
       ALTER COLUMN mt_ttc TYPE numeric, ALTER COLUMN marge TYPE numeric`,
  );
}
