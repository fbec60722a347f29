import { type Kysely, sql } from "kysely";
import type { BulkValue } from "../bulk-insert";
import type { DatabaseHandle } from "../connect";
import type { Consent, Database } from "../schema";

/** One customer of a run with the facts the audit rules read (dates YYYY-MM-DD, numeric as decimal strings). */
export interface AuditCustomerRow {
  client_code: string;
  scenario: string;
  scenario_reason: string;
  email: string | null;
  email_norm: string | null;
  /** null when the scenario names a code missing from customers. */
  consent: Consent | null;
  date_naissance: string | null;
  /** Distinct orders (credit notes excluded) on or before the as-of date. */
  orders: number;
  last_order_date: string | null;
  /** Latest contact at any date, matched by client code or normalised email. */
  last_contact_date: string | null;
  /** Distinct lower-case contact statuses at any date, `|`-joined; null without contacts. */
  contact_statuses: string | null;
  ledger_overdue: string | null;
  aroma_confidence: string | null;
  price_band_ht: string | null;
}

/**
 * Every customer of the run (its customer_scenarios rows) with customer, order, contact and profile facts,
 * ordered by client code (code points). Contacts are matched by client code and by normalised email, at any
 * date: an opt-out or a campaign sent after the as-of date still counts.
 */
export async function loadAuditCustomerRows(handle: DatabaseHandle, runId: string, asOf: string): Promise<AuditCustomerRow[]> {
  const { rows } = await sql<AuditCustomerRow>`
    WITH run_customers AS (
      SELECT cs.client_code, cs.scenario, cs.reason AS scenario_reason,
             c.email, c.email_norm, c.consent, c.date_naissance
      FROM customer_scenarios cs
      LEFT JOIN customers c ON c.client_code = cs.client_code
      WHERE cs.run_id = ${runId}
    ),
    order_facts AS (
      SELECT sl.client_code, count(DISTINCT sl.document_no) AS orders, max(sl.date_livraison) AS last_order_date
      FROM sales_lines sl
      JOIN run_customers rc ON rc.client_code = sl.client_code
      WHERE NOT sl.is_credit AND sl.date_livraison <= ${asOf}::date
      GROUP BY sl.client_code
    ),
    matched_contacts AS (
      SELECT rc.client_code, ct.date_contact, ct.statut
      FROM run_customers rc JOIN contacts ct ON ct.client_code = rc.client_code
      UNION ALL
      SELECT rc.client_code, ct.date_contact, ct.statut
      FROM run_customers rc JOIN contacts ct ON ct.email_norm = rc.email_norm
    ),
    contact_facts AS (
      SELECT client_code, max(date_contact) AS last_contact_date,
             string_agg(DISTINCT lower(trim(statut)), '|' ORDER BY lower(trim(statut))) AS contact_statuses
      FROM matched_contacts
      GROUP BY client_code
    )
    SELECT rc.client_code, rc.scenario, rc.scenario_reason, rc.email, rc.email_norm, rc.consent, rc.date_naissance,
           coalesce(o.orders, 0) AS orders, o.last_order_date, cf.last_contact_date, cf.contact_statuses,
           cp.ledger_overdue, cp.aroma_confidence, cp.price_band_ht
    FROM run_customers rc
    LEFT JOIN order_facts o ON o.client_code = rc.client_code
    LEFT JOIN contact_facts cf ON cf.client_code = rc.client_code
    LEFT JOIN customer_profiles cp ON cp.run_id = ${runId} AND cp.client_code = rc.client_code
    ORDER BY rc.client_code COLLATE "C"`.execute(handle.db);
  return rows.map((row) => ({ ...row, orders: Number(row.orders) }));
}

/** One selected (proposed) recommendation with its product, stock and the customer's last purchase of it. */
export interface AuditRecommendationRow {
  client_code: string;
  rank: number;
  article: string;
  is_backfill: boolean;
  explanation_fr: string;
  explanation_en: string;
  product_known: boolean;
  actif: boolean | null;
  is_stub: boolean | null;
  prix_ttc: string | null;
  prix_ht: string | null;
  bottle_factor: string | null;
  famille: string | null;
  cuvee: string | null;
  /** Summed over warehouses; null without a stock row. */
  stock_quantity: string | null;
  /** On or before the as-of date, credit notes excluded. */
  last_purchase_date: string | null;
}

/** The run's selected recommendations of its audited customers, ordered by client code then rank. */
export async function loadAuditRecommendationRows(handle: DatabaseHandle, runId: string, asOf: string): Promise<AuditRecommendationRow[]> {
  const { rows } = await sql<AuditRecommendationRow>`
    WITH selected AS (
      SELECT r.client_code, r.rank, r.article, r.is_backfill, r.explanation_fr, r.explanation_en
      FROM recommendations r
      JOIN customer_scenarios cs ON cs.run_id = r.run_id AND cs.client_code = r.client_code
      WHERE r.run_id = ${runId} AND r.selected
    ),
    stock_totals AS (
      SELECT s.article, sum(s.quantite) AS quantity
      FROM stock s
      WHERE s.article IN (SELECT article FROM selected)
      GROUP BY s.article
    ),
    last_purchases AS (
      SELECT sl.client_code, sl.article, max(sl.date_livraison) AS last_purchase_date
      FROM sales_lines sl
      WHERE NOT sl.is_credit AND sl.date_livraison <= ${asOf}::date
        AND EXISTS (SELECT 1 FROM selected se WHERE se.client_code = sl.client_code AND se.article = sl.article)
      GROUP BY sl.client_code, sl.article
    )
    SELECT se.client_code, se.rank, se.article, se.is_backfill, se.explanation_fr, se.explanation_en,
           p.article IS NOT NULL AS product_known, p.actif, p.is_stub, p.prix_ttc, p.prix_ht, p.bottle_factor,
           p.famille, p.cuvee, st.quantity AS stock_quantity, lp.last_purchase_date
    FROM selected se
    LEFT JOIN products p ON p.article = se.article
    LEFT JOIN stock_totals st ON st.article = se.article
    LEFT JOIN last_purchases lp ON lp.client_code = se.client_code AND lp.article = se.article
    ORDER BY se.client_code COLLATE "C", se.rank`.execute(handle.db);
  return rows;
}

export const AUDIT_RESULT_COLUMNS = [
  "client_code",
  "scenario",
  "audit_score",
  "errors",
  "warnings",
  "flags",
  "gate",
  "gate_reasons",
  "is_holdout",
] as const;
export const AUDIT_FLAG_COLUMNS = ["client_code", "rank", "code", "severity", "detail"] as const;

export interface AuditWrite {
  /** Values in AUDIT_RESULT_COLUMNS order. */
  results: readonly BulkValue[][];
  /** Values in AUDIT_FLAG_COLUMNS order. */
  flags: readonly BulkValue[][];
  /** Merged into runs.summary under the key `audit` (other stages' keys are kept). */
  summary: unknown;
}

/**
 * Replaces the run's audit_results and audit_flags and merges the run metrics into runs.summary, in one
 * transaction: multi-row INSERTs through the transaction's own connection (PGlite has a single connection,
 * and on pg COPY would need a client outside the transaction).
 */
export async function replaceAuditResults(handle: DatabaseHandle, runId: string, write: AuditWrite): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM audit_flags WHERE run_id = ${runId}`.execute(trx);
    await sql`DELETE FROM audit_results WHERE run_id = ${runId}`.execute(trx);
    await insertRunRows(trx, "audit_results", runId, AUDIT_RESULT_COLUMNS, write.results);
    await insertRunRows(trx, "audit_flags", runId, AUDIT_FLAG_COLUMNS, write.flags);
    await sql`
      UPDATE runs SET summary = coalesce(summary, '{}'::jsonb) || jsonb_build_object('audit', ${JSON.stringify(write.summary)}::jsonb)
      WHERE run_id = ${runId}`.execute(trx);
  });
}

/** Bind-parameter budget per multi-row INSERT (PostgreSQL's limit is 65,535). */
const MAX_BIND_PARAMETERS = 60_000;

async function insertRunRows(
  trx: Kysely<Database>,
  table: "audit_results" | "audit_flags",
  runId: string,
  columns: readonly string[],
  rows: readonly BulkValue[][],
): Promise<void> {
  const rowsPerInsert = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / (columns.length + 1)));
  const head = sql.raw(`INSERT INTO ${table} (run_id, ${columns.join(", ")}) VALUES `);
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const batch = rows.slice(start, start + rowsPerInsert);
    await sql`${head}${sql.join(batch.map((row) => sql`(${sql.join([runId, ...row])})`))}`.execute(trx);
  }
}
