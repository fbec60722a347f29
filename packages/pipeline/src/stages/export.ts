import {
  auditTargetsOf,
  buildAuditReportCsv,
  buildCampaignCsv,
  buildHoldoutCsv,
  buildIngestReport,
  buildManifest,
  buildOutcomesCsv,
  buildRejectsCsv,
  buildRunSummary,
  campaignCsvHeader,
  customerProfileCsvHeader,
  digestFile,
  EXPORT_FILE_NAMES,
  type ExportFileDigest,
  evaluateAuditTargets,
  exportKey,
  neutraliseFormula,
  type RunSummaryOutcome,
  toCsv,
  toCustomerProfileCsvRow,
} from "@crm-reco/core";
import {
  countCustomersByGate,
  countCustomersByScenario,
  countFlags,
  countGateMetrics,
  loadAuditReportRows,
  loadCampaignCustomers,
  loadCampaignEligibleCodes,
  loadCustomerProfileRows,
  loadHoldoutRows,
  loadIngestedFiles,
  loadIngestRejectRows,
  loadOutcomes,
  loadRunStatus,
  loadStageCounts,
  type OutcomeRow,
  recordExportFiles,
} from "@crm-reco/db";
import { parse as parseCsv } from "csv-parse/sync";
import type { z } from "zod";
import { type ExportOutput, exportInputSchema, exportOutputSchema } from "../contracts";
import { getObjectBytes, putObject } from "../s3";
import type { StageContext } from "./context";
import { defineStage } from "./define-stage";

type ExportInput = z.infer<typeof exportInputSchema>;

const EXPORT_VERSION = 1;
const CSV_TYPE = "text/csv; charset=utf-8";
const JSON_TYPE = "application/json";

interface ExportFile {
  name: string;
  content: string;
  contentType: string;
}

/**
 * Writes version 1 of a run's exports to `<runId>/` in the exports bucket, checks the written campaign
 * file against the audit once more, then records the files (export_files + runs.summary.exports).
 */
export async function runExport(
  context: Pick<StageContext, "handle" | "s3" | "buckets" | "config">,
  input: ExportInput,
): Promise<ExportOutput> {
  const { handle } = context;
  const { runId, asOf } = input;
  const run = await loadRunStatus(handle, runId);
  if (!run) throw new Error(`export: run ${runId} is not registered`);
  const bucket = context.buckets.exports;
  const prefix = `${runId}/`;
  const targets = auditTargetsOf(context.config.audit);

  const customers = await loadCampaignCustomers(handle, runId);
  const holdout = await loadHoldoutRows(handle, runId);
  const outcomes = await loadOutcomes(handle, runId);
  const files: ExportFile[] = [
    { name: EXPORT_FILE_NAMES.campaign, content: buildCampaignCsv(customers), contentType: CSV_TYPE },
    { name: EXPORT_FILE_NAMES.auditReport, content: buildAuditReportCsv(await loadAuditReportRows(handle, runId)), contentType: CSV_TYPE },
    { name: EXPORT_FILE_NAMES.holdout, content: buildHoldoutCsv(holdout), contentType: CSV_TYPE },
    {
      name: EXPORT_FILE_NAMES.customerProfiles,
      content: toCsv(customerProfileCsvHeader, (await loadCustomerProfileRows(handle, runId)).map(toCustomerProfileCsvRow)),
      contentType: CSV_TYPE,
    },
    { name: EXPORT_FILE_NAMES.rejects, content: buildRejectsCsv(await loadIngestRejectRows(handle, runId)), contentType: CSV_TYPE },
    { name: EXPORT_FILE_NAMES.outcomes, content: buildOutcomesCsv(outcomes), contentType: CSV_TYPE },
    {
      name: EXPORT_FILE_NAMES.ingestReport,
      content: buildIngestReport(runId, await loadIngestedFiles(handle, runId)),
      contentType: JSON_TYPE,
    },
  ];
  const metricCounts = await countGateMetrics(handle, runId, targets.minScore);
  files.push({
    name: EXPORT_FILE_NAMES.runSummary,
    content: buildRunSummary({
      runId,
      asOf,
      configHash: run.configHash,
      stages: await loadStageCounts(handle, runId),
      scenarios: await countCustomersByScenario(handle, runId),
      gates: await countCustomersByGate(handle, runId),
      flags: Object.fromEntries(
        (await countFlags(handle, runId)).map((flag) => [flag.code, { severity: flag.severity, customers: flag.customers }]),
      ),
      metrics: evaluateAuditTargets(metricCounts, targets),
      audit: run.summary.audit ?? null,
      files: Object.values(EXPORT_FILE_NAMES),
      outcomes: outcomes.map(toSummaryOutcome),
    }),
    contentType: JSON_TYPE,
  });
  const digests: ExportFileDigest[] = files.map((file) => digestFile(file.name, file.content));
  const manifest = buildManifest(runId, EXPORT_VERSION, digests);
  files.push({ name: EXPORT_FILE_NAMES.manifest, content: manifest, contentType: JSON_TYPE });
  digests.push(digestFile(EXPORT_FILE_NAMES.manifest, manifest));

  for (const file of files) await putObject(context.s3, bucket, exportKey(runId, file.name), file.content, file.contentType);
  const campaignDigest = digests.find((digest) => digest.name === EXPORT_FILE_NAMES.campaign) as ExportFileDigest;
  await verifyCampaignFile(context, runId, exportKey(runId, EXPORT_FILE_NAMES.campaign), campaignDigest.sha256);

  const records = digests
    .map((digest) => ({ ...digest, key: exportKey(runId, digest.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  await recordExportFiles(handle, runId, EXPORT_VERSION, { bucket, prefix, files: records });
  return {
    runId,
    asOf,
    counts: { exported: customers.length, holdout: holdout.length, files: records.length },
    exports: { bucket, prefix, keys: records.map((record) => record.key) },
  };
}

/** An outcome as run_summary.json shows it: decimals as numbers, the interval as a pair. */
function toSummaryOutcome(row: OutcomeRow): RunSummaryOutcome {
  const decimal = (value: string | null) => (value === null ? null : Number(value));
  return {
    evaluatedRunId: row.evaluatedRunId,
    exportDate: row.exportDate,
    windowEnd: row.windowEnd,
    windowDays: row.windowDays,
    windowComplete: row.windowComplete,
    scenario: row.scenario,
    metric: row.metric,
    treatedCustomers: row.treatedCustomers,
    holdoutCustomers: row.holdoutCustomers,
    treatedValue: decimal(row.treatedValue),
    holdoutValue: decimal(row.holdoutValue),
    uplift: decimal(row.uplift),
    ci95: row.ciLow === null || row.ciHigh === null ? null : [Number(row.ciLow), Number(row.ciHigh)],
    verdict: row.verdict,
    neededPerGroup: row.neededPerGroup,
  };
}

/**
 * Belt and braces (DOMAIN §5: "checked again on the written file"): re-reads campaign.csv from the bucket
 * and fails unless every row names a distinct customer whose gate is EXPORTED and who carries no ERROR.
 */
export async function verifyCampaignFile(
  context: Pick<StageContext, "handle" | "s3" | "buckets">,
  runId: string,
  key: string,
  expectedSha256?: string,
): Promise<{ rows: number }> {
  const bytes = await getObjectBytes(context.s3, context.buckets.exports, key);
  if (expectedSha256 !== undefined && digestFile(key, bytes).sha256 !== expectedSha256)
    throw new Error(`campaign check: s3 object ${key} differs from what was written`);
  const records = parseCsv(bytes, { delimiter: ";", bom: true, relax_quotes: false }) as string[][];
  const [header, ...rows] = records;
  if (!header || header.join(";") !== campaignCsvHeader.join(";")) throw new Error(`campaign check: ${key} has an unexpected header`);
  const eligible = new Set([...(await loadCampaignEligibleCodes(context.handle, runId))].map(neutraliseFormula));
  const seen = new Set<string>();
  const refused: string[] = [];
  for (const row of rows) {
    const code = row[0] ?? "";
    if (!eligible.has(code) || seen.has(code)) refused.push(code);
    seen.add(code);
  }
  if (refused.length > 0) {
    throw new Error(
      `campaign check: ${refused.length} row(s) of ${key} name a customer that is not EXPORTED, carries an ERROR or is repeated (${refused.slice(0, 5).join(", ")})`,
    );
  }
  return { rows: rows.length };
}

export const exportStage = defineStage({ name: "export", input: exportInputSchema, output: exportOutputSchema, run: runExport });
