import type { ScenarioFacts } from "@crm-reco/core";
import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";
import { replaceRunRows } from "./features-run-rows";

export interface ScenarioStatusLists {
  contacted: readonly string[];
  optedOut: readonly string[];
  bounced: readonly string[];
  complained: readonly string[];
}

export interface ScenarioFactsQueryInput {
  runId: string;
  asOf: string;
  statuses: ScenarioStatusLists;
  /** UPSELL needs an available wine at least this many premium tiers above the usual tier. */
  minTierStep: number;
}

/** The facts the scenario rules read, one row per customer (the shape is core's). */
export type ScenarioFactsRow = ScenarioFacts;

const textArray = (values: readonly string[]) => sql`${[...values]}::text[]`;

/**
 * One row of facts per profiled customer of the run, in `client_code COLLATE "C"` order, gathered in a
 * single set-based query over the run's profiles and the canonical tables.
 * Available wine = active, not a stub, total stock over warehouses > 0, `prix_ttc` > 0.
 * A cuvée is the `cuvee` column, else the upper-cased label without 4-digit years.
 */
export async function loadScenarioFacts(handle: DatabaseHandle, input: ScenarioFactsQueryInput): Promise<ScenarioFactsRow[]> {
  const { runId, asOf, statuses } = input;
  const cuveeKey = (alias: string) =>
    sql.raw(
      `coalesce(nullif(btrim(${alias}.cuvee), ''), nullif(btrim(regexp_replace(regexp_replace(upper(${alias}.produit), ` +
        `'(^|[^0-9])[0-9]{4}([^0-9]|$)', '\\1 \\2', 'g'), '\\s+', ' ', 'g')), ''))`,
    );
  const result = await sql<ScenarioFactsRow>`
    WITH profile AS (
      SELECT * FROM customer_profiles WHERE run_id = ${runId}
    ),
    contact_match AS (
      SELECT p.client_code, k.statut, k.source, k.date_contact
      FROM profile p JOIN contacts k ON k.client_code = p.client_code
      WHERE k.date_contact <= ${asOf}::date
      UNION
      SELECT p.client_code, k.statut, k.source, k.date_contact
      FROM profile p
      JOIN customers c ON c.client_code = p.client_code
      JOIN contacts k ON k.email_norm = c.email_norm
      WHERE c.email_norm IS NOT NULL AND k.date_contact <= ${asOf}::date
    ),
    contact_facts AS (
      SELECT client_code,
             bool_or(lower(btrim(statut)) = ANY (${textArray(statuses.optedOut)})) AS opted_out,
             bool_or(lower(btrim(statut)) = ANY (${textArray(statuses.bounced)})) AS bounced,
             bool_or(lower(btrim(statut)) = ANY (${textArray(statuses.complained)})) AS complained,
             max(date_contact) FILTER (
               WHERE source = 'APPROVAL' OR lower(btrim(statut)) = ANY (${textArray(statuses.contacted)})) AS last_contact
      FROM contact_match GROUP BY client_code
    ),
    available AS (
      SELECT p.article, p.millesime, p.premium_tier,
             coalesce(nullif(btrim(p.famille), ''), nullif(btrim(p.couleur), '')) AS family,
             ${cuveeKey("p")} AS cuvee
      FROM products p
      JOIN (SELECT article, sum(quantite) AS quantity FROM stock GROUP BY article) s ON s.article = p.article
      WHERE p.actif AND NOT p.is_stub AND s.quantity > 0 AND p.prix_ttc > 0
    ),
    bought AS (
      SELECT DISTINCT l.client_code, l.article, b.millesime, ${cuveeKey("b")} AS cuvee
      FROM sales_lines l JOIN products b ON b.article = l.article
      WHERE NOT l.is_credit AND l.mt_ht > 0 AND l.date_livraison <= ${asOf}::date
    ),
    rebuy AS (
      SELECT DISTINCT b.client_code
      FROM bought b JOIN available a
        ON a.article = b.article
        OR (a.cuvee = b.cuvee AND a.millesime > b.millesime)
    ),
    upsell AS (
      SELECT DISTINCT p.client_code
      FROM profile p JOIN available a
        ON a.family = p.dominant_family AND a.premium_tier >= p.usual_tier + ${input.minTierStep}
    )
    SELECT p.client_code AS "clientCode",
           coalesce(c.is_stub, true) AS "isStub",
           coalesce(c.email_norm, nullif(lower(btrim(c.email)), '')) AS "emailNorm",
           coalesce(c.consent, 'UNKNOWN') AS consent,
           c.date_naissance AS "birthDate",
           p.orders,
           p.last_order_date AS "lastOrderDate",
           p.recency_days AS "recencyDays",
           p.monetary_ht::float8 AS "monetaryHt",
           p.ledger_overdue::float8 AS "overdueHt",
           p.stability::float8 AS stability,
           p.dominant_share::float8 AS "dominantShare",
           p.diversity::float8 AS diversity,
           coalesce(f.opted_out, false) AS "optedOut",
           coalesce(f.bounced, false) AS bounced,
           coalesce(f.complained, false) AS complained,
           f.last_contact AS "lastContactDate",
           (r.client_code IS NOT NULL) AS "rebuyAvailable",
           (u.client_code IS NOT NULL) AS "upsellAvailable"
    FROM profile p
    LEFT JOIN customers c ON c.client_code = p.client_code
    LEFT JOIN contact_facts f ON f.client_code = p.client_code
    LEFT JOIN rebuy r ON r.client_code = p.client_code
    LEFT JOIN upsell u ON u.client_code = p.client_code
    ORDER BY p.client_code COLLATE "C"`.execute(handle.db);
  return result.rows;
}

export interface CustomerScenarioInsert {
  client_code: string;
  scenario: string;
  reason: string;
  shard: number | null;
}

/** Replaces the run's scenarios in one transaction (idempotent re-run). */
export async function replaceCustomerScenarios(
  handle: DatabaseHandle,
  runId: string,
  rows: readonly CustomerScenarioInsert[],
): Promise<number> {
  return replaceRunRows(
    handle,
    "customer_scenarios",
    runId,
    ["client_code", "scenario", "reason", "shard"],
    rows.map((row) => [row.client_code, row.scenario, row.reason, row.shard]),
  );
}
