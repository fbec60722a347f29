import { type AppConfig, measureOutcomes as measureGroups, type OutcomeObservation } from "@crm-reco/core";
import { type DatabaseHandle, loadEvaluatedRuns, loadOutcomeObservations, type OutcomeRow, replaceOutcomes } from "@crm-reco/db";

export interface OutcomesContext {
  handle: DatabaseHandle;
  /** Optional so callers holding a partial config (features unit tests) skip the loop; the stage always has it. */
  config: Partial<AppConfig>;
}

export interface OutcomesSummary {
  evaluatedRuns: number;
  rows: number;
}

/**
 * The outcomes loop (DOMAIN §7), run by the features stage at each new import: every earlier exported run,
 * campaign vs holdout over the attribution window that the data up to this run's as-of date covers.
 * Replaces this (measuring) run's outcome rows in one transaction; idempotent.
 */
export async function measureOutcomes(context: OutcomesContext, input: { runId: string; asOf: string }): Promise<OutcomesSummary> {
  const settings = context.config.outcomes;
  if (!settings) return { evaluatedRuns: 0, rows: 0 };
  const options = { measuringRunId: input.runId, asOf: input.asOf, attributionDays: settings.attribution_days };
  const evaluated = await loadEvaluatedRuns(context.handle, options);
  const observations = evaluated.length > 0 ? await loadOutcomeObservations(context.handle, options) : [];
  const byRun = new Map<string, OutcomeObservation[]>();
  for (const observation of observations) {
    const list = byRun.get(observation.runId) ?? [];
    list.push(observation);
    byRun.set(observation.runId, list);
  }
  const rows: OutcomeRow[] = [];
  for (const run of evaluated) {
    const measures = measureGroups(byRun.get(run.runId) ?? [], { confidence: settings.confidence, power: settings.power });
    for (const measure of measures) {
      rows.push({
        evaluatedRunId: run.runId,
        exportDate: run.exportDate,
        windowEnd: run.windowEnd,
        windowDays: run.windowDays,
        windowComplete: run.windowComplete,
        ...measure,
      });
    }
  }
  await replaceOutcomes(context.handle, input.runId, rows);
  return { evaluatedRuns: evaluated.length, rows: rows.length };
}
