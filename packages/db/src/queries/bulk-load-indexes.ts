import { type Kysely, sql } from "kysely";
import type { Database } from "../schema";

interface TableIndex {
  /** The index's name, schema-qualified when it is not on the search path. */
  index: string;
  definition: string;
  /** The constraint the index backs (a primary key or unique constraint), else null. */
  constraintName: string | null;
  constraintDefinition: string | null;
}

/**
 * Runs `load` with every index of `table` (its primary key included) dropped, then builds them again from their
 * catalogue definitions — inside the caller's transaction, so a failure anywhere restores them with the rollback.
 * Building a B-tree once over a million sorted keys is several times cheaper than maintaining it row by row, which
 * is what a large first load would otherwise pay; pg_restore loads data the same way. A duplicate key surfaces when
 * the unique index is rebuilt (SQLSTATE 23505), as it would have during the load. The table is locked exclusively
 * until the transaction ends.
 */
export async function withIndexesRebuilt<T>(trx: Kysely<Database>, table: string, load: () => Promise<T>): Promise<T> {
  const rebuild = await dropIndexes(trx, table);
  const result = await load();
  await rebuild();
  return result;
}

/**
 * Drops the indexes of `table` and returns what builds them again: every index (as `withIndexesRebuilt` does), or
 * only those no constraint needs (`"secondary"`: a primary or unique key keeps checking the rows as they come).
 */
export async function dropIndexes(trx: Kysely<Database>, table: string, which: "all" | "secondary" = "all"): Promise<() => Promise<void>> {
  const indexes = await sql<TableIndex>`
    SELECT x.indexrelid::regclass::text AS index, pg_get_indexdef(x.indexrelid) AS definition,
      c.conname AS "constraintName", pg_get_constraintdef(c.oid) AS "constraintDefinition"
    FROM pg_index x LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
    WHERE x.indrelid = to_regclass(${table}) AND (${which === "all"} OR c.conname IS NULL)
    ORDER BY c.conname IS NULL, x.indexrelid::regclass::text`.execute(trx);
  const target = sql.id(table);
  for (const index of indexes.rows) {
    if (index.constraintName) await sql`ALTER TABLE ${target} DROP CONSTRAINT ${sql.id(index.constraintName)}`.execute(trx);
    else await sql`DROP INDEX ${sql.raw(index.index)}`.execute(trx);
  }
  return async () => {
    // Sorting a million keys for each build: in memory, not in temporary files.
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
    for (const index of indexes.rows) {
      if (index.constraintName && index.constraintDefinition)
        await sql`ALTER TABLE ${target} ADD CONSTRAINT ${sql.id(index.constraintName)} ${sql.raw(index.constraintDefinition)}`.execute(trx);
      else await sql.raw(index.definition).execute(trx);
    }
  };
}
