import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DatabaseHandle } from "../connect";
import type { Database } from "../schema";

/**
 * Sort/hash memory for the aggregate queries: PostgreSQL's default 4 MB spills every per-customer
 * aggregate of a 1M-line base to disk (measured: 3× slower).
 */
const WORK_MEM = "64MB";

/** The seven aroma axes; each is the products column `arome_<axis>`. */
const AXES = ["fruit", "floral", "epice", "mineral", "acidite", "corps", "tanin"] as const;
type Axis = (typeof AXES)[number];

export interface FeaturesQueryInput {
  asOf: string;
  /** Aroma axes by article from config, used where the product row has none. */
  aromaByArticle: Record<string, Record<Axis, number>>;
}

export interface CustomerActivityRow {
  clientCode: string;
  orders: number;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  recencyDays: number | null;
  monetaryHt: string;
  bottles: string;
  priceBandHt: string | null;
  usualTier: number | null;
  ledgerOutstanding: string;
  ledgerOverdue: string;
}

export interface DimensionSpendRow {
  clientCode: string;
  dimension: "family" | "sweetness" | "grape" | "appellation";
  key: string;
  spendHt: number;
}

export interface OrderFamilyRow {
  clientCode: string;
  family: string;
  orders: number;
}

export interface AromaSumsRow {
  clientCode: string;
  weight: number;
  sums: Record<Axis, number>;
  squares: Record<Axis, number>;
  orders: number;
}

export interface FeatureAggregates {
  activities: CustomerActivityRow[];
  spends: DimensionSpendRow[];
  orderFamilies: OrderFamilyRow[];
  aromas: AromaSumsRow[];
}

/**
 * Sales lines on or before the as-of date with their signed amounts: a credit line (`is_credit`) always
 * reduces revenue and bottles, whatever the sign the export used.
 */
function datedLines(asOf: string): RawBuilder<unknown> {
  return sql`
    lines AS (
      SELECT s.client_code, s.document_no, s.article, s.date_livraison, s.is_credit, s.mt_ht, s.bottles,
             CASE WHEN s.is_credit THEN -abs(s.mt_ht) ELSE s.mt_ht END AS net_ht,
             CASE WHEN s.is_credit THEN -abs(s.bottles) ELSE s.bottles END AS net_bottles
      FROM sales_lines s
      WHERE s.date_livraison <= ${asOf}::date
    )`;
}

/** A product's family: `famille`, else its colour. */
const FAMILY_KEY = sql`coalesce(nullif(btrim(p.famille), ''), nullif(btrim(p.couleur), ''))`;

/**
 * Per-customer aggregates for the profiles, set-based (never one query per customer): in one transaction, two
 * passes over the sales lines build temporary tables — net sums per (customer, article), and spend per (order,
 * family) — from which a handful of queries derive everything else. Definitions:
 * - profiled customers: every non-stub customer, plus anyone (stub or not) with a sales line on or before the as-of date;
 * - an order is a `document_no` with at least one non-credit line; its date is its earliest delivery date;
 * - monetary / bottles: net sums over every line (credit lines count negative);
 * - price band: median of `mt_ht / bottles` over non-credit lines with positive amount and bottles, rounded to cents;
 * - usual tier: the premium tier of most non-credit purchase lines, ties to the lower tier;
 * - shares: net spend per key (family = `famille`, else `couleur`); keys with no positive net spend are left out;
 * - order families: each order's own dominant family (largest spend, ties by code point), for stability;
 * - aroma: products with all seven axes known (product columns, else config by article), weighted by the
 *   customer's positive net spend per article; n = orders containing such a product;
 * - ledger (entries dated on or before the as-of date): outstanding = Σ (debit − credit); overdue = the part of
 *   unlettered (blank `lettrage`) debit entries due before the as-of date, capped by the outstanding balance
 *   (so unallocated payments reduce it) and never negative.
 */
export async function loadFeatureAggregates(handle: DatabaseHandle, input: FeaturesQueryInput): Promise<FeatureAggregates> {
  // One read-only transaction, so the larger sort/hash memory applies to these queries only.
  return handle.db.transaction().execute(async (db) => {
    await sql.raw(`SET LOCAL work_mem = '${WORK_MEM}'`).execute(db);
    return aggregatesIn(db, input);
  });
}

async function aggregatesIn(db: Kysely<Database>, input: FeaturesQueryInput): Promise<FeatureAggregates> {
  const { asOf } = input;
  // One pass over the lines gives the (customer, article) net sums that money, tier, shares and aroma all use.
  await sql`
    CREATE TEMP TABLE feature_client_articles ON COMMIT DROP AS
    WITH ${datedLines(asOf)}
    SELECT client_code, article, sum(net_ht) AS net_ht, sum(net_bottles) AS net_bottles,
           count(*) FILTER (WHERE NOT is_credit AND mt_ht > 0) AS purchase_lines
    FROM lines GROUP BY client_code, article`.execute(db);
  // Temporary tables are never auto-analysed: without statistics the planner spills the aggregates below to disk.
  await sql`ANALYZE feature_client_articles`.execute(db);
  // Products with all seven aroma axes known (product columns, else config by article).
  await sql`
    CREATE TEMP TABLE feature_aroma_products ON COMMIT DROP AS
    WITH configured (article, ${sql.raw(AXES.join(", "))}) AS (${configuredAromas(input.aromaByArticle)}),
    aroma_products AS (
      SELECT p.article, ${sql.join(AXES.map((axis) => sql`coalesce(p.${sql.ref(`arome_${axis}`)}::float8, c.${sql.ref(axis)}) AS ${sql.ref(axis)}`))}
      FROM products p LEFT JOIN configured c ON c.article = p.article
    )
    SELECT * FROM aroma_products WHERE ${sql.join(
      AXES.map((axis) => sql`${sql.ref(axis)} IS NOT NULL`),
      sql` AND `,
    )}`.execute(db);
  // A second pass gives, per order and family, what orders, order families and aroma order counts need.
  await sql`
    CREATE TEMP TABLE feature_order_families ON COMMIT DROP AS
    SELECT s.client_code, s.document_no, ${FAMILY_KEY} AS family, min(s.date_livraison) AS order_date, sum(s.mt_ht) AS spend,
           bool_or(s.mt_ht > 0 AND k.article IS NOT NULL) AS has_aroma
    FROM sales_lines s
    LEFT JOIN products p ON p.article = s.article
    LEFT JOIN feature_aroma_products k ON k.article = s.article
    WHERE s.date_livraison <= ${asOf}::date AND NOT s.is_credit
    GROUP BY s.client_code, s.document_no, ${FAMILY_KEY}`.execute(db);
  await sql`ANALYZE feature_order_families`.execute(db);

  const activities = await sql<CustomerActivityRow>`
    WITH ${datedLines(asOf)},
    base AS (
      SELECT client_code FROM customers WHERE NOT is_stub
      UNION
      SELECT client_code FROM feature_client_articles
    ),
    orders AS (
      SELECT client_code, document_no, min(order_date) AS order_date
      FROM feature_order_families GROUP BY client_code, document_no
    ),
    rfm AS (
      SELECT client_code, count(*)::int AS orders, min(order_date) AS first_order, max(order_date) AS last_order
      FROM orders GROUP BY client_code
    ),
    money AS (
      SELECT client_code, sum(net_ht) AS monetary, sum(net_bottles) AS bottles FROM feature_client_articles GROUP BY client_code
    ),
    price AS (
      SELECT client_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY (mt_ht / bottles)::float8) AS median
      FROM lines WHERE NOT is_credit AND mt_ht > 0 AND bottles > 0 GROUP BY client_code
    ),
    tier_counts AS (
      SELECT ca.client_code, p.premium_tier, sum(ca.purchase_lines) AS n
      FROM feature_client_articles ca JOIN products p ON p.article = ca.article
      WHERE ca.purchase_lines > 0 AND p.premium_tier IS NOT NULL
      GROUP BY ca.client_code, p.premium_tier
    ),
    tier AS (
      SELECT DISTINCT ON (client_code) client_code, premium_tier FROM tier_counts ORDER BY client_code, n DESC, premium_tier
    ),
    ledger AS (
      SELECT client_code,
             sum(debit - credit) AS outstanding,
             coalesce(sum(debit - credit) FILTER (
               WHERE coalesce(btrim(lettrage), '') = '' AND debit > credit AND date_echeance < ${asOf}::date), 0) AS past_due
      FROM ledger_entries
      WHERE client_code IS NOT NULL AND date_ecriture <= ${asOf}::date
      GROUP BY client_code
    )
    SELECT b.client_code AS "clientCode",
           coalesce(r.orders, 0) AS orders,
           r.first_order AS "firstOrderDate",
           r.last_order AS "lastOrderDate",
           (${asOf}::date - r.last_order) AS "recencyDays",
           coalesce(m.monetary, 0)::numeric(14,2) AS "monetaryHt",
           coalesce(m.bottles, 0)::numeric(14,3) AS bottles,
           round(pr.median::numeric, 2) AS "priceBandHt",
           t.premium_tier::int AS "usualTier",
           coalesce(g.outstanding, 0)::numeric(12,2) AS "ledgerOutstanding",
           greatest(0, least(coalesce(g.outstanding, 0), coalesce(g.past_due, 0)))::numeric(12,2) AS "ledgerOverdue"
    FROM base b
    LEFT JOIN rfm r ON r.client_code = b.client_code
    LEFT JOIN money m ON m.client_code = b.client_code
    LEFT JOIN price pr ON pr.client_code = b.client_code
    LEFT JOIN tier t ON t.client_code = b.client_code
    LEFT JOIN ledger g ON g.client_code = b.client_code
    ORDER BY b.client_code COLLATE "C"`.execute(db);

  // Shares: the (customer, article) net spends, mapped to each product's four keys here rather than in SQL,
  // where the 4× expansion of half a million rows made the slowest query of the stage.
  const productKeys = await sql<{
    article: string;
    family: string | null;
    sweetness: string | null;
    grape: string | null;
    appellation: string | null;
  }>`
    SELECT p.article, ${FAMILY_KEY} AS family, nullif(btrim(p.sucrosite), '') AS sweetness,
           nullif(btrim(p.cepages), '') AS grape, nullif(btrim(p.appellation), '') AS appellation
    FROM products p`.execute(db);
  const keysByArticle = new Map(productKeys.rows.map((row) => [row.article, row]));
  const articleSpends = await sql<{ clientCode: string; article: string; spend: number }>`
    SELECT client_code AS "clientCode", article, net_ht::float8 AS spend FROM feature_client_articles
    ORDER BY client_code COLLATE "C", article COLLATE "C"`.execute(db);
  const spends = dimensionSpends(articleSpends.rows, keysByArticle);

  const orderFamilies = await sql<OrderFamilyRow>`
    WITH ranked AS (
      SELECT client_code, family,
             row_number() OVER (PARTITION BY client_code, document_no ORDER BY spend DESC, family COLLATE "C") AS rank
      FROM feature_order_families WHERE family IS NOT NULL AND spend > 0
    )
    SELECT client_code AS "clientCode", family, count(*)::int AS orders
    FROM ranked WHERE rank = 1
    GROUP BY client_code, family
    ORDER BY client_code COLLATE "C", family COLLATE "C"`.execute(db);

  const aromaRows = await sql<Record<string, number | string>>`
    WITH aroma_orders AS (
      SELECT client_code, count(DISTINCT document_no)::int AS orders
      FROM feature_order_families WHERE has_aroma
      GROUP BY client_code
    )
    SELECT ca.client_code AS "clientCode", sum(ca.spend) AS weight, coalesce(max(o.orders), 0) AS orders,
           ${sql.join(
             AXES.flatMap((axis) => [
               sql`sum(ca.spend * k.${sql.ref(axis)}) AS ${sql.ref(`s_${axis}`)}`,
               sql`sum(ca.spend * k.${sql.ref(axis)} * k.${sql.ref(axis)}) AS ${sql.ref(`q_${axis}`)}`,
             ]),
           )}
    FROM (SELECT client_code, article, net_ht::float8 AS spend FROM feature_client_articles WHERE net_ht > 0) ca
    JOIN feature_aroma_products k ON k.article = ca.article
    LEFT JOIN aroma_orders o ON o.client_code = ca.client_code
    GROUP BY ca.client_code
    ORDER BY ca.client_code COLLATE "C"`.execute(db);

  const aromas = aromaRows.rows.map((row): AromaSumsRow => {
    const sums = {} as Record<Axis, number>;
    const squares = {} as Record<Axis, number>;
    for (const axis of AXES) {
      sums[axis] = Number(row[`s_${axis}`]);
      squares[axis] = Number(row[`q_${axis}`]);
    }
    return { clientCode: String(row.clientCode), weight: Number(row.weight), orders: Number(row.orders), sums, squares };
  });
  return {
    activities: activities.rows.map((row) => ({ ...row, orders: Number(row.orders) })),
    spends,
    orderFamilies: orderFamilies.rows.map((row) => ({ ...row, orders: Number(row.orders) })),
    aromas,
  };
}

const SHARE_DIMENSIONS = ["appellation", "family", "grape", "sweetness"] as const;

/**
 * Net spend per (customer, dimension, key) from net spend per (customer, article) — rows sorted by customer, then
 * article — and each article's keys; out in customer, dimension, key code-point order.
 */
function dimensionSpends(
  rows: ReadonlyArray<{ clientCode: string; article: string; spend: number }>,
  keysByArticle: ReadonlyMap<string, Partial<Record<DimensionSpendRow["dimension"], string | null>>>,
): DimensionSpendRow[] {
  const out: DimensionSpendRow[] = [];
  let index = 0;
  while (index < rows.length) {
    const clientCode = rows[index]!.clientCode;
    const byDimension = new Map<DimensionSpendRow["dimension"], Map<string, number>>();
    for (; index < rows.length && rows[index]!.clientCode === clientCode; index++) {
      const keys = keysByArticle.get(rows[index]!.article);
      if (!keys) continue;
      const spend = Number(rows[index]!.spend);
      for (const dimension of SHARE_DIMENSIONS) {
        const key = keys[dimension];
        if (key === null || key === undefined) continue;
        let byKey = byDimension.get(dimension);
        if (!byKey) {
          byKey = new Map();
          byDimension.set(dimension, byKey);
        }
        byKey.set(key, (byKey.get(key) ?? 0) + spend);
      }
    }
    for (const dimension of SHARE_DIMENSIONS) {
      const byKey = byDimension.get(dimension);
      if (!byKey) continue;
      for (const key of [...byKey.keys()].sort(compareCodePoints)) out.push({ clientCode, dimension, key, spendHt: byKey.get(key)! });
    }
  }
  return out;
}

/** Code-point order, as `COLLATE "C"` sorts (never locale-dependent). */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function configuredAromas(byArticle: FeaturesQueryInput["aromaByArticle"]): RawBuilder<unknown> {
  const articles = Object.keys(byArticle).sort();
  if (articles.length === 0) return sql`SELECT NULL::text, ${sql.raw(AXES.map(() => "NULL::float8").join(", "))} WHERE false`;
  return sql`VALUES ${sql.join(
    articles.map((article) => sql`(${article}::text, ${sql.join(AXES.map((axis) => sql`${byArticle[article]![axis]}::float8`))})`),
  )}`;
}

export const CUSTOMER_PROFILE_COLUMNS = [
  "client_code",
  "orders",
  "first_order_date",
  "last_order_date",
  "recency_days",
  "monetary_ht",
  "bottles",
  "r_score",
  "f_score",
  "m_score",
  "segment",
  "propensity_status",
  "p_alive",
  "expected_orders_90d",
  "dominant_family",
  "dominant_share",
  "diversity",
  "family_shares",
  "sweetness_shares",
  "grape_shares",
  "appellation_shares",
  "price_band_ht",
  "usual_tier",
  "stability",
  "aroma",
  "aroma_top3",
  "aroma_confidence",
  "aroma_level",
  "ledger_outstanding",
  "ledger_overdue",
] as const;

export type CustomerProfileInsert = Record<(typeof CUSTOMER_PROFILE_COLUMNS)[number], string | number | null>;

/** The jsonb columns: their values are JSON text already, embedded as is. */
const JSON_COLUMNS = new Set<string>(["family_shares", "sweetness_shares", "grape_shares", "appellation_shares", "aroma"]);
/** Rows per INSERT statement: each statement carries its rows as one JSON parameter. */
const ROWS_PER_STATEMENT = 20_000;

/** One profile as a JSON object whose keys are the table's columns (jsonb values embedded, not quoted). */
function profileJson(row: CustomerProfileInsert): string {
  const fields = CUSTOMER_PROFILE_COLUMNS.map((column) => {
    const value = row[column];
    return `"${column}":${value === null ? "null" : JSON_COLUMNS.has(column) ? value : JSON.stringify(value)}`;
  });
  return `{${fields.join(",")}}`;
}

/**
 * Replaces the run's profiles in one transaction (idempotent re-run); when given, `summary` is stored under
 * `runs.summary.features` in the same transaction (other stages' summary keys are kept). The rows travel as one
 * JSON parameter per 20,000 rows, expanded by `json_populate_recordset` into the table's own row type: a few
 * statements instead of ~30 bind parameters per row, on PGlite and PostgreSQL alike.
 */
export async function replaceCustomerProfiles(
  handle: DatabaseHandle,
  runId: string,
  rows: readonly CustomerProfileInsert[],
  summary?: unknown,
): Promise<number> {
  const columns = sql.raw(CUSTOMER_PROFILE_COLUMNS.join(", "));
  return handle.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM customer_profiles WHERE run_id = ${runId}`.execute(trx);
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const payload = `[${rows
        .slice(start, start + ROWS_PER_STATEMENT)
        .map(profileJson)
        .join(",")}]`;
      await sql`
        INSERT INTO customer_profiles (run_id, ${columns})
        SELECT ${runId}, ${columns} FROM json_populate_recordset(NULL::customer_profiles, ${payload}::json)`.execute(trx);
    }
    if (summary !== undefined)
      await sql`
        UPDATE runs SET summary = coalesce(summary, '{}'::jsonb) || jsonb_build_object('features', ${JSON.stringify(summary)}::jsonb)
        WHERE run_id = ${runId}`.execute(trx);
    return rows.length;
  });
}
