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
}

/** run_summary.json: sorted keys, 2-space indent. */
export function buildRunSummary(facts: RunSummaryFacts): string {
  return toCanonicalJson({ ...facts, audit: facts.audit ?? null, files: [...facts.files].sort() });
}
