import { sql } from "kysely";
import { type BulkValue, replaceWithCopy } from "../bulk-insert";
import type { DatabaseHandle } from "../connect";

export interface RecommendShardKey {
  runId: string;
  asOf: string;
  shardIndex: number;
}

/** A customer of the shard with its scenario and features profile (profile fields null without a profile). */
export interface RecommendCustomerRow {
  clientCode: string;
  scenario: string;
  dominantFamily: string | null;
  familyShares: Record<string, number> | null;
  sweetnessShares: Record<string, number> | null;
  grapeShares: Record<string, number> | null;
  priceBandHt: string | null;
  usualTier: number | null;
  aroma: Record<string, number> | null;
  aromaConfidence: string | null;
}

/** One customer × article history on or before the as-of date. */
export interface RecommendPurchaseRow {
  clientCode: string;
  article: string;
  /** Latest non-credit delivery; null when the article was only credited. */
  lastPurchase: string | null;
  /** Net spend HT (credit lines subtract), decimal text. */
  spendHt: string;
}

export interface RecommendProductRow {
  article: string;
  produit: string | null;
  cuvee: string | null;
  millesime: number | null;
  famille: string | null;
  couleur: string | null;
  sucrosite: string | null;
  cepages: string | null;
  appellation: string | null;
  bottleFactor: string;
  prixTtc: string | null;
  prixHt: string | null;
  premiumTier: number | null;
  actif: boolean;
  isStub: boolean;
  stock: string;
  popularity: number;
  aromas: {
    fruit: number | null;
    floral: number | null;
    epice: number | null;
    mineral: number | null;
    acidite: number | null;
    corps: number | null;
    tanin: number | null;
  };
}

export interface RecommendAffinityRow {
  article: string;
  related: string;
  affinity: number;
}

export interface RecommendShardData {
  customers: RecommendCustomerRow[];
  purchases: RecommendPurchaseRow[];
  products: RecommendProductRow[];
  affinity: RecommendAffinityRow[];
}

/** The run's catalogue side of a shard's data: identical for every shard of a run, so a caller may reuse it. */
export interface RecommendCatalogueData {
  products: RecommendProductRow[];
  affinity: RecommendAffinityRow[];
}

/** The shard's own side: its customers and their purchase history. */
export interface RecommendShardCustomersData {
  customers: RecommendCustomerRow[];
  purchases: RecommendPurchaseRow[];
}

/**
 * Everything one shard needs, in four queries: its customers (HOLD customers have no shard), their purchase
 * history, the whole catalogue with summed stock and the run's popularity, and the run's affinity neighbours.
 * Memory is bounded by the shard (customers, purchases) and the catalogue size.
 */
export async function loadRecommendShard(handle: DatabaseHandle, key: RecommendShardKey): Promise<RecommendShardData> {
  const shard = await loadRecommendShardCustomers(handle, key);
  const catalogue = await loadRecommendCatalogue(handle, key.runId);
  return { ...shard, ...catalogue };
}

/**
 * The shard's customers, then their purchases looked up by client code: driving the purchases from the
 * shard's codes (`= ANY`) lets PostgreSQL use the `(client_code, date_livraison)` index instead of the
 * sequential scan of `sales_lines` it chose for a join with `customer_scenarios`.
 */
export async function loadRecommendShardCustomers(handle: DatabaseHandle, key: RecommendShardKey): Promise<RecommendShardCustomersData> {
  const { runId, asOf, shardIndex } = key;
  const customers = await sql<RecommendCustomerRow>`
    SELECT s.client_code AS "clientCode", s.scenario,
           p.dominant_family AS "dominantFamily", p.family_shares AS "familyShares",
           p.sweetness_shares AS "sweetnessShares", p.grape_shares AS "grapeShares",
           p.price_band_ht AS "priceBandHt", p.usual_tier::int AS "usualTier",
           p.aroma, p.aroma_confidence AS "aromaConfidence"
    FROM customer_scenarios s
    LEFT JOIN customer_profiles p ON p.run_id = s.run_id AND p.client_code = s.client_code
    WHERE s.run_id = ${runId} AND s.shard = ${shardIndex}::int AND s.scenario <> 'HOLD'
    ORDER BY s.client_code COLLATE "C"`.execute(handle.db);
  if (customers.rows.length === 0) return { customers: [], purchases: [] };
  const codes = customers.rows.map((row) => row.clientCode);
  const purchases = await sql<RecommendPurchaseRow>`
    SELECT l.client_code AS "clientCode", l.article,
           max(l.date_livraison) FILTER (WHERE NOT l.is_credit AND l.qty > 0) AS "lastPurchase",
           sum(CASE WHEN l.is_credit THEN -abs(l.mt_ht) ELSE l.mt_ht END)::numeric(14,2) AS "spendHt"
    FROM sales_lines l
    WHERE l.client_code = ANY(${codes}::text[]) AND l.date_livraison <= ${asOf}::date
    GROUP BY l.client_code, l.article
    ORDER BY l.client_code COLLATE "C", l.article COLLATE "C"`.execute(handle.db);
  return { customers: customers.rows, purchases: purchases.rows };
}

/** The whole catalogue with summed stock and the run's popularity, and the run's affinity neighbours. */
export async function loadRecommendCatalogue(handle: DatabaseHandle, runId: string): Promise<RecommendCatalogueData> {
  const products = await sql<Omit<RecommendProductRow, "aromas" | "popularity"> & { popularity: string } & Record<string, unknown>>`
    SELECT p.article, p.produit, p.cuvee, p.millesime, p.famille, p.couleur, p.sucrosite, p.cepages, p.appellation,
           p.bottle_factor AS "bottleFactor", p.prix_ttc AS "prixTtc", p.prix_ht AS "prixHt",
           p.premium_tier::int AS "premiumTier", p.actif, p.is_stub AS "isStub",
           coalesce(st.quantite, 0)::numeric(14,2) AS stock, coalesce(a.popularity, 0)::numeric(8,6) AS popularity,
           p.arome_fruit::int AS fruit, p.arome_floral::int AS floral, p.arome_epice::int AS epice,
           p.arome_mineral::int AS mineral, p.arome_acidite::int AS acidite, p.arome_corps::int AS corps,
           p.arome_tanin::int AS tanin
    FROM products p
    LEFT JOIN (SELECT article, sum(quantite) AS quantite FROM stock GROUP BY article) st ON st.article = p.article
    LEFT JOIN recommend_article_stats a ON a.run_id = ${runId} AND a.article = p.article
    ORDER BY p.article COLLATE "C"`.execute(handle.db);
  const affinity = await sql<{ article: string; related: string; affinity: string }>`
    SELECT article, related_article AS related, affinity
    FROM recommend_article_affinity
    WHERE run_id = ${runId}
    ORDER BY article COLLATE "C", affinity DESC, related_article COLLATE "C"`.execute(handle.db);
  return {
    products: products.rows.map((row) => ({
      article: row.article,
      produit: row.produit,
      cuvee: row.cuvee,
      millesime: row.millesime,
      famille: row.famille,
      couleur: row.couleur,
      sucrosite: row.sucrosite,
      cepages: row.cepages,
      appellation: row.appellation,
      bottleFactor: row.bottleFactor,
      prixTtc: row.prixTtc,
      prixHt: row.prixHt,
      premiumTier: row.premiumTier,
      actif: row.actif,
      isStub: row.isStub,
      stock: row.stock,
      popularity: Number(row.popularity),
      aromas: {
        fruit: row.fruit as number | null,
        floral: row.floral as number | null,
        epice: row.epice as number | null,
        mineral: row.mineral as number | null,
        acidite: row.acidite as number | null,
        corps: row.corps as number | null,
        tanin: row.tanin as number | null,
      },
    })),
    affinity: affinity.rows.map((row) => ({ article: row.article, related: row.related, affinity: Number(row.affinity) })),
  };
}

/** A `recommendations` row without its run id. */
export interface RecommendationInsert {
  clientCode: string;
  rank: number;
  article: string;
  score: string;
  selected: boolean;
  isBackfill: boolean;
  reasonCodes: string;
  explanationFr: string;
  explanationEn: string;
}

const MAX_BIND_PARAMETERS = 60_000;
const COLUMNS = [
  "run_id",
  "client_code",
  "rank",
  "article",
  "score",
  "selected",
  "is_backfill",
  "reason_codes",
  "explanation_fr",
  "explanation_en",
];

const toValues = (runId: string, row: RecommendationInsert): BulkValue[] => [
  runId,
  row.clientCode,
  row.rank,
  row.article,
  row.score,
  row.selected,
  row.isBackfill,
  row.reasonCodes,
  row.explanationFr,
  row.explanationEn,
];

const deleteShardRows = (key: Pick<RecommendShardKey, "runId" | "shardIndex">) => sql`
  DELETE FROM recommendations
  WHERE run_id = ${key.runId}
    AND client_code IN (SELECT client_code FROM customer_scenarios WHERE run_id = ${key.runId} AND shard = ${key.shardIndex}::int)`;

/**
 * Replaces the recommendations of one shard's customers in a single transaction (an idempotent retry):
 * delete the run's rows of the shard's customers, then write the rows. On PostgreSQL, the DELETE and a COPY
 * run in one transaction on one pooled connection (6,000 rows as multi-row INSERTs cost more than the rest
 * of the shard). On PGlite, multi-row INSERTs through the transaction's own connection (PGlite has a single
 * connection, so `bulkInsert` on the handle cannot join the transaction).
 */
export async function replaceShardRecommendations(
  handle: DatabaseHandle,
  key: Pick<RecommendShardKey, "runId" | "shardIndex">,
  rows: readonly RecommendationInsert[],
): Promise<number> {
  if (handle.pool) {
    const values = rows.map((row) => toValues(key.runId, row));
    return replaceWithCopy(handle.pool, deleteShardRows(key).compile(handle.db), "recommendations", COLUMNS, values);
  }
  const rowsPerInsert = Math.floor(MAX_BIND_PARAMETERS / COLUMNS.length);
  const head = sql.raw(`INSERT INTO recommendations (${COLUMNS.join(", ")}) VALUES `);
  return handle.db.transaction().execute(async (trx) => {
    await deleteShardRows(key).execute(trx);
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      const batch = rows.slice(start, start + rowsPerInsert).map((row) => toValues(key.runId, row));
      await sql`${head}${sql.join(batch.map((values) => sql`(${sql.join(values)})`))}`.execute(trx);
    }
    return rows.length;
  });
}
