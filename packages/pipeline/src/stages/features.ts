import { type AppConfig, type CustomerProfileRow, customerProfiles } from "@crm-reco/core";
import { loadFeatureAggregates, replaceCustomerProfiles } from "@crm-reco/db";
import { type FeaturesInput, type FeaturesOutput, featuresInputSchema, featuresOutputSchema } from "../contracts";
import { measureOutcomes } from "../outcomes/measure-outcomes";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

export interface FeaturesContext {
  handle: StageContext["handle"];
  /** `pipeline.locale` chooses the language of the segment labels and actions (French without it). */
  config: Pick<AppConfig, "features" | "aromas"> & Partial<Pick<AppConfig, "pipeline">>;
}

/**
 * Customer profiles as of the run's as-of date: per-customer aggregates from one read of the sales lines, scores
 * and models in core. The BG/NBD outcome (status, parameters, log-likelihood) is stored in
 * `runs.summary.features.propensity`.
 */
export async function runFeatures(context: FeaturesContext, input: FeaturesInput): Promise<FeaturesOutput> {
  const { handle, config } = context;
  const aggregates = await loadFeatureAggregates(handle, { asOf: input.asOf, aromaByArticle: config.aromas.by_article });
  const { rows, propensity } = customerProfiles({ asOf: input.asOf, ...aggregates }, config.features, config.pipeline?.locale);
  const customers = aggregates.activities.length;
  let buyers = 0;
  let withAroma = 0;
  // The rows are made as they are written (one per activity), and counted on the way.
  const counted = function* (): Generator<CustomerProfileRow> {
    for (const row of rows) {
      if (row.orders > 0) buyers++;
      if (row.aroma !== null) withAroma++;
      yield row;
    }
  };
  await replaceCustomerProfiles(handle, input.runId, counted(), { asOf: input.asOf, customers, propensity });
  await measureOutcomes(context, input);
  return {
    runId: input.runId,
    asOf: input.asOf,
    counts: {
      customers,
      buyers,
      prospects: customers - buyers,
      repeaters: propensity.repeaters,
      withAroma,
      propensityFitted: propensity.status === "FITTED" ? 1 : 0,
    },
  };
}

export const featuresStage = defineStage({ name: "features", input: featuresInputSchema, output: featuresOutputSchema, run: runFeatures });
