import { toCsv } from "../csv/csv-writer";
import type { OutcomeMeasure } from "./outcome-measures";

/** One stored outcome: an earlier run (evaluated) measured with the data of a later run (measuring). */
export interface OutcomeRecord extends OutcomeMeasure {
  evaluatedRunId: string;
  /** The evaluated run's as-of date: when its exports were written. */
  exportDate: string;
  /** Last day of sales counted: export date + attribution days, or the measuring run's as-of if earlier. */
  windowEnd: string;
  /** Days of the window that the data already covers (≤ the attribution window). */
  windowDays: number;
  /** The whole attribution window is covered: later imports will not change these figures. */
  windowComplete: boolean;
}

export const outcomesCsvHeader = [
  "evaluated_run",
  "export_date",
  "window_end",
  "window_days",
  "window_complete",
  "scenario",
  "metric",
  "treated_customers",
  "holdout_customers",
  "treated_events",
  "holdout_events",
  "treated_value",
  "holdout_value",
  "uplift",
  "ci95_low",
  "ci95_high",
  "verdict",
  "needed_per_group",
] as const;

/** Decimal strings go out as numbers: a negative uplift is a number, not a formula to neutralise. */
function decimalCell(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/** outcomes.csv: one row per (evaluated run, scenario, metric), in the order given (the query's). */
export function buildOutcomesCsv(records: readonly OutcomeRecord[]): string {
  return toCsv(
    outcomesCsvHeader,
    records.map((record) => [
      record.evaluatedRunId,
      record.exportDate,
      record.windowEnd,
      record.windowDays,
      record.windowComplete ? "true" : "false",
      record.scenario,
      record.metric,
      record.treatedCustomers,
      record.holdoutCustomers,
      record.treatedEvents,
      record.holdoutEvents,
      decimalCell(record.treatedValue),
      decimalCell(record.holdoutValue),
      decimalCell(record.uplift),
      decimalCell(record.ciLow),
      decimalCell(record.ciHigh),
      record.verdict,
      record.neededPerGroup,
    ]),
  );
}
