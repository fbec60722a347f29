import type { OutcomeRecord } from "@crm-reco/core";
import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";

/**
 * Reads and writes of the outcomes loop (DOMAIN §7). An *evaluated* run is an earlier run whose exports were
 * written (export_files) and whose as-of date (the export date) is before the *measuring* run's as-of date.
 */

export interface EvaluatedRunRow {
  runId: string;
  exportDate: string;
  /** Export date + attribution days, or the measuring as-of date when that comes first. */
  windowEnd: string;
  windowDays: number;
  windowComplete: boolean;
}

export interface OutcomeObservationRow {
  runId: string;
  clientCode: string;
  scenario: string;
  group: "TREATED" | "HOLDOUT";
  ordered: boolean;
  convertedOnRecommended: boolean;
  /** Net revenue HT in the window, credit notes deducted, in cents. */
  revenueCents: number;
}

export interface OutcomeWindowOptions {
  measuringRunId: string;
  asOf: string;
  attributionDays: number;
}

/** The earlier exported runs whose attribution window the data up to `asOf` reaches, oldest first. */
export async function loadEvaluatedRuns(handle: DatabaseHandle, options: OutcomeWindowOptions): Promise<EvaluatedRunRow[]> {
  const { rows } = await sql<{ run_id: string; export_date: string; window_end: string; window_days: number }>`
    SELECT r.run_id, r.as_of AS export_date,
           LEAST(r.as_of + ${options.attributionDays}::integer, ${options.asOf}::date) AS window_end,
           LEAST(r.as_of + ${options.attributionDays}::integer, ${options.asOf}::date) - r.as_of AS window_days
    FROM runs r
    WHERE r.run_id <> ${options.measuringRunId}
      AND r.as_of IS NOT NULL
      AND r.as_of < ${options.asOf}::date
      AND EXISTS (SELECT 1 FROM export_files f WHERE f.run_id = r.run_id)
    ORDER BY r.as_of, r.run_id COLLATE "C"`.execute(handle.db);
  return rows.map((row) => ({
    runId: row.run_id,
    exportDate: row.export_date,
    windowEnd: row.window_end,
    windowDays: Number(row.window_days),
    windowComplete: Number(row.window_days) >= options.attributionDays,
  }));
}

/**
 * Every campaign (gate EXPORTED) and holdout (gate HOLDOUT) customer of every evaluated run, with what they
 * bought in (export date, window end]: one set-based query, ordered by run then client code.
 */
export async function loadOutcomeObservations(handle: DatabaseHandle, options: OutcomeWindowOptions): Promise<OutcomeObservationRow[]> {
  const { rows } = await sql<{
    run_id: string;
    client_code: string;
    scenario: string;
    gate: string;
    ordered: boolean;
    converted: boolean;
    revenue_cents: string | number;
  }>`
    WITH evaluated AS (
      SELECT r.run_id, r.as_of AS export_date, LEAST(r.as_of + ${options.attributionDays}::integer, ${options.asOf}::date) AS window_end
      FROM runs r
      WHERE r.run_id <> ${options.measuringRunId}
        AND r.as_of IS NOT NULL
        AND r.as_of < ${options.asOf}::date
        AND EXISTS (SELECT 1 FROM export_files f WHERE f.run_id = r.run_id)
    ),
    members AS (
      SELECT e.run_id, e.export_date, e.window_end, a.client_code, a.scenario, a.gate
      FROM evaluated e
      JOIN audit_results a ON a.run_id = e.run_id AND a.gate IN ('EXPORTED', 'HOLDOUT')
    ),
    bought AS (
      SELECT m.run_id, m.client_code,
             bool_or(NOT s.is_credit) AS ordered,
             bool_or(NOT s.is_credit AND EXISTS (
               SELECT 1 FROM recommendations r
               WHERE r.run_id = m.run_id AND r.client_code = m.client_code AND r.selected AND r.article = s.article
             )) AS converted,
             sum(s.mt_ht) AS revenue
      FROM members m
      JOIN sales_lines s ON s.client_code = m.client_code AND s.date_livraison > m.export_date AND s.date_livraison <= m.window_end
      GROUP BY m.run_id, m.client_code
    )
    SELECT m.run_id, m.client_code, m.scenario, m.gate,
           coalesce(b.ordered, false) AS ordered,
           coalesce(b.converted, false) AS converted,
           round(coalesce(b.revenue, 0) * 100)::bigint AS revenue_cents
    FROM members m
    LEFT JOIN bought b ON b.run_id = m.run_id AND b.client_code = m.client_code
    ORDER BY m.run_id COLLATE "C", m.client_code COLLATE "C"`.execute(handle.db);
  return rows.map((row) => ({
    runId: row.run_id,
    clientCode: row.client_code,
    scenario: row.scenario,
    group: row.gate === "EXPORTED" ? "TREATED" : "HOLDOUT",
    ordered: row.ordered,
    convertedOnRecommended: row.converted,
    revenueCents: Number(row.revenue_cents),
  }));
}

/** A stored outcome: core's record (the database holds exactly what outcomes.csv is built from). */
export type OutcomeRow = OutcomeRecord;

const OUTCOME_COLUMNS = [
  "evaluated_run_id",
  "export_date",
  "window_end",
  "window_days",
  "window_complete",
  "scenario",
  "metric",
  "treated_customers",
  "holdout_customers",
  "treated_events",
  "holdout_events",
  "treated_value",
  "holdout_value",
  "uplift",
  "ci_low",
  "ci_high",
  "verdict",
  "needed_per_group",
  "ordinal",
] as const;

/** Replaces a measuring run's outcomes in one transaction (a few hundred rows at most: one multi-row INSERT). */
export async function replaceOutcomes(handle: DatabaseHandle, measuringRunId: string, rows: readonly OutcomeRow[]): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM outcomes WHERE measuring_run_id = ${measuringRunId}`.execute(trx);
    if (rows.length === 0) return;
    const values = rows.map(
      (row, ordinal) =>
        sql`(${sql.join([
          measuringRunId,
          row.evaluatedRunId,
          row.exportDate,
          row.windowEnd,
          row.windowDays,
          row.windowComplete,
          row.scenario,
          row.metric,
          row.treatedCustomers,
          row.holdoutCustomers,
          row.treatedEvents,
          row.holdoutEvents,
          row.treatedValue,
          row.holdoutValue,
          row.uplift,
          row.ciLow,
          row.ciHigh,
          row.verdict,
          row.neededPerGroup,
          ordinal,
        ])})`,
    );
    await sql`INSERT INTO outcomes (measuring_run_id, ${sql.raw(OUTCOME_COLUMNS.join(", "))}) VALUES ${sql.join(values)}`.execute(trx);
  });
}

/** A measuring run's outcomes in their stored order. */
export async function loadOutcomes(handle: DatabaseHandle, measuringRunId: string): Promise<OutcomeRow[]> {
  const rows = await handle.db
    .selectFrom("outcomes")
    .selectAll()
    .where("measuring_run_id", "=", measuringRunId)
    .orderBy("ordinal")
    .execute();
  return rows.map((row) => ({
    evaluatedRunId: row.evaluated_run_id,
    exportDate: row.export_date,
    windowEnd: row.window_end,
    windowDays: row.window_days,
    windowComplete: row.window_complete,
    scenario: row.scenario,
    metric: row.metric,
    treatedCustomers: row.treated_customers,
    holdoutCustomers: row.holdout_customers,
    treatedEvents: row.treated_events,
    holdoutEvents: row.holdout_events,
    treatedValue: row.treated_value,
    holdoutValue: row.holdout_value,
    uplift: row.uplift,
    ciLow: row.ci_low,
    ciHigh: row.ci_high,
    verdict: row.verdict,
    neededPerGroup: row.needed_per_group === null ? null : Number(row.needed_per_group),
  }));
}
