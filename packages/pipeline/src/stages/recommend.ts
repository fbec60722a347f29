import { type AppConfig, recommendShard } from "@crm-reco/core";
import { ensureCatalogueStats, loadRecommendShard, replaceShardRecommendations } from "@crm-reco/db";
import { type RecommendInput, type RecommendOutput, recommendInputSchema, recommendOutputSchema } from "../contracts";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

export interface RecommendContext {
  handle: StageContext["handle"];
  config: Pick<AppConfig, "scoring"> & { aromas?: Pick<AppConfig["aromas"], "by_article"> };
}

/**
 * One Map iteration: the run's catalogue statistics (computed once per run by the first shard), the shard's
 * data in four queries, the recommendations in memory, and one transaction replacing the shard's rows.
 */
export async function runRecommendShard(context: RecommendContext, input: RecommendInput): Promise<RecommendOutput> {
  const { handle, config } = context;
  const scoring = config.scoring;
  await ensureCatalogueStats(handle, {
    runId: input.runId,
    asOf: input.asOf,
    popularityDays: scoring.popularity.lookback_days,
    affinityDays: scoring.affinity.lookback_days,
    minCoBuyers: scoring.affinity.min_co_buyers,
    neighboursPerArticle: scoring.affinity.neighbours_per_article,
  });
  const key = { runId: input.runId, asOf: input.asOf, shardIndex: input.shard.index };
  const data = await loadRecommendShard(handle, key);
  const { rows, counts } = recommendShard({ asOf: input.asOf, ...data, aromasByArticle: config.aromas?.by_article ?? {} }, scoring);
  await replaceShardRecommendations(handle, key, rows);
  return { runId: input.runId, shard: input.shard, counts };
}

export const recommendStage = defineStage({
  name: "recommend",
  input: recommendInputSchema,
  output: recommendOutputSchema,
  shardOf: (input) => input.shard.index,
  run: runRecommendShard,
});
