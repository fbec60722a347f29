import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";
import type { ReviewActionInput } from "./console-review";

/** Reads of the review console: every figure comes from what the pipeline stored for the run. */

export async function listRunIds(handle: DatabaseHandle, limit: number): Promise<string[]> {
  const { rows } = await sql<{ run_id: string }>`
    SELECT run_id FROM runs ORDER BY started_at DESC, run_id COLLATE "C" LIMIT ${limit}`.execute(handle.db);
  return rows.map((row) => row.run_id);
}

export interface RunTimes {
  dropKey: string;
  startedAt: string;
  finishedAt: string | null;
}

export async function loadRunTimes(handle: DatabaseHandle, runId: string): Promise<RunTimes | undefined> {
  const row = await handle.db
    .selectFrom("runs")
    .select(["drop_key", "started_at", "finished_at"])
    .where("run_id", "=", runId)
    .executeTakeFirst();
  return (
    row && {
      dropKey: row.drop_key,
      startedAt: new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    }
  );
}

/** Customers per audit-score bucket of `width` points (bucket = lower bound). */
export async function auditScoreHistogram(
  handle: DatabaseHandle,
  runId: string,
  width = 10,
): Promise<Array<{ from: number; customers: number }>> {
  const { rows } = await sql<{ bucket: number; n: number }>`
    SELECT least(floor(audit_score / ${width}) * ${width}, ${100 - width})::int AS bucket, count(*) AS n
    FROM audit_results WHERE run_id = ${runId} GROUP BY 1 ORDER BY 1`.execute(handle.db);
  return rows.map((row) => ({ from: Number(row.bucket), customers: Number(row.n) }));
}

export async function listExportFiles(
  handle: DatabaseHandle,
  runId: string,
): Promise<Array<{ version: number; name: string; key: string; sha256: string; bytes: number }>> {
  const { rows } = await sql<{ version: number; name: string; key: string; sha256: string; bytes: number }>`
    SELECT version, file_name AS name, s3_key AS key, sha256, bytes FROM export_files
    WHERE run_id = ${runId} ORDER BY version, file_name COLLATE "C"`.execute(handle.db);
  return rows.map((row) => ({ ...row, version: Number(row.version), bytes: Number(row.bytes) }));
}

export interface CustomerSearchRow {
  clientCode: string;
  nom: string | null;
  prenom: string | null;
  email: string | null;
}

/** At most `limit` customers whose code, name or email contains `query` (case-insensitive). */
export async function searchCustomers(handle: DatabaseHandle, query: string, limit = 50): Promise<CustomerSearchRow[]> {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
  const { rows } = await sql<CustomerSearchRow>`
    SELECT client_code AS "clientCode", nom, prenom, email FROM customers
    WHERE NOT is_stub AND (lower(client_code) LIKE ${pattern} OR lower(coalesce(nom, '')) LIKE ${pattern}
      OR lower(coalesce(prenom, '')) LIKE ${pattern} OR lower(coalesce(email, '')) LIKE ${pattern})
    ORDER BY client_code COLLATE "C" LIMIT ${limit}`.execute(handle.db);
  return rows;
}

export interface CustomerDetail {
  customer: Record<string, unknown>;
  profile: Record<string, unknown> | null;
  scenario: { scenario: string; reason: string } | null;
  audit: Record<string, unknown> | null;
  recommendations: Array<Record<string, unknown>>;
  flags: Array<{ rank: number; code: string; severity: string; detail: string | null }>;
  history: Array<Record<string, unknown>>;
}

/** One customer as the run saw it: profile, scenario, audit, recommendations with reasons and flags, purchases. */
export async function loadCustomerDetail(handle: DatabaseHandle, runId: string, clientCode: string): Promise<CustomerDetail | undefined> {
  const customer = await handle.db
    .selectFrom("customers")
    .select(["client_code", "nom", "prenom", "email", "code_postal", "ville", "consent", "optin_date", "date_creation"])
    .where("client_code", "=", clientCode)
    .executeTakeFirst();
  if (!customer) return undefined;
  const profile = await handle.db
    .selectFrom("customer_profiles")
    .selectAll()
    .where("run_id", "=", runId)
    .where("client_code", "=", clientCode)
    .executeTakeFirst();
  const scenario = await handle.db
    .selectFrom("customer_scenarios")
    .select(["scenario", "reason"])
    .where("run_id", "=", runId)
    .where("client_code", "=", clientCode)
    .executeTakeFirst();
  const audit = await handle.db
    .selectFrom("audit_results")
    .select(["audit_score", "errors", "warnings", "gate", "gate_reasons", "is_holdout"])
    .where("run_id", "=", runId)
    .where("client_code", "=", clientCode)
    .executeTakeFirst();
  const { rows: recommendations } = await sql<Record<string, unknown>>`
    SELECT r.rank, r.article, p.produit, p.prix_ttc, r.score, r.selected, r.is_backfill, r.reason_codes,
           r.explanation_fr, r.explanation_en
    FROM recommendations r LEFT JOIN products p ON p.article = r.article
    WHERE r.run_id = ${runId} AND r.client_code = ${clientCode}
    ORDER BY r.selected DESC, r.rank`.execute(handle.db);
  const { rows: flags } = await sql<{ rank: number; code: string; severity: string; detail: string | null }>`
    SELECT rank, code, severity, detail FROM audit_flags WHERE run_id = ${runId} AND client_code = ${clientCode}
    ORDER BY rank, code COLLATE "C"`.execute(handle.db);
  const { rows: history } = await sql<Record<string, unknown>>`
    SELECT s.date_livraison, s.document_no, s.article, p.produit, s.bottles, s.mt_ht, s.is_credit
    FROM sales_lines s LEFT JOIN products p ON p.article = s.article
    WHERE s.client_code = ${clientCode}
    ORDER BY s.date_livraison DESC, s.document_no COLLATE "C", s.line_key COLLATE "C" LIMIT 200`.execute(handle.db);
  return { customer, profile: profile ?? null, scenario: scenario ?? null, audit: audit ?? null, recommendations, flags, history };
}

/** Exported customers of a run with their scenario and audit score. */
export async function listExportedCustomers(
  handle: DatabaseHandle,
  runId: string,
): Promise<Array<{ clientCode: string; scenario: string; auditScore: number }>> {
  const { rows } = await sql<{ clientCode: string; scenario: string; auditScore: number }>`
    SELECT client_code AS "clientCode", scenario, audit_score AS "auditScore" FROM audit_results
    WHERE run_id = ${runId} AND gate = 'EXPORTED' ORDER BY client_code COLLATE "C"`.execute(handle.db);
  return rows.map((row) => ({ ...row, auditScore: Number(row.auditScore) }));
}

export async function loadSpotChecks(
  handle: DatabaseHandle,
  runId: string,
): Promise<Array<{ clientCode: string; verdict: string; comment: string | null; reviewer: string; reviewedAt: string }>> {
  const rows = await handle.db.selectFrom("review_spot_checks").selectAll().where("run_id", "=", runId).execute();
  return rows.map((row) => ({
    clientCode: row.client_code,
    verdict: row.verdict,
    comment: row.comment,
    reviewer: row.reviewer,
    reviewedAt: new Date(row.reviewed_at).toISOString(),
  }));
}

/** A recorded review action: what was written, with its id. */
export interface ReviewActionRow extends ReviewActionInput {
  actionId: number;
}

/** The review log, newest first. */
export async function listReviewActions(handle: DatabaseHandle, limit = 500): Promise<ReviewActionRow[]> {
  const rows = await handle.db.selectFrom("review_actions").selectAll().orderBy("action_id", "desc").limit(limit).execute();
  return rows.map((row) => ({
    actionId: Number(row.action_id),
    runId: row.run_id,
    actor: row.actor,
    role: row.role,
    action: row.action,
    target: row.target,
    before: row.before_value,
    after: row.after_value,
    actedAt: new Date(row.acted_at).toISOString(),
  }));
}

export async function listApprovals(
  handle: DatabaseHandle,
  runId: string,
): Promise<Array<{ version: number; approver: string; approvedAt: string; customers: number }>> {
  const rows = await handle.db.selectFrom("review_approvals").selectAll().where("run_id", "=", runId).orderBy("version").execute();
  return rows.map((row) => ({
    version: row.version,
    approver: row.approver,
    approvedAt: new Date(row.approved_at).toISOString(),
    customers: row.customers,
  }));
}
