import type { S3Client } from "@aws-sdk/client-s3";
import { type AppConfig, detectDelimiter, firstLogicalLine, SalesLineReferences } from "@crm-reco/core";
import {
  clearRunIngest,
  type DatabaseHandle,
  findRunThatIngested,
  type IngestedFileRecord,
  type MergeStep,
  mergeIngest,
  registerRun,
} from "@crm-reco/db";
import type { IngestOutput, RunInput } from "../contracts";
import { resolveErasureSalt } from "../privacy/erasure-salt";
import { readCsvRecords } from "./csv-records";
import { createDecoder, decodeBytes } from "./decode-text";
import { parseAndStageFile } from "./ingest-file";
import { inspectBytes } from "./inspect-bytes";
import { openObjectStream } from "./object-stream";
import { RejectWriter } from "./reject-writer";
import { looksLikeZip, readXlsxRecords } from "./xlsx-records";

/** What ingest needs of the stage context (tests and the integrator can build it by hand). */
export interface IngestContext {
  handle: DatabaseHandle;
  config: AppConfig;
  configHash: string;
  s3: S3Client;
}

export interface IngestOptions {
  /** Called after each merge step inside the merge transaction (tests inject failures here). */
  onMergeStep?: (step: MergeStep) => void | Promise<void>;
}

/** `prepare` of the ingest stage: the run row exists before stage bookkeeping starts. */
export async function registerIngestRun(context: IngestContext, input: RunInput): Promise<void> {
  await registerRun(context.handle, {
    runId: input.runId,
    dropKey: input.dropKey,
    configHash: context.configHash,
    inputFiles: input.inbox.files.map((file) => ({ bucket: input.inbox.bucket, ...file })),
    startedAt: new Date(),
  });
}

/**
 * The ingest stage (ARCHITECTURE §4, DOMAIN §1): for each file of the drop, in input order — read it from S3 as a
 * stream, checksum it (a file another run already ingested is skipped), detect the format (an `.xlsx` workbook
 * by its zip signature, else CSV with its encoding and delimiter) and the kind,
 * parse, map, validate and stage its rows, record its rejects; then merge all staging into the canonical tables
 * in one transaction. Re-running it for the same run replaces that run's files, rejects and staging.
 */
export async function ingest(context: IngestContext, input: RunInput, options: IngestOptions = {}): Promise<IngestOutput> {
  const { handle, config } = context;
  const { runId } = input;
  await clearRunIngest(handle, runId);
  const rejects = new RejectWriter(handle, runId);
  const files: IngestedFileRecord[] = [];
  const seenInRun = new Set<string>();
  let latestStockFile: number | null = null;
  const salesLineReferences = new SalesLineReferences();
  const fileOptions = (fileName: string, fileOrdinal: number) => ({
    handle,
    runId,
    fileName,
    fileOrdinal,
    mappings: config.mappings,
    rejects,
    salesLineReferences,
  });

  for (const [fileOrdinal, file] of input.inbox.files.entries()) {
    const startedAt = Date.now();
    const fileName = file.key.split("/").pop() || file.key;
    const first = await openObjectStream(context.s3, input.inbox.bucket, file.key);
    const bytes = await inspectBytes(first.body);
    const record: IngestedFileRecord = {
      fileName,
      s3Key: file.key,
      sha256: bytes.sha256,
      kind: null,
      encoding: bytes.encoding,
      delimiter: null,
      status: "INGESTED",
      rowsRead: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      reasons: {},
      durationMs: 0,
    };
    if (seenInRun.has(bytes.sha256) || (await findRunThatIngested(handle, bytes.sha256, runId)) !== null) {
      record.status = "SKIPPED_DUPLICATE";
    } else {
      seenInRun.add(bytes.sha256);
      if (looksLikeZip(bytes.head)) {
        record.encoding = "xlsx";
        const second = await openObjectStream(context.s3, input.inbox.bucket, file.key, first.etag);
        const parsed = await parseAndStageFile({ ...fileOptions(fileName, fileOrdinal), records: readXlsxRecords(second.body) });
        Object.assign(record, parsed);
        if (parsed.status === "INGESTED" && parsed.kind === "stock") latestStockFile = fileOrdinal;
      } else {
        const headerLine = firstLogicalLine(decodeBytes(bytes.head, bytes.encoding).replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, ""));
        if (headerLine.trim() === "") {
          record.status = "REJECTED";
          record.reasons = { EMPTY_FILE: 1 };
          await rejects.add({
            fileName,
            line: null,
            column: null,
            value: null,
            reason: "EMPTY_FILE",
            message: "the file has no header line",
          });
        } else {
          const delimiter = detectDelimiter(headerLine);
          const second = await openObjectStream(context.s3, input.inbox.bucket, file.key, first.etag);
          const text = second.body.pipe(createDecoder(bytes.encoding));
          const parsed = await parseAndStageFile({ ...fileOptions(fileName, fileOrdinal), records: readCsvRecords(text, delimiter) });
          Object.assign(record, parsed, { delimiter });
          if (parsed.status === "INGESTED" && parsed.kind === "stock") latestStockFile = fileOrdinal;
        }
      }
    }
    record.durationMs = Date.now() - startedAt;
    files.push(record);
  }
  await rejects.flush();

  const merged = await mergeIngest(handle, {
    runId,
    files,
    latestStockFile,
    salesLineReferences: {
      clientCodes: salesLineReferences.clientCodes,
      articles: salesLineReferences.articles,
      everyLineNumbered: salesLineReferences.everyLineNumbered,
    },
    referenceCl: config.mappings.bottles.reference_cl,
    resolveAsOf: (latestSaleDate) => {
      const asOf = input.asOf ?? config.pipeline.as_of ?? latestSaleDate;
      if (asOf === null)
        throw new Error("no as-of date: the drop and the database hold no sales line, and neither --as-of nor config as_of is set");
      return asOf;
    },
    onStep: options.onMergeStep,
    erasureSalt: resolveErasureSalt(),
  });

  const sum = (pick: (file: IngestedFileRecord) => number) => files.reduce((total, file) => total + pick(file), 0);
  return {
    runId,
    asOf: merged.asOf,
    counts: {
      files: files.length,
      filesSkipped: files.filter((file) => file.status === "SKIPPED_DUPLICATE").length,
      filesRejected: files.filter((file) => file.status === "REJECTED").length,
      rowsRead: sum((file) => file.rowsRead),
      rowsAccepted: sum((file) => file.rowsAccepted),
      rowsRejected: sum((file) => file.rowsRejected),
      // Privacy hook: staged rows of erased people that were dropped (a count only; present when any were).
      ...(merged.erasedSkipped > 0 ? { erasedSkipped: merged.erasedSkipped } : {}),
      ...merged.totals,
    },
  };
}
