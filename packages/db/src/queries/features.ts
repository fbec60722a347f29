import { type RawBuilder, sql } from "kysely";
import type { DatabaseHandle } from "../connect";
import { replaceRunRows } from "./features-run-rows";

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
 * Per-customer aggregates for the profiles, in four set-based queries (never one per customer). Definitions:
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
  const { asOf } = input;
  const activities = await sql<CustomerActivityRow>`
    WITH ${datedLines(asOf)},
    base AS (
      SELECT client_code FROM customers WHERE NOT is_stub
      UNION
      SELECT client_code FROM lines
    ),
    orders AS (
      SELECT client_code, document_no, min(date_livraison) AS order_date
      FROM lines WHERE NOT is_credit GROUP BY client_code, document_no
    ),
    rfm AS (
      SELECT client_code, count(*)::int AS orders, min(order_date) AS first_order, max(order_date) AS last_order
      FROM orders GROUP BY client_code
    ),
    money AS (
      SELECT client_code, sum(net_ht) AS monetary, sum(net_bottles) AS bottles FROM lines GROUP BY client_code
    ),
    price AS (
      SELECT client_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY (mt_ht / bottles)::float8) AS median
      FROM lines WHERE NOT is_credit AND mt_ht > 0 AND bottles > 0 GROUP BY client_code
    ),
    tier_counts AS (
      SELECT l.client_code, p.premium_tier, count(*) AS n
      FROM lines l JOIN products p ON p.article = l.article
      WHERE NOT l.is_credit AND l.mt_ht > 0 AND p.premium_tier IS NOT NULL
      GROUP BY l.client_code, p.premium_tier
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
    ORDER BY b.client_code COLLATE "C"`.execute(handle.db);

  const spends = await sql<DimensionSpendRow>`
    WITH ${datedLines(asOf)}
    SELECT l.client_code AS "clientCode", d.dimension, d.key, sum(l.net_ht)::float8 AS "spendHt"
    FROM lines l
    JOIN products p ON p.article = l.article
    CROSS JOIN LATERAL (VALUES
      ('family', ${FAMILY_KEY}),
      ('sweetness', nullif(btrim(p.sucrosite), '')),
      ('grape', nullif(btrim(p.cepages), '')),
      ('appellation', nullif(btrim(p.appellation), ''))
    ) AS d (dimension, key)
    WHERE d.key IS NOT NULL
    GROUP BY l.client_code, d.dimension, d.key
    ORDER BY l.client_code COLLATE "C", d.dimension COLLATE "C", d.key COLLATE "C"`.execute(handle.db);

  const orderFamilies = await sql<OrderFamilyRow>`
    WITH ${datedLines(asOf)},
    order_family AS (
      SELECT l.client_code, l.document_no, ${FAMILY_KEY} AS family, sum(l.mt_ht) AS spend
      FROM lines l JOIN products p ON p.article = l.article
      WHERE NOT l.is_credit AND ${FAMILY_KEY} IS NOT NULL
      GROUP BY l.client_code, l.document_no, ${FAMILY_KEY}
    ),
    ranked AS (
      SELECT client_code, family,
             row_number() OVER (PARTITION BY client_code, document_no ORDER BY spend DESC, family COLLATE "C") AS rank
      FROM order_family WHERE spend > 0
    )
    SELECT client_code AS "clientCode", family, count(*)::int AS orders
    FROM ranked WHERE rank = 1
    GROUP BY client_code, family
    ORDER BY client_code COLLATE "C", family COLLATE "C"`.execute(handle.db);

  const aromaRows = await sql<Record<string, number | string>>`
    WITH ${datedLines(asOf)},
    configured (article, ${sql.raw(AXES.join(", "))}) AS (${configuredAromas(input.aromaByArticle)}),
    aroma_products AS (
      SELECT p.article, ${sql.join(AXES.map((axis) => sql`coalesce(p.${sql.ref(`arome_${axis}`)}::float8, c.${sql.ref(axis)}) AS ${sql.ref(axis)}`))}
      FROM products p LEFT JOIN configured c ON c.article = p.article
    ),
    known AS (
      SELECT * FROM aroma_products WHERE ${sql.join(
        AXES.map((axis) => sql`${sql.ref(axis)} IS NOT NULL`),
        sql` AND `,
      )}
    ),
    client_article AS (
      SELECT client_code, article, sum(net_ht)::float8 AS spend FROM lines GROUP BY client_code, article HAVING sum(net_ht) > 0
    ),
    aroma_orders AS (
      SELECT l.client_code, count(DISTINCT l.document_no)::int AS orders
      FROM lines l JOIN known k ON k.article = l.article
      WHERE NOT l.is_credit AND l.mt_ht > 0
      GROUP BY l.client_code
    )
    SELECT ca.client_code AS "clientCode", sum(ca.spend) AS weight, coalesce(max(o.orders), 0) AS orders,
           ${sql.join(
             AXES.flatMap((axis) => [
               sql`sum(ca.spend * k.${sql.ref(axis)}) AS ${sql.ref(`s_${axis}`)}`,
               sql`sum(ca.spend * k.${sql.ref(axis)} * k.${sql.ref(axis)}) AS ${sql.ref(`q_${axis}`)}`,
             ]),
           )}
    FROM client_article ca
    JOIN known k ON k.article = ca.article
    LEFT JOIN aroma_orders o ON o.client_code = ca.client_code
    GROUP BY ca.client_code
    ORDER BY ca.client_code COLLATE "C"`.execute(handle.db);

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
    spends: spends.rows.map((row) => ({ ...row, spendHt: Number(row.spendHt) })),
    orderFamilies: orderFamilies.rows.map((row) => ({ ...row, orders: Number(row.orders) })),
    aromas,
  };
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

/** Replaces the run's profiles in one transaction (idempotent re-run). */
export async function replaceCustomerProfiles(
  handle: DatabaseHandle,
  runId: string,
  rows: readonly CustomerProfileInsert[],
): Promise<number> {
  return replaceRunRows(
    handle,
    "customer_profiles",
    runId,
    CUSTOMER_PROFILE_COLUMNS,
    rows.map((row) => CUSTOMER_PROFILE_COLUMNS.map((column) => row[column])),
  );
}
