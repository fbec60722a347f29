import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { DatabaseHandle } from "../connect";
import type { Database } from "../schema";
import { STAGING } from "./ingest";

type Db = Kysely<Database> | Transaction<Database>;

/** The customer records that belong to the person an erasure or access request names. */
export interface SubjectCustomerRow {
  client_code: string;
  nom: string | null;
  prenom: string | null;
  email: string | null;
  email_norm: string | null;
  telephone: string | null;
}

/**
 * The person's customer records: the given code (or every code with the given email), plus every other code that
 * shares one of their normalised emails (DOMAIN §1: one email on several codes is one person). Ordered by code.
 */
export async function findSubjectCustomers(
  handle: DatabaseHandle,
  reference: { clientCode: string } | { email: string },
): Promise<SubjectCustomerRow[]> {
  const seed =
    "clientCode" in reference
      ? sql`SELECT client_code, email_norm FROM customers WHERE client_code = ${reference.clientCode}`
      : sql`SELECT client_code, email_norm FROM customers WHERE email_norm = ${reference.email}`;
  const { rows } = await sql<SubjectCustomerRow>`
    WITH seed AS (${seed})
    SELECT c.client_code, c.nom, c.prenom, c.email, c.email_norm, c.telephone FROM customers c
    WHERE c.client_code IN (SELECT client_code FROM seed)
       OR c.email_norm IN (SELECT email_norm FROM seed WHERE email_norm IS NOT NULL)
    ORDER BY c.client_code COLLATE "C"`.execute(handle.db);
  return rows;
}

/** Normalised emails the imported contact history files under the person's codes (they may differ from the customer row). */
export async function findSubjectContactEmails(handle: DatabaseHandle, clientCodes: readonly string[]): Promise<string[]> {
  if (clientCodes.length === 0) return [];
  const { rows } = await sql<{ email_norm: string }>`
    SELECT email_norm FROM contacts
    WHERE client_code = ANY (${[...clientCodes]}::text[]) AND email_norm IS NOT NULL
    GROUP BY email_norm ORDER BY email_norm COLLATE "C"`.execute(handle.db);
  return rows.map((row) => row.email_norm);
}

export interface EraseSubjectOptions {
  clientCodes: readonly string[];
  emails: readonly string[];
  /** The code each erased code's kept aggregates (sales lines, ledger amounts, customer row) move to. */
  pseudonyms: Readonly<Record<string, string>>;
  tombstones: ReadonlyArray<{ hash: string; kind: "CLIENT_CODE" | "EMAIL" }>;
  /** Whether a reject (its value and message) holds the person's data. */
  isSubjectReject: (text: string) => boolean;
  erasedAt: Date;
}

export interface EraseSubjectCounts {
  customers: number;
  salesLines: number;
  ledgerEntries: number;
  rejects: number;
  /** Rows deleted per table (contacts, per-run results, staging, review tables…). */
  deleted: Record<string, number>;
}

/** Tables whose rows are kept (aggregates) under the pseudonym instead of deleted. */
const PSEUDONYMISED_TABLES = new Set(["customers", "sales_lines", "ledger_entries", "erasure_tombstones"]);

/**
 * Removes a person from the database in ONE transaction (DOMAIN §9): every row of every table that carries
 * their client code or normalised email is deleted (contacts, profiles, scenarios, recommendations, audit
 * results and flags, staging, review rows — found through information_schema, so later tables are covered),
 * rejects that mention them are deleted, and what counts as an aggregate stays under a pseudonym: the customer
 * row (every personal column emptied), sales lines, ledger amounts (labels emptied). Tombstones are written last.
 */
export async function eraseSubjectFromDatabase(handle: DatabaseHandle, options: EraseSubjectOptions): Promise<EraseSubjectCounts> {
  const codes = [...options.clientCodes];
  const emails = [...options.emails];
  return handle.db.transaction().execute(async (trx) => {
    const deleted: Record<string, number> = {};
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND c.column_name IN ('client_code', 'email_norm')
      ORDER BY c.table_name COLLATE "C", c.column_name COLLATE "C"`.execute(trx);
    for (const { table_name: table, column_name: column } of columns) {
      if (PSEUDONYMISED_TABLES.has(table)) continue;
      const values = column === "client_code" ? codes : emails;
      if (values.length === 0) continue;
      const result = await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ANY (${values}::text[])`.execute(trx);
      deleted[table] = (deleted[table] ?? 0) + Number(result.numAffectedRows ?? 0);
    }

    const rejects = await deleteSubjectRejects(trx, options.isSubjectReject);
    const mapping = codes.map((code) => sql`(${code}::text, ${options.pseudonyms[code] ?? code}::text)`);
    let salesLines = 0;
    let ledgerEntries = 0;
    let customers = 0;
    if (mapping.length > 0) {
      const pairs = sql`(VALUES ${sql.join(mapping)}) AS m (code, pseudonym)`;
      salesLines = Number(
        (await sql`UPDATE sales_lines s SET client_code = m.pseudonym FROM ${pairs} WHERE s.client_code = m.code`.execute(trx))
          .numAffectedRows ?? 0,
      );
      ledgerEntries = Number(
        (
          await sql`
            UPDATE ledger_entries l SET client_code = m.pseudonym, libelle = NULL,
              compte = CASE WHEN strpos(upper(coalesce(l.compte, '')), m.code) > 0 THEN NULL ELSE l.compte END
            FROM ${pairs} WHERE l.client_code = m.code`.execute(trx)
        ).numAffectedRows ?? 0,
      );
      customers = Number(
        (
          await sql`
            UPDATE customers c SET client_code = m.pseudonym, nom = NULL, prenom = NULL, email = NULL, email_norm = NULL,
              telephone = NULL, adresse = NULL, code_postal = NULL, ville = NULL, pays = NULL, date_naissance = NULL,
              consent = 'REFUSED', optin_date = NULL, date_creation = NULL, is_stub = true
            FROM ${pairs} WHERE c.client_code = m.code`.execute(trx)
        ).numAffectedRows ?? 0,
      );
    }
    if (options.tombstones.length > 0) {
      await trx
        .insertInto("erasure_tombstones")
        .values(options.tombstones.map((tombstone) => ({ ...tombstone, erased_at: options.erasedAt })))
        .onConflict((conflict) => conflict.column("hash").doNothing())
        .execute();
    }
    return { customers, salesLines, ledgerEntries, rejects, deleted };
  });
}

async function deleteSubjectRejects(trx: Db, isSubjectReject: (text: string) => boolean): Promise<number> {
  const { rows } = await sql<{ run_id: string; ordinal: number; value: string | null; message: string }>`
    SELECT run_id, ordinal, value, message FROM ingest_rejects
    WHERE value IS NOT NULL OR message IS NOT NULL`.execute(trx);
  const doomed = rows.filter((row) => isSubjectReject(`${row.value ?? ""} ${row.message}`));
  for (const row of doomed) {
    await trx.deleteFrom("ingest_rejects").where("run_id", "=", row.run_id).where("ordinal", "=", row.ordinal).execute();
  }
  return doomed.length;
}

/** SQL twin of core's `tombstoneHash` (hex SHA-256 of `salt|kind|value`). */
function hashed(salt: string, kind: "CLIENT_CODE" | "EMAIL", value: RawBuilder<unknown>) {
  return sql`encode(sha256(convert_to(${salt}::text || ${`|${kind}|`}::text || ${value}, 'UTF8')), 'hex')`;
}

const tombstoned = (salt: string, kind: "CLIENT_CODE" | "EMAIL", value: RawBuilder<unknown>) =>
  sql`(${value} IS NOT NULL AND ${hashed(salt, kind, value)} IN (SELECT hash FROM erasure_tombstones WHERE kind = ${kind}))`;

/**
 * Ingest hook (runs inside the merge transaction, before anything is merged): drops the run's staged rows and
 * rejects that belong to an erased person (their normalised client code or email hashes to a tombstone).
 * Returns how many staged rows were skipped — a count only, never who.
 */
export async function skipErasedStagingRows(trx: Db, runId: string, salt: string): Promise<number> {
  const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM erasure_tombstones) AS any`.execute(trx);
  if (!rows[0]?.any) return 0;
  const code = sql.ref("client_code");
  const email = sql.ref("email_norm");
  let skipped = 0;
  const remove = async (table: string, condition: RawBuilder<unknown>) => {
    const result = await sql`DELETE FROM ${sql.table(table)} WHERE run_id = ${runId} AND ${condition}`.execute(trx);
    skipped += Number(result.numAffectedRows ?? 0);
  };
  const byCode = tombstoned(salt, "CLIENT_CODE", sql`${code}`);
  const byEmail = tombstoned(salt, "EMAIL", sql`${email}`);
  await remove("staging_customers", sql`(${byCode} OR ${byEmail})`);
  await remove("staging_contacts", sql`(${byCode} OR ${byEmail})`);
  await remove("staging_sales_lines", byCode);
  await remove("staging_ledger", byCode);
  const value = sql.ref("value");
  await sql`
    DELETE FROM ingest_rejects WHERE run_id = ${runId} AND value IS NOT NULL AND (
      ${tombstoned(salt, "CLIENT_CODE", sql`upper(regexp_replace(${value}, '\\s', '', 'g'))`)}
      OR ${tombstoned(salt, "EMAIL", sql`lower(btrim(${value}))`)})`.execute(trx);
  return skipped;
}

/**
 * Records a contact (source APPROVAL) for every customer EXPORTED by an approved run (DOMAIN §6), dated the
 * approval day, so the silence window applies to our own campaigns. Idempotent: re-approving adds nothing.
 */
export async function recordApprovalContacts(handle: DatabaseHandle | Db, runId: string, approvedAt: Date | string): Promise<number> {
  const db = "db" in handle ? handle.db : handle;
  const day = typeof approvedAt === "string" ? approvedAt.slice(0, 10) : approvedAt.toISOString().slice(0, 10);
  const result = await sql`
    INSERT INTO contacts (contact_key, client_code, email_norm, date_contact, canal, statut, campagne, source, updated_run)
    SELECT md5(concat_ws('|', 'APPROVAL', a.run_id, a.client_code)), a.client_code, c.email_norm, ${day}::date,
           'email', 'envoye', a.run_id, 'APPROVAL', a.run_id
    FROM audit_results a LEFT JOIN customers c ON c.client_code = a.client_code
    WHERE a.run_id = ${runId} AND a.gate = 'EXPORTED'
    ON CONFLICT (contact_key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Highest export version recorded for a run (0 when it has none). */
export async function latestExportVersion(handle: DatabaseHandle, runId: string): Promise<number> {
  const row = await handle.db
    .selectFrom("export_files")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("run_id", "=", runId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * Retention (DOMAIN §9): staging rows of runs started before `before` (left behind by a failed run; a merge
 * removes its own) and of runs that no longer exist. Returns the number of rows removed.
 */
export async function purgeExpiredStaging(handle: DatabaseHandle, before: Date): Promise<number> {
  let removed = 0;
  for (const { table } of Object.values(STAGING)) {
    const result = await sql`
      DELETE FROM ${sql.table(table)} s
      WHERE NOT EXISTS (
        SELECT 1 FROM runs r WHERE r.run_id = s.run_id AND r.started_at >= ${before.toISOString()}::timestamptz)`.execute(handle.db);
    removed += Number(result.numAffectedRows ?? 0);
  }
  return removed;
}

/** Everything held about one client code (access right, DOMAIN §9), every list in a stable order. */
export interface CustomerAccessData {
  customer: Record<string, unknown> | null;
  salesLines: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  ledgerEntries: Record<string, unknown>[];
  profiles: Record<string, unknown>[];
  scenarios: Record<string, unknown>[];
  recommendations: Record<string, unknown>[];
  auditResults: Record<string, unknown>[];
  auditFlags: Record<string, unknown>[];
}

export async function loadCustomerAccessData(handle: DatabaseHandle, clientCode: string): Promise<CustomerAccessData> {
  const db = handle.db;
  const customer = await db.selectFrom("customers").selectAll().where("client_code", "=", clientCode).executeTakeFirst();
  const emailNorm = customer?.email_norm ?? null;
  const perRun = async (table: "customer_profiles" | "customer_scenarios" | "audit_results") =>
    (
      await sql<Record<string, unknown>>`
      SELECT * FROM ${sql.table(table)} WHERE client_code = ${clientCode} ORDER BY run_id COLLATE "C"`.execute(db)
    ).rows;
  return {
    customer: customer ?? null,
    salesLines: (
      await sql<Record<string, unknown>>`
        SELECT * FROM sales_lines WHERE client_code = ${clientCode}
        ORDER BY date_livraison, document_no COLLATE "C", line_key COLLATE "C", article COLLATE "C"`.execute(db)
    ).rows,
    contacts: (
      await sql<Record<string, unknown>>`
        SELECT * FROM contacts WHERE client_code = ${clientCode} OR (${emailNorm}::text IS NOT NULL AND email_norm = ${emailNorm})
        ORDER BY date_contact, contact_key COLLATE "C"`.execute(db)
    ).rows,
    ledgerEntries: (
      await sql<Record<string, unknown>>`
        SELECT * FROM ledger_entries WHERE client_code = ${clientCode}
        ORDER BY date_ecriture, entry_key COLLATE "C"`.execute(db)
    ).rows,
    profiles: await perRun("customer_profiles"),
    scenarios: await perRun("customer_scenarios"),
    recommendations: (
      await sql<Record<string, unknown>>`
        SELECT * FROM recommendations WHERE client_code = ${clientCode} ORDER BY run_id COLLATE "C", rank`.execute(db)
    ).rows,
    auditResults: await perRun("audit_results"),
    auditFlags: (
      await sql<Record<string, unknown>>`
        SELECT * FROM audit_flags WHERE client_code = ${clientCode}
        ORDER BY run_id COLLATE "C", rank, code COLLATE "C"`.execute(db)
    ).rows,
  };
}
