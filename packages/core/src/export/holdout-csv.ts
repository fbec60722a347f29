import { toCsv } from "../csv/csv-writer";

export const holdoutCsvHeader = ["client_code", "scenario"] as const;

export interface HoldoutRow {
  clientCode: string;
  scenario: string;
}

/** holdout.csv: the control group, recorded for the outcomes loop and never exported. */
export function buildHoldoutCsv(rows: readonly HoldoutRow[]): string {
  return toCsv(
    holdoutCsvHeader,
    rows.map((row) => [row.clientCode, row.scenario]),
  );
}
