import { type AppConfig, recommendShard } from "@crm-reco/core";
import {
  type CatalogueStatsSettings,
  ensureCatalogueStats,
  loadRecommendCatalogue,
  loadRecommendShardCustomers,
  type RecommendCatalogueData,
  replaceShardRecommendations,
} from "@crm-reco/db";
import { type RecommendInput, type RecommendOutput, recommendInputSchema, recommendOutputSchema } from "../contracts";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

export interface RecommendContext {
  handle: StageContext["handle"];
  config: Pick<AppConfig, "scoring"> & { aromas?: Pick<AppConfig["aromas"], "by_article"> };
}

/** Runs whose catalogue is kept per database handle (Lambda containers and the local runner reuse the process). */
const CACHED_RUNS_PER_HANDLE = 2;

/**
 * The run's catalogue and affinity table, loaded once per process and reused by its later shards. Keyed by
 * handle (two databases may hold the same run id, e.g. in tests) then by run and statistics settings; the
 * statistics of a run are written once (the claim) and the catalogue is not changed by later stages, so an
 * entry never goes stale. A rejected load is evicted so a retry reloads.
 */
const catalogues = new WeakMap<StageContext["handle"], Map<string, Promise<RecommendCatalogueData>>>();

function catalogueFor(handle: StageContext["handle"], settings: CatalogueStatsSettings): Promise<RecommendCatalogueData> {
  let byRun = catalogues.get(handle);
  if (!byRun) {
    byRun = new Map();
    catalogues.set(handle, byRun);
  }
  const key = JSON.stringify(settings);
  const cached = byRun.get(key);
  if (cached) return cached;
  const loading = ensureCatalogueStats(handle, settings).then(() => loadRecommendCatalogue(handle, settings.runId));
  loading.catch(() => byRun.delete(key));
  byRun.set(key, loading);
  for (const oldest of byRun.keys()) {
    if (byRun.size <= CACHED_RUNS_PER_HANDLE) break;
    byRun.delete(oldest);
  }
  return loading;
}

/**
 * One Map iteration: the run's catalogue statistics (computed once per run by the first shard) and catalogue
 * (cached in the process), the shard's customers and purchases in two queries, the recommendations in
 * memory, and one transaction replacing the shard's rows.
 */
export async function runRecommendShard(context: RecommendContext, input: RecommendInput): Promise<RecommendOutput> {
  const { handle, config } = context;
  const scoring = config.scoring;
  const catalogue = await catalogueFor(handle, {
    runId: input.runId,
    asOf: input.asOf,
    popularityDays: scoring.popularity.lookback_days,
    affinityDays: scoring.affinity.lookback_days,
    minCoBuyers: scoring.affinity.min_co_buyers,
    neighboursPerArticle: scoring.affinity.neighbours_per_article,
  });
  const key = { runId: input.runId, asOf: input.asOf, shardIndex: input.shard.index };
  const shard = await loadRecommendShardCustomers(handle, key);
  const { rows, counts } = recommendShard(
    { asOf: input.asOf, ...shard, ...catalogue, aromasByArticle: config.aromas?.by_article ?? {} },
    scoring,
  );
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
