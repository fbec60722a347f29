import type { Decimal, IsoDate } from "./runs";

/** One row per run whose catalogue statistics exist (the claim taken by the first recommend shard). */
export interface RecommendCatalogueRunsTable {
  run_id: string;
  as_of: IsoDate;
  /** Distinct buyers of the most bought article over the popularity window (0 when nothing was sold). */
  max_buyers: number;
}

/** Popularity of an article as of the run: distinct buyers over the window, relative to the most bought. */
export interface RecommendArticleStatsTable {
  run_id: string;
  article: string;
  buyers: number;
  popularity: Decimal;
}

/** "Customers who bought `article` also bought `related_article`": cosine of their buyer sets, top neighbours only. */
export interface RecommendArticleAffinityTable {
  run_id: string;
  article: string;
  related_article: string;
  co_buyers: number;
  affinity: Decimal;
}

export interface RecommendTables {
  recommend_catalogue_runs: RecommendCatalogueRunsTable;
  recommend_article_stats: RecommendArticleStatsTable;
  recommend_article_affinity: RecommendArticleAffinityTable;
}
