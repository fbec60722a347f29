import { type AppConfig, buildCustomerProfiles } from "@crm-reco/core";
import { loadFeatureAggregates, replaceCustomerProfiles } from "@crm-reco/db";
import { type FeaturesInput, type FeaturesOutput, featuresInputSchema, featuresOutputSchema } from "../contracts";
import { measureOutcomes } from "../outcomes/measure-outcomes";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

export interface FeaturesContext {
  handle: StageContext["handle"];
  config: Pick<AppConfig, "features" | "aromas">;
}

/**
 * Customer profiles as of the run's as-of date: set-based aggregates in SQL, scores and models in core. The
 * BG/NBD outcome (status, parameters, log-likelihood) is stored in `runs.summary.features.propensity`.
 */
export async function runFeatures(context: FeaturesContext, input: FeaturesInput): Promise<FeaturesOutput> {
  const { handle, config } = context;
  const aggregates = await loadFeatureAggregates(handle, { asOf: input.asOf, aromaByArticle: config.aromas.by_article });
  const { rows, propensity } = buildCustomerProfiles({ asOf: input.asOf, ...aggregates }, config.features);
  await replaceCustomerProfiles(handle, input.runId, rows, { asOf: input.asOf, customers: rows.length, propensity });
  await measureOutcomes(context, input);
  return {
    runId: input.runId,
    asOf: input.asOf,
    counts: {
      customers: rows.length,
      buyers: rows.filter((row) => row.orders > 0).length,
      prospects: rows.filter((row) => row.orders === 0).length,
      repeaters: propensity.repeaters,
      withAroma: rows.filter((row) => row.aroma !== null).length,
      propensityFitted: propensity.status === "FITTED" ? 1 : 0,
    },
  };
}

export const featuresStage = defineStage({ name: "features", input: featuresInputSchema, output: featuresOutputSchema, run: runFeatures });
