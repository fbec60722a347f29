import type { AuditMetric } from "./audit-targets";
import { toCanonicalJson } from "./canonical-json";

export interface RunSummaryFacts {
  runId: string;
  asOf: string | null;
  configHash: string;
  /** Counts per finished stage (summed over shards): no timings, so the file is reproducible. */
  stages: Record<string, { counts: Record<string, number>; shards: number }>;
  /** Customers per scenario. */
  scenarios: Record<string, number>;
  /** Customers per gate decision. */
  gates: Record<string, number>;
  /** Audit flags per code. */
  flags: Record<string, { severity: string; customers: number }>;
  metrics: readonly AuditMetric[];
  /** What the audit stage stored in `runs.summary.audit`, as is. */
  audit: unknown;
  files: readonly string[];
  /** The outcomes loop's figures measured by this run for earlier exported runs (also in outcomes.csv). */
  outcomes?: readonly RunSummaryOutcome[];
}

/** One outcomes.csv row as JSON: rates are shares, revenue € HT per customer. */
export interface RunSummaryOutcome {
  evaluatedRunId: string;
  exportDate: string;
  windowEnd: string;
  windowDays: number;
  windowComplete: boolean;
  scenario: string;
  metric: string;
  treatedCustomers: number;
  holdoutCustomers: number;
  treatedValue: number | null;
  holdoutValue: number | null;
  uplift: number | null;
  ci95: [number, number] | null;
  verdict: string;
  neededPerGroup: number | null;
}

/** run_summary.json: sorted keys, 2-space indent. */
export function buildRunSummary(facts: RunSummaryFacts): string {
  return toCanonicalJson({ ...facts, audit: facts.audit ?? null, files: [...facts.files].sort(), outcomes: facts.outcomes ?? [] });
}
