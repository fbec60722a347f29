import type { DatabaseHandle } from "../connect";
import {
  countAuditedByScenario,
  countCustomersByGate,
  countFlags,
  countGateMetrics,
  type FlagCountRow,
  type GateMetricCountsRow,
  type ScenarioGateRow,
} from "./export";
import { loadRunStatus, type RunStatusRow } from "./runs";

export interface RunNotificationRow {
  run: RunStatusRow | undefined;
  scenarios: ScenarioGateRow[];
  gates: Record<string, number>;
  metricCounts: GateMetricCountsRow;
  topFlags: FlagCountRow[];
}

/** Everything the run email says, as counts and codes: no customer's personal data is read. */
export async function loadRunNotification(
  handle: DatabaseHandle,
  runId: string,
  options: { minScore: number; topFlags: number },
): Promise<RunNotificationRow> {
  const [run, scenarios, gates, metricCounts, topFlags] = await Promise.all([
    loadRunStatus(handle, runId),
    countAuditedByScenario(handle, runId),
    countCustomersByGate(handle, runId),
    countGateMetrics(handle, runId, options.minScore),
    countFlags(handle, runId, options.topFlags),
  ]);
  return { run, scenarios, gates, metricCounts, topFlags };
}
