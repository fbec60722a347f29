import type { ArticleReference } from "@crm-reco/core";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../schema";
import { withIndexesRebuilt } from "./bulk-load-indexes";
import { STAGING } from "./ingest";
import { skipErasedStagingRows } from "./privacy";
import { attemptOr, isRepeatedKeyError, sqlState } from "./savepoint";

export interface IngestedFileRecord {
  fileName: string;
  s3Key: string;
  sha256: string;
  kind: string | null;
  encoding: string | null;
  delimiter: string | null;
  status: "INGESTED" | "SKIPPED_DUPLICATE" | "REJECTED";
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  reasons: Record<string, number>;
  durationMs: number;
}

export interface MergeIngestOptions {
  runId: string;
  files: readonly IngestedFileRecord[];
  /** The customers and articles the run's sales lines name, gathered while parsing (for stub rows). */
  salesLineReferences: SalesLineReferencesOfRun;
  /**
   * Where the run's sales lines are: `staged` for this merge to insert, and/or `loadedEarly` (a first load, already
   * in `sales_lines` with the bottle factors they were staged with: `SalesLinesFirstLoad`).
   */
  salesLines: { staged: boolean; loadedEarly: boolean };
  /** file_ordinal of the run's last stock file (it replaces the whole stock table), null when none. */
  latestStockFile: number | null;
  /** Contenance of one bottle-equivalent (75 cl). */
  referenceCl: number;
  /** Given the latest sale date after the merge (null when there are no sales), returns the run's as-of or throws. */
  resolveAsOf: (latestSaleDate: string | null) => string;
  /** Called after each merge step inside the transaction (timings; tests inject failures here). */
  onStep?: (step: MergeStep) => void | Promise<void>;
  /** Privacy hook: with the erasure salt, staged rows of erased people (tombstones) are dropped before merging. */
  erasureSalt?: string;
}

export interface SalesLineReferencesOfRun {
  clientCodes: readonly string[];
  articles: readonly ArticleReference[];
  /** Every staged line has its detail number (`N° ligne`). */
  everyLineNumbered: boolean;
}

export type MergeStep = "customers" | "products" | "stubs" | "sales_lines" | "stock" | "contacts" | "ledger" | "files";

export interface MergeIngestResult {
  asOf: string;
  /** Staged rows dropped because they belong to an erased person (privacy hook). */
  erasedSkipped: number;
  /** Canonical table totals after the merge. */
  totals: { customers: number; products: number; salesLines: number; stock: number; contacts: number; ledgerEntries: number };
}

const STAGING_TABLES = Object.values(STAGING).map(({ table }) => table);

const LAST_FIRST = sql.raw("ORDER BY file_ordinal DESC, line DESC");

/** The latest non-blank value of a staged column (later files, then later lines, win; blanks never do). */
function lastKnown(column: string) {
  return sql.raw(`(array_agg(${column} ORDER BY file_ordinal DESC, line DESC) FILTER (WHERE ${column} IS NOT NULL))[1] AS ${column}`);
}

/**
 * Merges a run's staging into the canonical tables inside `trx`, the run's ONE transaction (the caller's to commit),
 * set-based, and records the run's files: either everything lands or (on any error) nothing does. Blank cells never
 * overwrite known values; later files update earlier data. Sales lines naming unknown customers or articles create
 * stub rows.
 */
export async function mergeIngest(trx: Kysely<Database>, options: MergeIngestOptions): Promise<MergeIngestResult> {
  const step = async (name: MergeStep, work: (trx: Kysely<Database>) => Promise<unknown>) => {
    await work(trx);
    await options.onStep?.(name);
  };
  const { runId } = options;
  // The merge sorts and hashes up to a million staged rows: room in memory instead of temporary files, and
  // fresh statistics on the just-COPYed staging (autovacuum has not seen it yet) for the planner's join choices.
  // Row counts and rough distinct counts are all the planner needs here: a small sample gives them.
  await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
  await sql`SET LOCAL default_statistics_target = 10`.execute(trx);
  await sql.raw(`ANALYZE ${STAGING_TABLES.join(", ")}`).execute(trx);
  // Privacy hook (DOMAIN §9): before anything is merged, drop what belongs to an erased person.
  const erasedSkipped = options.erasureSalt === undefined ? 0 : await skipErasedStagingRows(trx, runId, options.erasureSalt);
  await step("customers", (db) => mergeCustomers(db, runId));
  await step("products", (db) => mergeProducts(db, runId, options.referenceCl));
  // Erased people's lines were just dropped from staging: the references gathered while parsing may name them.
  const references = erasedSkipped === 0 ? options.salesLineReferences : null;
  await step("stubs", (db) => createStubs(db, runId, references));
  await step("sales_lines", (db) => mergeSalesLines(db, runId, references, options.salesLines));
  await step("stock", (db) => replaceStock(db, runId, options.latestStockFile));
  await step("contacts", (db) => mergeContacts(db, runId));
  await step("ledger", (db) => mergeLedger(db, runId));
  await step("files", (db) => recordFiles(db, runId, options.files));

  // The canonical totals, and the latest sale date in the same pass over the sales lines.
  const totals = await sql<MergeIngestResult["totals"] & { latest: string | null }>`
      SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM products) AS products,
             lines.count AS "salesLines", lines.latest, (SELECT count(*) FROM stock) AS stock,
             (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM ledger_entries) AS "ledgerEntries"
      FROM (SELECT count(*), max(date_livraison) AS latest FROM sales_lines) AS lines`.execute(trx);
  const { latest, ...row } = totals.rows[0] as MergeIngestResult["totals"] & { latest: string | null };
  const asOf = options.resolveAsOf(latest);
  await trx.updateTable("runs").set({ as_of: asOf }).where("run_id", "=", runId).execute();
  await emptyRunStaging(trx, runId);
  return {
    asOf,
    erasedSkipped,
    totals: Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as MergeIngestResult["totals"],
  };
}

type Db = Kysely<Database>;

const CUSTOMER_COLUMNS = [
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
  "date_creation",
];

async function mergeCustomers(db: Db, runId: string) {
  const coalesced = sql.raw(CUSTOMER_COLUMNS.map((column) => `COALESCE(l.${column}, c.${column})`).join(", "));
  const updates = sql.raw(
    [...CUSTOMER_COLUMNS, "consent", "optin_date", "is_stub", "updated_run"].map((c) => `${c} = EXCLUDED.${c}`).join(", "),
  );
  await sql`
    WITH latest AS (
      SELECT client_code, ${sql.join(CUSTOMER_COLUMNS.map(lastKnown))}, ${lastKnown("consent")},
        (array_agg(optin_date ${LAST_FIRST}) FILTER (WHERE consent IS NOT NULL))[1] AS optin_date
      FROM staging_customers WHERE run_id = ${runId} GROUP BY client_code
    )
    INSERT INTO customers (client_code, ${sql.raw(CUSTOMER_COLUMNS.join(", "))}, consent, optin_date, is_stub, updated_run)
    SELECT l.client_code, ${coalesced}, COALESCE(l.consent, c.consent, 'UNKNOWN'),
      CASE WHEN l.consent IS NULL THEN c.optin_date ELSE l.optin_date END, false, ${runId}
    FROM latest l LEFT JOIN customers c ON c.client_code = l.client_code
    ON CONFLICT (client_code) DO UPDATE SET ${updates}`.execute(db);
}

const PRODUCT_COLUMNS = [
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
  "arome_fruit",
  "arome_floral",
  "arome_epice",
  "arome_mineral",
  "arome_acidite",
  "arome_corps",
  "arome_tanin",
];

async function mergeProducts(db: Db, runId: string, referenceCl: number) {
  const coalesced = sql.raw(PRODUCT_COLUMNS.map((column) => `COALESCE(l.${column}, p.${column})`).join(", "));
  const updates = sql.raw(
    [...PRODUCT_COLUMNS, "bottle_factor", "actif", "is_stub", "updated_run"].map((c) => `${c} = EXCLUDED.${c}`).join(", "),
  );
  await sql`
    WITH latest AS (
      SELECT article, ${sql.join(PRODUCT_COLUMNS.map(lastKnown))}, ${lastKnown("actif")},
        (array_agg(article_factor ${LAST_FIRST}))[1] AS article_factor
      FROM staging_products WHERE run_id = ${runId} GROUP BY article
    )
    INSERT INTO products (article, ${sql.raw(PRODUCT_COLUMNS.join(", "))}, bottle_factor, actif, is_stub, updated_run)
    SELECT l.article, ${coalesced},
      COALESCE(round(COALESCE(l.contenance_cl, p.contenance_cl) / ${referenceCl}::numeric, 4), l.article_factor),
      COALESCE(l.actif, CASE WHEN p.is_stub THEN NULL ELSE p.actif END, true), false, ${runId}
    FROM latest l LEFT JOIN products p ON p.article = l.article
    ON CONFLICT (article) DO UPDATE SET ${updates}`.execute(db);
}

/**
 * Removes the run's staged rows. When no other run is staging or has staged rows, the tables are truncated, which
 * costs nothing, where deleting a million rows takes a third of a second. The exclusive lock is only tried (NOWAIT):
 * a run staging at this moment keeps it from being taken, and the rows are deleted instead. Held until the merge
 * commits, it makes another run's COPY wait for that long, never lose rows.
 */
async function emptyRunStaging(trx: Kysely<Database>, runId: string) {
  const tables = sql.raw(STAGING_TABLES.join(", "));
  const alone = await attemptOr(
    trx,
    "empty_staging",
    async () => {
      await sql`LOCK TABLE ${tables} IN ACCESS EXCLUSIVE MODE NOWAIT`.execute(trx);
      const otherRuns = STAGING_TABLES.map((table) => sql`EXISTS (SELECT 1 FROM ${sql.table(table)} WHERE run_id <> ${runId})`);
      const others = await sql<{ others: boolean }>`SELECT ${sql.join(otherRuns, sql` OR `)} AS others`.execute(trx);
      return others.rows[0]?.others === false;
    },
    (error) => sqlState(error) === LOCK_NOT_AVAILABLE,
    async () => false,
  );
  if (alone) await sql`TRUNCATE ${tables}`.execute(trx);
  else for (const table of STAGING_TABLES) await trx.deleteFrom(table).where("run_id", "=", runId).execute();
}

const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Unknown customers and articles named by sales lines: stub rows (no contact data; never recommendable). From the
 * references gathered while parsing when they are given, else from the staged lines themselves.
 */
async function createStubs(db: Db, runId: string, references: SalesLineReferencesOfRun | null) {
  if (references) {
    const { clientCodes, articles } = references;
    // Most codes are new on a first load: a plain insert of the unknown ones skips ON CONFLICT's speculative
    // insertion per row; only a run merging the same new code at the same moment needs the slower statement.
    const insertUnknown = (onConflict: RawBuilder<unknown>) => sql`
      INSERT INTO customers (client_code, is_stub, updated_run)
      SELECT code, true, ${runId} FROM unnest(${clientCodes}::text[]) AS code
      WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.client_code = code)
      ORDER BY code COLLATE "C" ${onConflict}`;
    await attemptOr(
      db,
      "customer_stubs",
      () => insertUnknown(sql``).execute(db),
      isRepeatedKeyError,
      () => insertUnknown(sql`ON CONFLICT (client_code) DO NOTHING`).execute(db),
    );
    await sql`
      INSERT INTO products (article, produit, cuvee, bottle_factor, actif, is_stub, updated_run)
      SELECT article, produit, cuvee, bottle_factor, false, true, ${runId}
      FROM unnest(${articles.map((a) => a.article)}::text[], ${articles.map((a) => a.produit_label)}::text[],
        ${articles.map((a) => a.cuvee)}::text[], ${articles.map((a) => a.article_factor)}::numeric[])
        AS reference (article, produit, cuvee, bottle_factor)
      ON CONFLICT (article) DO NOTHING`.execute(db);
    return;
  }
  await sql`
    INSERT INTO customers (client_code, is_stub, updated_run)
    SELECT DISTINCT client_code, true, ${runId} FROM staging_sales_lines WHERE run_id = ${runId}
    ON CONFLICT (client_code) DO NOTHING`.execute(db);
  // Each article's last line (later files, then later lines): a hash aggregate and a hash join, not a sort of
  // the whole run — (file_ordinal, line) is unique within a run.
  await sql`
    WITH last AS (
      SELECT article, max(file_ordinal::bigint * 4294967296 + line) AS position
      FROM staging_sales_lines WHERE run_id = ${runId} GROUP BY article
    )
    INSERT INTO products (article, produit, cuvee, bottle_factor, actif, is_stub, updated_run)
    SELECT s.article, s.produit_label, s.cuvee, s.article_factor, false, true, ${runId}
    FROM last JOIN staging_sales_lines s
      ON s.run_id = ${runId} AND s.article = last.article AND s.file_ordinal::bigint * 4294967296 + s.line = last.position
    ON CONFLICT (article) DO NOTHING`.execute(db);
}

/**
 * Sales lines keyed by (document_no, order_detail_no or the line's ordinal within its document in file order,
 * article); the last occurrence wins. Bottles = quantity × the product's bottle factor; when this run changed a
 * product's factor, earlier lines of that article are recomputed too. The run's lines are staged (inserted here),
 * or were loaded early into an empty table (`SalesLinesFirstLoad`) and only their bottles may need the products.
 */
async function mergeSalesLines(
  db: Kysely<Database>,
  runId: string,
  references: SalesLineReferencesOfRun | null,
  salesLines: MergeIngestOptions["salesLines"],
) {
  if (salesLines.staged) {
    const firstLoad = await insertStagedSalesLines(db, runId, references);
    // Every line of a first load was just computed with the current factors: nothing earlier to recompute.
    if (firstLoad) return;
  } else if (salesLines.loadedEarly && references && (await bottleFactorsAgree(db, references.articles))) {
    // The lines loaded early (all of the table: a first load) were computed with their products' factors.
    return;
  }
  await sql`
    UPDATE sales_lines s SET bottles = round(s.qty * p.bottle_factor, 3)
    FROM products p
    WHERE p.article = s.article AND p.updated_run = ${runId} AND s.bottles <> round(s.qty * p.bottle_factor, 3)`.execute(db);
}

/**
 * Inserts the run's staged sales lines; true when the table was empty before (a first load).
 *
 * Exports rarely repeat a key within one drop, so the lines are first inserted as staged, without the dedupe sort;
 * the unique key (or ON CONFLICT meeting a row twice) tells when a key does repeat, and then that attempt is rolled
 * back to a savepoint and the lines are inserted again, deduplicated. Into an empty table (a winery's first,
 * historical load), the indexes are built once after the insert instead of being maintained row by row.
 */
async function insertStagedSalesLines(db: Kysely<Database>, runId: string, references: SalesLineReferencesOfRun | null) {
  // The ordinal within a document is a window over every staged line (a sort of the whole run): skip it when every
  // line carries its own detail number, as exports with a `N° ligne` column do.
  const blank = references
    ? !references.everyLineNumbered
    : (
        await sql<{ blank: boolean }>`
          SELECT EXISTS (SELECT 1 FROM staging_sales_lines WHERE run_id = ${runId} AND order_detail_no IS NULL) AS blank`.execute(db)
      ).rows[0]?.blank;
  const lineKey = blank
    ? sql`COALESCE(s.order_detail_no, (row_number() OVER (PARTITION BY s.file_ordinal, s.document_no ORDER BY s.line))::text)`
    : sql`s.order_detail_no`;
  // First load: every key is new, so a plain INSERT is exact and skips the speculative-insertion work ON CONFLICT
  // does per row.
  const empty = await sql<{ empty: boolean }>`SELECT NOT EXISTS (SELECT 1 FROM sales_lines) AS empty`.execute(db);
  const firstLoad = empty.rows[0]?.empty === true;
  // A line already known is rewritten only when the drop changes it: exports often repeat the whole history, and
  // rewriting a million unchanged lines (a new version of each, its index entries, its WAL) was most of a re-import.
  // Its `updated_run` is the last run that changed it.
  const updated = {
    client_code: sql`EXCLUDED.client_code`,
    date_livraison: sql`EXCLUDED.date_livraison`,
    document_type: sql`COALESCE(EXCLUDED.document_type, sales_lines.document_type)`,
    is_credit: sql`EXCLUDED.is_credit`,
    qty: sql`EXCLUDED.qty`,
    bottles: sql`EXCLUDED.bottles`,
    pu_ht: sql`COALESCE(EXCLUDED.pu_ht, sales_lines.pu_ht)`,
    mt_ht: sql`EXCLUDED.mt_ht`,
    mt_ttc: sql`COALESCE(EXCLUDED.mt_ttc, sales_lines.mt_ttc)`,
    marge: sql`COALESCE(EXCLUDED.marge, sales_lines.marge)`,
  };
  const columns = Object.keys(updated).map((column) => sql.ref(`sales_lines.${column}`));
  const values = Object.values(updated);
  const onConflict = firstLoad
    ? sql``
    : sql`ON CONFLICT (document_no, line_key, article) DO UPDATE SET
      ${sql.join(Object.entries(updated).map(([column, value]) => sql`${sql.ref(column)} = ${value}`))},
      updated_run = EXCLUDED.updated_run
      WHERE (${sql.join(columns)}) IS DISTINCT FROM (${sql.join(values)})`;
  // The dedupe sorts with COLLATE "C": byte order is several times faster than the database collation, and equal
  // keys are equal under both.
  const latest = (dedupe: boolean) =>
    dedupe
      ? sql`SELECT DISTINCT ON (document_no COLLATE "C", line_key COLLATE "C", article COLLATE "C") * FROM keyed
        ORDER BY document_no COLLATE "C", line_key COLLATE "C", article COLLATE "C", file_ordinal DESC, line DESC`
      : sql`SELECT * FROM keyed`;
  // Bottles = quantity × the product's bottle factor. When every article's product has the factor its lines were
  // staged with (the article code's coefficient: stubs, 75 cl bottles), the bottles computed as the lines were
  // staged are right, and the lines need no join with products.
  const factorsAgree = references !== null && (await bottleFactorsAgree(db, references.articles));
  const bottles = factorsAgree ? sql`l.bottles` : sql`round(l.qty_line * p.bottle_factor, 3)`;
  const products = factorsAgree ? sql`` : sql`JOIN products p ON p.article = l.article`;
  const insert = async (dedupe: boolean) => {
    const statement = sql`
      WITH keyed AS (
        SELECT s.*, ${lineKey} AS line_key
        FROM staging_sales_lines s WHERE s.run_id = ${runId}
      ), latest AS (${latest(dedupe)})
      INSERT INTO sales_lines (document_no, line_key, article, client_code, date_livraison, document_type, is_credit,
        qty, bottles, pu_ht, mt_ht, mt_ttc, marge, updated_run)
      SELECT l.document_no, l.line_key, l.article, l.client_code, l.date_livraison, l.document_type, l.is_credit,
        l.qty_line, ${bottles}, l.pu_ht, l.mt_ht, l.mt_ttc, l.marge, ${runId}
      FROM latest l ${products}
      ${onConflict}`;
    if (firstLoad) await withIndexesRebuilt(db, "sales_lines", () => statement.execute(db));
    else await statement.execute(db);
  };
  await attemptOr(
    db,
    "sales_lines_as_staged",
    () => insert(false),
    isRepeatedKeyError,
    () => insert(true),
  );
  return firstLoad;
}

/** Every article's product has the bottle factor of the article's staged lines (and every article has a product). */
async function bottleFactorsAgree(db: Db, articles: readonly ArticleReference[]): Promise<boolean> {
  const result = await sql<{ agree: boolean }>`
    SELECT NOT EXISTS (
      SELECT 1 FROM unnest(${articles.map((a) => a.article)}::text[], ${articles.map((a) => a.article_factor)}::numeric[])
        AS staged (article, factor)
      LEFT JOIN products p ON p.article = staged.article
      WHERE p.bottle_factor IS DISTINCT FROM staged.factor) AS agree`.execute(db);
  return result.rows[0]?.agree === true;
}

/** A stock export is a snapshot: the run's last stock file replaces the whole table (rows summed per article and warehouse). */
async function replaceStock(db: Db, runId: string, latestStockFile: number | null) {
  if (latestStockFile === null) return;
  await sql`DELETE FROM stock`.execute(db);
  await sql`
    INSERT INTO stock (article, entrepot, quantite, updated_run)
    SELECT article, entrepot, sum(quantite), ${runId} FROM staging_stock
    WHERE run_id = ${runId} AND file_ordinal = ${latestStockFile}
    GROUP BY article, entrepot`.execute(db);
}

/** contact_key = md5 of (client code, else email; date; channel; status; campaign): re-imports do not duplicate. */
async function mergeContacts(db: Db, runId: string) {
  await sql`
    WITH keyed AS (
      SELECT s.*, md5(concat_ws('|', COALESCE(s.client_code, s.email_norm), to_char(s.date_contact, 'YYYY-MM-DD'),
        COALESCE(s.canal, ''), s.statut, COALESCE(s.campagne, ''))) AS contact_key
      FROM staging_contacts s WHERE s.run_id = ${runId}
    ), latest AS (
      SELECT DISTINCT ON (contact_key) * FROM keyed ORDER BY contact_key, file_ordinal DESC, line DESC
    )
    INSERT INTO contacts (contact_key, client_code, email_norm, date_contact, canal, statut, campagne, source, updated_run)
    SELECT contact_key, client_code, email_norm, date_contact, canal, statut, campagne, 'IMPORT', ${runId} FROM latest
    ON CONFLICT (contact_key) DO UPDATE SET
      client_code = COALESCE(EXCLUDED.client_code, contacts.client_code),
      email_norm = COALESCE(EXCLUDED.email_norm, contacts.email_norm), updated_run = EXCLUDED.updated_run`.execute(db);
}

/**
 * entry_key = md5 of (account, piece, date, label, debit, credit, occurrence): the occurrence numbers identical
 * entries within a file in line order, so a cumulative re-export of the ledger maps onto the same keys.
 */
async function mergeLedger(db: Db, runId: string) {
  await sql`
    WITH keyed AS (
      SELECT s.*, md5(concat_ws('|', COALESCE(s.compte, ''), COALESCE(s.piece, ''), to_char(s.date_ecriture, 'YYYY-MM-DD'),
        COALESCE(s.libelle, ''), s.debit::text, s.credit::text,
        (row_number() OVER (PARTITION BY s.file_ordinal, s.compte, s.piece, s.date_ecriture, s.libelle, s.debit, s.credit
          ORDER BY s.line))::text)) AS entry_key
      FROM staging_ledger s WHERE s.run_id = ${runId}
    ), latest AS (
      SELECT DISTINCT ON (entry_key) * FROM keyed ORDER BY entry_key, file_ordinal DESC, line DESC
    )
    INSERT INTO ledger_entries (entry_key, compte, client_code, date_ecriture, piece, libelle, debit, credit, lettrage,
      date_echeance, updated_run)
    SELECT entry_key, compte, client_code, date_ecriture, piece, libelle, debit, credit, lettrage, date_echeance, ${runId}
    FROM latest
    ON CONFLICT (entry_key) DO UPDATE SET
      client_code = COALESCE(EXCLUDED.client_code, ledger_entries.client_code),
      lettrage = COALESCE(EXCLUDED.lettrage, ledger_entries.lettrage),
      date_echeance = COALESCE(EXCLUDED.date_echeance, ledger_entries.date_echeance),
      updated_run = EXCLUDED.updated_run`.execute(db);
}

async function recordFiles(db: Db, runId: string, files: readonly IngestedFileRecord[]) {
  if (files.length === 0) return;
  await db
    .insertInto("ingested_files")
    .values(
      files.map((file) => ({
        run_id: runId,
        file_name: file.fileName,
        s3_key: file.s3Key,
        sha256: file.sha256,
        kind: file.kind,
        encoding: file.encoding,
        delimiter: file.delimiter,
        status: file.status,
        rows_read: file.rowsRead,
        rows_accepted: file.rowsAccepted,
        rows_rejected: file.rowsRejected,
        reasons: JSON.stringify(file.reasons),
        duration_ms: file.durationMs,
      })),
    )
    .execute();
}
