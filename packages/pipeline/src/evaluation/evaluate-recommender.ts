import { rmSync } from "node:fs";
import {
  buildEvaluationCases,
  type EvaluationCase,
  type EvaluationSummary,
  monthsBefore,
  SCENARIO_NAMES,
  type ScenariosConfig,
  summariseEvaluation,
} from "@crm-reco/core";
import { loadRecommendShard, migrateToLatest, registerRun } from "@crm-reco/db";
import { type RecommendShard, runInputSchema } from "../contracts";
import { ingest, registerIngestRun } from "../ingest/run-ingest";
import { startLocalStack } from "../local/local-stack";
import { runIdForDrop } from "../run-id";
import { getStageContext, type StageContext } from "../stages/context";
import { runFeatures } from "../stages/features";
import { runRecommendShard } from "../stages/recommend";
import { runScenarios } from "../stages/scenarios";
import { loadHiddenPurchases, loadSelectedRecommendations } from "./evaluation-queries";

export interface EvaluationRequest {
  files: ReadonlyArray<{ name: string; content: Buffer }>;
  /** Months of history hidden before the end of the data (the as-of date). */
  months: number;
  /** Scratch folder of the evaluation's own local stack (S3 + PGlite): emptied first. */
  workDir: string;
  configDir: string;
  /** End of the data; default config `as_of`, else the latest sale date (as a run). */
  asOf?: string | null;
  /** List size compared (default 3). */
  k?: number;
  /** Also evaluate every customer with a purchase history (HOLD lifted except NEVER_BOUGHT). Default true. */
  allCustomers?: boolean;
  onProgress?: (message: string) => void;
}

export interface EvaluationVariant {
  name: "contactable" | "all_with_history";
  description: string;
  /** Customers per scenario at the cut-off (HOLD included). */
  scenarios: Record<string, number>;
  summary: EvaluationSummary;
}

export interface EvaluationReport {
  /** End of the data and the cut-off: the hidden window is (cutoff, asOf]. */
  asOf: string;
  cutoff: string;
  months: number;
  k: number;
  /** Customers with ≥ 1 purchase in the hidden window. */
  hiddenBuyers: number;
  variants: EvaluationVariant[];
}

const DROP_KEY = "evaluate";

/**
 * Offline evaluation (temporal hold-out): ingest all the files, then run features, scenarios and every recommend
 * shard with as-of = cut-off (end of data − `months`), so the recommender only sees sales up to the cut-off; the
 * purchases after it are the ground truth. Our stored lists are compared with two baselines built from the same
 * inputs. Runs on a fresh embedded database in `workDir`: canonical tables are shared by runs, so evaluating in
 * a live database would mix the files with its data.
 */
export async function evaluateRecommender(request: EvaluationRequest): Promise<EvaluationReport> {
  if (!Number.isInteger(request.months) || request.months < 1) throw new Error("months must be a positive integer");
  const k = request.k ?? 3;
  const progress = request.onProgress ?? (() => {});
  rmSync(request.workDir, { recursive: true, force: true });
  const previousDatabaseUrl = process.env.DATABASE_URL;
  const stack = await startLocalStack({ home: request.workDir, configDir: request.configDir });
  try {
    const context = await getStageContext();
    await migrateToLatest(context.handle.db);
    const files = await stack.uploadDrop(DROP_KEY, request.files);
    const runId = runIdForDrop(DROP_KEY, files);
    const input = runInputSchema.parse({
      runId,
      dropKey: DROP_KEY,
      inbox: { bucket: stack.buckets.inbox, files },
      asOf: request.asOf ?? null,
    });
    progress(`ingest: ${files.length} file(s)`);
    await registerIngestRun(context, input);
    const ingested = await ingest(context, input);
    const cutoff = monthsBefore(ingested.asOf, request.months);
    const hidden = await loadHiddenPurchases(context.handle, { after: cutoff, upTo: ingested.asOf });
    progress(`data up to ${ingested.asOf}; recommending as of ${cutoff}; ${hidden.size} customers bought in the hidden window`);

    const variants: EvaluationVariant[] = [];
    variants.push(
      await evaluateVariant(context, { runId, cutoff, hidden, k, scenarios: context.config.scenarios, progress }, "contactable"),
    );
    if (request.allCustomers ?? true) {
      const allRunId = `${runId}-all`;
      await registerRun(context.handle, {
        runId: allRunId,
        dropKey: DROP_KEY,
        configHash: context.configHash,
        inputFiles: [],
        startedAt: new Date(0),
      });
      const scenarios: ScenariosConfig = {
        ...context.config.scenarios,
        hold: { ...context.config.scenarios.hold, checks: ["NEVER_BOUGHT"] },
      };
      variants.push(await evaluateVariant(context, { runId: allRunId, cutoff, hidden, k, scenarios, progress }, "all_with_history"));
    }
    return { asOf: ingested.asOf, cutoff, months: request.months, k, hiddenBuyers: hidden.size, variants };
  } finally {
    await stack.close();
    if (previousDatabaseUrl !== undefined) process.env.DATABASE_URL = previousDatabaseUrl;
  }
}

interface VariantSettings {
  runId: string;
  cutoff: string;
  hidden: ReadonlyMap<string, readonly string[]>;
  k: number;
  scenarios: ScenariosConfig;
  progress: (message: string) => void;
}

const DESCRIPTIONS: Record<EvaluationVariant["name"], string> = {
  contactable: "contactable customers (HOLD customers get no recommendation)",
  all_with_history: "every customer with a purchase before the cut-off (HOLD checks lifted except NEVER_BOUGHT)",
};

async function evaluateVariant(
  context: StageContext,
  settings: VariantSettings,
  name: EvaluationVariant["name"],
): Promise<EvaluationVariant> {
  const { runId, cutoff, k } = settings;
  const { handle } = context;
  const stageInput = { runId, asOf: cutoff };
  await runFeatures(context, stageInput);
  const chosen = await runScenarios({ handle, config: { ...context.config, scenarios: settings.scenarios } }, stageInput);
  settings.progress(`${name}: ${chosen.shards.length} recommend shard(s)`);
  await forEachConcurrently(chosen.shards, context.config.pipeline.recommend.max_concurrency, (shard) =>
    runRecommendShard(context, { runId, asOf: cutoff, shard }),
  );
  const recommended = await loadSelectedRecommendations(handle, runId);
  const cases: EvaluationCase[] = [];
  let catalogueSize = 0;
  for (const shard of chosen.shards) {
    const data = await loadRecommendShard(handle, { runId, asOf: cutoff, shardIndex: shard.index });
    const built = buildEvaluationCases(
      { asOf: cutoff, ...data, aromasByArticle: context.config.aromas.by_article, recommended, hidden: settings.hidden },
      context.config.scoring,
      k,
    );
    cases.push(...built.cases);
    catalogueSize = built.catalogue.available.length;
  }
  const scenarios: Record<string, number> = {};
  for (const scenario of SCENARIO_NAMES) scenarios[scenario] = chosen.counts[scenario] ?? 0;
  return {
    name,
    description: DESCRIPTIONS[name],
    scenarios,
    summary: summariseEvaluation(cases, { k, catalogueSize, scenarioOrder: SCENARIO_NAMES }),
  };
}

async function forEachConcurrently(
  shards: readonly RecommendShard[],
  concurrency: number,
  work: (shard: RecommendShard) => Promise<unknown>,
) {
  let next = 0;
  const worker = async () => {
    while (next < shards.length) {
      const shard = shards[next++]!;
      await work(shard);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, shards.length)) }, worker));
}
