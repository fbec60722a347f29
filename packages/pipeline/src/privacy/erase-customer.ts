import { readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import {
  buildManifest,
  createErasedRecordMatcher,
  digestFile,
  type ErasedRecordMatcher,
  type ErasureSubject,
  type ExportFileDigest,
  erasedPseudonym,
  eraseFromExportCsv,
  parseSubjectReference,
  tombstoneHash,
} from "@crm-reco/core";
import {
  type DatabaseHandle,
  type EraseSubjectCounts,
  eraseSubjectFromDatabase,
  findSubjectContactEmails,
  findSubjectCustomers,
  latestExportVersion,
  loadRunStatus,
  recordExportFiles,
} from "@crm-reco/db";
import { createLogger } from "../logger";
import { getObjectBytes, putObject } from "../s3";
import { deleteOlderVersions } from "./export-object-versions";

export interface EraseCustomerRequest {
  handle: DatabaseHandle;
  s3: S3Client;
  exportsBucket: string;
  /** Local outbox of sent emails (`.eml`), scanned when given. */
  outboxDir?: string;
  salt: string;
  /** A client code or an email, as the person gave it. */
  reference: string;
  now?: Date;
}

export interface EraseCustomerReport {
  /** Customer records found for the reference (0: only tombstones and contact rows were written). */
  customers: number;
  database: EraseSubjectCounts;
  /** Export objects rewritten without the person (manifests included), by run. */
  rewrittenRuns: string[];
  rewrittenObjects: number;
  removedExportRows: number;
  /** Older object versions deleted (versioned bucket), and whether the store supports versions at all. */
  deletedObjectVersions: number;
  versioningSupported: boolean;
  /** Outbox messages that mentioned the person and were deleted (expected 0: emails carry counts only). */
  removedOutboxMessages: number;
}

const MANIFEST = /^manifest(\.v\d+)?\.json$/;

/**
 * Erasure (DOMAIN §9): removes one person's personal data from the database, every past export file (rewritten
 * without their rows, with a new manifest and export version) and the outbox, and leaves salted-hash tombstones
 * so later imports skip them. Aggregates stay, filed under a pseudonym. Logs counts only.
 */
export async function eraseCustomer(request: EraseCustomerRequest): Promise<EraseCustomerReport> {
  const { handle, salt } = request;
  const reference = parseSubjectReference(request.reference);
  const customers = await findSubjectCustomers(
    handle,
    reference.kind === "EMAIL" ? { email: reference.email } : { clientCode: reference.clientCode },
  );
  const clientCodes = unique([
    ...customers.map((row) => row.client_code),
    ...(reference.kind === "CLIENT_CODE" ? [reference.clientCode] : []),
  ]);
  const emails = unique([
    ...customers.flatMap((row) => (row.email_norm ? [row.email_norm] : [])),
    ...(await findSubjectContactEmails(handle, clientCodes)),
    ...(reference.kind === "EMAIL" ? [reference.email] : []),
  ]);
  const subject: ErasureSubject = {
    clientCodes,
    emails,
    phones: unique(customers.flatMap((row) => (row.telephone ? [row.telephone] : []))),
    fullNames: unique(customers.flatMap((row) => (row.nom && row.prenom ? [`${row.prenom} ${row.nom}`, `${row.nom} ${row.prenom}`] : []))),
    familyNames: unique(customers.flatMap((row) => (row.nom ? [row.nom] : []))),
  };
  const matcher = createErasedRecordMatcher(subject);

  const database = await eraseSubjectFromDatabase(handle, {
    clientCodes,
    emails,
    pseudonyms: Object.fromEntries(clientCodes.map((code) => [code, erasedPseudonym(salt, code)])),
    tombstones: [
      ...clientCodes.map((code) => ({ hash: tombstoneHash(salt, "CLIENT_CODE", code), kind: "CLIENT_CODE" as const })),
      ...emails.map((email) => ({ hash: tombstoneHash(salt, "EMAIL", email), kind: "EMAIL" as const })),
    ],
    isSubjectReject: (text) => matcher.mentionsSubject(text),
    erasedAt: request.now ?? new Date(),
  });

  const exports = await eraseFromExports(request, matcher);
  const removedOutboxMessages = request.outboxDir ? await eraseFromOutbox(request.outboxDir, matcher) : 0;
  const report: EraseCustomerReport = { customers: customers.length, database, ...exports, removedOutboxMessages };
  createLogger({ action: "erase-customer" }).info("privacy.erased", {
    customers: report.customers,
    salesLinesKept: database.salesLines,
    rejects: database.rejects,
    runs: report.rewrittenRuns.length,
    objects: report.rewrittenObjects,
    exportRows: report.removedExportRows,
    objectVersions: report.deletedObjectVersions,
    outboxMessages: removedOutboxMessages,
  });
  return report;
}

type ExportsReport = Pick<
  EraseCustomerReport,
  "rewrittenRuns" | "rewrittenObjects" | "removedExportRows" | "deletedObjectVersions" | "versioningSupported"
>;

/** Every CSV of every run prefix in the exports bucket; runs whose files changed get their manifests rewritten. */
async function eraseFromExports(request: EraseCustomerRequest, matcher: ErasedRecordMatcher): Promise<ExportsReport> {
  const { s3, exportsBucket: bucket } = request;
  const keys = await listKeys(s3, bucket);
  const report: ExportsReport = {
    rewrittenRuns: [],
    rewrittenObjects: 0,
    removedExportRows: 0,
    deletedObjectVersions: 0,
    versioningSupported: true,
  };
  const rewritten: string[] = [];
  const changedRuns = new Set<string>();
  for (const key of keys) {
    if (!key.toLowerCase().endsWith(".csv")) continue;
    const original = (await getObjectBytes(s3, bucket, key)).toString("utf8");
    const erased = eraseFromExportCsv(original, matcher);
    if (erased.removed === 0) continue;
    await putObject(s3, bucket, key, erased.content, "text/csv; charset=utf-8");
    rewritten.push(key);
    report.removedExportRows += erased.removed;
    changedRuns.add(key.split("/")[0] ?? "");
  }
  for (const runId of [...changedRuns].sort()) {
    for (const key of keys.filter((candidate) => candidate.startsWith(`${runId}/`) && MANIFEST.test(candidate.slice(runId.length + 1)))) {
      await rewriteManifest(request, runId, key);
      rewritten.push(key);
    }
  }
  for (const key of rewritten) {
    const versions = await deleteOlderVersions(s3, bucket, key);
    report.deletedObjectVersions += versions.deleted;
    report.versioningSupported &&= versions.supported;
  }
  report.rewrittenRuns = [...changedRuns].sort();
  report.rewrittenObjects = rewritten.length;
  return report;
}

/**
 * A manifest lists its files' SHA-256: recompute them from the rewritten objects. The run's main
 * `manifest.json` becomes a new export version, recorded in export_files (and runs.summary.exports).
 */
async function rewriteManifest(request: EraseCustomerRequest, runId: string, key: string): Promise<void> {
  const { s3, exportsBucket: bucket, handle } = request;
  const previous = JSON.parse((await getObjectBytes(s3, bucket, key)).toString("utf8")) as {
    version?: number;
    files?: Array<{ name: string }>;
  };
  const manifestName = key.slice(runId.length + 1);
  const isMain = manifestName === "manifest.json";
  const registered = isMain && (await loadRunStatus(handle, runId)) !== undefined;
  const version = registered ? Math.max(await latestExportVersion(handle, runId), previous.version ?? 1) + 1 : (previous.version ?? 1);
  const digests: ExportFileDigest[] = [];
  for (const file of previous.files ?? []) digests.push(digestFile(file.name, await getObjectBytes(s3, bucket, `${runId}/${file.name}`)));
  const manifest = buildManifest(runId, version, digests);
  await putObject(s3, bucket, key, manifest, "application/json");
  if (!registered) return;
  const files = [...digests, digestFile(manifestName, manifest)]
    .map((digest) => ({ ...digest, key: `${runId}/${digest.name}` }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  await recordExportFiles(handle, runId, version, { bucket, prefix: `${runId}/`, files });
}

/** Outbox messages are counts-only by design; any that names the person anyway is deleted. */
async function eraseFromOutbox(dir: string, matcher: ErasedRecordMatcher): Promise<number> {
  let removed = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((entry) => entry.endsWith(".eml")).sort()) {
    const path = join(dir, name);
    if (matcher.identifiesSubject(decodeQuotedPrintable(await readFile(path, "utf8")))) {
      await unlink(path);
      removed++;
    }
  }
  return removed;
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, "");
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
