/** The files of one export version, under `<runId>/` in the exports bucket (DOMAIN §6). */
export const EXPORT_FILE_NAMES = {
  campaign: "campaign.csv",
  auditReport: "audit_report.csv",
  holdout: "holdout.csv",
  customerProfiles: "customer_profiles.csv",
  rejects: "rejects.csv",
  outcomes: "outcomes.csv",
  ingestReport: "ingest_report.json",
  runSummary: "run_summary.json",
  manifest: "manifest.json",
} as const;

export type ExportFileName = (typeof EXPORT_FILE_NAMES)[keyof typeof EXPORT_FILE_NAMES];

export function exportKey(runId: string, fileName: string): string {
  return `${runId}/${fileName}`;
}
