import { toCsv } from "../csv/csv-writer";

export const auditReportCsvHeader = [
  "client_code",
  "scenario",
  "audit_score",
  "errors",
  "warnings",
  "flags",
  "gate",
  "gate_reasons",
] as const;

export interface AuditReportRow {
  clientCode: string;
  scenario: string;
  auditScore: number;
  errors: number;
  warnings: number;
  flags: string;
  gate: string;
  gateReasons: string;
}

/** audit_report.csv: every audited customer, in the order given (the query orders by code points). */
export function buildAuditReportCsv(rows: readonly AuditReportRow[]): string {
  return toCsv(
    auditReportCsvHeader,
    rows.map((row) => [row.clientCode, row.scenario, row.auditScore, row.errors, row.warnings, row.flags, row.gate, row.gateReasons]),
  );
}
