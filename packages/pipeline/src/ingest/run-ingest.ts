import type { S3Client } from "@aws-sdk/client-s3";
import { type AppConfig, detectDelimiter, firstLogicalLine, SalesLineReferences, type TextEncodingName } from "@crm-reco/core";
import {
  clearFileIngest,
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
import { createDecoder, decodeBytes, NotUtf8Error } from "./decode-text";
import { parseAndStageFile } from "./ingest-file";
import { InspectedRead, sha256Of } from "./inspect-bytes";
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
 * The ingest stage (ARCHITECTURE §4, DOMAIN §1): for each file of the drop, in input order — read it once from S3
 * as a stream, detect the format (an `.xlsx` workbook by its zip signature, else CSV with its encoding and
 * delimiter) and the kind, parse, map, validate and stage its rows and record its rejects while checksumming it;
 * a file another run already ingested (same SHA-256) is then undone and reported as skipped. Then merge all staging
 * into the canonical tables in one transaction. Re-running it for the same run replaces that run's files, rejects
 * and staging.
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

  for (const [fileOrdinal, file] of input.inbox.files.entries()) {
    const startedAt = Date.now();
    const fileName = file.key.split("/").pop() || file.key;
    const lastRejectBefore = rejects.lastOrdinal;
    const undo = async () => {
      rejects.discardAfter(lastRejectBefore);
      await clearFileIngest(handle, runId, fileOrdinal, lastRejectBefore);
    };
    const read = { context, bucket: input.inbox.bucket, key: file.key, fileName, fileOrdinal, runId, rejects };
    let outcome = await readAndStageFile(read, null);
    if ("readAgainAs" in outcome) {
      await undo();
      outcome = await readAndStageFile(read, outcome);
    }
    if ("readAgainAs" in outcome) throw new Error(`${fileName}: read twice without settling on an encoding`);
    const { record } = outcome;
    if (seenInRun.has(record.sha256) || (await findRunThatIngested(handle, record.sha256, runId)) !== null) {
      await undo();
      Object.assign(record, {
        status: "SKIPPED_DUPLICATE",
        kind: null,
        delimiter: null,
        rowsRead: 0,
        rowsAccepted: 0,
        rowsRejected: 0,
        reasons: {},
      });
    } else {
      seenInRun.add(record.sha256);
      salesLineReferences.addAll(outcome.salesLineReferences);
      if (record.status === "INGESTED" && record.kind === "stock") latestStockFile = fileOrdinal;
    }
    record.durationMs = Date.now() - startedAt;
    files.push(record);
  }
  await rejects.flush();

  const merged = await mergeIngest(handle, {
    runId,
    files,
    latestStockFile,
    salesLineReferences,
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

interface FileRead {
  context: IngestContext;
  bucket: string;
  key: string;
  fileName: string;
  fileOrdinal: number;
  runId: string;
  rejects: RejectWriter;
}

interface StagedFile {
  record: IngestedFileRecord;
  /** The customers and articles this file's accepted sales lines name. */
  salesLineReferences: SalesLineReferences;
}

/** The file started as UTF-8 and stopped being UTF-8: what it staged is to be undone and the file read again. */
interface ReadAgain {
  readAgainAs: TextEncodingName;
  /** The version of the object read, so that the second read gets the same bytes. */
  etag: string | undefined;
}

/**
 * Reads one file once from S3 and parses, validates and stages it while its bytes are checksummed: an `.xlsx`
 * workbook by its zip signature, else CSV in the encoding its first bytes show. A file that starts as UTF-8 is
 * read as UTF-8; should it stop being valid UTF-8 further on, the answer is to read it again as Windows-1252.
 */
async function readAndStageFile(file: FileRead, again: ReadAgain | null): Promise<StagedFile | ReadAgain> {
  const { context, bucket, key, fileName } = file;
  const opened = await openObjectStream(context.s3, bucket, key, again?.etag);
  const read = await InspectedRead.start(opened.body);
  const encoding = again?.readAgainAs ?? read.encodingGuess;
  const record: IngestedFileRecord = {
    fileName,
    s3Key: key,
    sha256: "",
    kind: null,
    encoding,
    delimiter: null,
    status: "INGESTED",
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    reasons: {},
    durationMs: 0,
  };
  const salesLineReferences = new SalesLineReferences();
  const parseOptions = {
    handle: context.handle,
    runId: file.runId,
    fileName,
    fileOrdinal: file.fileOrdinal,
    mappings: context.config.mappings,
    rejects: file.rejects,
    salesLineReferences,
  };
  try {
    if (looksLikeZip(read.head)) {
      record.encoding = "xlsx";
      Object.assign(record, await parseAndStageFile({ ...parseOptions, records: readXlsxRecords(read.stream) }));
    } else {
      const headerLine = firstLogicalLine(decodeBytes(read.head, encoding).replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, ""));
      if (headerLine.trim() === "") {
        record.status = "REJECTED";
        record.reasons = { EMPTY_FILE: 1 };
        await file.rejects.add({
          fileName,
          line: null,
          column: null,
          value: null,
          reason: "EMPTY_FILE",
          message: "the file has no header line",
        });
      } else {
        const delimiter = detectDelimiter(headerLine);
        const text = read.stream.pipe(createDecoder(encoding));
        Object.assign(record, await parseAndStageFile({ ...parseOptions, records: readCsvRecords(text, delimiter) }), { delimiter });
      }
    }
  } catch (error) {
    if (error instanceof NotUtf8Error) return { readAgainAs: "windows-1252", etag: opened.etag };
    throw error;
  } finally {
    read.stream.destroy();
  }
  // A file rejected whole was not read to its end: its checksum takes a second read.
  record.sha256 = read.sha256 ?? (await sha256Of((await openObjectStream(context.s3, bucket, key, opened.etag)).body));
  return { record, salesLineReferences };
}
