import { sql } from "kysely";
import { type BulkRowBatches, type BulkRows, type BulkValue, bulkInsert, bulkInsertBatches } from "../bulk-insert";
import type { DatabaseHandle } from "../connect";
import type { StagingTables } from "../schema";

/** The staging table and its value columns (after run_id, file_ordinal, line) per ingest kind. */
export const STAGING = {
  sales_lines: {
    table: "staging_sales_lines",
    columns: [
      "client_code",
      "date_livraison",
      "document_type",
      "document_no",
      "order_detail_no",
      "article",
      "produit_label",
      "cuvee",
      "qty_line",
      "pu_ht",
      "mt_ht",
      "mt_ttc",
      "marge",
      "is_credit",
      "article_factor",
    ],
  },
  customers: {
    table: "staging_customers",
    columns: [
      "client_code",
      "nom",
      "prenom",
      "email",
      "email_norm",
      "telephone",
      "adresse",
      "code_postal",
      "ville",
      "pays",
      "date_naissance",
      "consent",
      "optin_date",
      "date_creation",
    ],
  },
  products: {
    table: "staging_products",
    columns: [
      "article",
      "produit",
      "cuvee",
      "millesime",
      "famille",
      "couleur",
      "sucrosite",
      "cepages",
      "appellation",
      "contenance_cl",
      "prix_ttc",
      "prix_ht",
      "premium_tier",
      "actif",
      "arome_fruit",
      "arome_floral",
      "arome_epice",
      "arome_mineral",
      "arome_acidite",
      "arome_corps",
      "arome_tanin",
      "article_factor",
    ],
  },
  stock: { table: "staging_stock", columns: ["article", "entrepot", "quantite"] },
  contacts: { table: "staging_contacts", columns: ["client_code", "email_norm", "date_contact", "canal", "statut", "campagne"] },
  ledger: {
    table: "staging_ledger",
    columns: ["compte", "client_code", "date_ecriture", "piece", "libelle", "debit", "credit", "lettrage", "date_echeance"],
  },
} as const satisfies Record<string, { table: keyof StagingTables; columns: readonly string[] }>;

export type StagingKind = keyof typeof STAGING;
export const STAGING_KEY_COLUMNS = ["run_id", "file_ordinal", "line"] as const;

/** A staged row's values in `STAGING_KEY_COLUMNS` then `STAGING[kind].columns` order (absent fields as NULL). */
export type StagingRowValues = (row: Readonly<Record<string, unknown>>, runId: string, fileOrdinal: number, line: number) => BulkValue[];

/**
 * The function that lays a mapped row out as its staging table's values. It is generated from the (constant)
 * column list so that each column is a plain property read: a loop reading `row[column]` with a changing column
 * name costs ten times as much, a tenth of a second per million sales lines.
 */
export function stagingRowValues(kind: StagingKind): StagingRowValues {
  const reads = STAGING[kind].columns.map((column) => `row[${JSON.stringify(column)}] ?? null`);
  return new Function("row", "runId", "fileOrdinal", "line", `return [runId, fileOrdinal, line, ${reads.join(", ")}];`) as StagingRowValues;
}

export interface RunRegistration {
  runId: string;
  dropKey: string;
  configHash: string;
  inputFiles: Array<{ bucket: string; key: string; etag?: string; size?: number }>;
  startedAt: Date;
}

/** Registers a run before its first stage; a re-run of the same run id sets it RUNNING again. */
export async function registerRun(handle: DatabaseHandle, run: RunRegistration): Promise<void> {
  await sql`
    INSERT INTO runs (run_id, drop_key, status, config_hash, input_files, started_at)
    VALUES (${run.runId}, ${run.dropKey}, 'RUNNING', ${run.configHash}, ${JSON.stringify(run.inputFiles)}, ${run.startedAt})
    ON CONFLICT (run_id) DO UPDATE SET
      status = 'RUNNING', config_hash = EXCLUDED.config_hash, input_files = EXCLUDED.input_files,
      finished_at = NULL, failed_stage = NULL, error_message = NULL`.execute(handle.db);
}

/** Removes what an earlier attempt of this run's ingest left (files, rejects, staging), in one transaction. */
export async function clearRunIngest(handle: DatabaseHandle, runId: string): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("ingest_rejects").where("run_id", "=", runId).execute();
    await trx.deleteFrom("ingested_files").where("run_id", "=", runId).execute();
    for (const { table } of Object.values(STAGING)) await trx.deleteFrom(table).where("run_id", "=", runId).execute();
  });
}

/**
 * Undoes what staging one file of a run wrote (its staged rows and the rejects numbered after `lastKeptReject`):
 * the file turned out to be a duplicate, or has to be read again in another encoding.
 */
export async function clearFileIngest(handle: DatabaseHandle, runId: string, fileOrdinal: number, lastKeptReject: number): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("ingest_rejects").where("run_id", "=", runId).where("ordinal", ">", lastKeptReject).execute();
    for (const { table } of Object.values(STAGING))
      await trx.deleteFrom(table).where("run_id", "=", runId).where("file_ordinal", "=", fileOrdinal).execute();
  });
}

/** The run that already ingested a file with this SHA-256 (another run than `runId`), if any. */
export async function findRunThatIngested(handle: DatabaseHandle, sha256: string, runId: string): Promise<string | null> {
  const row = await handle.db
    .selectFrom("ingested_files")
    .select("run_id")
    .where("sha256", "=", sha256)
    .where("status", "=", "INGESTED")
    .where("run_id", "<>", runId)
    .orderBy("run_id")
    .limit(1)
    .executeTakeFirst();
  return row?.run_id ?? null;
}

/**
 * Appends staged rows of one kind, in batches. Each row is `[run_id, file_ordinal, line, ...STAGING[kind].columns]`.
 * COPY on PostgreSQL, multi-row INSERTs on PGlite.
 */
export function stageRows(handle: DatabaseHandle, kind: StagingKind, batches: BulkRowBatches): Promise<number> {
  const { table, columns } = STAGING[kind];
  return bulkInsertBatches(handle, table, [...STAGING_KEY_COLUMNS, ...columns], batches);
}

export const REJECT_COLUMNS = ["run_id", "ordinal", "file_name", "line", "column_name", "value", "reason", "message"] as const;

/** Appends rejects, each `[run_id, ordinal, file_name, line, column_name, value, reason, message]`. */
export function insertRejects(handle: DatabaseHandle, rows: BulkRows): Promise<number> {
  return bulkInsert(handle, "ingest_rejects", REJECT_COLUMNS, rows);
}
