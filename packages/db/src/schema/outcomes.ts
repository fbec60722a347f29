import type { Decimal, IsoDate } from "./runs";

export type OutcomeMetricName = "REACTIVATION" | "CONVERSION" | "REVENUE_PER_CUSTOMER";
export type OutcomeVerdictName = "SIGNIFICANT_GAIN" | "SIGNIFICANT_LOSS" | "INCONCLUSIVE" | "NOT_MEASURABLE";

export interface OutcomesTable {
  measuring_run_id: string;
  evaluated_run_id: string;
  /** A scenario code, or 'ALL' for every scenario together. */
  scenario: string;
  metric: OutcomeMetricName;
  export_date: IsoDate;
  window_end: IsoDate;
  window_days: number;
  window_complete: boolean;
  treated_customers: number;
  holdout_customers: number;
  treated_events: number | null;
  holdout_events: number | null;
  treated_value: Decimal | null;
  holdout_value: Decimal | null;
  uplift: Decimal | null;
  ci_low: Decimal | null;
  ci_high: Decimal | null;
  verdict: OutcomeVerdictName;
  needed_per_group: number | null;
  /** Order of the rows within one measuring run (ALL first, then scenarios, metrics in a fixed order). */
  ordinal: number;
}

export interface OutcomeTables {
  outcomes: OutcomesTable;
}
