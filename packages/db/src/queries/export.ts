import type { Selectable } from "kysely";
import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";
import type { CustomerProfilesTable } from "../schema";

/**
 * Reads for the export stage (and the run figures notify reuses). Every list is ordered by code points
 * (`COLLATE "C"`) with tie-breaks, so the files are byte-identical on PGlite and PostgreSQL.
 */

export interface CampaignRecommendationRow {
  rank: number;
  article: string;
  productName: string | null;
  priceTtc: string | null;
  explanationFr: string;
}

export interface CampaignCustomerRow {
  clientCode: string;
  email: string | null;
  emailNorm: string | null;
  prenom: string | null;
  nom: string | null;
  scenario: string;
  recommendations: CampaignRecommendationRow[];
}

/** Customers with gate EXPORTED and their selected wines, in two queries. */
export async function loadCampaignCustomers(handle: DatabaseHandle, runId: string): Promise<CampaignCustomerRow[]> {
  const customers = await sql<{
    client_code: string;
    scenario: string;
    email: string | null;
    email_norm: string | null;
    prenom: string | null;
    nom: string | null;
  }>`
    SELECT a.client_code, a.scenario, c.email, c.email_norm, c.prenom, c.nom
    FROM audit_results a
    LEFT JOIN customers c ON c.client_code = a.client_code
    WHERE a.run_id = ${runId} AND a.gate = 'EXPORTED'
    ORDER BY a.client_code COLLATE "C"`.execute(handle.db);
  const recommendations = await sql<{
    client_code: string;
    rank: number;
    article: string;
    produit: string | null;
    prix_ttc: string | null;
    explanation_fr: string;
  }>`
    SELECT r.client_code, r.rank, r.article, p.produit, p.prix_ttc, r.explanation_fr
    FROM recommendations r
    JOIN audit_results a ON a.run_id = r.run_id AND a.client_code = r.client_code AND a.gate = 'EXPORTED'
    LEFT JOIN products p ON p.article = r.article
    WHERE r.run_id = ${runId} AND r.selected
    ORDER BY r.client_code COLLATE "C", r.rank`.execute(handle.db);
  const byCustomer = new Map<string, CampaignRecommendationRow[]>();
  for (const row of recommendations.rows) {
    const list = byCustomer.get(row.client_code) ?? [];
    list.push({
      rank: row.rank,
      article: row.article,
      productName: row.produit,
      priceTtc: row.prix_ttc,
      explanationFr: row.explanation_fr,
    });
    byCustomer.set(row.client_code, list);
  }
  return customers.rows.map((row) => ({
    clientCode: row.client_code,
    email: row.email,
    emailNorm: row.email_norm,
    prenom: row.prenom,
    nom: row.nom,
    scenario: row.scenario,
    recommendations: byCustomer.get(row.client_code) ?? [],
  }));
}

/** Client codes that may appear in campaign.csv: gate EXPORTED, no error counted, no ERROR flag. */
export async function loadCampaignEligibleCodes(handle: DatabaseHandle, runId: string): Promise<Set<string>> {
  const { rows } = await sql<{ client_code: string }>`
    SELECT a.client_code FROM audit_results a
    WHERE a.run_id = ${runId} AND a.gate = 'EXPORTED' AND a.errors = 0
      AND NOT EXISTS (
        SELECT 1 FROM audit_flags f
        WHERE f.run_id = a.run_id AND f.client_code = a.client_code AND f.severity = 'ERROR'
      )`.execute(handle.db);
  return new Set(rows.map((row) => row.client_code));
}

export interface AuditReportDbRow {
  clientCode: string;
  scenario: string;
  auditScore: number;
  errors: number;
  warnings: number;
  flags: string;
  gate: string;
  gateReasons: string;
}

export async function loadAuditReportRows(handle: DatabaseHandle, runId: string): Promise<AuditReportDbRow[]> {
  const { rows } = await sql<AuditReportDbRow>`
    SELECT client_code AS "clientCode", scenario, audit_score AS "auditScore", errors, warnings, flags, gate,
           gate_reasons AS "gateReasons"
    FROM audit_results WHERE run_id = ${runId}
    ORDER BY client_code COLLATE "C"`.execute(handle.db);
  return rows.map((row) => ({ ...row, auditScore: Number(row.auditScore), errors: Number(row.errors), warnings: Number(row.warnings) }));
}

export async function loadHoldoutRows(handle: DatabaseHandle, runId: string): Promise<Array<{ clientCode: string; scenario: string }>> {
  const { rows } = await sql<{ clientCode: string; scenario: string }>`
    SELECT client_code AS "clientCode", scenario FROM audit_results
    WHERE run_id = ${runId} AND gate = 'HOLDOUT'
    ORDER BY client_code COLLATE "C"`.execute(handle.db);
  return rows;
}

export type CustomerProfileRow = Selectable<CustomerProfilesTable>;

export async function loadCustomerProfileRows(handle: DatabaseHandle, runId: string): Promise<CustomerProfileRow[]> {
  const { rows } = await sql<CustomerProfileRow>`
    SELECT * FROM customer_profiles WHERE run_id = ${runId} ORDER BY client_code COLLATE "C"`.execute(handle.db);
  return rows;
}

export interface IngestRejectDbRow {
  file: string;
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
  message: string;
}

export async function loadIngestRejectRows(handle: DatabaseHandle, runId: string): Promise<IngestRejectDbRow[]> {
  const { rows } = await sql<IngestRejectDbRow>`
    SELECT file_name AS file, line, column_name AS "column", value, reason, message
    FROM ingest_rejects WHERE run_id = ${runId} ORDER BY ordinal`.execute(handle.db);
  return rows;
}

export interface IngestedFileDbRow {
  fileName: string;
  s3Key: string;
  sha256: string;
  kind: string | null;
  encoding: string | null;
  delimiter: string | null;
  status: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  reasons: Record<string, number>;
  durationMs: number;
}

export async function loadIngestedFiles(handle: DatabaseHandle, runId: string): Promise<IngestedFileDbRow[]> {
  const { rows } = await sql<IngestedFileDbRow>`
    SELECT file_name AS "fileName", s3_key AS "s3Key", sha256, kind, encoding, delimiter, status,
           rows_read AS "rowsRead", rows_accepted AS "rowsAccepted", rows_rejected AS "rowsRejected", reasons,
           duration_ms AS "durationMs"
    FROM ingested_files WHERE run_id = ${runId}
    ORDER BY file_name COLLATE "C", s3_key COLLATE "C"`.execute(handle.db);
  return rows;
}

/** Counts of each finished stage except export and notify, summed over Map shards; no timings. */
export async function loadStageCounts(
  handle: DatabaseHandle,
  runId: string,
): Promise<Record<string, { counts: Record<string, number>; shards: number }>> {
  const { rows } = await sql<{ stage: string; shard: number; counts: Record<string, number> | null }>`
    SELECT stage, shard, counts FROM stage_executions
    WHERE run_id = ${runId} AND status = 'SUCCEEDED' AND stage NOT IN ('export', 'notify')
    ORDER BY stage COLLATE "C", shard`.execute(handle.db);
  const stages: Record<string, { counts: Record<string, number>; shards: number }> = {};
  for (const row of rows) {
    const stage = stages[row.stage] ?? { counts: {}, shards: 0 };
    stages[row.stage] = stage;
    if (row.shard >= 0) stage.shards++;
    for (const [name, value] of Object.entries(row.counts ?? {})) stage.counts[name] = (stage.counts[name] ?? 0) + value;
  }
  return stages;
}

export async function countCustomersByScenario(handle: DatabaseHandle, runId: string): Promise<Record<string, number>> {
  const { rows } = await sql<{ key: string; n: number }>`
    SELECT scenario AS key, count(*) AS n FROM customer_scenarios WHERE run_id = ${runId}
    GROUP BY scenario ORDER BY scenario COLLATE "C"`.execute(handle.db);
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
}

export async function countCustomersByGate(handle: DatabaseHandle, runId: string): Promise<Record<string, number>> {
  const { rows } = await sql<{ key: string; n: number }>`
    SELECT gate AS key, count(*) AS n FROM audit_results WHERE run_id = ${runId}
    GROUP BY gate ORDER BY gate COLLATE "C"`.execute(handle.db);
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
}

export interface ScenarioGateRow {
  scenario: string;
  customers: number;
  exported: number;
}

/** Audited customers and exported customers per scenario. */
export async function countAuditedByScenario(handle: DatabaseHandle, runId: string): Promise<ScenarioGateRow[]> {
  const { rows } = await sql<ScenarioGateRow>`
    SELECT scenario, count(*) AS customers, count(*) FILTER (WHERE gate = 'EXPORTED') AS exported
    FROM audit_results WHERE run_id = ${runId}
    GROUP BY scenario ORDER BY scenario COLLATE "C"`.execute(handle.db);
  return rows.map((row) => ({ scenario: row.scenario, customers: Number(row.customers), exported: Number(row.exported) }));
}

export interface FlagCountRow {
  code: string;
  severity: string;
  customers: number;
}

/** Customers per flag code, most frequent first; `limit` null for all of them. */
export async function countFlags(handle: DatabaseHandle, runId: string, limit: number | null = null): Promise<FlagCountRow[]> {
  const { rows } = await sql<FlagCountRow>`
    SELECT code, severity, count(DISTINCT client_code) AS customers
    FROM audit_flags WHERE run_id = ${runId}
    GROUP BY code, severity
    ORDER BY customers DESC, code COLLATE "C", severity COLLATE "C"
    ${limit === null ? sql`` : sql`LIMIT ${limit}`}`.execute(handle.db);
  return rows.map((row) => ({ code: row.code, severity: row.severity, customers: Number(row.customers) }));
}

export interface GateMetricCountsRow {
  exported: number;
  exportedWithError: number;
  contactable: number;
  contactableGoodScore: number;
}

/** The numerators and denominators of the run-level audit targets (DOMAIN §5). */
export async function countGateMetrics(handle: DatabaseHandle, runId: string, minScore: number): Promise<GateMetricCountsRow> {
  const { rows } = await sql<GateMetricCountsRow>`
    SELECT
      count(*) FILTER (WHERE a.gate = 'EXPORTED') AS exported,
      count(*) FILTER (WHERE a.gate = 'EXPORTED' AND (a.errors > 0 OR EXISTS (
        SELECT 1 FROM audit_flags f WHERE f.run_id = a.run_id AND f.client_code = a.client_code AND f.severity = 'ERROR'
      ))) AS "exportedWithError",
      count(*) FILTER (WHERE a.scenario <> 'HOLD') AS contactable,
      count(*) FILTER (WHERE a.scenario <> 'HOLD' AND a.audit_score >= ${minScore}) AS "contactableGoodScore"
    FROM audit_results a WHERE a.run_id = ${runId}`.execute(handle.db);
  const row = rows[0];
  return {
    exported: Number(row?.exported ?? 0),
    exportedWithError: Number(row?.exportedWithError ?? 0),
    contactable: Number(row?.contactable ?? 0),
    contactableGoodScore: Number(row?.contactableGoodScore ?? 0),
  };
}

export interface ExportFileRecord {
  name: string;
  key: string;
  sha256: string;
  bytes: number;
}

/**
 * Records one export version in one transaction: replaces the run's rows of that version in
 * export_files and stores the list under `runs.summary.exports` (other summary keys are kept).
 */
export async function recordExportFiles(
  handle: DatabaseHandle,
  runId: string,
  version: number,
  exportsSummary: { bucket: string; prefix: string; files: readonly ExportFileRecord[] },
): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("export_files").where("run_id", "=", runId).where("version", "=", version).execute();
    if (exportsSummary.files.length > 0) {
      await trx
        .insertInto("export_files")
        .values(
          exportsSummary.files.map((file) => ({
            run_id: runId,
            version,
            file_name: file.name,
            s3_key: file.key,
            sha256: file.sha256,
            bytes: file.bytes,
          })),
        )
        .execute();
    }
    const summary = JSON.stringify({ version, ...exportsSummary });
    await sql`
      UPDATE runs SET summary = coalesce(summary, '{}'::jsonb) || jsonb_build_object('exports', ${summary}::jsonb)
      WHERE run_id = ${runId}`.execute(trx);
  });
}
