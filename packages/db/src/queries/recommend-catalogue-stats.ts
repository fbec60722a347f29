import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";

export interface CatalogueStatsSettings {
  runId: string;
  asOf: string;
  /** Popularity = distinct buyers over this many days up to the as-of date. */
  popularityDays: number;
  /** Co-purchases are counted over this many days up to the as-of date. */
  affinityDays: number;
  minCoBuyers: number;
  neighboursPerArticle: number;
}

/**
 * Computes the run's catalogue statistics (popularity, item-to-item affinity) unless they exist, set-based in
 * SQL and in one transaction. The `recommend_catalogue_runs` primary key is the claim: a concurrent shard's
 * INSERT waits for the first transaction, then does nothing and reads the committed statistics; if the
 * first one fails, the waiting shard takes the claim. Returns true when this call computed them.
 *
 * A committed claim row is checked first, outside the transaction: without it every shard would recompute the
 * popularity aggregate over `sales_lines` only for the INSERT's ON CONFLICT to discard it.
 *
 * A purchase is a non-credit sales line with a positive quantity delivered on or before the as-of date.
 */
export async function ensureCatalogueStats(handle: DatabaseHandle, settings: CatalogueStatsSettings): Promise<boolean> {
  const { runId, asOf } = settings;
  const existing = await sql`SELECT 1 FROM recommend_catalogue_runs WHERE run_id = ${runId}`.execute(handle.db);
  if (existing.rows.length > 0) return false;
  return handle.db.transaction().execute(async (trx) => {
    // The claim row first (cheap), its max_buyers filled in once the popularity is counted.
    const claim = await sql<{ run_id: string }>`
      INSERT INTO recommend_catalogue_runs (run_id, as_of, max_buyers)
      VALUES (${runId}::text, ${asOf}::date, 0)
      ON CONFLICT (run_id) DO NOTHING
      RETURNING run_id`.execute(trx);
    if (claim.rows.length === 0) return false;
    // The popularity and co-purchase aggregates hash every (customer, article) pair: with the default 4 MB
    // they spill to disk at 100,000 customers. Scoped to this transaction.
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    await sql`
      INSERT INTO recommend_article_stats (run_id, article, buyers, popularity)
      SELECT ${runId}::text, article, buyers::int, round(buyers::numeric / (max(buyers) OVER ())::int::numeric, 6)
      FROM (
        SELECT article, count(DISTINCT client_code) AS buyers
        FROM sales_lines
        WHERE NOT is_credit AND qty > 0
          AND date_livraison <= ${asOf}::date AND date_livraison > ${asOf}::date - ${settings.popularityDays}::int
        GROUP BY article
      ) counted`.execute(trx);
    await sql`
      UPDATE recommend_catalogue_runs
      SET max_buyers = (SELECT coalesce(max(buyers), 0) FROM recommend_article_stats WHERE run_id = ${runId})
      WHERE run_id = ${runId}`.execute(trx);
    // Pairs come from each customer's basket of distinct articles (array × array), not from a self-join of
    // (customer, article) rows: the join sorted 600,000 rows twice at 100,000 customers (9 s → 2.5 s).
    // Cosine similarity of buyer sets, in float8 (IEEE division and sqrt: the same on every server) then rounded.
    await sql`
      INSERT INTO recommend_article_affinity (run_id, article, related_article, co_buyers, affinity)
      WITH baskets AS (
        SELECT client_code, array_agg(DISTINCT article) AS articles
        FROM sales_lines
        WHERE NOT is_credit AND qty > 0
          AND date_livraison <= ${asOf}::date AND date_livraison > ${asOf}::date - ${settings.affinityDays}::int
        GROUP BY client_code
      ),
      buyers AS (
        SELECT bought.article, count(*) AS buyers
        FROM baskets CROSS JOIN LATERAL unnest(baskets.articles) AS bought(article)
        GROUP BY bought.article
      ),
      pairs AS (
        SELECT a.article, b.article AS related_article, count(*) AS co_buyers
        FROM baskets
        CROSS JOIN LATERAL unnest(baskets.articles) AS a(article)
        CROSS JOIN LATERAL unnest(baskets.articles) AS b(article)
        WHERE b.article <> a.article
        GROUP BY a.article, b.article
        HAVING count(*) >= ${settings.minCoBuyers}::int
      ),
      scored AS (
        SELECT p.article, p.related_article, p.co_buyers,
               round((p.co_buyers::float8 / sqrt(ba.buyers::float8 * bb.buyers::float8))::numeric, 6) AS affinity
        FROM pairs p
        JOIN buyers ba ON ba.article = p.article
        JOIN buyers bb ON bb.article = p.related_article
      ),
      ranked AS (
        SELECT scored.*,
               row_number() OVER (PARTITION BY article ORDER BY affinity DESC, related_article COLLATE "C") AS position
        FROM scored
      )
      SELECT ${runId}::text, article, related_article, co_buyers::int, affinity
      FROM ranked
      WHERE position <= ${settings.neighboursPerArticle}::int`.execute(trx);
    return true;
  });
}
