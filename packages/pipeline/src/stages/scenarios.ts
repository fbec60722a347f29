import { type AppConfig, chooseScenario, planShards, SCENARIO_NAMES } from "@crm-reco/core";
import { loadScenarioFacts, replaceCustomerScenarios } from "@crm-reco/db";
import { type FeaturesInput, type ScenariosOutput, scenariosInputSchema, scenariosOutputSchema } from "../contracts";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

export interface ScenariosContext {
  handle: StageContext["handle"];
  config: Pick<AppConfig, "scenarios" | "pipeline">;
}

/** One scenario per profiled customer (first matching rule), and the recommend shards of contactable customers. */
export async function runScenarios(context: ScenariosContext, input: FeaturesInput): Promise<ScenariosOutput> {
  const { handle, config } = context;
  const statuses = config.scenarios.hold.contact_statuses;
  const upsell = config.scenarios.rules.find((rule) => rule.scenario === "UPSELL");
  const facts = await loadScenarioFacts(handle, {
    runId: input.runId,
    asOf: input.asOf,
    statuses: {
      contacted: statuses.contacted,
      optedOut: statuses.opted_out,
      bounced: statuses.bounced,
      complained: statuses.complained,
    },
    minTierStep: upsell?.scenario === "UPSELL" ? upsell.min_tier_step : 1,
  });
  const choices = facts.map((customer) => ({ clientCode: customer.clientCode, ...chooseScenario(customer, config.scenarios, input.asOf) }));
  // Facts come in client_code COLLATE "C" order, so contactable customers are already in shard order.
  const plan = planShards(
    choices.filter((choice) => choice.scenario !== "HOLD").map((choice) => choice.clientCode),
    config.pipeline.recommend.shard_size,
  );
  await replaceCustomerScenarios(
    handle,
    input.runId,
    choices.map((choice) => ({
      client_code: choice.clientCode,
      scenario: choice.scenario,
      reason: choice.reason,
      shard: plan.shardOf.get(choice.clientCode) ?? null,
    })),
  );
  const counts: Record<string, number> = { customers: choices.length };
  for (const name of SCENARIO_NAMES) counts[name] = choices.filter((choice) => choice.scenario === name).length;
  return { runId: input.runId, asOf: input.asOf, counts, shards: plan.shards };
}

export const scenariosStage = defineStage({
  name: "scenarios",
  input: scenariosInputSchema,
  output: scenariosOutputSchema,
  run: runScenarios,
});
