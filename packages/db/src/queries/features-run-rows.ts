import { sql } from "kysely";
import type { BulkValue } from "../bulk-insert";
import type { DatabaseHandle } from "../connect";

/** Bind-parameter budget per multi-row INSERT (PostgreSQL's limit is 65,535). */
const MAX_BIND_PARAMETERS = 60_000;

/**
 * Replaces one run's rows of a per-run result table in a single transaction: delete, then multi-row
 * INSERTs through the transaction's own connection (so it works on PGlite's single connection and on pg).
 */
export async function replaceRunRows(
  handle: DatabaseHandle,
  table: "customer_profiles" | "customer_scenarios",
  runId: string,
  columns: readonly string[],
  rows: readonly BulkValue[][],
): Promise<number> {
  const rowsPerInsert = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / (columns.length + 1)));
  const head = sql.raw(`INSERT INTO ${table} (run_id, ${columns.join(", ")}) VALUES `);
  return handle.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM ${sql.table(table)} WHERE run_id = ${runId}`.execute(trx);
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      const batch = rows.slice(start, start + rowsPerInsert);
      await sql`${head}${sql.join(batch.map((row) => sql`(${sql.join([runId, ...row])})`))}`.execute(trx);
    }
    return rows.length;
  });
}
