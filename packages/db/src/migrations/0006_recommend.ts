import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * Per-run catalogue statistics of the recommend stage, computed once per run by the first shard that finds
 * them missing: the `recommend_catalogue_runs` row is the claim (its primary key makes concurrent shards wait
 * for, then reuse, the first one's transaction).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE recommend_catalogue_runs (
      run_id      text PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
      as_of       date NOT NULL,
      max_buyers  integer NOT NULL
    );
    CREATE TABLE recommend_article_stats (
      run_id      text NOT NULL REFERENCES recommend_catalogue_runs (run_id) ON DELETE CASCADE,
      article     text NOT NULL,
      buyers      integer NOT NULL,
      popularity  numeric(8,6) NOT NULL,
      PRIMARY KEY (run_id, article)
    );
    CREATE TABLE recommend_article_affinity (
      run_id          text NOT NULL REFERENCES recommend_catalogue_runs (run_id) ON DELETE CASCADE,
      article         text NOT NULL,
      related_article text NOT NULL,
      co_buyers       integer NOT NULL,
      affinity        numeric(8,6) NOT NULL,
      PRIMARY KEY (run_id, article, related_article)
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `DROP TABLE recommend_article_affinity; DROP TABLE recommend_article_stats; DROP TABLE recommend_catalogue_runs`);
}
