import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

const STAGING_TABLES = [
  "staging_sales_lines",
  "staging_customers",
  "staging_products",
  "staging_stock",
  "staging_contacts",
  "staging_ledger",
] as const;

/**
 * Staging is a scratch area the merge empties in the same transaction: it needs no WAL (UNLOGGED; after a crash
 * PostgreSQL empties it, and the run's ingest is re-run anyway) and no primary key (the merge deduplicates by
 * business key, and (run_id, file_ordinal, line) is unique by construction). Both cut COPY time several-fold.
 * PGlite (PostgreSQL 18) accepts both statements too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    STAGING_TABLES.map((table) => `ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey; ALTER TABLE ${table} SET UNLOGGED`).join(";\n"),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    STAGING_TABLES.map(
      (table) => `ALTER TABLE ${table} SET LOGGED; ALTER TABLE ${table} ADD PRIMARY KEY (run_id, file_ordinal, line)`,
    ).join(";\n"),
  );
}
