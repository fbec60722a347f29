import { buildAuditReportCsv, buildCampaignCsv, buildManifest, digestFile, type ExportFileDigest, exportKey } from "@crm-reco/core";
import { listExportFiles, loadAuditReportRows, loadCampaignCustomers, reapplyReviewBlocks, recordExportFiles } from "@crm-reco/db";
import { putObject, runAudit, verifyCampaignFile } from "@crm-reco/pipeline";
import type { ApiContext } from "./api-dependencies";

/** `campaign.csv` → `campaign.v2.csv` for version 2. */
export function versionedName(name: string, version: number): string {
  if (version === 1) return name;
  const dot = name.lastIndexOf(".");
  return `${name.slice(0, dot)}.v${version}${name.slice(dot)}`;
}

/**
 * After a reviewer's block: re-audit the run with the audit core, re-impose the reviewers' gates, and write the next
 * export version (campaign, audit report, manifest). The holdout file is not rewritten: the holdout never changes.
 */
export async function reauditAndWriteNextVersion(
  context: ApiContext,
  runId: string,
  asOf: string,
): Promise<{ version: number; files: string[] }> {
  await runAudit(context, { runId, asOf });
  await reapplyReviewBlocks(context.handle, runId);
  const existing = await listExportFiles(context.handle, runId);
  const version = Math.max(1, ...existing.map((file) => file.version)) + 1;
  const files = [
    { name: versionedName("campaign.csv", version), content: buildCampaignCsv(await loadCampaignCustomers(context.handle, runId)) },
    { name: versionedName("audit_report.csv", version), content: buildAuditReportCsv(await loadAuditReportRows(context.handle, runId)) },
  ];
  const digests: ExportFileDigest[] = files.map((file) => digestFile(file.name, file.content));
  const manifestName = versionedName("manifest.json", version);
  const manifest = buildManifest(runId, version, digests);
  files.push({ name: manifestName, content: manifest });
  digests.push(digestFile(manifestName, manifest));
  for (const file of files) {
    const type = file.name.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8";
    await putObject(context.s3, context.buckets.exports, exportKey(runId, file.name), file.content, type);
  }
  await verifyCampaignFile(context, runId, exportKey(runId, files[0]!.name), digests[0]!.sha256);
  const records = digests.map((digest) => ({ ...digest, key: exportKey(runId, digest.name) })).sort((a, b) => (a.name < b.name ? -1 : 1));
  await recordExportFiles(context.handle, runId, version, { bucket: context.buckets.exports, prefix: `${runId}/`, files: records });
  return { version, files: records.map((record) => record.name) };
}
