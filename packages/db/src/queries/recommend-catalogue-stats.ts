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
 * A purchase is a non-credit sales line with a positive quantity delivered on or before the as-of date.
 */
export async function ensureCatalogueStats(handle: DatabaseHandle, settings: CatalogueStatsSettings): Promise<boolean> {
  const { runId, asOf } = settings;
  return handle.db.transaction().execute(async (trx) => {
    const claim = await sql<{ max_buyers: number }>`
      INSERT INTO recommend_catalogue_runs (run_id, as_of, max_buyers)
      SELECT ${runId}::text, ${asOf}::date, coalesce(max(buyers), 0)::int
      FROM (
        SELECT article, count(DISTINCT client_code) AS buyers
        FROM sales_lines
        WHERE NOT is_credit AND qty > 0
          AND date_livraison <= ${asOf}::date AND date_livraison > ${asOf}::date - ${settings.popularityDays}::int
        GROUP BY article
      ) counted
      ON CONFLICT (run_id) DO NOTHING
      RETURNING max_buyers`.execute(trx);
    const claimed = claim.rows[0];
    if (!claimed) return false;
    if (claimed.max_buyers > 0)
      await sql`
        INSERT INTO recommend_article_stats (run_id, article, buyers, popularity)
        SELECT ${runId}::text, article, buyers::int, round(buyers::numeric / ${claimed.max_buyers}::numeric, 6)
        FROM (
          SELECT article, count(DISTINCT client_code) AS buyers
          FROM sales_lines
          WHERE NOT is_credit AND qty > 0
            AND date_livraison <= ${asOf}::date AND date_livraison > ${asOf}::date - ${settings.popularityDays}::int
          GROUP BY article
        ) counted`.execute(trx);
    // Cosine similarity of buyer sets, in float8 (IEEE division and sqrt: the same on every server) then rounded.
    await sql`
      INSERT INTO recommend_article_affinity (run_id, article, related_article, co_buyers, affinity)
      WITH incidence AS (
        SELECT DISTINCT client_code, article
        FROM sales_lines
        WHERE NOT is_credit AND qty > 0
          AND date_livraison <= ${asOf}::date AND date_livraison > ${asOf}::date - ${settings.affinityDays}::int
      ),
      buyers AS (SELECT article, count(*) AS buyers FROM incidence GROUP BY article),
      pairs AS (
        SELECT a.article, b.article AS related_article, count(*) AS co_buyers
        FROM incidence a JOIN incidence b ON b.client_code = a.client_code AND b.article <> a.article
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
